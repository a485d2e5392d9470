/**
 * The SSH connect step shared by the NETCONF transport, the ZXA10 CLI session and the OMCI relay
 * client: connect, authenticate, then let the caller open its channel (subsystem or shell) and finish
 * its own handshake — all within one connect budget. Failures map to the driver error taxonomy
 * (errors.ts, olt-driver.ts `connect`): rejected credentials → ConnectAuthError, SSH handshake or
 * overall budget exceeded → ConnectTimeoutError, anything else → ConnectionError.
 */
import { createHash } from 'node:crypto';
import ssh2 from 'ssh2';
import type { ConnectConfig } from 'ssh2';
import {
  ConnectAuthError,
  ConnectTimeoutError,
  ConnectionError,
  HostKeyError,
} from '../../application/ports/olt-driver/errors.ts';

/** OpenSSH's fingerprint of a host key blob: `SHA256:` + unpadded base64 of its SHA-256. */
export function hostKeyFingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/**
 * Which host key the OLT must present (issue 14 item 2). `pinned` absent: nothing is trusted yet;
 * any key is refused and reported. `presented` hears every refused fingerprint (the registry records
 * it as pending, or raises the changed-key alarm).
 */
export interface HostKeyPolicy {
  pinned?: string;
  presented?(fingerprint: string): void;
}

/**
 * The one policy every SSH connection of the controller uses (provisioning drivers, monitoring's
 * NETCONF state reads and login probe): the OLT's pinned fingerprint, and who hears a refused one
 * (the registry: pending, or the critical `olt-host-key-changed` alarm). `pinned` undefined = nothing
 * trusted yet, so every key is refused (issue 14 item 2).
 */
export function pinnedHostKey(
  olt: string,
  pinned: string | undefined,
  heard?: (olt: string, fingerprint: string, pinned: string | undefined) => void,
): HostKeyPolicy {
  return { pinned, presented: (fp) => heard?.(olt, fp, pinned) };
}

/**
 * The shared check (`hostVerifier` of every ssh2 connect, here only): undefined when `key` is the
 * pinned one, else the typed refusal (no credential has been sent yet: ssh2 verifies the host key
 * during key exchange, before userauth, RFC 4253 §8 / RFC 4252 §5).
 */
export function checkHostKey(policy: HostKeyPolicy, device: string, key: Buffer): HostKeyError | undefined {
  const fp = hostKeyFingerprint(key);
  if (policy.pinned === fp) return undefined;
  policy.presented?.(fp);
  return new HostKeyError(
    fp,
    policy.pinned,
    policy.pinned
      ? `${device}: SSH host key changed (presented ${fp}, pinned ${policy.pinned}); nothing is written until an operator trusts it`
      : `${device}: SSH host key ${fp} not trusted yet (ponctl olt trust ${device})`,
    { device },
  );
}

export type SshClient = InstanceType<typeof ssh2.Client>;

export interface SshOpenOptions {
  host: string;
  port: number;
  username: string;
  password?: string;
  privateKey?: string | Buffer;
  passphrase?: string;
  /** Name used in errors. */
  device: string;
  /** TCP + SSH + the caller's setup must finish within this. */
  timeoutMs: number;
  /** What the caller waits for, in error messages ("NETCONF session", "CLI session", …). */
  goal: string;
  /**
   * The host key the server must present; the connection is dropped before authentication (no
   * credential leaves) when it presents another. Required, so every caller says what it pins;
   * undefined = any key, only for drivers built with `trustAnyHostKey` (tests on a lab of their own).
   */
  hostKey: HostKeyPolicy | undefined;
  /** Further ssh2 settings (keepalives, tryKeyboard). */
  extra?: Partial<ConnectConfig>;
}

/** Handed to `setup`: settle the open with the caller's result, or fail it. */
export interface SshOpenStep<T> {
  fail(err: Error): void;
  /** Resolve the open; false when it already failed (the caller then closes what it opened). */
  done(value: T): boolean;
}

/**
 * Connect `client` and call `setup` once SSH is ready. On `done` the timer and the connect-time
 * `error`/`close` listeners are removed, so the caller wires its own; on failure the connection is
 * ended and its later errors are swallowed.
 */
export function openSsh<T>(
  client: SshClient,
  opts: SshOpenOptions,
  setup: (step: SshOpenStep<T>) => void,
): Promise<T> {
  const { device, timeoutMs } = opts;
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.removeAllListeners('ready');
      client.on('error', () => undefined);
      client.end();
      client.destroy?.();
      reject(err);
    };
    const done = (value: T) => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      client.removeAllListeners('error');
      client.removeAllListeners('close');
      resolve(value);
      return true;
    };
    const timer = setTimeout(
      () =>
        fail(
          new ConnectTimeoutError(timeoutMs, `${device}: no ${opts.goal} within ${timeoutMs} ms`, { device }),
        ),
      timeoutMs,
    );
    let refusedKey: HostKeyError | undefined;
    client.on('error', (err: Error & { level?: string }) => {
      if (refusedKey) fail(refusedKey);
      else if (err.level === 'client-authentication')
        fail(
          new ConnectAuthError(opts.username, `${device}: authentication failed for ${opts.username}`, {
            cause: err,
            device,
          }),
        );
      else if (err.level === 'client-timeout')
        fail(
          new ConnectTimeoutError(timeoutMs, `${device}: SSH handshake timed out`, { cause: err, device }),
        );
      else fail(new ConnectionError(`${device}: ${err.message}`, { cause: err, device }));
    });
    client.on('close', () =>
      fail(
        refusedKey ??
          new ConnectionError(`${device}: connection closed before the ${opts.goal} was up`, { device }),
      ),
    );
    client.on('ready', () => {
      // request/response protocols: a reply's last small SSH packet must not wait for the ACK of the
      // one before it (Nagle's algorithm against delayed ACKs: ~40 ms a round trip on Linux)
      client.setNoDelay(true);
      setup({ fail, done });
    });
    client.connect({
      host: opts.host,
      port: opts.port,
      username: opts.username,
      password: opts.password,
      privateKey: opts.privateKey,
      passphrase: opts.passphrase,
      readyTimeout: timeoutMs,
      // issue 14 item 2: the key is checked before any credential is sent
      hostVerifier: (key: Buffer) => {
        if (!opts.hostKey) return true;
        refusedKey = checkHostKey(opts.hostKey, device, key);
        return !refusedKey;
      },
      ...opts.extra,
    });
  });
}

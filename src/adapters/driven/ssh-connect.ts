/**
 * The SSH connect step shared by the NETCONF transport, the ZXA10 CLI session and the OMCI relay
 * client: connect, authenticate, then let the caller open its channel (subsystem or shell) and finish
 * its own handshake — all within one connect budget. Failures map to the driver error taxonomy
 * (errors.ts, olt-driver.ts `connect`): rejected credentials → ConnectAuthError, SSH handshake or
 * overall budget exceeded → ConnectTimeoutError, anything else → ConnectionError.
 */
import ssh2 from 'ssh2';
import type { ConnectConfig } from 'ssh2';
import {
  ConnectAuthError,
  ConnectTimeoutError,
  ConnectionError,
} from '../../application/ports/olt-driver/errors.ts';

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
    client.on('error', (err: Error & { level?: string }) => {
      if (err.level === 'client-authentication')
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
      fail(new ConnectionError(`${device}: connection closed before the ${opts.goal} was up`, { device })),
    );
    client.on('ready', () => setup({ fail, done }));
    client.connect({
      host: opts.host,
      port: opts.port,
      username: opts.username,
      password: opts.password,
      privateKey: opts.privateKey,
      passphrase: opts.passphrase,
      readyTimeout: timeoutMs,
      // the lab's devices have ephemeral host keys; production pins them in the device profile
      hostVerifier: () => true,
      ...opts.extra,
    });
  });
}

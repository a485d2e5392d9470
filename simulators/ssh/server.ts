/**
 * The SSH front door of a simulated OLT (ssh2 server). One listener per protocol port: the CLI port
 * offers an interactive shell (ZXA10 dialect), the NETCONF port offers the `netconf` subsystem
 * (RFC 6242). Password auth with the lab's credentials. Faults: `olt-down` refuses sessions (the TCP socket is closed at once), and
 * every session is tracked so `drop-connection` can cut them mid-session.
 */
import { createHash } from 'node:crypto';
import ssh2 from 'ssh2';
import type { Duplex } from 'node:stream';
import type { AddressInfo } from 'node:net';
import type { SimOlt } from '../core/topology.ts';

const { Server, utils } = ssh2;

export interface SshCredentials {
  username: string;
  password: string;
}

/** A byte stream to one client (an SSH channel), plus who it is. */
export interface SshSession {
  readonly id: string;
  readonly username: string;
  readonly stream: Duplex;
  /** Terminal width/height when a pty was requested (CLI), else undefined. */
  readonly pty?: { cols: number; rows: number };
  /** Close the whole SSH connection (drop-connection fault, kill-session). */
  drop(): void;
}

export type SessionHandler = (session: SshSession) => void;

export interface SshServerOptions {
  olt: SimOlt;
  credentials: SshCredentials;
  /** Interactive shell (CLI port). */
  shell?: SessionHandler;
  /** Subsystems by name (`netconf`). */
  subsystems?: Record<string, SessionHandler>;
  hostKey?: string | Buffer;
}

let sharedHostKey: string | undefined;
/** One host key per lab process: generating ed25519 keys is cheap, but 2×N servers need not. */
export function labHostKey(): string {
  // ssh2 occasionally (~1 in 300) generates an ed25519 key its own parser rejects: retry
  while (!sharedHostKey || utils.parseKey(sharedHostKey) instanceof Error) {
    sharedHostKey = utils.generateKeyPairSync('ed25519').private;
  }
  return sharedHostKey;
}

/**
 * OpenSSH's fingerprint of a host key (`SHA256:` + unpadded base64 of the public key blob's SHA-256):
 * what `ssh-keygen -lf` prints, what the lab's inventory tells the controller to pin.
 */
export function hostKeyFingerprintOf(privateKey: string | Buffer): string {
  const k = utils.parseKey(privateKey);
  const key = Array.isArray(k) ? k[0] : k;
  if (key instanceof Error) throw key;
  return `SHA256:${createHash('sha256').update(key.getPublicSSH()).digest('base64').replace(/=+$/, '')}`;
}

/** A fresh ed25519 host key ssh2 can parse (a lab OLT "replaced", issue 14 item 2 tests). */
export function newHostKey(): string {
  for (;;) {
    const k = utils.generateKeyPairSync('ed25519').private;
    if (!(utils.parseKey(k) instanceof Error)) return k;
  }
}

let nextSessionId = 1;

export class SimSshServer {
  private readonly server: InstanceType<typeof Server>;
  private readonly connections = new Set<{ end(): void }>();
  port = 0;
  /** The fingerprint of the host key this server presents. */
  readonly hostKeyFingerprint: string;
  /** Userauth requests received (any method): a client that refused our host key sends none. */
  authRequests = 0;

  constructor(private readonly opts: SshServerOptions) {
    this.hostKeyFingerprint = hostKeyFingerprintOf(opts.hostKey ?? labHostKey());
    this.server = new Server({ hostKeys: [opts.hostKey ?? labHostKey()] }, (client) => {
      if (opts.olt.faults.down) {
        // olt-down: the device answers no protocol; close before the SSH handshake completes
        client.end();
        return;
      }
      this.connections.add(client);
      // a reply's last small SSH packet is sent at once, not after the ACK of the one before it
      // (Nagle's algorithm against the client's delayed ACK: ~40 ms a reply)
      // (ssh2's Connection has setNoDelay, as its Client; @types/ssh2 declares it on Client only)
      (client as unknown as { setNoDelay(on: boolean): void }).setNoDelay(true);
      client.on('close', () => this.connections.delete(client));
      client.on('error', () => this.connections.delete(client));
      let username = '';
      client.on('authentication', (ctx) => {
        this.authRequests++;
        if (
          ctx.method === 'password' &&
          ctx.username === opts.credentials.username &&
          ctx.password === opts.credentials.password
        ) {
          username = ctx.username;
          ctx.accept();
        } else if (ctx.method === 'none' || ctx.method === 'password') {
          ctx.reject(['password']);
        } else {
          ctx.reject(['password']);
        }
      });
      client.on('ready', () => {
        client.on('session', (accept) => {
          const session = accept();
          let pty: { cols: number; rows: number } | undefined;
          session.on('pty', (acc, _rej, info) => {
            pty = { cols: info.cols, rows: info.rows };
            acc?.();
          });
          session.on('window-change', (acc, _rej, info) => {
            if (pty) {
              pty.cols = info.cols;
              pty.rows = info.rows;
            }
            acc?.();
          });
          session.on('env', (acc) => acc?.());
          const start = (stream: Duplex, handler: SessionHandler) => {
            handler({ id: String(nextSessionId++), username, stream, pty, drop: () => client.end() });
          };
          session.on('shell', (acc, rej) => {
            if (!opts.shell) {
              rej?.();
              return;
            }
            start(acc(), opts.shell);
          });
          session.on('subsystem', (acc, rej, info) => {
            const h = opts.subsystems?.[info.name];
            if (!h) {
              rej?.();
              return;
            }
            start(acc(), h);
          });
          session.on('exec', (_acc, rej) => rej?.());
        });
      });
    });
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this.port;
  }

  /** Cut every open session (drop-connection, olt-down). */
  dropAll(): void {
    for (const c of this.connections) c.end();
    this.connections.clear();
  }

  async close(): Promise<void> {
    this.dropAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

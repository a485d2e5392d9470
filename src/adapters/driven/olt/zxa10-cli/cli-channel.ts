/**
 * The byte stream under a ZXA10 CLI session: an SSH shell with a pty, as an operator's terminal has
 * (transport only, style.md / ncclient: framing is not mixed with operations). The session
 * (zxa10-session.ts) sees only this interface, so a recorded session can be played to the same code
 * through a replay channel (test/helpers/zxa10-replay.ts) — napalm's mocked transport.
 */
import ssh2 from 'ssh2';
import type { ClientChannel } from 'ssh2';
import { ConnectionError } from '../../../../application/ports/olt-driver/errors.ts';
import { openSsh, type HostKeyPolicy } from '../../ssh-connect.ts';

export interface CliChannel {
  write(text: string): void;
  onData(cb: (text: string) => void): void;
  /** The far end went away (or the connection failed). */
  onClose(cb: (why: string, cause?: unknown) => void): void;
  close(): void;
}

export interface SshCliOptions {
  host: string;
  port: number;
  username: string;
  password?: string;
  privateKey?: string | Buffer;
  passphrase?: string;
  device: string;
  timeoutMs: number;
  /** The pinned host key (ssh-connect.ts); undefined = any key (tests on a lab of their own). */
  hostKey?: HostKeyPolicy;
}

/** Opens an SSH shell on the device (a wide pty, so our long lines are not wrapped by the terminal). */
export async function openSshCliChannel(o: SshCliOptions): Promise<CliChannel> {
  const client = new ssh2.Client();
  const ch = await openSsh<ClientChannel>(
    client,
    {
      ...o,
      hostKey: o.hostKey,
      goal: 'CLI session',
      extra: { keepaliveInterval: 15_000, keepaliveCountMax: 3 },
    },
    ({ fail, done }) => {
      client.shell({ term: 'vt100', rows: 24, cols: 512 }, (err, shell) => {
        if (err)
          return fail(
            new ConnectionError(`${o.device}: shell refused: ${err.message}`, {
              cause: err,
              device: o.device,
            }),
          );
        if (!done(shell)) shell.close();
      });
    },
  );
  let closed = false;
  return {
    write: (t) => ch.write(t),
    onData: (cb) => ch.on('data', (b: Buffer) => cb(b.toString('latin1'))),
    onClose: (cb) => {
      const once = (why: string, cause?: unknown) => {
        if (closed) return;
        closed = true;
        cb(why, cause);
      };
      ch.on('close', () => once('CLI session closed by the device'));
      client.on('error', (e: Error) => once(`connection error: ${e.message}`, e));
      client.on('close', () => once('connection closed'));
    },
    close: () => {
      closed = true;
      ch.end();
      client.end();
    },
  };
}

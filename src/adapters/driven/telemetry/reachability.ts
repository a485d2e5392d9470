/**
 * "Answers no protocol" (issue 6 §4): when SNMP is silent, the OLT's SSH port is tried. A TCP
 * accept, or even the identification banner, proves little — a failing OLT's front end may send its
 * banner and hang up — so with credentials only a completed SSH login counts as an answer; without
 * credentials, the banner (RFC 4253 §4.2) is the best evidence there is, and nothing is sent to trust.
 *
 * The login checks the OLT's pinned host key first (issue 14 item 2, ssh-connect.ts `checkHostKey`):
 * another key → no credential sent, the registry hears it (pending, or the critical changed-key
 * alarm). It still counts as an answer: the OLT completed the key exchange, so it is up, and a
 * replaced key must not be reported as an outage.
 */
import net from 'node:net';
import ssh2 from 'ssh2';
import { HostKeyError } from '../../../application/ports/olt-driver/errors.ts';
import { openSsh, type HostKeyPolicy } from '../ssh-connect.ts';

export interface SshProbe {
  host: string;
  port: number;
  username?: string;
  password?: string;
  timeoutMs?: number;
  /** Required for a login: the pinned key (undefined = nothing trusted, every key refused). */
  hostKey?: HostKeyPolicy;
}

export function sshAnswers(p: SshProbe): Promise<boolean> {
  return p.username && p.password !== undefined ? sshLogin(p) : sshBanner(p);
}

/** A completed login (the shared connect step, ssh-connect.ts); any failure but the key's is "no answer". */
function sshLogin(p: SshProbe): Promise<boolean> {
  const c = new ssh2.Client();
  const device = `${p.host}:${p.port}`;
  return openSsh<true>(
    c,
    {
      host: p.host,
      port: p.port,
      username: p.username!,
      password: p.password,
      device,
      timeoutMs: p.timeoutMs ?? 1500,
      goal: 'SSH login',
      hostKey: p.hostKey ?? { pinned: undefined },
      extra: { tryKeyboard: false },
    },
    ({ done }) => {
      done(true);
    },
  ).then(
    () => {
      c.on('error', () => undefined);
      c.end();
      return true;
    },
    (e: unknown) => e instanceof HostKeyError,
  );
}

function sshBanner(p: SshProbe): Promise<boolean> {
  return new Promise((resolve) => {
    let done = false;
    let buf = '';
    const sock = net.connect({ host: p.host, port: p.port });
    const finish = (ok: boolean) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      sock.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), p.timeoutMs ?? 1500);
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => {
      buf += d;
      if (buf.includes('SSH-')) finish(true);
      else if (buf.length > 4096) finish(false);
    });
    sock.on('error', () => finish(false));
    sock.on('close', () => finish(false));
  });
}

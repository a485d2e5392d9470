/**
 * "Answers no protocol" (issue 6 §4): when SNMP is silent, the OLT's SSH port is tried. A TCP
 * accept, or even the identification banner, proves little — a failing OLT's front end may send its
 * banner and hang up — so with credentials only a completed SSH login counts as an answer; without
 * credentials, the banner (RFC 4253 §4.2) is the best evidence there is.
 */
import net from 'node:net';
import ssh2 from 'ssh2';
import { openSsh } from '../ssh-connect.ts';

export interface SshProbe {
  host: string;
  port: number;
  username?: string;
  password?: string;
  timeoutMs?: number;
}

export function sshAnswers(p: SshProbe): Promise<boolean> {
  return p.username && p.password !== undefined ? sshLogin(p) : sshBanner(p);
}

/** A completed login (the shared connect step, ssh-connect.ts); any failure is "no answer". */
function sshLogin(p: SshProbe): Promise<boolean> {
  const c = new ssh2.Client();
  return openSsh<true>(
    c,
    {
      host: p.host,
      port: p.port,
      username: p.username!,
      password: p.password,
      device: `${p.host}:${p.port}`,
      timeoutMs: p.timeoutMs ?? 1500,
      goal: 'SSH login',
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
    () => false,
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

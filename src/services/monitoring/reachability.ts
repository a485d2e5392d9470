/**
 * "Answers no protocol" (issue 6 §4): when SNMP is silent, the OLT's SSH port is tried. A TCP
 * accept, or even the identification banner, proves little — a failing OLT's front end may send its
 * banner and hang up — so with credentials only a completed SSH login counts as an answer; without
 * credentials, the banner (RFC 4253 §4.2) is the best evidence there is.
 */
import net from 'node:net';
import ssh2 from 'ssh2';

export interface SshProbe { host: string; port: number; username?: string; password?: string; timeoutMs?: number }

export function sshAnswers(p: SshProbe): Promise<boolean> {
  return p.username && p.password !== undefined ? sshLogin(p) : sshBanner(p);
}

function sshLogin(p: SshProbe): Promise<boolean> {
  return new Promise((resolve) => {
    const c = new ssh2.Client();
    let done = false;
    const finish = (ok: boolean) => { if (done) return; done = true; c.end(); resolve(ok); };
    c.on('ready', () => finish(true));
    c.on('error', () => finish(false));
    c.on('close', () => finish(false));
    c.connect({ host: p.host, port: p.port, username: p.username, password: p.password, readyTimeout: p.timeoutMs ?? 1500, tryKeyboard: false });
  });
}

function sshBanner(p: SshProbe): Promise<boolean> {
  return new Promise((resolve) => {
    let done = false;
    let buf = '';
    const sock = net.connect({ host: p.host, port: p.port });
    const finish = (ok: boolean) => { if (done) return; done = true; clearTimeout(timer); sock.destroy(); resolve(ok); };
    const timer = setTimeout(() => finish(false), p.timeoutMs ?? 1500);
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => { buf += d; if (buf.includes('SSH-')) finish(true); else if (buf.length > 4096) finish(false); });
    sock.on('error', () => finish(false));
    sock.on('close', () => finish(false));
  });
}

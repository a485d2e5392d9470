/**
 * "Answers no protocol" (issue 6 §4): when SNMP is silent, the OLT's SSH port is asked for its
 * identification string (RFC 4253 §4.2). A TCP accept alone proves little — a down OLT's front end
 * may accept and close — so only an `SSH-` banner within the timeout counts as an answer.
 */
import net from 'node:net';

export function sshAnswers(host: string, port: number, timeoutMs = 1500): Promise<boolean> {
  return new Promise((resolve) => {
    let done = false;
    let buf = '';
    const sock = net.connect({ host, port });
    const finish = (ok: boolean) => { if (done) return; done = true; clearTimeout(timer); sock.destroy(); resolve(ok); };
    const timer = setTimeout(() => finish(false), timeoutMs);
    sock.setEncoding('latin1');
    sock.on('data', (d: string) => { buf += d; if (buf.includes('SSH-')) finish(true); else if (buf.length > 4096) finish(false); });
    sock.on('error', () => finish(false));
    sock.on('close', () => finish(false));
  });
}

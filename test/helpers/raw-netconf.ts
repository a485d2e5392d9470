/**
 * A tiny NETCONF client on ssh2 that speaks raw frames (RFC 6242), so tests can see exactly what a
 * server sends: the lab's BBF OLT (simulators/bbf-olt), netconfd, a lab OLT's NETCONF port.
 */
import ssh2 from 'ssh2';
import type { ClientChannel } from 'ssh2';
import { encodeFrame, FrameDecoder, type FramingMode } from '../../src/protocols/netconf/framing.ts';

export const SIM_CREDENTIALS = { username: 'admin', password: 'zxr10' };

export const NC_BASE = 'urn:ietf:params:xml:ns:netconf:base:1.0';

/** A raw NETCONF client: hello exchange, then `rpc(body)` returns the reply text. */
export class RawNetconfClient {
  private readonly conn = new ssh2.Client();
  private channel!: ClientChannel;
  private readonly decoder = new FrameDecoder('eom');
  private waiters: { resolve: (msg: string) => void; reject: (e: Error) => void }[] = [];
  private queue: string[] = [];
  mode: FramingMode = 'eom';
  serverHello = '';
  closed = false;
  private msgId = 1;

  async connect(port: number, creds = SIM_CREDENTIALS): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.conn.once('ready', () => resolve());
      this.conn.once('error', reject);
      this.conn.connect({ host: '127.0.0.1', port, username: creds.username, password: creds.password });
    });
    this.channel = await new Promise<ClientChannel>((resolve, reject) => {
      this.conn.subsys('netconf', (err, ch) => (err ? reject(err) : resolve(ch)));
    });
    this.channel.on('data', (d: Buffer) => {
      this.decoder.push(d);
      for (let m = this.decoder.next(); m !== undefined; m = this.decoder.next()) {
        const w = this.waiters.shift();
        if (w) w.resolve(m);
        else this.queue.push(m);
      }
    });
    const onClose = () => {
      this.closed = true;
      for (const w of this.waiters.splice(0)) w.reject(new Error('session closed'));
    };
    this.channel.on('close', onClose);
    this.conn.on('close', onClose);
    this.conn.on('error', onClose);
  }

  next(timeoutMs = 5000): Promise<string> {
    const q = this.queue.shift();
    if (q !== undefined) return Promise.resolve(q);
    if (this.closed) return Promise.reject(new Error('session closed'));
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('timeout waiting for a NETCONF message')), timeoutMs);
      this.waiters.push({
        resolve: (m) => {
          clearTimeout(t);
          resolve(m);
        },
        reject: (e) => {
          clearTimeout(t);
          reject(e);
        },
      });
    });
  }

  /** Exchange hellos; `base11` announces base:1.1 so both sides switch to chunked framing. */
  async hello(base11 = true): Promise<string> {
    this.serverHello = await this.next();
    const caps = [`<capability>urn:ietf:params:netconf:base:1.0</capability>`];
    if (base11) caps.push(`<capability>urn:ietf:params:netconf:base:1.1</capability>`);
    this.sendRaw(
      `<?xml version="1.0" encoding="UTF-8"?><hello xmlns="${NC_BASE}"><capabilities>${caps.join('')}</capabilities></hello>`,
    );
    if (base11 && this.serverHello.includes('urn:ietf:params:netconf:base:1.1')) {
      this.mode = 'chunked';
      this.decoder.setMode('chunked');
    }
    return this.serverHello;
  }

  sendRaw(msg: string, mode: FramingMode = this.mode): void {
    this.channel.write(encodeFrame(msg, mode));
  }

  writeBytes(b: Buffer | string): void {
    this.channel.write(b);
  }

  async rpc(body: string, attrs = ''): Promise<string> {
    const id = String(this.msgId++);
    this.sendRaw(`<rpc xmlns="${NC_BASE}" message-id="${id}"${attrs}>${body}</rpc>`);
    return this.next();
  }

  close(): void {
    this.conn.end();
  }
}

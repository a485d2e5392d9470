/**
 * A small interactive SSH client on ssh2 with a pty that sends a line and waits for the next prompt —
 * the way a CLI driver or an operator's terminal talks to a device (the lab's ZXA10 simulator here).
 */
import ssh2 from 'ssh2';
import type { ClientChannel } from 'ssh2';

/** Any prompt of either dialect at the end of the output so far. */
const PROMPT = /(^|\n)[\w.-]+(\([\w./:-]+\))?#$/;

export class CliClient {
  private readonly conn = new ssh2.Client();
  private ch!: ClientChannel;
  /** Everything received since the last `take()`. */
  buffer = '';
  closed = false;
  private waiter: (() => void) | null = null;

  async connect(
    port: number,
    pty: { rows: number; cols: number } | false = { rows: 24, cols: 80 },
    creds: { username: string; password: string },
  ): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.conn.once('ready', () => resolve());
      this.conn.once('error', reject);
      this.conn.connect({ host: '127.0.0.1', port, username: creds.username, password: creds.password });
    });
    this.ch = await new Promise<ClientChannel>((resolve, reject) => {
      const cb = (err: Error | undefined, ch: ClientChannel) => (err ? reject(err) : resolve(ch));
      if (pty) this.conn.shell({ term: 'vt100', rows: pty.rows, cols: pty.cols, height: 0, width: 0 }, cb);
      else this.conn.shell(false, cb);
    });
    this.ch.on('data', (d: Buffer) => {
      this.buffer += d.toString('latin1');
      this.waiter?.();
    });
    const onClose = () => {
      this.closed = true;
      this.waiter?.();
    };
    this.ch.on('close', onClose);
    this.conn.on('close', onClose);
    this.conn.on('error', onClose);
    return this.until(PROMPT);
  }

  /** Wait until the buffer matches `re` (or the session closes); returns and clears the buffer. */
  async until(re: RegExp, timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!re.test(this.buffer.replace(/\r/g, ''))) {
      if (this.closed) break;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timeout waiting for ${re}; got ${JSON.stringify(this.buffer)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(t);
          this.waiter = null;
          resolve();
        };
      });
    }
    const out = this.buffer;
    this.buffer = '';
    return out;
  }

  /** Type raw characters. */
  write(s: string): void {
    this.ch.write(s);
  }

  /** Type a line and wait for the next prompt; returns the output (echo included, CR removed). */
  async cmd(line: string, timeoutMs = 5000): Promise<string> {
    this.write(line + '\r');
    return (await this.until(PROMPT, timeoutMs)).replace(/\r/g, '');
  }

  /** Output lines between the echoed command and the prompt. */
  static body(out: string): string[] {
    const lines = out.split('\n');
    return lines.slice(1, -1);
  }

  close(): void {
    this.conn.end();
  }
}

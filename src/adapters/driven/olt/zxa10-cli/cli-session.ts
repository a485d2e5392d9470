/**
 * One interactive ZXA10 CLI session over SSH (issue 5 item 3): a shell with a pty, as an operator's
 * terminal has. Knows prompts, paging and error lines — as the device profile's dialect describes
 * them — and nothing of configuration (cli-driver.ts). Transport layer only (style.md, ncclient:
 * transport is not mixed with operations).
 *
 * A command is written, then output is collected until the prompt of some mode ends the output
 * (dialect `promptPattern`); a `--More--` marker is answered with a space; the echoed command line
 * is dropped. Lines matching the dialect's error pattern make the command fail (CliCommandError).
 */
import ssh2 from 'ssh2';
import type { ClientChannel } from 'ssh2';
import { parseErrorLine, type CliDialect } from './dialect.ts';
import {
  ConnectionError,
  ConnectionLostError,
  DriverError,
  RpcTimeoutError,
} from '../../../../application/ports/olt-driver/errors.ts';
import { openSsh, type HostKeyPolicy } from '../../ssh-connect.ts';

const { Client } = ssh2;

export interface CliSessionOptions {
  host: string;
  port: number;
  username: string;
  password?: string;
  dialect: CliDialect;
  /** TCP + SSH + first prompt (default 10 s). */
  connectTimeoutMs?: number;
  /** Per command (default 60 s; `show running-config` of a full OLT is long). */
  commandTimeoutMs?: number;
  device?: string;
  /** The SSH host key the OLT must present (issue 14 item 2). */
  hostKey?: HostKeyPolicy;
}

/** The device printed an error line for a command: nothing changed (dialect errors.comment). */
export class CliCommandError extends DriverError {
  readonly command: string;
  readonly errorCode: number;
  readonly text: string;
  constructor(device: string, command: string, errorCode: number, text: string) {
    super('cli-error', `${device}: "${command}" failed: %Error ${errorCode}: ${text}`, { device });
    this.command = command;
    this.errorCode = errorCode;
    this.text = text;
  }
}

/** One command's output lines and, if the device printed one, its error line. */
export interface CliOutput {
  command: string;
  lines: string[];
  error?: { code: number; text: string };
}

interface Pending {
  commands: string[];
  /** Index of the command whose echo is awaited next (commands.length = all echoed). */
  next: number;
  outputs: CliOutput[];
  resolve(out: CliOutput[]): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

export class CliSession {
  /** The current (unterminated) last line of output. */
  private partial = '';
  private pending: Pending | undefined;
  private lost: ConnectionLostError | undefined;
  private closedByUs = false;
  readonly device: string;

  private constructor(
    private readonly client: InstanceType<typeof Client>,
    private readonly channel: ClientChannel,
    private readonly opts: CliSessionOptions,
  ) {
    this.device = opts.device ?? `${opts.host}:${opts.port}`;
  }

  get closed(): boolean {
    return this.closedByUs || this.lost !== undefined;
  }

  static async open(opts: CliSessionOptions): Promise<CliSession> {
    const device = opts.device ?? `${opts.host}:${opts.port}`;
    const timeoutMs = opts.connectTimeoutMs ?? 10_000;
    const client = new Client();
    const channel = await openSsh<ClientChannel>(
      client,
      {
        ...opts,
        device,
        timeoutMs,
        hostKey: opts.hostKey,
        goal: 'CLI session',
        extra: { keepaliveInterval: 15_000, keepaliveCountMax: 3 },
      },
      ({ fail, done }) => {
        // a wide terminal: long service-port lines are not wrapped
        client.shell({ term: 'vt100', rows: 24, cols: 512 }, (err, ch) => {
          if (err)
            return fail(
              new ConnectionError(`${device}: shell refused: ${err.message}`, { cause: err, device }),
            );
          if (!done(ch)) ch.close();
        });
      },
    );
    const s = new CliSession(client, channel, opts);
    s.wire();
    // the banner ends with the exec prompt
    await s.send([], timeoutMs);
    return s;
  }

  private wire(): void {
    this.channel.on('data', (d: Buffer) => this.onData(d.toString('latin1')));
    const lost = (why: string, cause?: unknown) => {
      if (this.closedByUs || this.lost) return;
      const p = this.pending;
      this.lost = new ConnectionLostError(
        `${this.device}: ${why}`,
        p ? p.commands.slice(Math.max(0, p.next - 1)) : [],
        { device: this.device, cause },
      );
      this.client.end();
      this.pending = undefined;
      if (p) {
        clearTimeout(p.timer);
        p.reject(this.lost);
      }
    };
    this.channel.on('close', () => lost('CLI session closed by the device'));
    this.client.on('error', (err: Error) => lost(`connection error: ${err.message}`, err));
    this.client.on('close', () => lost('connection closed'));
  }

  /** A line as the terminal shows it: paging marker and erase sequence removed. */
  private clean(line: string): string {
    const d = this.opts.dialect;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.includes(d.paging.marker)) line = line.split(d.paging.marker).join('');
    if (line.includes('\r')) line = line.slice(line.lastIndexOf('\r') + 1);
    return line;
  }

  private isPrompt(text: string): boolean {
    return this.opts.dialect.promptPattern.test(text.trim());
  }

  /** Is `line` the echo of `command`, after the prompt of the previous one (or alone, for the first)? */
  private isEcho(line: string, command: string): boolean {
    const t = line.trimEnd();
    if (!t.endsWith(command)) return false;
    const before = t.slice(0, t.length - command.length);
    return before.trim() === '' || this.isPrompt(before);
  }

  private onData(text: string): void {
    const p = this.pending;
    const all = this.partial + text;
    const lines = all.split('\n');
    this.partial = lines.pop()!;
    if (p) {
      for (const raw of lines) {
        const line = this.clean(raw);
        if (p.next < p.commands.length && this.isEcho(line, p.commands[p.next])) {
          p.outputs.push({ command: p.commands[p.next], lines: [] });
          p.next++;
          continue;
        }
        const cur = p.outputs[p.outputs.length - 1];
        if (!cur) continue; // banner
        cur.lines.push(line);
        if (!cur.error) {
          const e = parseErrorLine(this.opts.dialect, line);
          if (e) cur.error = e;
        }
      }
    }
    const d = this.opts.dialect;
    if (this.partial.endsWith(d.paging.marker)) {
      // paging still on (before `terminal length 0`, or a device that ignores it): next page
      this.channel.write(' ');
      return;
    }
    if (p && p.next === p.commands.length && this.isPrompt(this.clean(this.partial))) {
      this.pending = undefined;
      this.partial = '';
      clearTimeout(p.timer);
      p.resolve(p.outputs);
    }
  }

  private send(commands: string[], timeoutMs: number): Promise<CliOutput[]> {
    if (this.lost) return Promise.reject(this.lost);
    if (this.closedByUs)
      return Promise.reject(
        new ConnectionLostError(`${this.device}: session closed`, [], { device: this.device }),
      );
    if (this.pending) return Promise.reject(new Error('CliSession: one batch at a time'));
    return new Promise<CliOutput[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        reject(new RpcTimeoutError(commands[0] ?? 'prompt', '-', timeoutMs, { device: this.device }));
      }, timeoutMs);
      this.pending = { commands, next: 0, outputs: [], resolve, reject, timer };
      if (commands.length) {
        this.partial = '';
        this.channel.write(commands.map((c) => c + '\r').join(''));
      } else {
        this.onData('');
      }
    });
  }

  /**
   * Types several commands at once (as pasting does) and splits what comes back per command by the
   * echo lines: one round trip per batch instead of per command. The device goes on after an error
   * line, so the caller sees every command's own outcome.
   */
  runBatch(
    commands: readonly string[],
    timeoutMs = this.opts.commandTimeoutMs ?? 60_000,
  ): Promise<CliOutput[]> {
    return this.send([...commands], timeoutMs);
  }

  /** Runs one command; resolves with its output lines, rejects with CliCommandError on an error line. */
  async run(command: string, timeoutMs = this.opts.commandTimeoutMs ?? 60_000): Promise<string[]> {
    const [out] = await this.send([command], timeoutMs);
    if (out.error) throw new CliCommandError(this.device, command, out.error.code, out.error.text);
    return out.lines;
  }

  close(): void {
    if (this.closed) return;
    this.closedByUs = true;
    this.channel.end();
    this.client.end();
  }
}

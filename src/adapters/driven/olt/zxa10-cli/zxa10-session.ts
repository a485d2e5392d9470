/**
 * One interactive ZXA10 CLI session over a CliChannel (SSH, or a recorded session played back).
 * Knows prompts, echo, paging and reply lines as the dialect describes them — nothing of
 * configuration (zxa10-driver.ts).
 *
 * Commands are typed as an operator pastes them; each one's output runs from its echo (prompt +
 * command) to the next echo, and the batch ends at a prompt once every command has echoed. A
 * ` --More--` pager is answered with a space and its erase bytes dropped (replies.ts). Output lines
 * the device hard-wrapped at 80 columns are joined back (c600/running-config-c620-two-onus.txt;
 * C320 too, c300/session-login-system-group-c320-v2.1.0.txt). A reply whose lines hold an error
 * line (by shape, replies.ts) fails its command: nothing was changed by it.
 */
import {
  ConnectionLostError,
  DriverError,
  RpcTimeoutError,
} from '../../../../application/ports/olt-driver/errors.ts';
import type { CliChannel } from './cli-channel.ts';
import { cleanLine, findError, type DeviceErrorReply } from './replies.ts';
import type { Zxa10Dialect } from './zxa10-dialect.ts';

/** The device printed an error line for a command. */
export class CliCommandError extends DriverError {
  readonly command: string;
  /** The device's error line, verbatim. */
  readonly line: string;
  /** The number in it, when there is one (informative: numbers are not unique, replies.ts). */
  readonly errorCode?: number;
  constructor(device: string, command: string, reply: DeviceErrorReply) {
    super('cli-error', `${device}: "${command}" was refused: ${reply.line}`, { device });
    this.command = command;
    this.line = reply.line;
    this.errorCode = reply.code;
  }
}

export interface CliOutput {
  command: string;
  /** Reply lines between the echo and the next prompt (pager traces removed, wraps joined). */
  lines: string[];
  error?: DeviceErrorReply;
}

interface Pending {
  commands: string[];
  next: number;
  outputs: CliOutput[];
  resolve(out: CliOutput[]): void;
  reject(e: Error): void;
  timer: NodeJS.Timeout;
}

export interface SessionOptions {
  device: string;
  /** Per batch (default 60 s: a full OLT's running-config is long). */
  commandTimeoutMs?: number;
}

export class Zxa10Session {
  private partial = '';
  /** A complete line exactly `wrapColumns` long, waiting for its continuation. */
  private held: string | undefined;
  private pending: Pending | undefined;
  private lost: ConnectionLostError | undefined;
  private closedByUs = false;
  /** What the device printed before its first prompt (banner, login notices). */
  readonly banner: string[] = [];

  private constructor(
    private readonly ch: CliChannel,
    private readonly d: Zxa10Dialect,
    private readonly o: SessionOptions,
  ) {}

  get device(): string {
    return this.o.device;
  }

  get closed(): boolean {
    return this.closedByUs || this.lost !== undefined;
  }

  /** Wraps an open channel and waits for the first prompt. */
  static async open(
    ch: CliChannel,
    d: Zxa10Dialect,
    o: SessionOptions & { timeoutMs: number },
  ): Promise<Zxa10Session> {
    const s = new Zxa10Session(ch, d, o);
    ch.onData((t) => s.onData(t));
    ch.onClose((why, cause) => s.onLost(why, cause));
    try {
      await s.send([], o.timeoutMs);
    } catch (e) {
      ch.close();
      throw e;
    }
    return s;
  }

  private onLost(why: string, cause?: unknown): void {
    if (this.closedByUs || this.lost) return;
    const p = this.pending;
    this.lost = new ConnectionLostError(
      `${this.device}: ${why}`,
      p ? p.commands.slice(Math.max(0, p.next - 1)) : [],
      {
        device: this.device,
        cause,
      },
    );
    this.pending = undefined;
    if (p) {
      clearTimeout(p.timer);
      p.reject(this.lost);
    }
  }

  private isPrompt(text: string): boolean {
    return this.d.prompt.test(text.trim());
  }

  /** Is `line` the echo of `command` (alone, or after a prompt)? */
  private isEcho(line: string, command: string): boolean {
    const t = line.trimEnd();
    if (!t.endsWith(command)) return false;
    const before = t.slice(0, t.length - command.length);
    return before.trim() === '' || this.isPrompt(before);
  }

  private onLine(line: string): void {
    const p = this.pending;
    if (!p) return;
    if (p.next < p.commands.length && this.isEcho(line, p.commands[p.next])) {
      p.outputs.push({ command: p.commands[p.next], lines: [] });
      p.next++;
      return;
    }
    const cur = p.outputs[p.outputs.length - 1];
    if (cur) cur.lines.push(line);
    else this.banner.push(line);
  }

  private feed(line: string): void {
    const w = this.d.wrapColumns;
    const joined = this.held === undefined ? line : this.held + line;
    this.held = undefined;
    if (w && line.length === w) this.held = joined;
    else this.onLine(joined);
  }

  private onData(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop()!;
    for (const raw of lines) this.feed(cleanLine(raw, this.d));
    const tail = cleanLine(this.partial, this.d);
    if (this.partial.trimEnd().endsWith(this.d.paging.marker)) {
      // paging still on (before `terminal length 0`, or a device ignoring it): next page
      this.partial = '';
      this.ch.write(' ');
      return;
    }
    const p = this.pending;
    if (p && p.next === p.commands.length && this.isPrompt(tail)) {
      if (this.held !== undefined) {
        this.onLine(this.held);
        this.held = undefined;
      }
      for (const o of p.outputs) {
        const e = findError(this.d, o.lines);
        if (e) o.error = e;
      }
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
    if (this.pending) return Promise.reject(new Error('Zxa10Session: one batch at a time'));
    return new Promise<CliOutput[]>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        reject(new RpcTimeoutError(commands[0] ?? 'login prompt', '-', timeoutMs, { device: this.device }));
      }, timeoutMs);
      this.pending = { commands, next: 0, outputs: [], resolve, reject, timer };
      if (commands.length) this.ch.write(commands.map((c) => c + '\r').join(''));
      else this.onData('');
    });
  }

  /** Types several commands at once; every command's own reply (and error) comes back. */
  runBatch(commands: readonly string[], timeoutMs = this.o.commandTimeoutMs ?? 60_000): Promise<CliOutput[]> {
    if (commands.length === 0) return Promise.resolve([]);
    return this.send([...commands], timeoutMs);
  }

  /** One command; its reply lines, or CliCommandError when the device printed an error line. */
  async run(command: string, timeoutMs = this.o.commandTimeoutMs ?? 60_000): Promise<string[]> {
    const [out] = await this.send([command], timeoutMs);
    if (out.error) throw new CliCommandError(this.device, command, out.error);
    return out.lines;
  }

  close(): void {
    if (this.closed) return;
    this.closedByUs = true;
    this.ch.close();
  }
}

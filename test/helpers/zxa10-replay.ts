/**
 * A replay transport for the ZXA10 CLI driver (napalm's mocked_data, style.md): a CliChannel that
 * plays a recorded session (test/fixtures/zxa10-replay/*.json) to the driver. The driver's session
 * layer runs unchanged on it — echo, prompts, pager erase bytes, error lines — only the socket is gone.
 *
 * A cassette is a banner and a list of exchanges (command → reply lines, and the prompt after it).
 * `ordered` cassettes must be played exactly in order (a write session, whose reads change as it
 * goes); the others answer each command by lookup (reads, any order, any number of times). A command
 * the cassette does not hold is answered with a line saying so and recorded in `unexpected`, so the
 * test fails on it instead of hanging.
 */
import { readFileSync, readdirSync } from 'node:fs';
import type { CliChannel } from '../../src/adapters/driven/olt/zxa10-cli/cli-channel.ts';
import { fixtureWith } from './zxa10-fixtures.ts';

export interface Exchange {
  command: string;
  /** Reply lines verbatim (after the exchange's stated redactions). */
  reply?: string[];
  /** Or: the run of the fixture's body lines from the line `first` to the line `last` (both included). */
  replyRange?: { first: string; last: string };
  /** The prompt after the reply (default: the one before). */
  prompt?: string;
  /**
   * Where the reply comes from: a fixture file (the reply is a run of its body's lines), `echo` (the
   * bare echo a ZXA10 gives on success, c600/onmt-c300-c600-command-shapes.txt) or `composed`
   * (lines of fixture shapes assembled for a state no capture shows; said so in `note`).
   */
  from: string;
  redactions?: Record<string, string>;
  /** For `composed` replies: the fixtures each of whose lines is taken from (one line may join two runs). */
  sources?: string[];
  note?: string;
}

export interface Cassette {
  profile: string;
  about: string;
  ordered: boolean;
  prompt: string;
  banner: { from: string; lines: string[] };
  exchanges: Exchange[];
}

const DIR = new URL('../fixtures/zxa10-replay/', import.meta.url);

export function loadCassette(name: string): Cassette {
  return JSON.parse(readFileSync(new URL(`${name}.json`, DIR), 'utf8')) as Cassette;
}

export function cassetteNames(): string[] {
  return readdirSync(DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5));
}

/** The reply lines of an exchange. */
export function replyOf(x: Exchange): string[] {
  if (!x.replyRange) return x.reply ?? [];
  const body = fixtureWith(x.from, x.redactions ?? {}).split('\n');
  const a = body.indexOf(x.replyRange.first);
  const b = body.indexOf(x.replyRange.last, a);
  if (a < 0 || b < 0) throw new Error(`${x.from}: no run ${x.replyRange.first} … ${x.replyRange.last}`);
  return body.slice(a, b + 1);
}

/** Framing a listing wraps around its blocks (c300/show-running-config-interface-gpon-onu-c3xx.txt, C620 `$`). */
const FRAMING = new Set(['Building configuration...', '!', '$', 'end']);

/**
 * What is wrong with a cassette's replies (empty = nothing): a fixture reply must be a contiguous run
 * of that fixture's body lines, an `echo` reply empty, and every line of a `composed` reply either a
 * line (or part of one) of its named sources, a command typed earlier in the cassette, or framing.
 */
export function cassetteProblems(c: Cassette): string[] {
  const problems: string[] = [];
  const typed: string[] = [];
  for (const x of c.exchanges) {
    const reply = replyOf(x);
    if (x.from === 'echo') {
      if (reply.length) problems.push(`${x.command}: an echo reply must be empty`);
    } else if (x.from === 'composed') {
      const lines = (x.sources ?? []).flatMap((f) => fixtureWith(f, x.redactions ?? {}).split('\n'));
      for (const r of reply) {
        const t = r.trim();
        if (t === '' || FRAMING.has(t) || typed.includes(t) || lines.some((l) => l.includes(t))) continue;
        problems.push(`${x.command}: "${r}" is neither recorded nor typed before`);
      }
    } else if (reply.length) {
      const body = fixtureWith(x.from, x.redactions ?? {}).split('\n');
      let found = false;
      for (let i = 0; !found && i + reply.length <= body.length; i++)
        found = reply.every((l, k) => body[i + k] === l);
      if (!found) problems.push(`${x.command}: the reply is not a run of lines of ${x.from}`);
    }
    typed.push(x.command);
  }
  return problems;
}

export class ReplayChannel implements CliChannel {
  private dataCb: (t: string) => void = () => undefined;
  private closeCb: (why: string) => void = () => undefined;
  private typed = '';
  private next = 0;
  private prompt: string;
  private closed = false;
  readonly played: string[] = [];
  readonly unexpected: string[] = [];

  constructor(private readonly c: Cassette) {
    this.prompt = c.prompt;
  }

  /** Commands of an ordered cassette not yet played. */
  get pending(): string[] {
    return this.c.ordered ? this.c.exchanges.slice(this.next).map((x) => x.command) : [];
  }

  onData(cb: (t: string) => void): void {
    this.dataCb = cb;
    // the device greets first: banner, then its prompt
    setImmediate(() => this.emit([...this.c.banner.lines, ''].join('\r\n') + this.prompt));
  }

  onClose(cb: (why: string) => void): void {
    this.closeCb = cb;
  }

  private emit(t: string): void {
    if (!this.closed) this.dataCb(t);
  }

  private answer(command: string): Exchange | undefined {
    if (this.c.ordered) {
      const x = this.c.exchanges[this.next];
      if (x?.command !== command) return undefined;
      this.next++;
      return x;
    }
    return this.c.exchanges.find((x) => x.command === command);
  }

  write(text: string): void {
    this.typed += text;
    let at: number;
    while ((at = this.typed.indexOf('\r')) >= 0) {
      const command = this.typed.slice(0, at).trim();
      this.typed = this.typed.slice(at + 1);
      if (command === '') continue;
      const x = this.answer(command);
      this.played.push(command);
      if (!x) {
        this.unexpected.push(command);
        this.emit(`${command}\r\n%Error replay: no recorded reply for this command\r\n${this.prompt}`);
        continue;
      }
      if (x.prompt) this.prompt = x.prompt;
      this.emit([command, ...replyOf(x), ''].join('\r\n') + this.prompt);
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.closeCb('closed');
  }
}

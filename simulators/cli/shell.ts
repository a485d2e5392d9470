/**
 * The interactive ZXA10-style CLI of a simulated OLT (issue 4 item 2), as a shell handler for
 * `SimSshServer({ shell })`. It behaves like the equipment a CLI driver must cope with: banner and
 * mode prompts, echo of typed characters on a pty, `--More--` paging, `%Error` lines, and
 * configuration commands that change the OLT's ONE configuration state (`olt.config.running`, the
 * same tree NETCONF shows), each checked as the device checks it. Faults: a NETCONF lock on running
 * refuses changes; `olt.faults` may fail or drop the Nth configuration command and delays answers.
 *
 * The meaning of configuration lines is not here: it is the dialect interpreter shared with the
 * controller's CLI driver (src/adapters/driven/olt/zxa10-cli/), so both read the same command shapes.
 */
import type { SshSession, SessionHandler } from '../ssh/server.ts';
import type { SimOlt } from '../core/topology.ts';
import {
  formatError,
  formatPrompt,
  tokenize,
  type CliDialect,
} from '../../src/adapters/driven/olt/zxa10-cli/dialect.ts';
import {
  applyCliElement,
  checkModeEntry,
  draftFor,
  parseCliLine,
  type CliError,
  type CliMode,
} from '../../src/adapters/driven/olt/zxa10-cli/running-config-apply.ts';
import { runShow } from './show.ts';

export interface CliShellOptions {
  /** Prompt host name (default: the OLT's name). */
  hostname?: string;
}

/** Common abbreviations operators type (`conf t`, `sh run`, `int …`, `wr`). */
function expandAbbreviations(line: string): string {
  const t = tokenize(line);
  if (!t.length) return line;
  const w = t.map((x) => x.word);
  const first: Record<string, string> = {
    conf: 'configure',
    config: 'configure',
    sh: 'show',
    int: 'interface',
    wr: 'write',
  };
  if (first[w[0]]) w[0] = first[w[0]];
  if (w[0] === 'configure' && (w[1] === 't' || w[1] === 'term')) w[1] = 'terminal';
  if (w[0] === 'show' && w[1] === 'run') w[1] = 'running-config';
  if (w.join(' ') === t.map((x) => x.word).join(' ')) return line;
  return w.join(' ');
}

class CliSession {
  private mode: CliMode = { kind: 'exec' };
  private buffer = '';
  private readonly queue: string[] = [];
  private busy = false;
  private lastWasCr = false;
  /** Lines per page; 0 = no paging (`terminal length 0`). */
  private pageLength: number;
  private pager: { lines: string[]; done: () => void } | null = null;
  private closed = false;
  private readonly host: string;

  constructor(
    private readonly olt: SimOlt,
    private readonly d: CliDialect,
    private readonly s: SshSession,
    opts: CliShellOptions,
  ) {
    this.host = opts.hostname ?? olt.name;
    this.pageLength = s.pty ? Math.max(2, s.pty.rows) : d.paging.defaultLength;
    s.stream.on('data', (b: Buffer) => this.onData(b.toString('latin1')));
    s.stream.on('close', () => {
      this.closed = true;
    });
    s.stream.on('error', () => {
      this.closed = true;
    });
    this.write(d.banner.replace(/\r?\n/g, '\r\n') + '\r\n' + this.prompt());
  }

  private get echo(): boolean {
    return this.s.pty !== undefined;
  }

  /**
   * Output is gathered and sent in one write per answer: several small writes meet Nagle's
   * algorithm and the client's delayed ACK, which costs ~40 ms per command on the loopback.
   */
  private pending = '';
  private write(text: string): void {
    this.pending += text;
    if (!this.flushQueued) {
      this.flushQueued = true;
      setImmediate(() => this.flush());
    }
  }

  private flushQueued = false;
  private flush(): void {
    this.flushQueued = false;
    if (this.pending && !this.closed) this.s.stream.write(this.pending);
    this.pending = '';
  }

  private prompt(): string {
    const m = this.mode;
    return formatPrompt(this.d, m.kind, this.host, 'ifName' in m ? m.ifName : '');
  }

  private onData(chunk: string): void {
    for (const ch of chunk) {
      if (this.pager) {
        this.onPagerKey(ch);
        continue;
      }
      if (ch === '\n' && this.lastWasCr) {
        this.lastWasCr = false;
        continue;
      }
      this.lastWasCr = ch === '\r';
      if (ch === '\r' || ch === '\n') {
        if (this.echo && !this.busy) this.write('\r\n');
        this.queue.push(this.buffer);
        this.buffer = '';
        void this.drain();
      } else if (ch === '\x7f' || ch === '\b') {
        if (this.buffer.length) {
          this.buffer = this.buffer.slice(0, -1);
          if (this.echo) this.write('\b \b');
        }
      } else if (ch === '\x03') {
        this.buffer = '';
        if (this.echo) this.write('^C\r\n' + this.prompt());
      } else if (ch >= ' ') {
        this.buffer += ch;
        if (this.echo && !this.busy) this.write(ch);
      }
    }
  }

  /** Space: next page; Enter: next line; q (or Ctrl-C): stop the listing. */
  private onPagerKey(ch: string): void {
    const p = this.pager!;
    const erase = this.d.paging.erase;
    if (ch === ' ') {
      this.write(erase);
      this.page(this.pageLength - 1);
    } else if (ch === '\r' || ch === '\n') {
      this.write(erase);
      this.page(1);
    } else if (ch === 'q' || ch === 'Q' || ch === '\x03') {
      this.write(erase);
      p.lines = [];
      this.page(0);
    }
  }

  private page(n: number): void {
    const p = this.pager!;
    const chunk = p.lines.splice(0, n);
    if (chunk.length) this.write(chunk.join('\r\n') + '\r\n');
    if (p.lines.length) {
      this.write(this.d.paging.marker);
      return;
    }
    this.pager = null;
    p.done();
  }

  /** Print output lines, a page at a time when paging is on. */
  private output(lines: string[]): Promise<void> {
    if (this.pageLength === 0 || lines.length < this.pageLength) {
      if (lines.length) this.write(lines.join('\r\n') + '\r\n');
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.pager = { lines: lines.slice(), done: resolve };
      this.page(this.pageLength - 1);
    });
  }

  private async drain(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    try {
      while (this.queue.length && !this.closed) {
        const line = this.queue.shift()!;
        const promptBefore = this.prompt();
        const out = this.execute(line, promptBefore.length);
        if (this.olt.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, this.olt.faults.latencyMs));
        if (out === 'dropped' || this.closed) return;
        if (out === 'logout') {
          this.logout();
          return;
        }
        await this.output(out);
        // echo what was typed ahead while this command ran, after its output (as a terminal shows it)
        this.write(this.prompt() + (this.echo && this.queue.length === 0 ? this.buffer : ''));
        if (this.echo && this.queue.length) this.write(this.queue[0] + '\r\n');
      }
    } finally {
      this.busy = false;
    }
  }

  private logout(): void {
    this.closed = true;
    const st = this.s.stream as unknown as { exit?: (code: number) => void; end: () => void };
    st.exit?.(0);
    st.end();
  }

  private error(e: CliError, promptLen: number): string[] {
    const out: string[] = [];
    if (e.kind === 'invalid-input' && this.d.errors.caret && e.caretAt !== undefined)
      out.push(' '.repeat(promptLen + e.caretAt) + '^');
    out.push(formatError(this.d, e.kind, e.detail ?? ''));
    return out;
  }

  /** Run one line; returns output lines, or what happened to the session. */
  private execute(raw: string, promptLen: number): string[] | 'logout' | 'dropped' {
    const line = expandAbbreviations(raw);
    const words = tokenize(line).map((t) => t.word);
    if (words.length === 0) return [];
    // commands of every mode
    if (words[0] === 'show') {
      const r = runShow(this.olt, this.d, line)!;
      return 'error' in r ? this.error(r.error, promptLen) : r.lines;
    }
    if (words[0] === 'terminal' && words[1] === 'length') {
      const n = Number(words[2]);
      if (words.length !== 3 || !/^\d+$/.test(words[2]) || n > 512)
        return this.error(
          {
            kind: words.length < 3 ? 'incomplete' : 'bad-value',
            detail: `terminal length ${words[2] ?? ''} (0-512)`,
          },
          promptLen,
        );
      this.pageLength = n;
      return [];
    }
    if (words.length === 1 && words[0] === 'write') return ['Building configuration...', '[OK]'];
    if (this.mode.kind === 'exec' && words.length === 1 && (words[0] === 'exit' || words[0] === 'quit'))
      return 'logout';

    const p = parseCliLine(this.d, this.mode, line);
    switch (p.kind) {
      case 'empty':
        return [];
      case 'exit':
        this.mode = this.mode.kind === 'config' ? { kind: 'exec' } : { kind: 'config' };
        return [];
      case 'end':
        this.mode = { kind: 'exec' };
        return [];
      case 'error':
        return this.error(p.error, promptLen);
      case 'enter': {
        const e = checkModeEntry(this.d, this.olt.config.running, p.mode, {
          validate: true,
          knownPons: this.knownPons(),
        });
        if (e) return this.error(e, promptLen);
        this.mode = p.mode;
        return [];
      }
      case 'element': {
        const store = this.olt.config;
        const holder = store.lockHolder('running');
        if (holder !== undefined) return this.error({ kind: 'locked', detail: holder }, promptLen);
        const fate = this.olt.faults.nextConfigOp();
        if (fate === 'drop') {
          this.closed = true;
          this.s.drop();
          return 'dropped';
        }
        if (fate === 'fail') return this.error({ kind: 'failed' }, promptLen);
        const draft = draftFor(store.running, this.mode);
        const e = applyCliElement(this.d, draft, this.mode, p.element, p.op, p.values, {
          validate: true,
          knownPons: this.knownPons(),
        });
        if (e) return this.error(e, promptLen);
        store.setRunning(draft);
        return [];
      }
    }
  }

  private pons: Set<string> | undefined;
  private knownPons(): Set<string> {
    this.pons ??= new Set(this.olt.pons.map((p) => p.name));
    return this.pons;
  }
}

/** A shell handler speaking `dialect` for `olt`, for `new SimSshServer({ shell })`. */
export function createCliShell(olt: SimOlt, dialect: CliDialect, opts: CliShellOptions = {}): SessionHandler {
  return (session) => {
    new CliSession(olt, dialect, session, opts);
  };
}

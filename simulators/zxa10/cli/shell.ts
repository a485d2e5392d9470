/**
 * The interactive shell of the simulated ZXA10 (issue 18 item 4), as a handler for SimSshServer:
 * banner and prompts of the family, echo of typed characters on a pty, ` --More--` paging erased with
 * BS-SP-BS ×8 as a live C300 sends it [c300/paging-more-noc-and-clients.txt], output filters
 * (`| begin`, `| include`, `| exclude`), and every line matched against the mode's own grammar
 * (commands-*.ts). Faults: `latency` delays answers; `fail-commit` / `drop-connection` fail or drop the
 * Nth configuration command.
 */
import type { SessionHandler, SshSession } from '../../ssh/server.ts';
import type { Zxa10Olt } from '../olt.ts';
import { errorLines, promptOf, type CmdCtx, type Mode, type Reply } from './context.ts';
import { grammarsOf } from './modes.ts';
import { tokenize } from './grammar.ts';
import { wrap80 } from '../config/render.ts';

/** What the pager erases after a key: BS SP BS eight times (air-buddy's capture of a live C300). */
const PAGER = ' --More--';
const ERASE = '\b \b'.repeat(8);
/** Lines per page before `terminal length` is given (ZXR10 default screen length). */
const DEFAULT_PAGE = 24;

function banner(o: Zxa10Olt, now: Date, from: string): string[] {
  const two = (n: number) => String(n).padStart(2, '0');
  if (o.fam.id === 'c600') {
    // c600/banner-and-show-gpon-onu-state-c600.txt (live, telnet; "through SSH" here)
    const t = `${two(now.getUTCHours())}:${two(now.getUTCMinutes())}:${two(now.getUTCSeconds())}`;
    const d = `${two(now.getUTCMonth() + 1)}-${two(now.getUTCDate())}-${now.getUTCFullYear()}`;
    const rule = '*'.repeat(57);
    return [
      rule,
      'Welcome to TITAN series OLT of ZTE Corporation',
      rule,
      `Login at ${t} ${d} from ${from} through SSH.`,
    ];
  }
  // c300/session-login-system-group-c320-v2.1.0.txt (live): rule, welcome, rule, blank, last login, wrapped at 80
  const rule = '*'.repeat(48);
  const last =
    `Last login time is ${two(now.getUTCMonth() + 1)}.${two(now.getUTCDate())}.${now.getUTCFullYear()}-` +
    `${two(now.getUTCHours())}:${two(now.getUTCMinutes())}:${two(now.getUTCSeconds())}-UTC, ` +
    '0 authentication failures happened since that time.';
  return [rule, `Welcome to ZXAN product ${o.fam.model} of ZTE Corporation`, rule, '', ...wrap80(last), ''];
}

/** `show … | begin|include|exclude TEXT` → the command and the filter. */
function splitFilter(line: string): { cmd: string; filter?: (lines: string[]) => string[] } {
  const m = /^(.*?)\s+\|\s+(begin|include|exclude)\s+(.+)$/.exec(line);
  if (!m || !/^\s*sh/.test(m[1])) return { cmd: line };
  const text = m[3].trim();
  const has = (l: string) => l.includes(text);
  if (m[2] === 'begin')
    return {
      cmd: m[1],
      filter: (ls) => {
        const i = ls.findIndex(has);
        return i < 0 ? [] : ls.slice(i);
      },
    };
  return { cmd: m[1], filter: (ls) => ls.filter((l) => has(l) === (m[2] === 'include')) };
}

class Zxa10Session {
  private mode: Mode = { kind: 'exec' };
  private buffer = '';
  private readonly queue: string[] = [];
  private busy = false;
  private lastWasCr = false;
  private closed = false;
  private pager: { lines: string[]; done: () => void } | null = null;
  private question: ((reply: string) => Reply) | null = null;
  pageLength: number;
  private pending = '';
  private flushQueued = false;

  constructor(
    private readonly o: Zxa10Olt,
    private readonly s: SshSession,
  ) {
    this.pageLength = DEFAULT_PAGE;
    s.stream.on('data', (b: Buffer) => this.onData(b.toString('latin1')));
    const gone = () => {
      this.closed = true;
    };
    s.stream.on('close', gone);
    s.stream.on('error', gone);
    this.write(banner(o, new Date(), '127.0.0.1').join('\r\n') + '\r\n' + this.prompt());
  }

  private get echo(): boolean {
    return this.s.pty !== undefined;
  }

  /** One write per answer: small writes meet Nagle and delayed ACK (~40 ms each on loopback). */
  private write(text: string): void {
    this.pending += text;
    if (!this.flushQueued) {
      this.flushQueued = true;
      setImmediate(() => {
        this.flushQueued = false;
        if (this.pending && !this.closed) this.s.stream.write(this.pending);
        this.pending = '';
      });
    }
  }

  private prompt(): string {
    return promptOf(this.o.cfg.hostname, this.mode);
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
      } else if (ch === '\x03' || ch === '\x1a') {
        // Ctrl-C drops the line; Ctrl-Z ends configuration ("End with CTRL/Z")
        this.buffer = '';
        if (ch === '\x1a' && this.mode.kind !== 'exec') this.mode = { kind: 'exec' };
        if (this.echo) this.write('\r\n' + this.prompt());
      } else if (ch >= ' ') {
        this.buffer += ch;
        if (this.echo && !this.busy) this.write(ch);
      }
    }
  }

  /** Space: next page; Enter: one more line; q or Ctrl-C: stop. The prompt is erased first. */
  private onPagerKey(ch: string): void {
    const p = this.pager!;
    if (ch === ' ') this.page(this.pageLength - 1, true);
    else if (ch === '\r' || ch === '\n') this.page(1, true);
    else if (ch === 'q' || ch === 'Q' || ch === '\x03') {
      p.lines = [];
      this.page(0, true);
    }
  }

  private page(n: number, erase = false): void {
    const p = this.pager!;
    if (erase) this.write(ERASE);
    const chunk = p.lines.splice(0, n);
    if (chunk.length) this.write(chunk.join('\r\n') + '\r\n');
    if (p.lines.length) {
      this.write(PAGER);
      return;
    }
    this.pager = null;
    p.done();
  }

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
        const promptLen = this.prompt().length;
        const r = this.execute(line, promptLen);
        const latency = this.o.olt.faults.latencyMs;
        if (latency > 0) await new Promise((res) => setTimeout(res, latency));
        if (r === 'dropped' || this.closed) return;
        await this.output(r.lines);
        if (r.logout) {
          this.closed = true;
          const st = this.s.stream as unknown as { exit?: (code: number) => void; end: () => void };
          st.exit?.(0);
          st.end();
          return;
        }
        this.write(
          (this.question ? this.questionPrompt : this.prompt()) +
            (this.echo && !this.queue.length ? this.buffer : ''),
        );
        if (this.echo && this.queue.length) this.write(this.queue[0] + '\r\n');
      }
    } finally {
      this.busy = false;
    }
  }

  private questionPrompt = '';

  private execute(raw: string, promptLen: number): { lines: string[]; logout?: boolean } | 'dropped' {
    if (this.question) {
      const answer = this.question;
      this.question = null;
      const r = answer(raw);
      return { lines: r.error ? errorLines(this.o.fam, r.error, 0) : (r.lines ?? []), logout: r.logout };
    }
    const { cmd, filter } = splitFilter(raw);
    if (!tokenize(cmd).length) return { lines: [] };
    const grammars = grammarsOf(this.o.fam, this.o.startedAt);
    let m = grammars[this.mode.kind].match(cmd);
    // a line a sub-mode does not know but global configuration does (`interface …`, `pon-onu-mng …`)
    // runs there, as pasted TITAN templates rely on (c600/provision-c600-vport-map-scripts.txt, source 3)
    if (!m.ok && m.kind === 'invalid' && !['exec', 'config'].includes(this.mode.kind)) {
      const up = grammars.config.match(cmd);
      if (up.ok && !['end', 'exit', '$', '!', 'write'].includes(up.words[0])) {
        this.mode = { kind: 'config' };
        m = up;
      }
    }
    if (!m.ok) return { lines: errorLines(this.o.fam, { kind: m.kind, at: m.at }, promptLen) };
    const isConfig = this.mode.kind !== 'exec' && !m.words[0]?.startsWith('show');
    if (isConfig && !['end', 'exit', '$', '!'].includes(m.words[0])) {
      const fate = this.o.olt.faults.nextConfigOp();
      if (fate === 'drop') {
        this.closed = true;
        this.s.drop();
        return 'dropped';
      }
      // fail-commit: the lab's injected failure; no public text exists for it
      if (fate === 'fail')
        return {
          lines: errorLines(
            this.o.fam,
            { kind: 'line', text: '%Error 20200: Command execution failed.' },
            promptLen,
          ),
        };
    }
    const ctx: CmdCtx = {
      fam: this.o.fam,
      cfg: this.o.cfg,
      olt: this.o.olt,
      history: this.o.history,
      mode: this.mode,
      args: m.args,
      argAt: m.argAt,
      line: m.canonical,
      now: Date.now(),
      setMode: (next) => {
        this.mode = next;
      },
      session: {
        setPageLength: (n) => {
          this.pageLength = n;
        },
        ask: (prompt, answer) => {
          this.question = answer;
          this.questionPrompt = prompt;
        },
      },
    };
    const r = m.handler(ctx) ?? {};
    if (r.error) return { lines: errorLines(this.o.fam, r.error, promptLen) };
    const lines = r.lines ?? [];
    return { lines: filter ? filter(lines) : lines, logout: r.logout };
  }
}

/** The shell of one simulated ZXA10, for `new SimSshServer({ shell })`. */
export function zxa10Shell(o: Zxa10Olt): SessionHandler {
  return (session) => {
    new Zxa10Session(o, session);
  };
}

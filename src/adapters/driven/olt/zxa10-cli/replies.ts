/**
 * What a ZXA10 prints back, line by line: the pager's traces removed, hard-wrapped lines joined,
 * and each line classed as error, notice or success by its SHAPE (docs/zxa10-dialect.md §3): a
 * `%Error NNNNN…`, `%Code NNNNN-…` or bare `% …` line is an error, unless it is a notice
 * (`%Info 20272: …`, `%Code 62310-GPONSRV : No related information to show.`, the weak-password
 * warning). Numbers are never looked up in a table: one number carries several texts and one text
 * has different numbers on different firmware (errors/c300-code-32310-no-related-information.txt).
 */
import type { Zxa10Dialect } from './zxa10-dialect.ts';

/**
 * A line as the terminal shows it. The pager prompt ` --More--` is removed, and the bytes the
 * device sends to erase it (BS SP BS ×8, c300/show-gpon-onu-state-c300-paging.txt; BS BS BS in
 * raf-bot's capture, c300/paging-more-noc-and-clients.txt) are applied as a terminal would.
 */
export function cleanLine(raw: string, d: Pick<Zxa10Dialect, 'paging'>): string {
  let line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (line.includes(d.paging.marker))
    line = line.replace(new RegExp(`[ \\t]*${escape(d.paging.marker)}[ \\t]*`, 'g'), '');
  if (line.includes('\b')) {
    let out = '';
    for (const ch of line) out = ch === '\b' ? out.slice(0, -1) : out + ch;
    line = out;
  }
  // a carriage return inside a line returns to column 0: what follows overwrites what was shown
  if (line.includes('\r')) line = line.slice(line.lastIndexOf('\r') + 1);
  return line;
}

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Joins lines the device hard-wrapped at `columns` (C620 running-config: a long `traffic-profile`
 * line continues on the next line, c600/running-config-c620-two-onus.txt): a line exactly `columns`
 * long is continued by the next one.
 */
export function unwrapLines(lines: readonly string[], columns: number): string[] {
  if (!columns) return [...lines];
  const out: string[] = [];
  let cur: string | undefined;
  for (const l of lines) {
    cur = cur === undefined ? l : cur + l;
    if (l.length !== columns) {
      out.push(cur);
      cur = undefined;
    }
  }
  if (cur !== undefined) out.push(cur);
  return out;
}

export type ReplyKind = 'error' | 'notice' | 'success' | 'text';

export function classifyReply(d: Pick<Zxa10Dialect, 'replies'>, line: string): ReplyKind {
  const t = line.trim();
  if (!t) return 'text';
  if (d.replies.notice.some((r) => r.test(t))) return 'notice';
  if (d.replies.error.some((r) => r.test(t))) return 'error';
  if (d.replies.success.some((r) => r.test(t))) return 'success';
  return 'text';
}

/** The device's error reply to a command: its error line and, for invalid input, the caret line above it. */
export interface DeviceErrorReply {
  /** The error line verbatim (`%Code 32310-GPONSRV : The ONU does not exist.`). */
  line: string;
  /** Its number when it carries one (`%Error 20203`, `%Code 32310`): informative, never looked up. */
  code?: number;
  /** Column of the `^` marker under the input, when the device printed one. */
  caretAt?: number;
}

/** The first error among a command's reply lines, if any. */
export function findError(
  d: Pick<Zxa10Dialect, 'replies'>,
  lines: readonly string[],
): DeviceErrorReply | undefined {
  for (let i = 0; i < lines.length; i++) {
    if (classifyReply(d, lines[i]) !== 'error') continue;
    const line = lines[i].trim();
    const code = /^%(?:Error|Code)\s+(\d+)/.exec(line)?.[1];
    const caret = i > 0 && /^\s*\^\s*$/.test(lines[i - 1]) ? lines[i - 1].indexOf('^') : undefined;
    return {
      line,
      ...(code ? { code: Number(code) } : {}),
      ...(caret !== undefined ? { caretAt: caret } : {}),
    };
  }
  return undefined;
}

/** Does a reply say there is nothing to show (an empty table), in any of the public spellings? */
export function saysNoInformation(d: Pick<Zxa10Dialect, 'replies'>, lines: readonly string[]): boolean {
  return lines.some((l) => l.includes(d.replies.noInformation));
}

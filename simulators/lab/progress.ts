/**
 * The lab's start-up progress bar (issue 4 §1) as `ponctl lab` draws it on stderr — never on stdout,
 * whose first line `ponctl lab --json` reserves for the inventory (design §3).
 */
import type { LabProgress } from './lab.ts';

/** Labs with at least this many ONTs show progress even when stderr is not a terminal (a log). */
export const LARGE_LAB_ONTS = 1000;

const WIDTH = 30;

/** One line: the bar over all steps, ONTs and OLTs built, and what the step was. */
export function renderProgress(p: LabProgress): string {
  const share = p.totalSteps ? p.steps / p.totalSteps : 1;
  const filled = Math.min(WIDTH, Math.round(share * WIDTH));
  const what =
    p.phase === 'ready'
      ? 'ready'
      : p.phase === 'pon'
        ? `${p.olt} PON ${p.item}`
        : p.phase === 'server'
          ? `${p.olt} ${p.item} listening`
          : `${p.olt} up`;
  return `[${'#'.repeat(filled)}${'.'.repeat(WIDTH - filled)}] ${Math.round(share * 100)}% ${p.onts}/${p.totalOnts} ONTs, ${p.done}/${p.total} OLTs — ${what}`;
}

export interface ProgressOutput {
  isTTY?: boolean;
  write(s: string): unknown;
}

/**
 * A progress callback for Lab.start, or undefined when none should be shown. On a terminal one line
 * is redrawn in place at every step; otherwise only a large lab reports, one plain line per tenth of
 * the way (and at ready), so a log gets about ten lines however many PONs there are.
 */
export function progressPrinter(
  totalOnts: number,
  out: ProgressOutput = process.stderr,
): ((p: LabProgress) => void) | undefined {
  const tty = out.isTTY === true;
  if (!tty && totalOnts < LARGE_LAB_ONTS) return undefined;
  let lastTenth = -1;
  return (p) => {
    if (tty) {
      // \x1b[K clears what a longer previous line left to the right
      out.write(`\r${renderProgress(p)}\x1b[K${p.phase === 'ready' ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor((p.totalSteps ? p.steps / p.totalSteps : 1) * 10);
    if (tenth === lastTenth && p.phase !== 'ready') return;
    lastTenth = tenth;
    out.write(`${renderProgress(p)}\n`);
  };
}

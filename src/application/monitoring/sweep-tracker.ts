/**
 * How long one full sweep of the OLTs watched here takes, and how far behind schedule the most
 * overdue one is (issue 16 item 4: "sweep duration, lag" per instance). Every OLT has its own poll
 * loop (olt-poller.ts); a sweep starts with the first round after the previous sweep ended and ends
 * when every OLT watched here has completed a round since. Times are the scheduler's.
 */
export class SweepTracker {
  private sweep?: { startedMs: number; endMs: number; pending: Set<string> };
  private readonly last = new Map<string, number>();

  constructor(
    private readonly intervalMs: number,
    private readonly onSweep: (seconds: number) => void,
  ) {}

  /** `olt` is watched here from `nowMs` on (its first round is due at once). */
  watch(olt: string, nowMs: number): void {
    this.last.set(olt, nowMs - this.intervalMs);
  }

  unwatch(olt: string): void {
    this.last.delete(olt);
    this.sweep?.pending.delete(olt);
    this.finishIfDone();
  }

  /** A round of `olt` ended at `endMs` after `durationMs`. */
  round(olt: string, endMs: number, durationMs: number): void {
    if (!this.last.has(olt)) return;
    this.last.set(olt, endMs);
    this.sweep ??= { startedMs: endMs - durationMs, endMs, pending: new Set(this.last.keys()) };
    this.sweep.endMs = endMs;
    this.sweep.pending.delete(olt);
    this.finishIfDone();
  }

  /** Seconds the most overdue OLT is behind its schedule (0: every one on time). */
  lagSeconds(nowMs: number): number {
    let worst = 0;
    for (const at of this.last.values()) worst = Math.max(worst, nowMs - at - this.intervalMs);
    return worst / 1000;
  }

  private finishIfDone(): void {
    if (!this.sweep || this.sweep.pending.size > 0) return;
    this.onSweep(Math.max(0, this.sweep.endMs - this.sweep.startedMs) / 1000);
    this.sweep = undefined;
  }
}

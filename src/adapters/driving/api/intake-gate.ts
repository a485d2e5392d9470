/**
 * Fair scheduling of order intake per SP (issue 17 item 4, docs/fairness.md): one SP's flood of
 * `POST /v1/orders` must not move another SP's intake latency by more than 2×. Intake is bounded by
 * the store's one writer and the event loop, not by the number of requests in flight, so admitting
 * every request at once only makes every caller wait behind the flood. The gate therefore:
 * - runs at most `concurrency` intakes at a time, and at most `perSp` of them for one SP, so while
 *   one SP floods there is a free slot or the next one for anyone else;
 * - queues the rest per SP — a queued request is a parked promise, its body not yet read, costing no
 *   CPU — and admits them round-robin across SPs: a slot that frees goes to the next SP in turn, not
 *   to the SP with the longest queue, so another SP waits at most for one intake per SP ahead of it;
 * - answers a request beyond `queuePerSp` waiting for its SP at once with 429 `RATE_LIMITED` and
 *   `Retry-After` (the caller decides to retry; the controller spends nothing more on it).
 * Per instance, like the per-key rate limit (rate-limit.ts).
 */
export interface IntakeGateLimits {
  /** intakes in flight at once on this instance (all SPs) */
  concurrency: number;
  /** intakes in flight at once for one SP (≤ concurrency) */
  perSp: number;
  /** requests of one SP waiting for a slot; beyond it: 429 at once */
  queuePerSp: number;
}

export const DEFAULT_INTAKE_GATE: IntakeGateLimits = { concurrency: 4, perSp: 2, queuePerSp: 64 };

/** Give the slot back (idempotent: the response and a dropped connection may both call it). */
export type Release = () => void;

interface Lane {
  running: number;
  waiting: (() => void)[];
}

export class IntakeGate {
  private running = 0;
  /** SPs in their round-robin order; an SP is here while it runs or waits (Map keeps insertion order) */
  private lanes = new Map<string, Lane>();

  constructor(readonly limits: IntakeGateLimits) {}

  /**
   * A slot for one intake of `sp`: at once when the SP and the instance have one, else after the
   * requests admitted before it in round-robin order; `undefined` when the SP's queue is full.
   */
  acquire(sp: string): Promise<Release> | undefined {
    let lane = this.lanes.get(sp);
    if (!lane) {
      lane = { running: 0, waiting: [] };
      this.lanes.set(sp, lane);
    }
    if (lane.waiting.length === 0 && this.canRun(lane)) return Promise.resolve(this.start(sp, lane));
    if (lane.waiting.length >= this.limits.queuePerSp) {
      if (lane.running === 0) this.lanes.delete(sp);
      return undefined;
    }
    const l = lane;
    return new Promise<Release>((resolve) => l.waiting.push(() => resolve(this.start(sp, l))));
  }

  /** In flight and waiting, per SP (metrics, tests). */
  snapshot(): Record<string, { running: number; waiting: number }> {
    const out: Record<string, { running: number; waiting: number }> = {};
    for (const [sp, l] of this.lanes) out[sp] = { running: l.running, waiting: l.waiting.length };
    return out;
  }

  private canRun(lane: Lane): boolean {
    return this.running < this.limits.concurrency && lane.running < Math.max(1, this.limits.perSp);
  }

  private start(sp: string, lane: Lane): Release {
    this.running++;
    lane.running++;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.running--;
      lane.running--;
      // this SP goes to the back of the round: the next slot is offered to the SPs after it first
      this.lanes.delete(sp);
      if (lane.running > 0 || lane.waiting.length > 0) this.lanes.set(sp, lane);
      this.admit();
    };
  }

  /** Fill free slots, one request per SP per pass, in round-robin order. */
  private admit(): void {
    let admitted = true;
    while (admitted && this.running < this.limits.concurrency) {
      admitted = false;
      for (const [sp, lane] of [...this.lanes]) {
        if (lane.waiting.length === 0 || !this.canRun(lane)) continue;
        const next = lane.waiting.shift()!;
        // admitted: to the back of the round
        this.lanes.delete(sp);
        this.lanes.set(sp, lane);
        next();
        admitted = true;
        if (this.running >= this.limits.concurrency) return;
      }
    }
  }
}

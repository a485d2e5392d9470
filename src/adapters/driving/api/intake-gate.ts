/**
 * Fair scheduling of order intake per SP (issue 17 item 4, docs/fairness.md): one SP's flood of
 * `POST /v1/orders` must not move another SP's intake latency by more than 2×. Intake is bounded by
 * the store's one writer and the event loop, not by the number of requests in flight: an intake in
 * flight is CPU the event loop spends before it gets to anyone else's, so every intake of a flood that
 * runs beside another SP's order makes that order wait. The gate therefore:
 * - runs at most `concurrency` intakes at a time, and one SP at most `perSp` of them while it is the
 *   only SP in intake — one while another SP has been in intake in the last `activeMs`;
 * - queues the rest per SP — a queued request is a parked promise, its body not yet read, costing no
 *   CPU — and admits them round-robin across SPs: a slot that frees goes to the next SP in turn, not
 *   to the SP with the longest queue;
 * - lets an SP with a backlog (orders waiting) yield to the orders of SPs without one that were
 *   running when its turn came: its next order starts once those are answered, so an SP that sends
 *   one order at a time waits for at most the intakes already running when it arrived, never for a
 *   flood's queue. The yield is bounded: orders that start later do not hold it back, nor one running
 *   longer than `yieldMs` (a body sent slowly cannot stall the flood); a slot nobody else uses goes to
 *   the backlog at once: work-conserving;
 * - admits waiting orders after the event loop has read the sockets that are ready (setImmediate), so
 *   a slot freed while one order is answered is not handed to the next queued order ahead of another
 *   SP's request that has already arrived;
 * - answers a request beyond `queuePerSp` waiting for its SP at once with 429 `RATE_LIMITED` and
 *   `Retry-After` (the caller decides to retry; the controller spends nothing more on it).
 * Per instance, like the per-key rate limit (rate-limit.ts).
 */
export interface IntakeGateLimits {
  /** intakes in flight at once on this instance (all SPs) */
  concurrency: number;
  /** intakes in flight at once for an SP that is alone in intake (≤ concurrency) */
  perSp: number;
  /** requests of one SP waiting for a slot; beyond it: 429 at once */
  queuePerSp: number;
  /**
   * ms an intake of an SP without a backlog keeps a backlog yielding to it (default 250): one that
   * runs longer — a client sending its body slowly, on purpose or not — holds nobody back.
   */
  yieldMs?: number;
}

/**
 * 8 / 8: a lone SP's 8 intakes in flight commit together (the SQLite store's group commit): about a
 * third less CPU per order than 2 (bench fairness); beside other SPs it has one anyway.
 */
export const DEFAULT_INTAKE_GATE: IntakeGateLimits = {
  concurrency: 8,
  perSp: 8,
  queuePerSp: 64,
  yieldMs: 250,
};

/** How long after its last intake an SP still counts as in intake, for the others' share. */
export const ACTIVE_MS = 1000;

/** Give the slot back (idempotent: the response and a dropped connection may both call it). */
export type Release = () => void;

interface Lane {
  /** this SP's intakes in flight: start number → when it started (`now()`) */
  running: Map<number, number>;
  waiting: (() => void)[];
  /** while it yields: it waits for the backlog-free SPs' intakes started up to this number */
  yieldUpTo?: number;
}

export class IntakeGate {
  private running = 0;
  private started = 0;
  /** SPs in their round-robin order; an SP is here while it runs or waits (Map keeps insertion order) */
  private lanes = new Map<string, Lane>();
  /** When an SP's last intake ended (`now()`), kept for `ACTIVE_MS` */
  private recent = new Map<string, number>();
  private admitScheduled = false;
  private yieldTimer?: ReturnType<typeof setTimeout>;

  constructor(
    readonly limits: IntakeGateLimits,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * A slot for one intake of `sp`: at once when the SP and the instance have one, else after the
   * requests admitted before it in round-robin order; `undefined` when the SP's queue is full.
   */
  acquire(sp: string): Promise<Release> | undefined {
    let lane = this.lanes.get(sp);
    if (!lane) {
      lane = { running: new Map(), waiting: [] };
      this.lanes.set(sp, lane);
    }
    if (lane.waiting.length === 0 && this.canRun(sp, lane)) return Promise.resolve(this.start(sp, lane));
    if (lane.waiting.length >= this.limits.queuePerSp) {
      if (lane.running.size === 0) this.lanes.delete(sp);
      return undefined;
    }
    const l = lane;
    return new Promise<Release>((resolve) => l.waiting.push(() => resolve(this.start(sp, l))));
  }

  /** In flight and waiting, per SP (metrics, tests). */
  snapshot(): Record<string, { running: number; waiting: number }> {
    const out: Record<string, { running: number; waiting: number }> = {};
    for (const [sp, l] of this.lanes) out[sp] = { running: l.running.size, waiting: l.waiting.length };
    return out;
  }

  private canRun(sp: string, lane: Lane): boolean {
    if (this.running >= this.limits.concurrency) return false;
    let othersActive = false;
    if (this.recent.size) {
      const since = this.now() - ACTIVE_MS;
      for (const [other, at] of this.recent) {
        if (at < since) this.recent.delete(other);
        else if (other !== sp) othersActive = true;
      }
    }
    let yieldTo = false;
    for (const [other, l] of this.lanes) {
      if (other === sp || (l.running.size === 0 && l.waiting.length === 0)) continue;
      othersActive = true;
      if (lane.waiting.length > 0 && l.waiting.length === 0) {
        // another SP without a backlog has intakes running: the backlog waits for those that were
        // running when its turn first came (a bound: later ones do not hold it back)
        lane.yieldUpTo ??= this.started;
        const yieldMs = this.limits.yieldMs ?? DEFAULT_INTAKE_GATE.yieldMs!;
        for (const [n, at] of l.running) {
          if (n > lane.yieldUpTo) continue;
          const left = at + yieldMs - this.now();
          if (left <= 0) continue; // running too long: it holds nobody back (a slowly sent body)
          yieldTo = true;
          this.admitIn(left);
        }
      }
    }
    if (yieldTo) return false;
    return lane.running.size < (othersActive ? 1 : Math.max(1, this.limits.perSp));
  }

  private start(sp: string, lane: Lane): Release {
    const n = ++this.started;
    this.running++;
    lane.running.set(n, this.now());
    lane.yieldUpTo = undefined;
    this.recent.delete(sp);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.running--;
      lane.running.delete(n);
      // this SP goes to the back of the round: the next slot is offered to the SPs after it first
      this.lanes.delete(sp);
      if (lane.running.size > 0 || lane.waiting.length > 0) this.lanes.set(sp, lane);
      else this.recent.set(sp, this.now());
      this.scheduleAdmit();
    };
  }

  /** An admission pass when a yield runs out. */
  private admitIn(ms: number): void {
    if (this.yieldTimer) return;
    this.yieldTimer = setTimeout(() => {
      this.yieldTimer = undefined;
      this.scheduleAdmit();
    }, Math.ceil(ms));
    this.yieldTimer.unref?.();
  }

  private scheduleAdmit(): void {
    if (this.admitScheduled) return;
    this.admitScheduled = true;
    setImmediate(() => {
      this.admitScheduled = false;
      this.admit();
    });
  }

  /** Fill free slots, one request per SP per pass, in round-robin order. */
  private admit(): void {
    let admitted = true;
    while (admitted && this.running < this.limits.concurrency) {
      admitted = false;
      for (const [sp, lane] of [...this.lanes]) {
        if (lane.waiting.length === 0 || !this.canRun(sp, lane)) continue;
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

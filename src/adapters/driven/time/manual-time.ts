/**
 * Time that moves only when told to, for tests and replays: a clock set by hand, and a scheduler
 * whose callbacks run when `advance` passes their time (in time order, the clock set to each
 * callback's instant as it runs). Nothing here reads the wall clock or arms a Node timer, so a test
 * of a poller or the correlator's window never sleeps.
 */
import type { Clock } from '../../../application/ports/clock.ts';
import type { Cancel, Scheduler } from '../../../application/ports/scheduler.ts';

/** A clock tests move by hand. */
export class ManualClock implements Clock {
  private t: number;
  constructor(start: Date | string) {
    this.t = new Date(start).getTime();
  }
  now(): Date {
    return new Date(this.t);
  }
  set(at: Date | string): void {
    this.t = new Date(at).getTime();
  }
  advance(ms: number): void {
    this.t += ms;
  }
}

interface Pending {
  at: number;
  seq: number;
  everyMs?: number;
  fn: () => void;
}

/** A scheduler driven by `advance`; it moves its ManualClock with it. */
export class ManualScheduler implements Scheduler {
  private readonly pending = new Set<Pending>();
  private seq = 0;

  constructor(readonly clock: ManualClock) {}

  elapsedMs(): number {
    return this.clock.now().getTime();
  }

  after(ms: number, fn: () => void): Cancel {
    return this.add({ at: this.clock.now().getTime() + Math.max(0, ms), seq: this.seq++, fn });
  }

  every(ms: number, fn: () => void): Cancel {
    const step = Math.max(1, ms);
    return this.add({ at: this.clock.now().getTime() + step, seq: this.seq++, everyMs: step, fn });
  }

  /** Callbacks armed and not yet run or cancelled. */
  get armed(): number {
    return this.pending.size;
  }

  /**
   * Moves time forward by `ms`, running every callback that falls due, in time order; between
   * callbacks the promise jobs they started get to run (`await` a tick), as they would with real
   * timers.
   */
  async advance(ms: number): Promise<void> {
    const end = this.clock.now().getTime() + ms;
    for (;;) {
      const next = [...this.pending].sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next || next.at > end) break;
      this.clock.set(new Date(next.at));
      if (next.everyMs) {
        next.at += next.everyMs;
        next.seq = this.seq++;
      } else this.pending.delete(next);
      next.fn();
      await settle();
    }
    this.clock.set(new Date(end));
    await settle();
  }

  private add(p: Pending): Cancel {
    this.pending.add(p);
    return () => void this.pending.delete(p);
  }
}

/** Lets the promise jobs queued so far (and the ones they queue) run. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await new Promise<void>((r) => setImmediate(r));
}

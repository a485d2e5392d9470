/**
 * The scheduler port (application/ports/scheduler.ts) on Node's timers. Timers are unref'd: a
 * background callback never keeps the process alive by itself (the API's socket and the workers'
 * own stop() decide when the controller ends).
 */
import type { Cancel, Scheduler } from '../../../application/ports/scheduler.ts';

export const nodeScheduler: Scheduler = {
  elapsedMs: () => performance.now(),
  after(ms: number, fn: () => void): Cancel {
    const t = setTimeout(fn, ms);
    t.unref();
    return () => clearTimeout(t);
  },
  every(ms: number, fn: () => void): Cancel {
    const t = setInterval(fn, ms);
    t.unref();
    return () => clearInterval(t);
  },
};

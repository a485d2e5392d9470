/**
 * Timers, injected (style.md: "a service that opens sockets itself can't be tested without them";
 * the same holds for one that arms its own timers): pollers, the correlator's tick and the
 * background workers ask the scheduler to call them back, so tests drive them with a manual
 * scheduler instead of sleeping. The node scheduler is adapters/driven/time/node-scheduler.ts.
 */

/** Stops a callback from being called (again). Calling it twice is harmless. */
export type Cancel = () => void;

export interface Scheduler {
  /** Milliseconds on the scheduler's own monotonic time (to space callbacks from a start, not the clock). */
  elapsedMs(): number;
  /** Calls `fn` once, `ms` from now. */
  after(ms: number, fn: () => void): Cancel;
  /** Calls `fn` every `ms` until cancelled. */
  every(ms: number, fn: () => void): Cancel;
}

/**
 * The controller's clock (ports/clock.ts) on the wall clock: as it is, or started at `PONCTL_CLOCK`
 * and running forward from there (design §3).
 */
import type { Clock } from '../../../application/ports/clock.ts';

/** Wall-clock time. */
export const systemClock: Clock = { now: () => new Date() };

/**
 * Starts at `start` and then runs forward at real speed (design §3: "starts it at that instant, it
 * then runs forward").
 */
export function offsetClock(start: Date, base: () => number = Date.now): Clock {
  const offset = start.getTime() - base();
  return { now: () => new Date(base() + offset) };
}

/** `PONCTL_CLOCK` value → clock (undefined/empty → system clock). */
export function clockFrom(start: string | undefined): Clock {
  if (!start) return systemClock;
  const d = new Date(start);
  if (Number.isNaN(d.getTime())) throw new Error(`PONCTL_CLOCK is not an ISO instant: ${start}`);
  return offsetClock(d);
}

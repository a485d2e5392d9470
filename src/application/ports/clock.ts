/**
 * The controller's clock (design §3): every rule that depends on "today" reads it, never `Date.now()`
 * directly, so labs, tests and replays can start the controller at any instant (`PONCTL_CLOCK`).
 */
export interface Clock {
  now(): Date;
}

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

/** `PONCTL_CLOCK` value → clock (undefined/empty → system clock). */
export function clockFrom(start: string | undefined): Clock {
  if (!start) return systemClock;
  const d = new Date(start);
  if (Number.isNaN(d.getTime())) throw new Error(`PONCTL_CLOCK is not an ISO instant: ${start}`);
  return offsetClock(d);
}

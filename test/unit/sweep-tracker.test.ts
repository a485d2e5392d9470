/** A full sweep of the OLTs watched here, and the lag of the most overdue one (issue 16 item 4). */
import { describe, expect, it } from 'vitest';
import { SweepTracker } from '../../src/application/monitoring/sweep-tracker.ts';

describe('SweepTracker', () => {
  it('a sweep lasts from the first round’s start to the end of the last OLT’s round', () => {
    const sweeps: number[] = [];
    const t = new SweepTracker(5000, (s) => sweeps.push(s));
    for (const o of ['a', 'b', 'c']) t.watch(o, 0);
    t.round('a', 1200, 400); // started at 800
    t.round('b', 1500, 300);
    expect(sweeps).toEqual([]);
    t.round('a', 2000, 100); // a again before c: still the same sweep
    t.round('c', 3000, 1000);
    expect(sweeps).toEqual([2.2]);
    t.round('b', 7000, 500); // the next sweep starts at 6500
    t.unwatch('a');
    t.round('c', 8000, 100);
    expect(sweeps).toEqual([2.2, 1.5]);
  });

  it('lag: how far the most overdue OLT is behind its interval; never negative', () => {
    const t = new SweepTracker(5000, () => undefined);
    t.watch('a', 0);
    t.watch('b', 0);
    expect(t.lagSeconds(0)).toBe(0);
    t.round('a', 4000, 100);
    t.round('b', 4000, 100);
    expect(t.lagSeconds(8000)).toBe(0);
    t.round('a', 9000, 100);
    expect(t.lagSeconds(12_000)).toBe(3); // b last ended at 4000: due at 9000, 3 s late
    t.unwatch('b');
    expect(t.lagSeconds(12_000)).toBe(0);
  });
});

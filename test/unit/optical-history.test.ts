/**
 * The optical history's thinning and ordering (src/application/monitoring/optical-history.ts): a
 * reading that says something new is kept, a repeat is not, and an ONT's kept samples never share a
 * time — a trap and a poll round stamped at its start can land in one millisecond, and the store's
 * key (olt, pon, onu, at, source) would drop the second.
 */
import { describe, expect, it } from 'vitest';
import { OpticalHistory, type SampledOnt } from '../../src/application/monitoring/optical-history.ts';

const ont = (): SampledOnt => ({ olt: 'OLT-1', pon: '1/1/2', onuId: 5 });
const T = Date.parse('2026-12-05T10:00:00.000Z');

describe('optical history', () => {
  it('keeps a moved level, drops a repeat within the interval, keeps one after it', () => {
    const h = new OpticalHistory({ minDeltaDb: 0.5, minIntervalMs: 60_000 });
    const o = ont();
    for (const [dt, rx] of [
      [0, -20],
      [300, -20.2],
      [600, -27.5],
      [60_700, -27.5],
    ] as const) {
      o.rxDbm = rx;
      h.sample(o, new Date(T + dt), 'snmp');
    }
    expect(h.drain().map((s) => [Date.parse(s.at) - T, s.rxDbm])).toEqual([
      [0, -20],
      [600, -27.5],
      [60_700, -27.5],
    ]);
    expect(h.drain()).toEqual([]);
  });

  it('two readings in one millisecond, or one stamped before the last kept, stay in observed order', () => {
    const h = new OpticalHistory({ minDeltaDb: 0.5 });
    const o = ont();
    o.rxDbm = -27.5; // a trap received at T
    h.sample(o, new Date(T), 'snmp');
    o.rxDbm = -29; // a poll round stamped at T when it started, observed after the trap
    h.sample(o, new Date(T), 'snmp');
    o.rxDbm = -20; // a round stamped before the last kept sample
    h.sample(o, new Date(T - 40), 'snmp');
    const kept = h.drain();
    expect(kept.map((s) => s.rxDbm)).toEqual([-27.5, -29, -20]);
    expect(kept.map((s) => Date.parse(s.at) - T)).toEqual([0, 1, 2]);
    expect(new Set(kept.map((s) => `${s.olt}|${s.pon}|${s.onuId}|${s.at}|${s.source}`)).size).toBe(3);
  });
});

/**
 * Spreading OLTs over live instances (domain/cluster/olt-assignment.ts): even (bounded loads), the
 * same on every instance whatever order it lists things in, and few moves when an instance joins
 * or leaves (rendezvous hashing).
 */
import { describe, expect, it } from 'vitest';
import {
  assignOlts,
  provisioningPreference,
  rendezvousOrder,
} from '../../src/domain/cluster/olt-assignment.ts';

const olts = (n: number) => Array.from({ length: n }, (_, i) => `olt-${i + 1}`);
const ids = (k: number) => Array.from({ length: k }, (_, i) => `inst-${i + 1}`);
const loads = (m: Map<string, string>, of: string[]) =>
  of.map((id) => [...m.values()].filter((x) => x === id).length);

describe('assignOlts', () => {
  it.each([
    [12, 3],
    [64, 3],
    [2000, 7],
    [5, 8],
  ])('%i OLTs over %i instances: each owned once, no instance above ceil(n/k)', (n, k) => {
    const a = assignOlts(olts(n), ids(k));
    expect(a.size).toBe(n);
    const l = loads(a, ids(k));
    expect(l.reduce((x, y) => x + y, 0)).toBe(n);
    expect(Math.max(...l)).toBeLessThanOrEqual(Math.ceil(n / k));
    expect(Math.min(...l)).toBe(Math.floor(n / k));
    expect(l.filter((x) => x > Math.floor(n / k)).length).toBe(n % k);
  });

  it('is the same on every instance, whatever order the inputs come in', () => {
    const a = assignOlts(olts(64), ids(3));
    const b = assignOlts([...olts(64)].reverse(), [...ids(3)].reverse());
    expect([...b].sort()).toEqual([...a].sort());
  });

  it('a leaving instance moves its own OLTs and few others; a joining one takes about its share', () => {
    const all = olts(64);
    const before = assignOlts(all, ids(4));
    const after = assignOlts(all, ids(3));
    const movedOthers = all.filter((o) => before.get(o) !== 'inst-4' && before.get(o) !== after.get(o));
    expect(movedOthers.length).toBeLessThanOrEqual(4);
    const joined = assignOlts(all, ids(5));
    const moved = all.filter((o) => before.get(o) !== joined.get(o));
    expect(moved.length).toBeLessThanOrEqual(Math.ceil(64 / 5) + 4);
    expect(moved.every((o) => joined.get(o) === 'inst-5' || before.get(o) !== joined.get(o))).toBe(true);
  });

  it('no instance, no owner; rendezvous order is a permutation of the instances', () => {
    expect(assignOlts(olts(3), []).size).toBe(0);
    expect([...rendezvousOrder('olt-1', ids(5))].sort()).toEqual(ids(5));
  });
});

describe('provisioningPreference', () => {
  const bench = Array.from({ length: 16 }, (_, i) => `olt-${i + 1}`);
  const insts = ['bench-1', 'bench-2', 'bench-3'];

  it('16 OLTs over 3 instances: each OLT the own of exactly one, 5 or 6 each (the monitoring spread)', () => {
    const prefs = insts.map((me) => provisioningPreference(bench, insts, me));
    for (const olt of bench) expect(prefs.filter((p) => p.own.has(olt)).length).toBe(1);
    expect(prefs.map((p) => p.own.size).sort()).toEqual([5, 5, 6]);
    const a = assignOlts(bench, insts);
    for (const [i, p] of prefs.entries())
      expect([...p.own].sort()).toEqual(bench.filter((o) => a.get(o) === insts[i]).sort());
  });

  it('rank: an OLT whose first choice is this instance before one it is the second choice of, and so on', () => {
    const p = provisioningPreference(bench, insts, 'bench-2');
    const pos = (olt: string) => rendezvousOrder(olt, insts).indexOf('bench-2');
    const sorted = [...bench].sort((x, y) => p.rank(x) - p.rank(y));
    expect(sorted.map(pos)).toEqual([...sorted.map(pos)].sort());
    // the ranks differ between instances: three instances taking over do not all start at one OLT
    const firsts = insts.map((me) => {
      const q = provisioningPreference(bench, insts, me);
      return [...bench].sort((x, y) => q.rank(x) - q.rank(y))[0];
    });
    expect(new Set(firsts).size).toBe(3);
  });

  it('alone, or not registered: every OLT its own', () => {
    expect(provisioningPreference(bench, [], 'bench-1').own.size).toBe(16);
    expect(provisioningPreference(bench, ['bench-1'], 'bench-1').own.size).toBe(16);
    expect(provisioningPreference(bench, ['bench-2'], 'bench-1').own.size).toBe(8);
  });
});

/**
 * Spreading OLTs over live instances (domain/cluster/olt-assignment.ts): even (bounded loads), the
 * same on every instance whatever order it lists things in, and few moves when an instance joins
 * or leaves (rendezvous hashing).
 */
import { describe, expect, it } from 'vitest';
import { assignOlts, rendezvousOrder } from '../../src/domain/cluster/olt-assignment.ts';

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
    expect(Math.min(...l)).toBeGreaterThanOrEqual(Math.floor(n / k) - (n % k === 0 ? 0 : 1));
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

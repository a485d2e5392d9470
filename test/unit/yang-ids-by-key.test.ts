/**
 * The key → ids map of the lab's reverse index and device rules (simulators/yang/ids-by-key.ts)
 * puts the ids a key held by many gets into its Set only when the key is read or an id removed.
 * On random adds and removes (repeated ids, keys emptied and held again) it must answer as a map of
 * Sets filled at once: the same ids, in the same order, the same sizes and heldByOther verdicts.
 */
import { describe, it, expect } from 'vitest';
import { IdsByKey } from '../../simulators/yang/ids-by-key.ts';

/** A small deterministic generator (the sequence must not change between runs). */
function rng(seed: number): () => number {
  let x = seed;
  return () => {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    return x / 0x80000000;
  };
}

describe('IdsByKey', () => {
  it('answers as Sets filled at every add', () => {
    const r = rng(7);
    const ids = new IdsByKey();
    const ref = new Map<string, Set<string>>();
    const keys = ['profile-a', 'profile-b', 'uplink', 'serial-1', 'serial-2'];
    for (let step = 0; step < 20_000; step++) {
      const key = keys[Math.floor(r() * keys.length)];
      const id = `id-${Math.floor(r() * 300)}`;
      const what = r();
      if (what < 0.6) {
        ids.add(key, id);
        if (!ref.has(key)) ref.set(key, new Set());
        ref.get(key)!.add(id);
      } else if (what < 0.8) {
        ids.remove(key, id);
        const s = ref.get(key);
        if (s?.delete(id) && !s.size) ref.delete(key);
      } else if (what < 0.9) {
        expect([...ids.get(key)]).toEqual([...(ref.get(key) ?? [])]);
      } else if (what < 0.95) {
        const except = new Set([`id-${Math.floor(r() * 300)}`, `id-${Math.floor(r() * 300)}`]);
        const other = [...(ref.get(key) ?? [])].some((x) => !except.has(x));
        expect(ids.heldByOther(key, except)).toBe(other);
      } else {
        let n = 0;
        for (const s of ref.values()) n += s.size;
        expect(ids.size).toBe(n);
      }
      expect(ids.has(key)).toBe(ref.has(key));
    }
  });

  it('keeps the first arrival of an id added again before a read', () => {
    const ids = new IdsByKey();
    for (const id of ['a', 'b', 'c', 'a', 'd', 'b']) ids.add('k', id);
    expect([...ids.get('k')]).toEqual(['a', 'b', 'c', 'd']);
    ids.remove('k', 'b');
    ids.add('k', 'b');
    ids.add('k', 'a');
    expect([...ids.get('k')]).toEqual(['a', 'c', 'd', 'b']);
    for (const id of ['a', 'c', 'd', 'b']) ids.remove('k', id);
    expect(ids.has('k')).toBe(false);
    expect([...ids.get('k')]).toEqual([]);
  });
});

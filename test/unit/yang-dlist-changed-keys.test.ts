/**
 * DList.changedKeys (simulators/yang/data.ts), which the BBF OLT's incremental validation and its own
 * rules walk on every commit: the merge walk over two versions of a persistent list must give exactly
 * the keys a per-key comparison gives (added or replaced in the new order, then removed in the old),
 * for string keys (by code unit) and one integer key (numeric order), across chunk splits and merges.
 */
import { describe, expect, it } from 'vitest';
import { DList, DNode } from '../../simulators/yang/data.ts';
import type { SNode } from '../../simulators/yang/schema.ts';

function listSchema(keyType: string): SNode {
  return { keys: [{ type: { b: keyType } }], userOrdered: false } as unknown as SNode;
}

function naive(next: DList, prev: DList): string[] {
  const out: string[] = [];
  for (const [k, e] of next.entries()) if (prev.get(k) !== e) out.push(k);
  for (const [k] of prev.entries()) if (!next.has(k)) out.push(k);
  return out;
}

describe('DList.changedKeys', () => {
  for (const [keyType, key] of [
    ['string', (n: number) => `ont-${n}`],
    ['uint32', (n: number) => String(n)],
  ] as const) {
    it(`matches a per-key comparison (${keyType} keys)`, () => {
      const s = listSchema(keyType);
      let writer = 1;
      let seed = 12345;
      const rnd = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
      for (let round = 0; round < 150; round++) {
        const prev = new DList(s);
        prev.owner = writer++;
        for (let i = rnd(3000); i > 0; i--) prev.set(key(rnd(6000)), new DNode(s));
        const next = prev.copy();
        next.owner = writer++;
        for (let i = rnd(400); i > 0; i--) {
          const k = key(rnd(6000));
          if (rnd(10) < 3) next.delete(k);
          else next.set(k, new DNode(s));
        }
        expect(next.changedKeys(prev)).toEqual(naive(next, prev));
        expect(prev.changedKeys(next)).toEqual(naive(prev, next));
        expect(next.changedKeys(next)).toEqual([]);
      }
    });
  }
});

/** Cursor pagination helper (application/pagination.ts): cursors round-trip, bad ones are INVALID_REQUEST. */
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageLimit, pageOf, toPage } from '../../src/application/pagination.ts';
import { DomainError } from '../../src/domain/errors.ts';

const invalid = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('INVALID_REQUEST');
    expect((e as DomainError).field).toBe('cursor');
    return;
  }
  throw new Error('accepted');
};

describe('pagination', () => {
  it('a cursor names the key it was made from', () => {
    const c = encodeCursor(['2026-03-02T08:00:00.000Z', 'ord_1']);
    expect(c).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(c, 2)).toEqual(['2026-03-02T08:00:00.000Z', 'ord_1']);
    expect(decodeCursor(undefined, 2)).toBeUndefined();
    expect(decodeCursor('', 2)).toBeUndefined();
  });

  it('refuses cursors it did not make: wrong shape, not base64url, control characters, huge numbers', () => {
    invalid(() => decodeCursor(encodeCursor(['a']), 2));
    invalid(() => decodeCursor('not a cursor!', 2));
    invalid(() => decodeCursor(Buffer.from('{"a":1}').toString('base64url'), 2));
    invalid(() => decodeCursor(encodeCursor(['a\u0000b', 'x']), 2));
    invalid(() => decodeCursor(encodeCursor([2 ** 60, 'x']), 2));
    invalid(() => decodeCursor(Buffer.from('["a",').toString('base64url'), 2));
  });

  it('page sizes: default, capped at the maximum', () => {
    expect(pageLimit({})).toBe(100);
    expect(pageLimit({ limit: 5 })).toBe(5);
    expect(pageLimit({ limit: 50_000 }, { maxLimit: 1000 })).toBe(1000);
    expect(pageLimit({}, { defaultLimit: 7 })).toBe(7);
  });

  it('toPage: next only when the extra row shows more follow', () => {
    expect(toPage([1, 2], 2, (n) => [n])).toEqual({ items: [1, 2] });
    const p = toPage([1, 2, 3], 2, (n) => [n]);
    expect(p.items).toEqual([1, 2]);
    expect(decodeCursor(p.next, 1)).toEqual([2]);
  });

  it('pageOf walks an in-memory list once, in both directions', () => {
    const all = Array.from({ length: 11 }, (_, i) => ({ id: `x${String(i).padStart(2, '0')}` }));
    for (const descending of [false, true]) {
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = pageOf(all, { limit: 3, cursor }, (x) => [x.id], { descending });
        seen.push(...page.items.map((x) => x.id));
        cursor = page.next;
      } while (cursor);
      const ids = all.map((x) => x.id);
      expect(seen).toEqual(descending ? ids.reverse() : ids);
    }
    expect(pageOf([], { cursor: encodeCursor(['x']) }, (x: { id: string }) => [x.id])).toEqual({ items: [] });
  });
});

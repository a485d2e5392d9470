import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newTimePrefixedId } from '../../src/application/ids/random-id.ts';

describe('time-prefixed ids (application/ids/random-id.ts)', () => {
  it('are <prefix>_ + 14 base64url characters, distinct within one millisecond', () => {
    const at = Date.UTC(2026, 2, 2, 8);
    const ids = Array.from({ length: 5000 }, () => newTimePrefixedId('ord', at));
    for (const id of ids) expect(id).toMatch(/^ord_[A-Za-z0-9_-]{14}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(ids.map((id) => id.slice(0, 12))).size).toBe(1); // one millisecond, one time part
  });

  it('sort as text by their millisecond (B-tree appends), whatever the random part', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 47 }), fc.integer({ min: 1, max: 2 ** 40 }), (t, dt) => {
        expect(newTimePrefixedId('evt', t) < newTimePrefixedId('evt', t + dt)).toBe(true);
      }),
    );
  });
});

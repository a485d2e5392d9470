/**
 * Cursor pagination through the API (design §4: "Lists take `limit` and `cursor` and return
 * `next`"): following `next` yields every row once, in the list's order; a cursor that the list did
 * not return is 400 INVALID_REQUEST.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activationFor, startTestController, type TestController } from '../helpers/controller.ts';

let t: TestController;
beforeAll(async () => {
  t = await startTestController();
});
afterAll(async () => {
  await t?.close();
});

/** Follows `next` from the first page; returns the pages' sizes and every row. */
async function walk(path: string, name: string, key: string) {
  const rows: any[] = [];
  const sizes: number[] = [];
  let cursor: string | undefined;
  for (let i = 0; i < 200; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await t.call('GET', `${path}${cursor ? `${sep}cursor=${cursor}` : ''}`, { key });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    rows.push(...r.body[name]);
    sizes.push(r.body[name].length);
    cursor = r.body.next;
    if (!cursor) return { rows, sizes };
  }
  throw new Error('no last page');
}

describe('cursor pagination', () => {
  it('orders: limit=2 pages cover every order once, oldest first; next is absent on the last page', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await t.call('POST', '/v1/orders', {
        body: activationFor(t.seed, 'sp-alpha', { index: i, ownerInstallsHome: true }),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      t.clock.advance(1000);
    }
    const whole = (await t.call('GET', '/v1/orders')).body;
    expect(whole.next).toBeUndefined();
    const { rows, sizes } = await walk('/v1/orders?limit=2', 'orders', t.keys.alpha);
    expect(sizes).toEqual([2, 2, 1]);
    expect(rows.map((o) => o.id)).toEqual(whole.orders.map((o: { id: string }) => o.id));
    expect(new Set(rows.map((o) => o.id)).size).toBe(5);
    // another SP's pages hold none of them
    expect((await walk('/v1/orders?limit=2', 'orders', t.keys.beta)).rows).toEqual([]);
  });

  it('coverage: the seeded addresses, page by page, none twice', async () => {
    const whole = (await t.call('GET', '/v1/coverage?limit=10000')).body.addresses;
    const { rows } = await walk('/v1/coverage?limit=7', 'addresses', t.keys.alpha);
    const key = (a: any) => JSON.stringify(a.address);
    expect(rows.length).toBe(whole.length);
    expect(new Set(rows.map(key))).toEqual(new Set(whole.map(key)));
  });

  it('a cursor the list did not return is 400 INVALID_REQUEST on `cursor`; limit out of range too', async () => {
    for (const cursor of ['abc', Buffer.from('["x"]').toString('base64url'), '%00']) {
      const r = await t.call('GET', `/v1/orders?cursor=${cursor}`);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'INVALID_REQUEST', field: 'cursor' });
    }
    const big = await t.call('GET', '/v1/orders?limit=100000');
    expect(big.status).toBe(400);
    expect(big.body.error.code).toBe('INVALID_REQUEST');
  });
});

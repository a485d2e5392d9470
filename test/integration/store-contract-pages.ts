/**
 * Store contract, part two (run by store-sqlite.test.ts and store-postgres.test.ts like
 * store-contract.ts): keyset pagination (application/pagination.ts) — every list walks its rows in
 * one order, page after page, none repeated or skipped, the same on both dialects; ties on the sort
 * column are broken by the id.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderRecord } from '../../src/application/ports/store/index.ts';
import type { SqlStore } from '../../src/adapters/driven/store/index.ts';
import { activationRecord } from '../helpers/order-record.ts';

const T0 = '2026-03-02T08:00:00.000Z';

function order(id: string, receivedAt: string, spId = 'sp-a'): OrderRecord {
  return activationRecord(id, { spId, receivedAt });
}

/** Walks a list page by page (`limit` rows each) through `read(after)`, returning every row's key. */
async function walk<K>(read: (after: K | undefined) => Promise<K[]>, limit: number): Promise<K[]> {
  const seen: K[] = [];
  let after: K | undefined;
  for (let i = 0; i < 100; i++) {
    const rows = await read(after);
    seen.push(...rows.slice(0, limit));
    if (rows.length <= limit) return seen;
    after = rows[limit - 1];
  }
  throw new Error('no end');
}

export function storeContractPages(
  name: string,
  open: () => Promise<{ store: SqlStore; cleanup: () => Promise<void> }>,
): void {
  describe(`Store contract (pages): ${name}`, () => {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await open());
      await store.sps.upsert({ id: 'sp-a', name: 'Alpha', region: 'Zagreb', createdAt: T0 });
      await store.sps.upsert({ id: 'sp-b', name: 'Beta', createdAt: T0 });
    });
    afterEach(async () => {
      await cleanup();
    });

    it('orders: pages after (receivedAt, id) cover the list once, ties broken by id', async () => {
      // three orders share one instant: the id decides between them
      const times = ['08:00:00', '08:00:00', '08:00:00', '08:00:01', '08:00:02', '09:00:00', '10:00:00'];
      const ids = ['o-c', 'o-a', 'o-b', 'o-e', 'o-d', 'o-f', 'o-g'];
      for (let i = 0; i < ids.length; i++)
        await store.orders.insert(order(ids[i], `2026-03-02T${times[i]}.000Z`));
      await store.orders.insert(order('o-other-sp', '2026-03-02T08:30:00.000Z', 'sp-b'));
      const all = (await store.orders.list({ spId: 'sp-a' })).map((o) => o.id);
      expect(all).toEqual(['o-a', 'o-b', 'o-c', 'o-e', 'o-d', 'o-f', 'o-g']);
      for (const limit of [1, 2, 3]) {
        const keys = await walk<[string, string]>(
          async (after) =>
            (await store.orders.list({ spId: 'sp-a', after, limit: limit + 1 })).map(
              (o) => [o.receivedAt, o.id] as [string, string],
            ),
          limit,
        );
        expect(keys.map((k) => k[1])).toEqual(all);
      }
    });

    it('stock: pages by serial', async () => {
      const serials = Array.from({ length: 7 }, (_, i) => `ZTEG0000000${i}`);
      await store.stock.add('sp-a', serials, T0);
      await store.stock.add('sp-b', ['ZTEG00000009'], T0);
      const keys = await walk<[string]>(
        async (after) =>
          (await store.stock.listBySp('sp-a', undefined, { after, limit: 4 })).map((s) => [s.serial]),
        3,
      );
      expect(keys.map((k) => k[0])).toEqual(serials);
    });

    it('webhook events: newest first, pages after (createdAt, id) descending', async () => {
      for (let i = 0; i < 5; i++) {
        await store.webhooks.enqueue(
          {
            id: `ev-${i}`,
            spId: 'sp-a',
            event: 'order.accepted',
            payload: '{}',
            createdAt: `2026-03-02T08:00:0${i % 3}.000Z`,
          },
          (ep) => `d-${i}-${ep}`,
          0,
        );
      }
      const all = (await store.webhooks.events('sp-a', 100)).map((e) => e.id);
      expect(all).toEqual(['ev-2', 'ev-4', 'ev-1', 'ev-3', 'ev-0']);
      const keys = await walk<[string, string]>(
        async (after) =>
          (await store.webhooks.events('sp-a', 3, after)).map((e) => [e.createdAt, e.id] as [string, string]),
        2,
      );
      expect(keys.map((k) => k[1])).toEqual(all);
    });
  });
}

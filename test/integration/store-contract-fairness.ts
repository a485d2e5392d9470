/**
 * Store contract, fairness part (issue 17 item 4, docs/fairness.md; run by store-sqlite.test.ts and
 * store-postgres.test.ts like store-contract.ts): the reads order intake makes do not grow with the
 * open orders — an SP's open-order count is one aggregate row kept with every insert and state change
 * (rolled back with its transaction, right under concurrent transactions), and the priority rule's
 * question is answered from an index of open orders only (the query plan says so on both dialects).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { OrderRecord } from '../../src/application/ports/store/index.ts';
import type { SqlStore } from '../../src/adapters/driven/store/index.ts';
import { migrate } from '../../src/adapters/driven/store/migrate.ts';

const T0 = '2026-03-02T08:00:00.000Z';
const at = (min: number) => new Date(Date.parse(T0) + min * 60_000).toISOString();

function order(id: string, over: Partial<OrderRecord> = {}): OrderRecord {
  return {
    id,
    spId: 'sp-a',
    form: 'SBSN',
    category: 'degradation',
    state: 'due',
    adapterId: 'A-1',
    receivedAt: T0,
    receivedDate: '2026-03-02',
    plannedDate: '2026-03-02',
    deadline: '2026-03-04',
    updatedAt: T0,
    input: { form: 'SBSN', category: 'degradation', adapterId: 'A-1', description: 'slow' },
    ...over,
  } as OrderRecord;
}

export function storeContractFairness(
  name: string,
  open: () => Promise<{ store: SqlStore; cleanup: () => Promise<void> }>,
): void {
  describe(`Store contract (fairness): ${name}`, () => {
    let store: SqlStore;
    let cleanup: () => Promise<void>;
    beforeEach(async () => {
      ({ store, cleanup } = await open());
      await store.sps.upsert({ id: 'sp-a', name: 'Alpha', createdAt: T0 });
      await store.sps.upsert({ id: 'sp-b', name: 'Beta', createdAt: T0 });
    });
    afterEach(async () => {
      await cleanup();
    });

    it("an SP's open-order count follows inserts and every change between open and final", async () => {
      expect(await store.orders.openCount('sp-a')).toBe(0);
      await store.orders.insert(order('o1'));
      await store.orders.insert(order('o2', { state: 'scheduled' }));
      await store.orders.insert(order('o3', { spId: 'sp-b' }));
      await store.orders.insert(order('o4', { state: 'completed' })); // a final row does not count
      expect(await store.orders.openCount('sp-a')).toBe(2);
      expect(await store.orders.openCount('sp-b')).toBe(1);
      expect(await store.orders.setState('o1', 'due', 'in-progress', T0)).toBe(true); // open → open
      expect(await store.orders.openCount('sp-a')).toBe(2);
      expect(await store.orders.setState('o1', 'due', 'failed', T0)).toBe(false); // not in `from`: no change
      expect(await store.orders.openCount('sp-a')).toBe(2);
      expect(await store.orders.setState('o1', 'in-progress', 'failed', T0)).toBe(true);
      expect(await store.orders.openCount('sp-a')).toBe(1);
      expect(await store.orders.setState('o1', 'failed', 'due', T0)).toBe(true); // an operator's retry
      expect(await store.orders.openCount('sp-a')).toBe(2);
      expect(await store.orders.setState('o2', 'scheduled', 'cancelled', T0)).toBe(true);
      expect(await store.orders.openCount('sp-a')).toBe(1);
      expect(await store.orders.openCount('sp-b')).toBe(1);
      expect(await store.orders.openCount('sp-nobody')).toBe(0);
    });

    it('the count is part of the transaction: seen inside it, rolled back with it', async () => {
      await store.orders.insert(order('o1'));
      await store.transaction(async (tx) => {
        await tx.orders.insert(order('o2'));
        await tx.orders.insert(order('o3', { spId: 'sp-b' }));
        expect(await tx.orders.setState('o1', 'due', 'completed', T0)).toBe(true);
        expect(await tx.orders.openCount('sp-a')).toBe(1);
        expect(await tx.orders.openCount('sp-b')).toBe(1);
      });
      expect(await store.orders.openCount('sp-a')).toBe(1);
      await expect(
        store.transaction(async (tx) => {
          await tx.orders.insert(order('o4'));
          await tx.orders.setState('o2', 'due', 'cancelled', T0);
          await tx.orders.insert(order('o5', { spId: 'sp-b' }));
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.orders.openCount('sp-a')).toBe(1);
      expect(await store.orders.openCount('sp-b')).toBe(1);
      expect(await store.orders.get('o4')).toBeUndefined();
    });

    it('concurrent transactions on one SP (and two SPs crossing) leave the exact count', async () => {
      const n = 24;
      await Promise.all(
        Array.from({ length: n }, (_, i) =>
          store.transaction(async (tx) => {
            await tx.orders.insert(order(`a${i}`, { receivedAt: at(i) }));
            await tx.orders.insert(order(`b${i}`, { spId: 'sp-b', receivedAt: at(i) }));
          }),
        ),
      );
      await Promise.all(
        Array.from({ length: n / 2 }, (_, i) =>
          store.transaction(async (tx) => {
            // the two SPs in opposite orders: counts are written at the commit in SP order, no deadlock
            await tx.orders.setState(`b${i}`, 'due', 'completed', T0);
            await tx.orders.setState(`a${i}`, 'due', 'completed', T0);
          }),
        ),
      );
      expect(await store.orders.openCount('sp-a')).toBe(n / 2);
      expect(await store.orders.openCount('sp-b')).toBe(n / 2);
    });

    it('the migration starts the counts from the orders already stored', async () => {
      await store.orders.insert(order('o1'));
      await store.orders.insert(order('o2', { spId: 'sp-b', state: 'scheduled' }));
      await store.orders.insert(order('o3', { state: 'cancelled' }));
      await store.db.exec(
        // orders_open_adapter is gone since migration 115 (its reads go to orders_open_adapter_time)
        "DROP INDEX orders_open_adapter_time; DROP TABLE sp_open_orders; DELETE FROM schema_migrations WHERE name = 'fairness'",
      );
      await migrate(store.db);
      expect(await store.orders.openCount('sp-a')).toBe(1);
      expect(await store.orders.openCount('sp-b')).toBe(1);
    });

    it('the earliest open order on an AdapterID by form and category, the closed ones and the caller left out', async () => {
      await store.orders.insert(order('f-old', { receivedAt: at(0), state: 'completed' }));
      await store.orders.insert(order('f2', { receivedAt: at(2) }));
      await store.orders.insert(order('f1', { receivedAt: at(1) }));
      await store.orders.insert(order('i1', { receivedAt: at(0), category: 'interruption' }));
      await store.orders.insert(
        order('s1', { receivedAt: at(3), form: 'BSNA', category: 'speed-change', state: 'scheduled' }),
      );
      await store.orders.insert(order('x1', { receivedAt: at(0), adapterId: 'A-2' }));
      const first = (q: Parameters<SqlStore['orders']['earliestOpenOnAdapter']>[1], a = 'A-1') =>
        store.orders.earliestOpenOnAdapter(a, q).then((o) => o?.id);
      expect(await first({ forms: ['SBSN'], category: 'degradation' })).toBe('f1');
      expect(await first({ forms: ['SBSN'], category: 'degradation', exceptId: 'f1' })).toBe('f2');
      expect(await first({ forms: ['SBSN'], category: 'interruption' })).toBe('i1');
      expect(await first({ forms: ['SBSN'], category: 'joint-visit' })).toBeUndefined();
      expect(await first({ forms: ['BSNA', 'BSND'] })).toBe('s1');
      expect(await first({ forms: ['SBSN'] })).toBe('i1');
      expect(await first({ forms: ['BSNA', 'BSND'] }, 'A-2')).toBeUndefined();
      expect(await store.orders.countOpenOnAdapter('A-1')).toBe(4);
      await store.orders.setState('f1', 'due', 'cancelled', T0);
      expect(await first({ forms: ['SBSN'], category: 'degradation' })).toBe('f2');
      expect(await store.orders.countOpenOnAdapter('A-1')).toBe(3);
      expect(await store.orders.countOpenOnAdapter('A-3')).toBe(0);
    });

    it.each([
      [
        'the priority rule',
        "SELECT * FROM orders WHERE adapter_id = 'A-1' AND form IN ('SBSN') AND category = 'degradation' " +
          "AND state IN ('received', 'accepted', 'scheduled', 'due', 'in-progress') ORDER BY received_at, id LIMIT 1",
        'orders_open_adapter_time', // migration 115: the access's few open orders, filtered by form and category
      ],
      [
        "an access's open orders, a page",
        "SELECT * FROM orders WHERE adapter_id = 'A-1' AND state IN ('received', 'accepted', 'scheduled', 'due', 'in-progress') " +
          'ORDER BY received_at, id LIMIT 51',
        'orders_open_adapter_time',
      ],
    ])('%s reads an index of open orders only (query plan)', async (_what, sql, index) => {
      const plan =
        store.dialect === 'sqlite'
          ? await store.db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`)
          : await store.transaction(async (tx) => {
              const db = (tx as SqlStore).db;
              await db.exec('SET LOCAL enable_seqscan = off'); // a tiny table would be scanned anyway
              return db.all<Record<string, string>>(`EXPLAIN ${sql}`);
            });
      expect(JSON.stringify(plan)).toContain(index);
    });

    it("list() of an access's open orders puts the open states as the partial indexes hold them", async () => {
      for (let i = 0; i < 5; i++) await store.orders.insert(order(`o${i}`, { receivedAt: at(i) }));
      await store.orders.setState('o1', 'due', 'completed', T0);
      const page = await store.orders.list({
        adapterId: 'A-1',
        states: ['in-progress', 'due', 'scheduled', 'accepted', 'received'], // any order of the same set
        after: [at(0), 'o0'],
        limit: 2,
      });
      expect(page.map((o) => o.id)).toEqual(['o2', 'o3']);
    });
  });
}

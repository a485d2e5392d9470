/**
 * The ONE store contract suite (design §8, style.md "napalm's shared suite"): every Store
 * implementation runs exactly these tests. `open()` must return a fresh, migrated, empty store.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  OPEN_ORDER_STATES,
  UniqueViolation,
  addressKey,
  type OrderRecord,
} from '../../src/application/ports/store/index.ts';
import { loadMigrations, migrate } from '../../src/adapters/driven/store/migrate.ts';
import type { SqlStore } from '../../src/adapters/driven/store/index.ts';
import { clusterContract } from './store-contract-cluster.ts';
import { activationRecord } from '../helpers/order-record.ts';

const T0 = '2026-03-02T08:00:00.000Z';

function order(id: string, over: Partial<OrderRecord> = {}): OrderRecord {
  return activationRecord(id, over);
}

export function storeContract(
  name: string,
  open: () => Promise<{ store: SqlStore; cleanup: () => Promise<void> }>,
): void {
  describe(`Store contract: ${name}`, () => {
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

    clusterContract(() => store);

    it('migrations are idempotent: a second run applies nothing', async () => {
      expect(await migrate(store.db)).toEqual([]);
      expect(loadMigrations(store.dialect).map((m) => m.version)[0]).toBe(1);
    });

    it('SPs: upsert updates, ensure does not overwrite', async () => {
      expect(await store.sps.ensure({ id: 'sp-a', name: 'Other', createdAt: T0 })).toBe(false);
      expect((await store.sps.get('sp-a'))?.name).toBe('Alpha');
      await store.sps.upsert({ id: 'sp-a', name: 'Alpha 2', region: 'Split', createdAt: T0 });
      expect(await store.sps.get('sp-a')).toMatchObject({ name: 'Alpha 2', region: 'Split' });
      expect((await store.sps.list()).map((s) => s.id)).toEqual(['sp-a', 'sp-b']);
      expect(await store.sps.get('nope')).toBeUndefined();
    });

    it('keys: stored with role and SP, revocable', async () => {
      await store.keys.insert({
        id: 'k1',
        hash: 'h1',
        role: 'sp',
        spId: 'sp-a',
        name: 'main',
        createdAt: T0,
      });
      await store.keys.insert({ id: 'k2', hash: 'h2', role: 'operator', createdAt: T0 });
      expect(await store.keys.get('k1')).toMatchObject({ hash: 'h1', role: 'sp', spId: 'sp-a' });
      expect((await store.keys.get('k2'))?.spId).toBeUndefined();
      expect(await store.keys.revoke('k1', T0)).toBe(true);
      expect(await store.keys.revoke('k1', T0)).toBe(false);
      expect((await store.keys.get('k1'))?.revokedAt).toBe(T0);
      await expect(
        store.keys.insert({ id: 'k1', hash: 'x', role: 'sp', createdAt: T0 }),
      ).rejects.toBeInstanceOf(UniqueViolation);
    });

    it('coverage: exact and building lookups, search by city and street prefix, case-insensitive', async () => {
      const base = {
        county: 'Grad Zagreb',
        node: 'ZG-Ilica',
        technology: 'gpon' as const,
        olt: 'olt-1',
        pon: '1/1/1',
        installation: 'existing',
      };
      await store.coverage.upsert({
        ...base,
        addressKey: addressKey({ street: 'Ilica', number: '1', city: 'Zagreb' }),
        street: 'Ilica',
        number: '1',
        city: 'Zagreb',
        onuId: 1,
      });
      await store.coverage.upsert({
        ...base,
        addressKey: addressKey({ street: 'Ilica', number: '2', city: 'Zagreb', flat: '3' }),
        street: 'Ilica',
        number: '2',
        city: 'Zagreb',
        onuId: 2,
      });
      await store.coverage.upsert({
        ...base,
        addressKey: addressKey({ street: 'Vlaška', number: '7', city: 'Zagreb' }),
        street: 'Vlaška',
        number: '7',
        city: 'Zagreb',
        onuId: 3,
      });
      expect(
        (await store.coverage.findByAddress({ street: ' ilica ', number: '1', city: 'ZAGREB', flat: '9' }))
          ?.onuId,
      ).toBe(1);
      expect(
        (await store.coverage.findByAddress({ street: 'Ilica', number: '2', city: 'Zagreb', flat: '3' }))
          ?.onuId,
      ).toBe(2);
      expect(
        await store.coverage.findByAddress({ street: 'Ilica', number: '2', city: 'Zagreb' }),
      ).toBeUndefined();
      expect((await store.coverage.search({ city: 'zagreb', street: 'ili' })).map((c) => c.onuId)).toEqual([
        1, 2,
      ]);
      expect((await store.coverage.search({ street: 'vlaš' })).map((c) => c.onuId)).toEqual([3]);
      expect(await store.coverage.search({ city: 'Zagreb', street: '%' })).toEqual([]);
      expect((await store.coverage.findByPort('olt-1', '1/1/1', 3))?.street).toBe('Vlaška');
      expect(await store.coverage.count()).toBe(3);
    });

    it('accesses: insert, guarded update, live lookup by port', async () => {
      const a = {
        adapterId: 'A-00000001',
        spId: 'sp-a',
        addressKey: 'zagreb|ilica|1',
        olt: 'olt-1',
        pon: '1/1/1',
        onuId: 1,
        technology: 'gpon' as const,
        state: 'pending' as const,
        services: { internet: '300/150' as const },
        accessLevel: 'national' as const,
        slStarts: [],
        createdAt: T0,
        updatedAt: T0,
      };
      await store.accesses.insert(a);
      expect(
        await store.accesses.update(
          a.adapterId,
          { state: 'active', ontSerial: 'ZTEG00000001' },
          T0,
          'pending',
        ),
      ).toBe(true);
      expect(await store.accesses.update(a.adapterId, { state: 'deactivated' }, T0, 'pending')).toBe(false);
      expect(await store.accesses.update(a.adapterId, { slStarts: ['2026-04-01'] }, T0)).toBe(true);
      expect(await store.accesses.get(a.adapterId)).toMatchObject({
        state: 'active',
        ontSerial: 'ZTEG00000001',
        slStarts: ['2026-04-01'],
        services: { internet: '300/150' },
      });
      expect((await store.accesses.liveAtPort('olt-1', '1/1/1', 1))?.adapterId).toBe(a.adapterId);
      expect((await store.accesses.liveAtAddresses(['zagreb|ilica|1', 'x'])).length).toBe(1);
      await store.accesses.update(a.adapterId, { state: 'deactivated' }, T0);
      expect(await store.accesses.liveAtPort('olt-1', '1/1/1', 1)).toBeUndefined();
      expect((await store.accesses.listBySp('sp-a')).length).toBe(1);
      expect((await store.accesses.list({ state: 'deactivated' })).length).toBe(1);
    });

    it('stock: per-SP serials, guarded state changes', async () => {
      expect(await store.stock.add('sp-a', ['zteg00000001', 'ZTEG00000002'], T0)).toBe(2);
      expect(await store.stock.add('sp-b', ['ZTEG00000001'], T0)).toBe(0);
      expect(await store.stock.get('ZTEG00000001')).toMatchObject({ spId: 'sp-a', state: 'in-stock' });
      expect(
        await store.stock.setState('ZTEG00000001', 'reserved', T0, { adapterId: 'A-1', expect: 'in-stock' }),
      ).toBe(true);
      expect(await store.stock.setState('ZTEG00000001', 'reserved', T0, { expect: 'in-stock' })).toBe(false);
      expect((await store.stock.listBySp('sp-a', 'in-stock')).map((s) => s.serial)).toEqual(['ZTEG00000002']);
      expect((await store.stock.get('ZTEG00000001'))?.adapterId).toBe('A-1');
    });

    it('orders: insert, list with filters, guarded state change', async () => {
      await store.orders.insert(order('o1'));
      await store.orders.insert(
        order('o2', {
          spId: 'sp-b',
          receivedAt: '2026-03-03T08:00:00.000Z',
          receivedDate: '2026-03-03',
          adapterId: 'A-9',
          state: 'due',
        }),
      );
      await expect(store.orders.insert(order('o1'))).rejects.toBeInstanceOf(UniqueViolation);
      expect((await store.orders.get('o1'))?.input).toMatchObject({
        category: 'activation',
        address: { street: 'Ilica' },
      });
      expect((await store.orders.list({ spId: 'sp-a' })).map((o) => o.id)).toEqual(['o1']);
      expect((await store.orders.list({ states: ['due'] })).map((o) => o.id)).toEqual(['o2']);
      expect((await store.orders.list({ from: '2026-03-03' })).map((o) => o.id)).toEqual(['o2']);
      expect((await store.orders.list({ to: '2026-03-02' })).map((o) => o.id)).toEqual(['o1']);
      expect(await store.orders.setState('o1', 'due', 'cancelled', T0)).toBe(false);
      expect(await store.orders.setState('o1', 'scheduled', 'cancelled', T0, { feeCents: 1327 })).toBe(true);
      expect(await store.orders.get('o1')).toMatchObject({ state: 'cancelled', feeCents: 1327 });
      expect(
        (await store.orders.list({ adapterId: 'A-9', states: OPEN_ORDER_STATES })).map((o) => o.id),
      ).toEqual(['o2']);
      expect(await store.orders.countReceivedOn('2026-03-02', ['activation'])).toBe(1);
      expect(await store.orders.count({ spId: 'sp-b' })).toBe(1);
    });

    it('orders: scheduled orders up to a date', async () => {
      await store.orders.insert(order('o1', { plannedDate: '2026-03-05' }));
      await store.orders.insert(order('o2', { plannedDate: '2026-03-06' }));
      expect((await store.orders.scheduledUpTo('2026-03-05')).map((o) => o.id)).toEqual(['o1']);
    });

    it('order events: appended with increasing seq, never duplicated', async () => {
      await store.orders.insert(order('o1'));
      expect(
        await store.orderEvents.append({ orderId: 'o1', at: T0, to: 'received', reason: 'submitted' }),
      ).toBe(1);
      expect(
        await store.orderEvents.append({
          orderId: 'o1',
          at: T0,
          from: 'received',
          to: 'accepted',
          reason: 'valid',
          details: { plannedDate: '2026-03-05' },
        }),
      ).toBe(2);
      const events = await store.orderEvents.list('o1');
      expect(events.map((e) => [e.seq, e.from, e.to])).toEqual([
        [1, undefined, 'received'],
        [2, 'received', 'accepted'],
      ]);
      expect(events[1].details).toEqual({ plannedDate: '2026-03-05' });
      expect((await store.orderEvents.since('2000-01-01T00:00:00Z')).length).toBe(2);
    });

    it('transaction: commits together, rolls back together', async () => {
      await store.transaction(async (tx) => {
        await tx.orders.insert(order('o1'));
        await tx.orderEvents.append({ orderId: 'o1', at: T0, to: 'received', reason: 'x' });
      });
      await expect(
        store.transaction(async (tx) => {
          await tx.orders.insert(order('o2'));
          await tx.orderEvents.append({ orderId: 'o2', at: T0, to: 'received', reason: 'x' });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.orders.get('o2')).toBeUndefined();
      expect(await store.orderEvents.list('o2')).toEqual([]);
      expect((await store.orderEvents.list('o1')).length).toBe(1);
    });

    it('transaction: concurrent transactions do not see or break each other', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          store
            .transaction(async (tx) => {
              await tx.orders.insert(order(`c${i}`));
              await new Promise((r) => setTimeout(r, 1));
              await tx.orderEvents.append({ orderId: `c${i}`, at: T0, to: 'received', reason: 'x' });
              if (i % 2) throw new Error('odd');
            })
            .catch(() => undefined),
        ),
      );
      expect(await store.orders.count()).toBe(10);
    });

    it('sequences: atomic, increasing, per name', async () => {
      const got = await Promise.all(
        Array.from({ length: 10 }, () => store.transaction((tx) => tx.sequences.next('adapter'))),
      );
      expect(got.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(await store.sequences.next('other')).toBe(1);
      expect(await store.sequences.current('adapter')).toBe(10);
    });

    it('idempotency: first put wins', async () => {
      expect(
        await store.idempotency.put({ spId: 'sp-a', key: 'k', bodyHash: 'h1', orderId: 'o1', createdAt: T0 }),
      ).toBe(true);
      expect(
        await store.idempotency.put({ spId: 'sp-a', key: 'k', bodyHash: 'h2', orderId: 'o2', createdAt: T0 }),
      ).toBe(false);
      expect(
        await store.idempotency.put({ spId: 'sp-b', key: 'k', bodyHash: 'h2', orderId: 'o2', createdAt: T0 }),
      ).toBe(true);
      expect(await store.idempotency.get('sp-a', 'k')).toMatchObject({ bodyHash: 'h1', orderId: 'o1' });
    });

    it('claimDueOrders: leases due orders once; expired leases are taken over', async () => {
      for (let i = 0; i < 6; i++)
        await store.orders.insert(order(`d${i}`, { state: 'due', plannedDate: `2026-03-0${i + 1}` }));
      await store.orders.insert(order('s1', { state: 'scheduled' }));
      const now = 1_000_000;
      const [a, b] = await Promise.all([
        store.orders.claimDueOrders(4, 'inst-a', 30_000, now),
        store.orders.claimDueOrders(4, 'inst-b', 30_000, now),
      ]);
      const ids = [...a, ...b].map((o) => o.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.sort()).toEqual(['d0', 'd1', 'd2', 'd3', 'd4', 'd5']);
      expect(a.every((o) => o.leaseOwner === 'inst-a' && o.leaseUntil === now + 30_000)).toBe(true);
      expect(await store.orders.claimDueOrders(10, 'inst-c', 30_000, now + 1000)).toEqual([]);
      // inst-a crashed: after its lease expires, inst-c takes its orders over
      const taken = await store.orders.claimDueOrders(10, 'inst-c', 30_000, now + 31_000);
      expect(taken.length).toBe(6);
      expect(await store.orders.releaseLease(taken[0].id, 'inst-a')).toBe(false);
      expect(await store.orders.releaseLease(taken[0].id, 'inst-c')).toBe(true);
    });
  });
}

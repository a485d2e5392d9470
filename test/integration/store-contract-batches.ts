/**
 * Store contract, the batched statements (run by store-sqlite.test.ts and store-postgres.test.ts like
 * store-contract.ts): provisioning starts and completes a batch of orders with one statement per
 * kind of row instead of one per order (issue 16 item 3). Each batched method must do what its
 * one-row sibling does, row by row — the same guards, the same sequence numbers, the same counts —
 * on both dialects, past one statement's 500 rows.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AccessRecord, OrderRecord } from '../../src/application/ports/store/index.ts';
import type { SqlStore } from '../../src/adapters/driven/store/index.ts';
import { activationRecord } from '../helpers/order-record.ts';

const T0 = '2026-03-02T08:00:00.000Z';
const T1 = '2026-03-02T09:00:00.000Z';

function order(id: string, spId = 'sp-a'): OrderRecord {
  return activationRecord(id, { spId, state: 'due' });
}

function access(n: number): AccessRecord {
  return {
    adapterId: `A-${String(n).padStart(8, '0')}`,
    spId: 'sp-a',
    addressKey: `zagreb|ilica|${n}`,
    olt: 'olt-1',
    pon: '1/1/1',
    onuId: n,
    technology: 'gpon',
    state: 'pending',
    services: { internet: '300/150' },
    accessLevel: 'national',
    slStarts: [],
    createdAt: T0,
    updatedAt: T0,
  };
}

const ids = (n: number, p = 'o') => Array.from({ length: n }, (_, i) => `${p}-${String(i).padStart(4, '0')}`);

export function storeContractBatches(
  name: string,
  open: () => Promise<{ store: SqlStore; cleanup: () => Promise<void> }>,
): void {
  describe(`Store contract (batched statements): ${name}`, () => {
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

    it('orders.getMany and setStates: guarded per order, details written, leases ended, open counts kept', async () => {
      const all = ids(620);
      for (const [i, id] of all.entries()) await store.orders.insert(order(id, i % 2 ? 'sp-b' : 'sp-a'));
      expect((await store.orders.getMany([...all, 'nope'])).length).toBe(620);
      await store.orders.holdLease(all[0], 'me', 9_999_999_999_999);
      await store.orders.setState(all[1], 'due', 'cancelled', T0);
      const openA = await store.orders.openCount('sp-a');
      const openB = await store.orders.openCount('sp-b');
      // due → in-progress with a detail: all but the cancelled one; the lease is kept
      const started = await store.transaction((tx) =>
        tx.orders.setStates(
          all.map((id) => ({
            id,
            from: 'due',
            to: 'in-progress',
            at: T1,
            detail: {
              form: 'BSNA' as const,
              installation: 'existing' as const,
              capacityExtensionDays: 0,
              fieldVisitDone: true,
            },
          })),
        ),
      );
      expect(started.length).toBe(619);
      expect(started).not.toContain(all[1]);
      const o0 = await store.orders.get(all[0]);
      expect(o0).toMatchObject({ state: 'in-progress', updatedAt: T1, leaseOwner: 'me' });
      expect(o0?.detail).toMatchObject({ fieldVisitDone: true });
      // versions: what getMany reads but the input and detail
      const vs = await store.orders.versions([...all, 'nope']);
      expect(vs.length).toBe(620);
      expect(vs.find((v) => v.id === all[0])).toEqual({
        id: all[0],
        state: 'in-progress',
        updatedAt: T1,
        leaseOwner: 'me',
        leaseUntil: 9_999_999_999_999,
      });
      expect(vs.find((v) => v.id === all[1])).toEqual({
        id: all[1],
        state: 'cancelled',
        updatedAt: T0,
        leaseOwner: undefined,
        leaseUntil: undefined,
      });
      expect(await store.orders.openCount('sp-a')).toBe(openA);
      // in-progress → completed: final, so the open counts drop; the lease ends
      const done = await store.transaction((tx) =>
        tx.orders.setStates([
          ...started.map((id) => ({ id, from: 'in-progress' as const, to: 'completed' as const, at: T1 })),
          { id: all[1], from: 'in-progress', to: 'completed', at: T1 },
        ]),
      );
      expect(done.length).toBe(619);
      expect(await store.orders.get(all[0])).toMatchObject({ state: 'completed', leaseOwner: undefined });
      expect((await store.orders.get(all[1]))?.state).toBe('cancelled');
      expect(await store.orders.openCount('sp-a')).toBe(openA - 310);
      expect(await store.orders.openCount('sp-b')).toBe(openB - 309);
    });

    it('setStates with skipLocked: an order another transaction holds is left out, not waited for (PostgreSQL)', async () => {
      if (store.dialect !== 'postgres') return; // SQLite has one writer: nothing is ever held
      const all = ids(600);
      for (const id of all) await store.orders.insert(order(id));
      await store.orders.setState(all[1], 'due', 'cancelled', T0);
      const open = await store.orders.openCount('sp-a');
      let locked!: () => void;
      let letGo!: () => void;
      const isLocked = new Promise<void>((r) => (locked = r));
      const gate = new Promise<void>((r) => (letGo = r));
      const holder = store.transaction(async (tx) => {
        await tx.orders.holdLease(all[0], 'other', 9_999_999_999_999); // its row locked till commit
        await tx.orders.holdLease(all[599], 'other', 9_999_999_999_999); // and one of the second batch
        locked();
        await gate;
      });
      await isLocked;
      const moved = await store.transaction((tx) =>
        tx.orders.setStates(
          all.map((id) => ({ id, from: 'due' as const, to: 'cancelled' as const, at: T1 })),
          { skipLocked: true },
        ),
      );
      letGo();
      await holder;
      expect(moved.length).toBe(597);
      expect(moved).not.toContain(all[0]);
      expect(moved).not.toContain(all[1]);
      expect(moved).not.toContain(all[599]);
      expect(await store.orders.get(all[0])).toMatchObject({ state: 'due', leaseOwner: 'other' });
      expect(await store.orders.get(all[2])).toMatchObject({ state: 'cancelled', updatedAt: T1 });
      expect(await store.orders.openCount('sp-a')).toBe(open - 597);
    });

    it('snapshots.claimForcedOrders: reserved orders, and stale reservations of an instance only', async () => {
      const held: [string, string, string][] = [
        ['f-reserved', 'unblocking', T1],
        ['f-stale', 'unblocking@gone', T0],
        ['f-fresh', 'unblocking@live', T1],
        ['f-other', 'unblockingA', T0],
        ['f-bare', 'unblocking@', T0],
        ['f-prefix', 'unblock', T0],
        ['f-instance', 'bench-1', T0],
      ];
      for (const [id, owner, at] of held) {
        await store.orders.insert({ ...order(id), updatedAt: at });
        await store.orders.holdLease(id, owner, 9_999_999_999_999);
      }
      const got = await store.snapshots.claimForcedOrders('unblocking', 'unblocking@me', T1);
      expect(got.sort()).toEqual(['f-bare', 'f-reserved', 'f-stale']);
      expect((await store.orders.get('f-stale'))?.leaseOwner).toBe('unblocking@me');
      expect((await store.orders.get('f-fresh'))?.leaseOwner).toBe('unblocking@live');
    });

    it('orderEvents.appendMany: each order its next seq, an order named twice in turn', async () => {
      const all = ids(510);
      for (const id of all) await store.orders.insert(order(id));
      await store.orderEvents.append({ orderId: all[0], at: T0, to: 'due', reason: 'first' });
      await store.orderEvents.appendMany([
        ...all.map((id) => ({
          orderId: id,
          at: T1,
          from: 'due' as const,
          to: 'in-progress' as const,
          reason: 'start',
          details: { n: 1 },
        })),
        { orderId: all[0], at: T1, from: 'in-progress', to: 'completed', reason: 'done' },
      ]);
      expect((await store.orderEvents.list(all[0])).map((e) => [e.seq, e.reason])).toEqual([
        [1, 'first'],
        [2, 'start'],
        [3, 'done'],
      ]);
      expect(await store.orderEvents.list(all[509])).toMatchObject([
        { seq: 1, from: 'due', to: 'in-progress', reason: 'start', details: { n: 1 } },
      ]);
    });

    it('accesses.getMany / updateMany, stock.setStateMany, billing.startBillingMany', async () => {
      const as = Array.from({ length: 505 }, (_, i) => access(i + 1));
      for (const a of as) await store.accesses.insert(a);
      expect((await store.accesses.getMany([...as.map((a) => a.adapterId), 'A-none'])).length).toBe(505);
      await store.stock.add('sp-a', ['ZTEG00000001', 'ZTEG00000002'], T0);
      await store.stock.setState('ZTEG00000002', 'installed', T0, { adapterId: 'A-old' });
      await store.transaction(async (tx) => {
        await tx.accesses.updateMany(
          [
            ...as.map((a, i) => ({
              adapterId: a.adapterId,
              patch: { state: 'active' as const, ontSerial: `ZTEG${String(i + 1).padStart(8, '0')}` },
            })),
            { adapterId: as[0].adapterId, patch: { services: { internet: '500/250' as const } } },
          ],
          T1,
        );
        await tx.stock.setStateMany(
          [
            { serial: 'zteg00000001', adapterId: as[0].adapterId },
            { serial: 'ZTEG00000002', adapterId: as[1].adapterId },
            { serial: 'ZTEG0000FFFF', adapterId: as[2].adapterId },
          ],
          'installed',
          T1,
        );
        await tx.billing.startBillingMany([
          ...as.map((a) => ({ adapterId: a.adapterId, startDate: '2026-03-02' })),
          { adapterId: as[0].adapterId, startDate: '2026-03-02' },
        ]);
      });
      expect(await store.accesses.get(as[0].adapterId)).toMatchObject({
        state: 'active',
        ontSerial: 'ZTEG00000001',
        services: { internet: '500/250' },
        updatedAt: T1,
      });
      expect((await store.accesses.get(as[504].adapterId))?.ontSerial).toBe('ZTEG00000505');
      expect(await store.stock.get('ZTEG00000001')).toMatchObject({
        state: 'installed',
        adapterId: as[0].adapterId,
      });
      // already installed: left alone (as installStock did row by row)
      expect(await store.stock.get('ZTEG00000002')).toMatchObject({ state: 'installed', adapterId: 'A-old' });
      expect(await store.stock.get('ZTEG0000FFFF')).toBeUndefined();
      expect(await store.billing.span(as[504].adapterId)).toMatchObject({ startDate: '2026-03-02' });
      await store.billing.endBilling(as[0].adapterId, '2026-03-03', '2026-03-02');
      await store.billing.startBillingMany([{ adapterId: as[0].adapterId, startDate: '2026-03-04' }]);
      expect((await store.billing.span(as[0].adapterId))?.endDate).toBeUndefined();
    });

    it('webhooks.enqueueMany: events, and a delivery per subscribed endpoint', async () => {
      await store.webhooks.addEndpoint({
        id: 'ep-1',
        spId: 'sp-a',
        url: 'http://127.0.0.1:1/a',
        secret: 's',
        createdAt: T0,
      });
      await store.webhooks.addEndpoint({
        id: 'ep-2',
        spId: 'sp-a',
        url: 'http://127.0.0.1:1/b',
        secret: 's',
        createdAt: T0,
        events: ['order.failed'],
      });
      let n = 0;
      const events = ids(505, 'evt').map((id, i) => ({
        id,
        spId: i % 5 ? 'sp-a' : 'sp-b',
        event: 'order.completed',
        payload: JSON.stringify({ id }),
        createdAt: T1,
      }));
      const made = await store.webhooks.enqueueMany(events, () => `dlv-${n++}`, 0);
      expect(made).toBe(404);
      expect((await store.webhooks.deliveriesOf('evt-0001')).map((d) => d.endpointId)).toEqual(['ep-1']);
      expect(await store.webhooks.deliveriesOf('evt-0000')).toEqual([]);
      expect((await store.webhooks.events('sp-b', 1000)).length).toBe(101);
    });

    const none = () => ({ busy: new Set<string>(), notInstances: ['backoff'], rank: () => 0 });

    it('provisioning.claimOlt: one OLT at a time, none another instance holds, none busy here; claim leaves them alone', async () => {
      const cats = ['activation'] as const;
      const at = (olt: string | undefined, n: number, planned = '2026-03-05') =>
        store.orders.insert({ ...order(`${olt ?? 'none'}-${n}`), plannedDate: planned, olt });
      for (let n = 0; n < 3; n++) await at('olt-1', n);
      for (let n = 0; n < 2; n++) await at('olt-2', n, '2026-03-04');
      await at('olt-3', 0);
      await at(undefined, 0);
      await store.orders.holdLease('olt-3-0', 'backoff', 9_999_999_999_999);
      const none = { busy: new Set<string>(), notInstances: ['backoff'], rank: () => 0, now: 1_000 };
      // the earliest planned OLT first, up to the limit
      const a = await store.provisioning.claimOlt(cats, 10, 'inst-a', 10_000, none);
      expect(a).toEqual({ olt: 'olt-2', ids: expect.arrayContaining(['olt-2-0', 'olt-2-1']) });
      // olt-2 is held by inst-a: inst-b gets olt-1 (olt-3's only order waits out its backoff)
      const b = await store.provisioning.claimOlt(cats, 2, 'inst-b', 10_000, none);
      expect(b?.olt).toBe('olt-1');
      expect(b?.ids.length).toBe(2);
      // inst-a: olt-1 is inst-b's now, olt-2 busy here → nothing
      expect(
        await store.provisioning.claimOlt(cats, 10, 'inst-a', 10_000, { ...none, busy: new Set(['olt-2']) }),
      ).toBeUndefined();
      // ties on the planned date are broken by rank
      await at('olt-4', 0, '2026-03-01');
      await at('olt-5', 0, '2026-03-01');
      const rank = (olt: string) => (olt === 'olt-5' ? 0 : 1);
      expect((await store.provisioning.claimOlt(cats, 10, 'inst-c', 10_000, { ...none, rank }))?.olt).toBe(
        'olt-5',
      );
      // inst-b's leases ran out: its OLT is free for anyone
      expect(
        (
          await store.provisioning.claimOlt(cats, 10, 'inst-a', 10_000, {
            ...none,
            now: 20_000,
            busy: new Set(['olt-2', 'olt-4', 'olt-5']),
          })
        )?.olt,
      ).toBe('olt-1');
      // the generic claim takes only orders that name no OLT when asked
      expect(
        await store.provisioning.claim(cats, 10, 'inst-d', 10_000, 30_000, undefined, { withoutOlt: true }),
      ).toEqual(['none-0']);
      expect((await store.orders.get('olt-1-0'))?.olt).toBe('olt-1');
    });

    it('provisioning.claimOlt reads each OLT whole: a lease held anywhere on it, any planned date, only open orders of the categories', async () => {
      const cats = ['activation'] as const;
      const far = 9_999_999_999_999;
      const put = (id: string, olt: string, plannedDate: string, over: Partial<OrderRecord> = {}) =>
        store.orders.insert({ ...order(id), olt, plannedDate, ...over });
      // olt-a: its earliest order is free, a later one leased to another owner (not registered: held
      // until its lease_until) → the OLT is that owner's
      await put('a-0', 'olt-a', '2026-03-01');
      await put('a-1', 'olt-a', '2026-03-02');
      await store.orders.holdLease('a-1', 'inst-x', far);
      // olt-b: its earliest order waits out a backoff (no instance's), the next is free
      await put('b-0', 'olt-b', '2026-03-01');
      await put('b-1', 'olt-b', '2026-03-03');
      await store.orders.holdLease('b-0', 'backoff', far);
      // olt-c: a scheduled order planned early is not due yet; its due one is later
      await put('c-0', 'olt-c', '2026-03-01', { state: 'scheduled' });
      await put('c-1', 'olt-c', '2026-03-04');
      // olt-d: another category's order leased elsewhere does not hold the OLT for these categories
      await put('d-0', 'olt-d', '2026-03-01', { category: 'interruption' });
      await store.orders.holdLease('d-0', 'inst-x', far);
      await put('d-1', 'olt-d', '2026-03-05');
      const busy = new Set<string>();
      const got: unknown[] = [];
      for (;;) {
        const c = await store.provisioning.claimOlt(cats, 10, 'inst-a', 10_000, {
          ...none(),
          busy,
          now: 1_000,
        });
        if (!c) break;
        busy.add(c.olt);
        got.push(c);
      }
      expect(got).toEqual([
        { olt: 'olt-b', ids: ['b-1'] },
        { olt: 'olt-c', ids: ['c-1'] },
        { olt: 'olt-d', ids: ['d-1'] },
      ]);
      // once inst-x's lease on olt-a has run out, the OLT is anyone's
      const later = await store.provisioning.claimOlt(cats, 10, 'inst-a', 10_000, {
        ...none(),
        busy,
        now: far + 1,
      });
      expect(later?.olt).toBe('olt-a');
      expect(later?.ids.sort()).toEqual(['a-0', 'a-1']);
    });

    it('order leases of a live instance outlast their lease_until; release and leaving let them go', async () => {
      const cats = ['activation'] as const;
      for (let n = 0; n < 3; n++) await store.orders.insert({ ...order(`olt-1-${n}`), olt: 'olt-1' });
      await store.orders.insert(order('none-0'));
      await store.instances.join({ id: 'inst-a', incarnation: 'a-1', host: 'h', version: 'v' }, 60_000);
      const now = Date.now();
      const a = await store.provisioning.claimOlt(cats, 10, 'inst-a', 1_000, { ...none(), now });
      expect(a?.ids.sort()).toEqual(['olt-1-0', 'olt-1-1', 'olt-1-2']);
      const noOlt = { withoutOlt: true };
      expect(await store.provisioning.claim(cats, 10, 'inst-a', 1_000, now, undefined, noOlt)).toEqual([
        'none-0',
      ]);
      // long after lease_until, inst-a is registered: its heartbeat holds every order it leased
      const later = { ...none(), now: now + 30_000 };
      expect(await store.provisioning.claimOlt(cats, 10, 'inst-b', 1_000, later)).toBeUndefined();
      expect(
        await store.provisioning.claim(cats, 10, 'inst-b', 1_000, now + 30_000, undefined, noOlt),
      ).toEqual([]);
      expect(await store.orders.claimDueOrders(10, 'inst-b', 1_000, now + 30_000)).toEqual([]);
      // the pass is done with olt-1-0 and olt-1-1 (olt-1-1 settled meanwhile: not touched)
      expect(await store.orders.setState('olt-1-1', 'due', 'completed', T1)).toBe(true);
      expect(await store.provisioning.release(['olt-1-0', 'olt-1-1'], 'inst-b')).toBe(0);
      expect(await store.provisioning.release(['olt-1-0', 'olt-1-1'], 'inst-a')).toBe(1);
      expect(await store.orders.get('olt-1-0')).toMatchObject({
        leaseOwner: undefined,
        leaseUntil: undefined,
      });
      // olt-1 still has inst-a's olt-1-2: no other instance takes the OLT
      expect(await store.provisioning.claimOlt(cats, 10, 'inst-b', 1_000, later)).toBeUndefined();
      // inst-a leaves: what it held is free once lease_until has passed
      await store.instances.leave('inst-a', 'a-1');
      const b = await store.provisioning.claimOlt(cats, 10, 'inst-b', 1_000, later);
      expect(b?.ids.sort()).toEqual(['olt-1-0', 'olt-1-2']);
      expect(
        await store.provisioning.claim(cats, 10, 'inst-b', 1_000, now + 30_000, undefined, noOlt),
      ).toEqual(['none-0']);
    });
  });
}

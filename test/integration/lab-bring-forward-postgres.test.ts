/**
 * The lab's bring-forward (design §3: field work at once; application/provisioning/lab-run.ts) with
 * several controller instances on one PostgreSQL schema (issue 16): every instance reads the same
 * scheduled orders, and one waiting on the rows another instance's transaction holds only queued
 * behind it (~3.4 s before the first device write at 8 192 orders with 3 instances). An instance
 * now skips the orders another one is moving and brings the rest forward; each order is brought
 * forward once. SQLite (one process, one writer) brings every order forward as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type SqlStore } from '../../src/adapters/driven/store/index.ts';
import { OrderBus } from '../../src/application/orders/order-bus.ts';
import { provisioningContext, type ProvisioningDeps } from '../../src/application/provisioning/context.ts';
import { bringScheduledOrdersForward } from '../../src/application/provisioning/lab-run.ts';
import { PG_URL, createSchema, dropSchema } from '../helpers/pg.ts';
import { activationRecord } from '../helpers/order-record.ts';

const T0 = '2026-03-02T08:00:00.000Z';

const ids = (n: number, p: string) =>
  Array.from({ length: n }, (_, i) => `${p}-${String(i).padStart(5, '0')}`);

/** What bringScheduledOrdersForward reads of an instance: its store, clock, bus and options. */
const instance = (store: SqlStore, instanceId: string) =>
  provisioningContext(
    {
      store,
      clock: { now: () => new Date(T0) },
      bus: new OrderBus(),
      devices: { profile: () => undefined },
    } as unknown as ProvisioningDeps,
    { instanceId, workAhead: true },
  );

async function seed(store: SqlStore, orderIds: string[]): Promise<void> {
  await store.sps.upsert({ id: 'sp-a', name: 'Alpha', region: 'Zagreb', createdAt: T0 });
  await store.transaction(async (tx) => {
    for (const id of orderIds) await tx.orders.insert(activationRecord(id));
  });
}

/** The become-due events per order, over every order the store holds. */
async function broughtForward(store: SqlStore): Promise<Map<string, number>> {
  const n = new Map<string, number>();
  for (const e of await store.orderEvents.since('2000-01-01T00:00:00.000Z', 100_000))
    if ((e.details as { trigger?: string } | undefined)?.trigger === 'become-due')
      n.set(e.orderId, (n.get(e.orderId) ?? 0) + 1);
  return n;
}

/**
 * `store` moving `orderIds` from scheduled to due in a transaction it keeps open until `release()`:
 * resolves once the rows are locked; `holder` is the transaction's outcome (the orders it moved).
 */
async function movingUncommitted(
  store: SqlStore,
  orderIds: string[],
): Promise<{ holder: Promise<unknown[]>; release: () => void }> {
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const holder = store.transaction(async (tx) => {
    const moved = await tx.orders.setStates(
      orderIds.map((id) => ({ id, from: 'scheduled' as const, to: 'due' as const, at: T0 })),
    );
    locked();
    await released;
    return moved;
  });
  await isLocked;
  return { holder, release };
}

describe('lab bring-forward, two instances on PostgreSQL', () => {
  let schema: string;
  let a: SqlStore;
  let b: SqlStore;

  beforeAll(async () => {
    schema = await createSchema();
    a = await openStore({ kind: 'postgres', url: PG_URL, schema });
    b = await openStore({ kind: 'postgres', url: PG_URL, schema });
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    if (schema) await dropSchema(schema);
  });

  it("an instance skips the orders another instance's open transaction holds instead of waiting for its commit", async () => {
    const all = ids(1100, 'held');
    await seed(a, all);
    const first = all.slice(0, 512);
    // instance A is moving the first 512 (one bring-forward chunk) and has not committed yet
    const { holder, release } = await movingUncommitted(a, first);
    try {
      const bMoved = await Promise.race([
        bringScheduledOrdersForward(instance(b, 'b')),
        new Promise<'still waiting'>((r) => setTimeout(() => r('still waiting'), 5_000)),
      ]);
      // the 588 A does not hold, while A's transaction is still open
      expect(bMoved).toBe(all.length - first.length);
    } finally {
      release();
    }
    expect(await holder).toHaveLength(first.length);
    const states = await a.orders.getMany(all);
    expect(states.filter((o) => o.state === 'due')).toHaveLength(all.length);
    const events = await broughtForward(a);
    expect(all.slice(first.length).every((id) => events.get(id) === 1)).toBe(true);
    expect(first.some((id) => events.has(id))).toBe(false); // A's (the holder's) own, without events here
  });

  it("asked to wait for others, an instance waits for the other's transaction and then finds its orders due", async () => {
    const all = ids(600, 'wait');
    await seed(a, all);
    const first = all.slice(0, 512);
    const { holder, release } = await movingUncommitted(a, first);
    let done = false;
    const waiting = bringScheduledOrdersForward(instance(b, 'b'), { waitForOthers: true }).finally(() => {
      done = true;
    });
    await new Promise((r) => setTimeout(r, 300));
    // still waiting for A's commit, where a call that skips would have returned already
    expect(done).toBe(false);
    release();
    expect(await holder).toHaveLength(first.length);
    // B moved the 88 A did not hold; A's 512 are due once B's call returns, none moved twice
    expect(await waiting).toBe(all.length - first.length);
    const states = await b.orders.getMany(all);
    expect(states.filter((o) => o.state === 'due')).toHaveLength(all.length);
    const events = await broughtForward(a);
    expect(first.some((id) => events.has(id))).toBe(false);
  });

  it('two instances bringing forward together move each order once between them', async () => {
    const all = ids(2000, 'both');
    await seed(a, all);
    const [na, nb] = await Promise.all([
      bringScheduledOrdersForward(instance(a, 'a')),
      bringScheduledOrdersForward(instance(b, 'b')),
    ]);
    expect(na + nb).toBe(all.length);
    const events = await broughtForward(a);
    expect(all.filter((id) => events.get(id) !== 1)).toEqual([]);
  });
});

describe('lab bring-forward on SQLite', () => {
  it('brings every scheduled order forward, once', async () => {
    const store = await openStore({ kind: 'sqlite', file: ':memory:' });
    try {
      const all = ids(700, 'lite');
      await seed(store, all);
      expect(await bringScheduledOrdersForward(instance(store, 'only'))).toBe(all.length);
      expect(await bringScheduledOrdersForward(instance(store, 'only'))).toBe(0);
      const events = await broughtForward(store);
      expect(all.filter((id) => events.get(id) !== 1)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});

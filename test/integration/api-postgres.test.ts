/**
 * The order API on PostgreSQL (design §8: the same service over the other Store): acceptance,
 * concurrent idempotent submissions, storno, and the due-order lease claim.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activationFor, startTestController, type TestController } from '../helpers/controller.ts';

let t: TestController;
beforeAll(async () => {
  t = await startTestController({ store: 'postgres' });
});
afterAll(async () => {
  await t?.close();
});

describe('order API on PostgreSQL', () => {
  it('accepts, replays concurrent idempotent submissions once, and cancels', async () => {
    expect(t.store.dialect).toBe('postgres');
    const body = activationFor(t.seed, 'sp-alpha');
    const rs = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.call('POST', '/v1/orders', { body, headers: { 'idempotency-key': 'pg-1' } }),
      ),
    );
    expect(rs.map((r) => r.status)).toEqual(Array(8).fill(202));
    expect(new Set(rs.map((r) => r.body.id)).size).toBe(1);
    expect(await t.store.orders.count()).toBe(1);
    const got = await t.call('GET', `/v1/orders/${rs[0].body.id}`);
    expect(got.body.history.map((h: { status: string }) => h.status)).toEqual([
      'received',
      'accepted',
      'scheduled',
    ]);
    const other = await t.call('GET', `/v1/orders/${rs[0].body.id}`, { key: t.keys.beta });
    expect(other.status).toBe(404);
    const c = await t.call('POST', `/v1/orders/${rs[0].body.id}/cancel`);
    expect(c.body).toMatchObject({ status: 'cancelled', fee: { cents: 0, rule: 'free-no-visit' } });
  });

  it('different activations at the same address: the first wins, the second is PORT_BLOCKED', async () => {
    const a = activationFor(t.seed, 'sp-beta', { ownerInstallsHome: true });
    const [x, y] = await Promise.all([
      t.call('POST', '/v1/orders', { key: t.keys.beta, body: a }),
      t.call('POST', '/v1/orders', { key: t.keys.gamma, body: { ...a } }),
    ]);
    expect([x.status, y.status].sort()).toEqual([202, 422]);
    expect((x.status === 422 ? x : y).body.error.code).toBe('PORT_BLOCKED');
  });

  it('due orders are claimed once across instances', async () => {
    const r = await t.call('POST', '/v1/orders', { body: activationFor(t.seed, 'sp-alpha', { index: 1 }) });
    t.clock.set('2026-03-09T06:00:00Z');
    await t.controller.services.orders.tick();
    const [a, b] = await Promise.all([
      t.store.orders.claimDueOrders(10, 'i1', 60_000),
      t.store.orders.claimDueOrders(10, 'i2', 60_000),
    ]);
    const ids = [...a, ...b].map((o) => o.id);
    expect(ids).toContain(r.body.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.length).toBe((await t.store.orders.list({ states: ['due'] })).length);
  });
});

/**
 * Fairness over real HTTP (issue 17 item 4, docs/fairness.md), on both stores:
 * - per-SP open-order limit: an SP at its limit gets 429 TOO_MANY_OPEN_ORDERS with Retry-After,
 *   nothing is stored and no order.rejected webhook is queued; another SP is not affected (its own
 *   limit, per SP by configuration); a retried request of an accepted order still replays; an order
 *   that ends frees a place;
 * - a subscriber report with many open orders stays bounded and links to the paged rest.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestController, type TestController } from '../helpers/controller.ts';
import { parsePerSp } from '../../src/main/config.ts';

let t: TestController;
let alphaIds: string[];
let betaId: string;

const T0 = '2026-03-02T08:00:00.000Z';
const fault = (key: string, adapterId: string, category: string, headers?: Record<string, string>) =>
  t.call('POST', '/v1/orders', {
    key,
    body: { form: 'SBSN', category, adapterId, description: 'no sync' },
    headers,
  });
const rejectedHooks = async () =>
  (
    await t.store.db.all<{ n: number }>(
      "SELECT COUNT(*) AS n FROM webhook_events WHERE event = 'order.rejected'",
    )
  ).map((r) => Number(r.n))[0];

describe('configuration', () => {
  it('per-SP limits read as SP=NUMBER pairs; anything else is an error', () => {
    expect(parsePerSp('sp-a=20000, sp-b=5')).toEqual({ 'sp-a': 20000, 'sp-b': 5 });
    expect(parsePerSp('')).toEqual({});
    expect(() => parsePerSp('sp-a=lots')).toThrow(/SP=NUMBER/);
  });
});

describe.each(['sqlite', 'postgres'] as const)('%s store', (store) => {
  beforeAll(async () => {
    t = await startTestController({
      store,
      env: { PONCTL_SP_MAX_OPEN_ORDERS: '3', PONCTL_SP_MAX_OPEN_ORDERS_BY_SP: 'sp-beta=1' },
    });
    alphaIds = t.seed.addresses.filter((a) => a.active?.spId === 'sp-alpha').map((a) => a.active!.adapterId);
    betaId = t.seed.addresses.find((a) => a.active?.spId === 'sp-beta')!.active!.adapterId;
  }, 30_000);
  afterAll(async () => {
    await t?.close();
  });

  it('an SP at its limit gets 429 TOO_MANY_OPEN_ORDERS with Retry-After; nothing stored, no webhook; others unaffected', async () => {
    const ids: string[] = [];
    for (const category of ['degradation', 'interruption', 'home-installation']) {
      const r = await fault(t.keys.alpha, alphaIds[0], category, { 'idempotency-key': `k-${category}` });
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      ids.push(r.body.id);
    }
    expect(await t.store.orders.openCount('sp-alpha')).toBe(3);
    const hooksBefore = await rejectedHooks();
    const countBefore = await t.store.orders.count({ spId: 'sp-alpha' });

    const over = await fault(t.keys.alpha, alphaIds[0], 'joint-visit');
    expect(over.status).toBe(429);
    expect(over.headers.get('retry-after')).toBe('60');
    expect(over.body.error).toMatchObject({ code: 'TOO_MANY_OPEN_ORDERS' });
    expect(over.body.error.message).toMatch(/3 open orders.*most it may hold is 3/);
    for (let i = 0; i < 4; i++)
      expect((await fault(t.keys.alpha, alphaIds[1], 'degradation')).status).toBe(429);
    expect(await t.store.orders.count({ spId: 'sp-alpha' })).toBe(countBefore);
    // a contract rejection after them is notified (asynchronously, in order); the refusals were not
    const bad = await t.call('POST', '/v1/orders', { key: t.keys.gamma, body: { form: 'SBSN' } });
    expect(bad.status).toBe(422);
    for (let i = 0; i < 100 && (await rejectedHooks()) < hooksBefore + 1; i++)
      await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    expect(await rejectedHooks()).toBe(hooksBefore + 1);

    // a retried request of an accepted order still gets its answer
    const replay = await fault(t.keys.alpha, alphaIds[0], 'degradation', {
      'idempotency-key': 'k-degradation',
    });
    expect(replay.status).toBe(202);
    expect(replay.body.id).toBe(ids[0]);

    // beta has a limit of its own (1): its first order is accepted, its second refused
    expect((await fault(t.keys.beta, betaId, 'degradation')).status).toBe(202);
    expect((await fault(t.keys.beta, betaId, 'interruption')).status).toBe(429);

    // an order that ends frees a place
    expect((await t.call('POST', `/v1/orders/${ids[1]}/cancel`, { key: t.keys.alpha })).status).toBe(200);
    expect(await t.store.orders.openCount('sp-alpha')).toBe(2);
    expect((await fault(t.keys.alpha, alphaIds[0], 'joint-visit')).status).toBe(202);
    expect((await fault(t.keys.alpha, alphaIds[1], 'degradation')).status).toBe(429);
  });
  it('GET /v1/subscribers/:id with 68 open orders: 50 inline, oldest first, and a link to the paged rest; closed ones not among them', async () => {
    const adapterId = alphaIds[2];
    // a flood from before the per-access rule (rows as an older controller stored them)
    for (let i = 0; i < 70; i++) {
      const receivedAt = new Date(Date.parse(T0) - (70 - i) * 60_000).toISOString();
      await t.store.orders.insert({
        id: `ord_flood${String(i).padStart(3, '0')}`,
        spId: 'sp-alpha',
        form: 'SBSN',
        category: 'degradation',
        state: i === 3 || i === 40 ? 'cancelled' : 'due',
        adapterId,
        input: { form: 'SBSN', category: 'degradation', adapterId, description: 'slow' },
        receivedAt,
        receivedDate: receivedAt.slice(0, 10),
        plannedDate: receivedAt.slice(0, 10),
        deadline: '2026-03-04',
        updatedAt: receivedAt,
      } as never);
    }
    const open = Array.from({ length: 70 }, (_, i) => `ord_flood${String(i).padStart(3, '0')}`).filter(
      (_, i) => i !== 3 && i !== 40,
    );
    const sub = await t.call('GET', `/v1/subscribers/${adapterId}`, { key: t.keys.alpha });
    expect(sub.status).toBe(200);
    expect(sub.body.openOrders).toEqual(open.slice(0, 50));
    expect(sub.body.openOrdersTotal).toBe(68);
    expect(sub.body.openOrdersNext).toMatch(/^\/v1\/orders\?adapterId=.*&open=true&cursor=/);
    expect(JSON.stringify(sub.body).length).toBeLessThan(4000);

    // the link walks the rest, page after page, none repeated or skipped
    const seen = [...sub.body.openOrders];
    let next: string | undefined = `${sub.body.openOrdersNext}&limit=10`;
    while (next) {
      const page = await t.call('GET', next, { key: t.keys.alpha });
      expect(page.status, JSON.stringify(page.body)).toBe(200);
      seen.push(...page.body.orders.map((o: { id: string }) => o.id));
      next = page.body.next
        ? `/v1/orders?adapterId=${adapterId}&open=true&limit=10&cursor=${page.body.next}`
        : undefined;
    }
    expect(seen).toEqual(open);

    // the operator's link names the SP; another SP following alpha's link sees nothing of it
    const op = await t.call('GET', `/v1/subscribers/${adapterId}`, { key: t.keys.operator });
    expect(op.body.openOrdersNext).toContain('sp=sp-alpha');
    expect((await t.call('GET', op.body.openOrdersNext, { key: t.keys.operator })).body.orders).toHaveLength(
      open.length - 50,
    );
    expect((await t.call('GET', sub.body.openOrdersNext, { key: t.keys.beta })).body.orders).toEqual([]);
    // an access with few open orders has no link
    const few = await t.call('GET', `/v1/subscribers/${betaId}`, { key: t.keys.beta });
    expect(few.body.openOrdersNext).toBeUndefined();
    expect(few.body.openOrdersTotal).toBe(few.body.openOrders.length);
  });
});

/**
 * The order API over real HTTP (design §4; issue 3 "API tests over real HTTP"): auth, SP isolation,
 * acceptance with planned date and deadline, history, idempotency, storno, scheduler.
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

describe('authentication', () => {
  it('answers 401 UNAUTHENTICATED without a key, with a malformed or unknown key', async () => {
    for (const key of [
      null,
      'nonsense',
      `ponctl_0000000000000000_${'A'.repeat(43)}`,
      t.keys.alpha.slice(0, -1) + 'x',
    ]) {
      const r = await t.call('GET', '/v1/orders', { key });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('UNAUTHENTICATED');
    }
    const r = await t.call('POST', '/v1/orders', { key: null, body: activationFor(t.seed, 'sp-alpha') });
    expect(r.status).toBe(401);
    expect(await t.store.orders.count()).toBe(0);
  });

  it('health, metrics and the OpenAPI document need no key', async () => {
    expect((await t.call('GET', '/healthz', { key: null })).body.status).toBe('ok');
    const doc = await t.call('GET', '/openapi.json', { key: null });
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/v1/orders',
        '/v1/orders/{id}',
        '/v1/orders/{id}/cancel',
        '/v1/coverage',
        '/v1/availability',
        '/v1/subscribers/{adapterId}',
      ]),
    );
    const m = await t.call('GET', '/metrics', { key: null });
    expect(m.body).toContain('http_request_duration_seconds');
  });

  it("an operator key cannot place orders (FORBIDDEN) but sees every SP's orders", async () => {
    const r = await t.call('POST', '/v1/orders', {
      key: t.keys.operator,
      body: activationFor(t.seed, 'sp-alpha'),
    });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('FORBIDDEN');
  });
});

describe('orders', () => {
  it('accepts an activation with AdapterID, planned date and deadline (Table 8: existing, 6 RD)', async () => {
    const r = await t.call('POST', '/v1/orders', { body: activationFor(t.seed, 'sp-alpha') });
    expect(r.status).toBe(202);
    // received Monday 2 March 2026: +3 RD feasibility (Thu 5), +3 RD realisation (Fri 6, Sat 7, Mon 9)
    expect(r.body).toMatchObject({ status: 'scheduled', plannedDate: '2026-03-09', deadline: '2026-03-09' });
    expect(r.body.adapterId).toMatch(/^A-\d{8}$/);
    const got = await t.call('GET', `/v1/orders/${r.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body.history.map((h: { status: string }) => h.status)).toEqual([
      'received',
      'accepted',
      'scheduled',
    ]);
    expect(got.body.history[1]).toMatchObject({ from: 'received', status: 'accepted' });
    // the access exists at once (pending) and the address shows taken
    const sub = await t.call('GET', `/v1/subscribers/${r.body.adapterId}`);
    expect(sub.body).toMatchObject({
      adapterId: r.body.adapterId,
      sp: 'sp-alpha',
      state: 'pending',
      channels: ['internet', 'management', 'voip', 'iptv'],
    });
  });

  it('SP isolation: another SP gets 404 on the order, its cancel, the subscriber and availability by AdapterID', async () => {
    const r = await t.call('POST', '/v1/orders', { body: activationFor(t.seed, 'sp-alpha', { index: 1 }) });
    expect(r.status).toBe(202);
    for (const [m, p] of [
      ['GET', `/v1/orders/${r.body.id}`],
      ['POST', `/v1/orders/${r.body.id}/cancel`],
      ['GET', `/v1/subscribers/${r.body.adapterId}`],
      ['GET', `/v1/availability?adapterId=${r.body.adapterId}`],
    ] as const) {
      const other = await t.call(m, p, { key: t.keys.beta });
      expect(other.status, `${m} ${p}`).toBe(404);
      expect(other.body.error.code).toBe('NOT_FOUND');
    }
    const list = await t.call('GET', '/v1/orders', { key: t.keys.beta });
    expect(list.body.orders.some((o: { id: string }) => o.id === r.body.id)).toBe(false);
    const op = await t.call('GET', `/v1/orders/${r.body.id}`, { key: t.keys.operator });
    expect(op.status).toBe(200);
    expect((await t.call('GET', `/v1/orders/${r.body.id}`)).status).toBe(200);
  });

  it('the same Idempotency-Key and body return the same order; another body is IDEMPOTENCY_KEY_REUSED', async () => {
    const body = activationFor(t.seed, 'sp-beta');
    const headers = { 'idempotency-key': 'beta-order-1' };
    const before = await t.store.orders.count();
    const [a, b] = await Promise.all([
      t.call('POST', '/v1/orders', { key: t.keys.beta, body, headers }),
      t.call('POST', '/v1/orders', { key: t.keys.beta, body, headers }),
    ]);
    const c = await t.call('POST', '/v1/orders', { key: t.keys.beta, body: { ...body }, headers });
    expect([a.status, b.status, c.status]).toEqual([202, 202, 202]);
    expect(new Set([a.body.id, b.body.id, c.body.id]).size).toBe(1);
    expect(c.headers.get('idempotent-replayed')).toBe('true');
    expect(await t.store.orders.count()).toBe(before + 1);
    const d = await t.call('POST', '/v1/orders', {
      key: t.keys.beta,
      body: { ...body, requestedDate: '2026-04-01' },
      headers,
    });
    expect(d.status).toBe(422);
    expect(d.body.error).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'Idempotency-Key' });
    // keys are per SP: gamma may use the same key string
    const g = await t.call('POST', '/v1/orders', {
      key: t.keys.gamma,
      body: activationFor(t.seed, 'sp-gamma'),
      headers,
    });
    expect(g.status).toBe(202);
    expect(g.body.id).not.toBe(a.body.id);
  });

  it('storno: an activation with a technician visit costs 13.27 EUR once accepted, frees the port and the ONT', async () => {
    const body = activationFor(t.seed, 'sp-gamma', { index: 1 });
    const r = await t.call('POST', '/v1/orders', {
      key: t.keys.gamma,
      body: { ...body, ownerInstallsHome: true, ontSerial: undefined },
    });
    expect(r.status).toBe(202);
    const c = await t.call('POST', `/v1/orders/${r.body.id}/cancel`, { key: t.keys.gamma });
    expect(c.status).toBe(200);
    expect(c.body).toMatchObject({
      status: 'cancelled',
      fee: { cents: 1327, eur: 13.27, rule: 'before-field-visit' },
    });
    expect(c.body.order.history.at(-1)).toMatchObject({ from: 'scheduled', status: 'cancelled' });
    const sub = await t.call('GET', `/v1/subscribers/${r.body.adapterId}`, { key: t.keys.gamma });
    expect(sub.body.state).toBe('deactivated');
    const again = await t.call('POST', `/v1/orders/${r.body.id}/cancel`, { key: t.keys.gamma });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('NOT_CANCELLABLE');
    // the same address can be ordered again
    const r2 = await t.call('POST', '/v1/orders', { key: t.keys.gamma, body });
    expect(r2.status).toBe(202);
  });

  it('lists orders by status and received date', async () => {
    const all = await t.call('GET', '/v1/orders?status=scheduled');
    expect(all.status).toBe(200);
    expect(all.body.orders.length).toBeGreaterThan(0);
    expect(
      all.body.orders.every(
        (o: { status: string; sp: string }) => o.status === 'scheduled' && o.sp === 'sp-alpha',
      ),
    ).toBe(true);
    expect((await t.call('GET', '/v1/orders?from=2026-03-03')).body.orders).toEqual([]);
    const bad = await t.call('GET', '/v1/orders?status=nonsense');
    expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_REQUEST']);
    const badDate = await t.call('GET', '/v1/orders?from=yesterday');
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.field).toBe('from');
  });

  it('the scheduler makes an order due on its planned date, and it stays due (no provisioning yet)', async () => {
    const r = await t.call('POST', '/v1/orders', { body: activationFor(t.seed, 'sp-alpha', { index: 2 }) });
    t.clock.set('2026-03-08T12:00:00Z');
    await t.controller.services.orders.tick();
    expect((await t.call('GET', `/v1/orders/${r.body.id}`)).body.status).toBe('scheduled');
    t.clock.set('2026-03-09T06:00:00Z');
    const due = await t.controller.services.orders.tick();
    expect(due.map((o) => o.id)).toContain(r.body.id);
    const got = await t.call('GET', `/v1/orders/${r.body.id}`);
    expect(got.body.status).toBe('due');
    expect(got.body.history.at(-1)).toMatchObject({ from: 'scheduled', status: 'due' });
    await t.controller.services.orders.tick();
    expect((await t.store.orderEvents.list(r.body.id)).length).toBe(4);
    t.clock.set('2026-03-02T08:00:00.000Z');
  });
});

describe('coverage and availability', () => {
  it('lists covered addresses with free or taken', async () => {
    const r = await t.call('GET', '/v1/coverage?city=Zagreb&street=Ilica');
    expect(r.status).toBe(200);
    expect(r.body.addresses).toHaveLength(16);
    expect(r.body.addresses[0]).toMatchObject({
      address: { street: 'Ilica', number: '1', city: 'Zagreb' },
      node: 'ZG-Centar',
      technology: 'gpon',
      status: 'taken',
    });
    expect(r.body.addresses.filter((a: { status: string }) => a.status === 'free').length).toBeGreaterThan(5);
  });

  it('availability shows what blocks a port (SP name and service kinds only) and whether a forced order is possible', async () => {
    const taken = t.seed.addresses.find((a) => a.active && a.active.spId !== 'sp-alpha')!;
    const q = encodeURIComponent(`${taken.address.street} ${taken.address.number}, ${taken.address.city}`);
    const r = await t.call('GET', `/v1/availability?address=${q}`);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ covered: true, status: 'taken', forcedOrderPossible: true });
    expect(r.body.blocking[0].sp).toMatch(/Beta|Gamma/);
    expect(JSON.stringify(r.body)).not.toContain(taken.active!.adapterId);
    expect(JSON.stringify(r.body)).not.toContain(taken.serial);
    const none = await t.call('GET', `/v1/availability?address=${encodeURIComponent('Nowhere 1, Zagreb')}`);
    expect(none.body).toMatchObject({ covered: false, status: 'not-covered' });
    const bad = await t.call('GET', '/v1/availability');
    expect([bad.status, bad.body.error.code]).toEqual([400, 'INVALID_REQUEST']);
  });
});

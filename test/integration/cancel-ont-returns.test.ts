/**
 * Storno with its fee and webhook (spec §3 Cancellation), ONT stock states, and ONT returns with the
 * notices of spec §7 (return started, 10 days left, missed → 21.90 EUR charged), over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openOntReturn } from '../../src/application/lifecycle/ont-returns.ts';
import { activationFor, startTestController, type TestController } from '../helpers/controller.ts';

let t: TestController;
beforeAll(async () => {
  t = await startTestController();
});
afterAll(async () => {
  await t?.close();
});

const events = async (key: string) =>
  (await t.call('GET', '/v1/webhooks/events?limit=1000', { key })).body.events as {
    event: string;
    payload: any;
  }[];

describe('cancellation (storno)', () => {
  it('records the fee, frees the ONT and tells the SP (order.cancelled)', async () => {
    const visit = await t.call('POST', '/v1/orders', {
      body: activationFor(t.seed, 'sp-alpha', { ownerInstallsHome: true }),
    });
    expect(visit.status).toBe(202);
    const c1 = await t.call('POST', `/v1/orders/${visit.body.id}/cancel`);
    expect(c1.status).toBe(200);
    expect(c1.body.fee).toEqual({ cents: 1327, eur: 13.27, rule: 'before-field-visit' });

    const body = activationFor(t.seed, 'sp-alpha', { index: 1 });
    const own = await t.call('POST', '/v1/orders', { body });
    expect((await t.store.stock.get(String(body.ontSerial)))?.state).toBe('reserved');
    const c2 = await t.call('POST', `/v1/orders/${own.body.id}/cancel`);
    expect(c2.body.fee).toEqual({ cents: 0, eur: 0, rule: 'free-no-visit' });
    expect((await t.store.stock.get(String(body.ontSerial)))?.state).toBe('in-stock');
    // final: a second storno is refused
    expect((await t.call('POST', `/v1/orders/${own.body.id}/cancel`)).body.error.code).toBe(
      'NOT_CANCELLABLE',
    );

    const ev = await events(t.keys.alpha);
    const cancelled = ev.filter((e) => e.event === 'order.cancelled');
    expect(cancelled.map((e) => e.payload.data.orderId).sort()).toEqual([visit.body.id, own.body.id].sort());
    expect(cancelled.find((e) => e.payload.data.orderId === visit.body.id)!.payload.data).toMatchObject({
      feeCents: 1327,
      feeEur: 13.27,
      rule: 'before-field-visit',
    });
    expect(ev.filter((e) => e.event === 'order.accepted')).toHaveLength(2);
    // another SP sees none of it
    expect((await events(t.keys.beta)).some((e) => e.event === 'order.cancelled')).toBe(false);
  });
});

describe('ONT returns (spec §7)', () => {
  it('started → 10 days left → missed and charged 21.90 EUR; a recorded return closes it', async () => {
    const active = t.seed.addresses.filter((a) => a.active?.spId === 'sp-alpha').slice(0, 2);
    await t.store.transaction(async (tx) => {
      for (const a of active) {
        await openOntReturn(
          tx,
          { serial: a.serial, spId: 'sp-alpha', adapterId: a.active!.adapterId, reason: 'deactivation' },
          t.clock.now().toISOString(),
        );
      }
    });
    expect((await t.store.stock.get(active[0].serial))?.state).toBe('return-due');
    const list = await t.call('GET', '/v1/ont-returns?state=open');
    expect(list.body.returns).toHaveLength(2);
    expect(list.body.returns[0]).toMatchObject({
      startedOn: '2026-03-02',
      dueOn: '2026-05-31',
      state: 'open',
    });
    expect((await t.call('GET', '/v1/ont-returns', { key: t.keys.beta })).body.returns).toEqual([]);

    // the operator records the second one coming back; an SP cannot
    expect((await t.call('POST', `/v1/ont-returns/${active[1].serial}`, { key: t.keys.alpha })).status).toBe(
      404,
    );
    const back = await t.call('POST', `/v1/ont-returns/${active[1].serial}`, { key: t.keys.operator });
    expect(back.body).toMatchObject({ state: 'returned' });
    expect((await t.store.stock.get(active[1].serial))?.state).toBe('returned');

    const lc = t.controller.services.lifecycle;
    t.clock.set('2026-05-20T08:00:00.000Z'); // 11 days left
    expect(await lc.tick()).toMatchObject({ reminded: 0, charged: 0 });
    t.clock.set('2026-05-21T08:00:00.000Z'); // 10 days left
    expect(await lc.tick()).toMatchObject({ reminded: 1, charged: 0 });
    expect(await lc.tick()).toMatchObject({ reminded: 0, charged: 0 }); // once
    t.clock.set('2026-05-31T20:00:00.000Z'); // last day
    expect((await lc.tick()).charged).toBe(0);
    t.clock.set('2026-06-01T08:00:00.000Z');
    expect((await lc.tick()).charged).toBe(1);
    expect((await lc.tick()).charged).toBe(0);
    expect((await t.store.stock.get(active[0].serial))?.state).toBe('charged');
    const charged = (await t.call('GET', '/v1/ont-returns?state=charged')).body.returns;
    expect(charged).toEqual([expect.objectContaining({ serial: active[0].serial, feeEur: 21.9 })]);

    const ev = await events(t.keys.alpha);
    expect(ev.filter((e) => e.event === 'ont.return_started')).toHaveLength(2);
    expect(ev.filter((e) => e.event === 'ont.return_due').map((e) => e.payload.data)).toEqual([
      expect.objectContaining({ serial: active[0].serial, daysLeft: 10 }),
    ]);
    expect(ev.filter((e) => e.event === 'ont.return_missed').map((e) => e.payload.data)).toEqual([
      expect.objectContaining({ serial: active[0].serial, feeCents: 2190 }),
    ]);
  });
});

describe('webhook endpoints', () => {
  it('register returns the secret once, list hides it, delete is per SP', async () => {
    const r = await t.call('POST', '/v1/webhooks', { body: { url: 'https://198.51.100.9/hook' } });
    expect(r.status).toBe(201);
    expect(r.body.secret).toMatch(/^whsec_/);
    const list = await t.call('GET', '/v1/webhooks');
    expect(list.body.webhooks).toEqual([
      { id: r.body.id, url: 'https://198.51.100.9/hook', createdAt: expect.any(String) },
    ]);
    expect(JSON.stringify(list.body)).not.toContain(r.body.secret);
    expect((await t.call('POST', '/v1/webhooks', { body: { url: 'ftp://x.example/' } })).status).toBe(400);
    expect((await t.call('DELETE', `/v1/webhooks/${r.body.id}`, { key: t.keys.beta })).status).toBe(404);
    expect((await t.call('DELETE', `/v1/webhooks/${r.body.id}`)).status).toBe(204);
    expect((await t.call('GET', '/v1/webhooks')).body.webhooks).toEqual([]);
  });
});

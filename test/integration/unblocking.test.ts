/**
 * Port unblocking end to end on the simulated lab (port-unblocking.md steps 1–20; issue 8 "What must
 * be shown"): blocked availability → forced order → both SPs notified over real HTTP with valid
 * signatures → dispute → the device configuration read back after the restore equals the one read
 * before the takeover (NETCONF get-config text and parsed tree).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffOltConfig } from '../../src/domain/olt-config/diff.ts';
import type { NetconfOltDriver } from '../../src/adapters/driven/olt/netconf/index.ts';
import { applyFault } from '../../simulators/lab/index.ts';
import {
  activationBody,
  startLabWorld,
  startReceiver,
  type LabWorld,
  type Receiver,
} from './unblocking-helpers.ts';

let w: LabWorld;
let alphaHook: Receiver;
let betaHook: Receiver;

beforeAll(async () => {
  w = await startLabWorld();
  alphaHook = await startReceiver();
  betaHook = await startReceiver();
  for (const [key, r] of [
    [w.keys.alpha, alphaHook],
    [w.keys.beta, betaHook],
  ] as const) {
    const res = await w.call('POST', '/v1/webhooks', key, { url: r.url });
    expect(res.status).toBe(201);
    r.secret = res.body.secret;
  }
}, 60_000);
afterAll(async () => {
  await alphaHook?.close();
  await betaHook?.close();
  await w?.close();
});

async function settle(): Promise<void> {
  // provisioning and the unblocking worker, as their workers would
  for (let i = 0; i < 3; i++) {
    await w.controller.services.orders.tick();
    await w.controller.services.provisioning.runOnce();
    await w.controller.services.unblocking.processForcedOrders();
  }
}

async function deliverAll(): Promise<void> {
  for (let i = 0; i < 5; i++) if ((await w.delivery.runOnce()).length === 0) break;
}

describe('port unblocking (steps 1–20) on the lab', () => {
  it('forced order takes the port, both SPs are told, the dispute restores the device exactly', async () => {
    // the existing service: Alpha's subscriber, carried out on olt-1 (NETCONF)
    const place = w.seed.addresses.find(
      (a) => a.stockOf === 'sp-alpha' && a.olt === 'olt-1' && a.installation === 'existing',
    )!;
    const a1 = await w.call('POST', '/v1/orders', w.keys.alpha, activationBody(w.seed, place, place.serial));
    expect(a1.status).toBe(202);
    await settle();
    const alphaAdapter = a1.body.adapterId as string;
    expect((await w.call('GET', `/v1/orders/${a1.body.id}`, w.keys.alpha)).body.status).toBe('completed');

    const reader = (await w.reader('olt-1')) as NetconfOltDriver;
    const beforeXml = await reader.netconf.getConfig('running');
    const before = await reader.readConfig();
    const vaniBefore = before.channelTerminations
      .find((c) => c.name === place.pon)!
      .onus.find((o) => o.onuId === place.onuId)!;
    expect(vaniBefore.description).toBe(alphaAdapter);

    // steps 2–4: Beta asks; the port is blocked by Alpha's services — name and kinds only
    const q = `${place.address.street} ${place.address.number}, ${place.address.city}`;
    const av = await w.call('GET', `/v1/availability?address=${encodeURIComponent(q)}`, w.keys.beta);
    expect(av.status).toBe(200);
    expect(av.body).toMatchObject({
      status: 'taken',
      forcedOrderPossible: true,
      blocking: [{ sp: 'Alpha Telekom d.o.o.' }],
    });
    expect(av.body.blocking[0].services).toEqual(
      expect.arrayContaining(['internet', 'iptv', 'voip', 'management']),
    );
    expect(av.text).not.toContain(alphaAdapter);
    expect(av.text).not.toContain(place.serial);
    expect(av.text).not.toContain('Iva');

    // steps 6–7: without the flag the order is refused; with it, accepted
    const betaSerial = w.seed.addresses.find((a) => a.stockOf === 'sp-beta' && a.olt === 'olt-2')!.serial;
    const plain = await w.call(
      'POST',
      '/v1/orders',
      w.keys.beta,
      activationBody(w.seed, place, betaSerial, { services: { internet: '100/100' } }),
    );
    expect(plain.status).toBe(422);
    expect(plain.body.error.code).toBe('PORT_BLOCKED');
    w.clock.advance(60_000);
    const forced = await w.call(
      'POST',
      '/v1/orders',
      w.keys.beta,
      activationBody(w.seed, place, betaSerial, { forced: true, services: { internet: '100/100' } }),
    );
    expect(forced.status).toBe(202);
    const betaAdapter = forced.body.adapterId as string;

    // steps 8–10: deactivate Alpha's, activate Beta's, confirm
    await settle();
    const fo = await w.call('GET', `/v1/orders/${forced.body.id}`, w.keys.beta);
    expect(fo.body.status).toBe('completed');
    const during = await reader.readConfig();
    const vaniDuring = during.channelTerminations
      .find((c) => c.name === place.pon)!
      .onus.find((o) => o.onuId === place.onuId)!;
    expect(vaniDuring.description).toBe(betaAdapter);
    expect(vaniDuring.expectedSerial).toBe(betaSerial);
    expect((await w.call('GET', `/v1/subscribers/${alphaAdapter}`, w.keys.alpha)).body.state).toBe(
      'taken-over',
    );

    // steps 10–11: both SPs notified over HTTP, signatures valid
    await deliverAll();
    const betaCompleted = betaHook.got.find(
      (g) => g.event === 'order.completed' && g.body.data.orderId === forced.body.id,
    );
    expect(betaCompleted?.valid).toBe(true);
    const deact = alphaHook.got.filter((g) => g.event === 'service.deactivated');
    expect(deact).toHaveLength(1);
    expect(deact[0].valid).toBe(true);
    expect(deact[0].body.data.adapterId).toBe(alphaAdapter);
    expect(deact[0].raw).not.toContain(betaAdapter); // Beta's subscriber stays Beta's
    expect(deact[0].raw).not.toContain(betaSerial);

    // an SP never sees the other's subscriber
    expect((await w.call('GET', `/v1/subscribers/${alphaAdapter}`, w.keys.beta)).status).toBe(404);
    expect((await w.call('GET', `/v1/subscribers/${betaAdapter}`, w.keys.alpha)).status).toBe(404);
    expect((await w.call('GET', `/v1/availability?adapterId=${alphaAdapter}`, w.keys.beta)).status).toBe(404);
    expect((await w.call('GET', `/v1/disputes/${alphaAdapter}`, w.keys.beta)).status).toBe(404);
    expect((await w.call('GET', `/v1/orders/${a1.body.id}`, w.keys.beta)).status).toBe(404);
    const avAlpha = await w.call('GET', `/v1/availability?address=${encodeURIComponent(q)}`, w.keys.alpha);
    expect(avAlpha.body.blocking[0].sp).toBe('Beta Net d.d.');
    expect(avAlpha.text).not.toContain(betaAdapter);
    expect(avAlpha.text).not.toContain(betaSerial);

    // steps 14–16: Alpha's subscriber disputes; only Alpha may
    expect(
      (await w.call('POST', '/v1/disputes', w.keys.beta, { adapterId: alphaAdapter })).body.error.code,
    ).toBe('NOTHING_TO_RESTORE');
    const d = await w.call('POST', '/v1/disputes', w.keys.alpha, { adapterId: alphaAdapter });
    expect(d.status).toBe(200);
    expect(d.body).toMatchObject({ adapterId: alphaAdapter, state: 'active' });

    // steps 17–18: the port is as it was — text and tree
    const afterXml = await reader.netconf.getConfig('running');
    const after = await reader.readConfig();
    expect(diffOltConfig(before, after).changes).toEqual([]);
    expect(afterXml).toBe(beforeXml);
    expect((await w.call('GET', `/v1/subscribers/${alphaAdapter}`, w.keys.alpha)).body.state).toBe('active');
    expect((await w.call('GET', `/v1/subscribers/${betaAdapter}`, w.keys.beta)).body.state).toBe(
      'deactivated',
    );
    // a second dispute has nothing left to restore
    expect(
      (await w.call('POST', '/v1/disputes', w.keys.alpha, { adapterId: alphaAdapter })).body.error.code,
    ).toBe('NOTHING_TO_RESTORE');

    // step 19: Beta is told
    await deliverAll();
    const restored = betaHook.got.filter((g) => g.event === 'service.restored');
    expect(restored).toHaveLength(1);
    expect(restored[0].valid).toBe(true);
    expect(restored[0].body.data.adapterId).toBe(betaAdapter);
    expect(restored[0].raw).not.toContain(alphaAdapter);
  }, 120_000);

  it('after the window a dispute is refused and the snapshot is released; the old access ends', async () => {
    const place = w.seed.addresses.filter(
      (a) => a.stockOf === 'sp-alpha' && a.olt === 'olt-1' && a.installation === 'existing',
    )[1];
    const a1 = await w.call(
      'POST',
      '/v1/orders',
      w.keys.alpha,
      activationBody(w.seed, place, place.serial, { services: { internet: '200/100' } }),
    );
    expect(a1.status).toBe(202);
    await settle();
    const alphaAdapter = a1.body.adapterId as string;
    const betaSerial = w.seed.addresses.filter((a) => a.stockOf === 'sp-beta' && a.olt === 'olt-2')[1].serial;
    const forced = await w.call(
      'POST',
      '/v1/orders',
      w.keys.beta,
      activationBody(w.seed, place, betaSerial, { forced: true, services: { internet: '100/100' } }),
    );
    expect(forced.status).toBe(202);
    await settle();
    expect((await w.call('GET', `/v1/orders/${forced.body.id}`, w.keys.beta)).body.status).toBe('completed');
    const view = await w.call('GET', `/v1/disputes/${alphaAdapter}`, w.keys.alpha);
    expect(view.body).toMatchObject({ state: 'held', snapshotHeld: true, disputeUntil: '2026-03-16' });

    // day 14 is still inside the window (the takeover day is day 0)
    w.clock.set('2026-03-16T20:00:00.000Z'); // 21:00 in Zagreb
    await w.controller.services.lifecycle.tick();
    expect((await w.call('GET', `/v1/disputes/${alphaAdapter}`, w.keys.alpha)).body.snapshotHeld).toBe(true);

    // day 15: closed
    w.clock.set('2026-03-17T08:00:00.000Z');
    const late = await w.call('POST', '/v1/disputes', w.keys.alpha, { adapterId: alphaAdapter });
    expect(late.status).toBe(422);
    expect(late.body.error.code).toBe('DISPUTE_WINDOW_CLOSED');
    const t = await w.controller.services.lifecycle.tick();
    expect(t.released).toHaveLength(1);
    const gone = await w.call('GET', `/v1/disputes/${alphaAdapter}`, w.keys.alpha);
    expect(gone.body).toMatchObject({ state: 'released', snapshotHeld: false });
    const snap = await w.store.snapshots.latestForAdapter(alphaAdapter);
    expect(snap?.device).toBeUndefined();
    expect(snap?.trafficProfiles).toBeUndefined();
    expect(
      (await w.call('POST', '/v1/disputes', w.keys.alpha, { adapterId: alphaAdapter })).body.error.code,
    ).toBe('DISPUTE_WINDOW_CLOSED');
    expect((await w.call('GET', `/v1/subscribers/${alphaAdapter}`, w.keys.alpha)).body.state).toBe(
      'deactivated',
    );
    // ended for billing the day before the takeover; the ONT is due back (spec §7)
    expect(await w.store.billing.span(alphaAdapter)).toMatchObject({ endDate: '2026-03-01' });
    const returns = await w.call('GET', '/v1/ont-returns', w.keys.alpha);
    expect(returns.body.returns).toEqual([
      expect.objectContaining({
        serial: place.serial,
        reason: 'moved-to-other-sp',
        dueOn: '2026-06-15',
        state: 'open',
      }),
    ]);
    expect(
      (await w.call('GET', '/v1/ont-returns', w.keys.beta)).body.returns.some(
        (r: { serial: string }) => r.serial === place.serial,
      ),
    ).toBe(false);
  }, 120_000);

  it('a forced order the device refuses leaves the port and the old access as they were', async () => {
    const place = w.seed.addresses.filter(
      (a) => a.stockOf === 'sp-alpha' && a.olt === 'olt-1' && a.installation === 'existing',
    )[2];
    const a1 = await w.call('POST', '/v1/orders', w.keys.alpha, activationBody(w.seed, place, place.serial));
    await settle();
    const alphaAdapter = a1.body.adapterId as string;
    expect((await w.call('GET', `/v1/subscribers/${alphaAdapter}`, w.keys.alpha)).body.state).toBe('active');
    const reader = (await w.reader('olt-1')) as NetconfOltDriver;
    const beforeXml = await reader.netconf.getConfig('running');

    applyFault(w.lab, { kind: 'fail-commit', olt: 'olt-1' });
    const betaSerial = w.seed.addresses.filter((a) => a.stockOf === 'sp-beta' && a.olt === 'olt-2')[2].serial;
    w.clock.advance(60_000);
    const forced = await w.call(
      'POST',
      '/v1/orders',
      w.keys.beta,
      activationBody(w.seed, place, betaSerial, { forced: true, services: { internet: '100/100' } }),
    );
    expect(forced.status).toBe(202);
    await settle();
    applyFault(w.lab, { kind: 'fail-commit', olt: 'olt-1', clear: true });

    const fo = await w.call('GET', `/v1/orders/${forced.body.id}`, w.keys.beta);
    expect(fo.body.status).toBe('failed');
    expect(fo.body.history.at(-1).reason).toMatch(/port left as it was/);
    expect(await reader.netconf.getConfig('running')).toBe(beforeXml);
    expect((await w.call('GET', `/v1/subscribers/${alphaAdapter}`, w.keys.alpha)).body.state).toBe('active');
    expect((await w.call('GET', `/v1/subscribers/${forced.body.adapterId}`, w.keys.beta)).body.state).toBe(
      'deactivated',
    );
    expect((await w.store.stock.get(betaSerial))?.state).toBe('in-stock');
    expect(await w.store.snapshots.latestForAdapter(alphaAdapter)).toBeUndefined();
    expect(
      (await w.call('POST', '/v1/disputes', w.keys.alpha, { adapterId: alphaAdapter })).body.error.code,
    ).toBe('NOTHING_TO_RESTORE');
    await deliverAll();
    expect(
      alphaHook.got.some((g) => g.event === 'service.deactivated' && g.body.data.adapterId === alphaAdapter),
    ).toBe(false);
    expect(
      betaHook.got.some(
        (g) => g.event === 'order.failed' && g.body.data.orderId === forced.body.id && g.valid,
      ),
    ).toBe(true);
  }, 120_000);
});

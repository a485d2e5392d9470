/**
 * Temporary disconnection (SL) on the lab (spec §3 BSND; issue 8 §4): services suspended on the
 * device (not deleted), once per calendar year per access, automatic reactivation at day 92 / 184
 * driven by the controller's clock, and no monthly fee for the disconnected days in the statement.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/calendar/local-date.ts';
import { statement } from '../../src/application/sla/sla-service.ts';
import { activationBody, startLabWorld, type LabWorld } from './unblocking-helpers.ts';

let w: LabWorld;
beforeAll(async () => {
  w = await startLabWorld();
}, 60_000);
afterAll(async () => {
  await w?.close();
});

async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    await w.controller.services.orders.tick();
    await w.controller.services.provisioning.runOnce();
  }
}

async function vlanStates(olt: string, pon: string, onuId: number): Promise<string[]> {
  const cfg = await (await w.reader(olt)).readConfig();
  return cfg.channelTerminations
    .find((c) => c.name === pon)!
    .onus.find((o) => o.onuId === onuId)!
    .vlans.map((v) => v.adminState);
}

const feesTotal = (csv: string, adapterId: string): string => {
  const [head, ...rows] = csv.trim().split('\r\n');
  const col = head.split(',').indexOf('fees_total');
  return rows.find((r) => r.includes(adapterId))!.split(',')[col];
};

describe('temporary disconnection (SL)', () => {
  it('3 and 6 months: suspended on the device, reactivated automatically at day 92 / 184, once a year, no fee while off', async () => {
    // two of Alpha's subscribers on olt-2 (driven over the ZXA10 CLI)
    const places = w.seed.addresses
      .filter((a) => a.stockOf === 'sp-alpha' && a.olt === 'olt-2' && a.installation === 'existing')
      .slice(0, 2);
    const ids: string[] = [];
    for (const p of places) {
      const r = await w.call(
        'POST',
        '/v1/orders',
        w.keys.alpha,
        activationBody(w.seed, p, p.serial, { services: { internet: '300/150', voip: '1/1' } }),
      );
      expect(r.status).toBe(202);
      ids.push(r.body.adapterId);
    }
    await settle();
    for (const id of ids)
      expect((await w.call('GET', `/v1/subscribers/${id}`, w.keys.alpha)).body.state).toBe('active');

    // BSND temporary 3m / 6m
    const sl3 = await w.call('POST', '/v1/orders', w.keys.alpha, {
      form: 'BSND',
      category: 'temporary-3m',
      adapterId: ids[0],
    });
    const sl6 = await w.call('POST', '/v1/orders', w.keys.alpha, {
      form: 'BSND',
      category: 'temporary-6m',
      adapterId: ids[1],
    });
    expect(sl3.status).toBe(202);
    expect(sl6.status).toBe(202);
    const start = sl3.body.plannedDate as string;
    expect(sl6.body.plannedDate).toBe(start);
    w.clock.set(`${start}T07:00:00.000Z`);
    await settle();
    for (const [i, o] of [sl3, sl6].entries()) {
      expect((await w.call('GET', `/v1/orders/${o.body.id}`, w.keys.alpha)).body.status).toBe('completed');
      expect((await w.call('GET', `/v1/subscribers/${ids[i]}`, w.keys.alpha)).body.state).toBe(
        'temporarily-disconnected',
      );
      expect(await vlanStates(places[i].olt, places[i].pon, places[i].onuId)).toEqual([
        'suspended',
        'suspended',
      ]);
    }
    const sl = await w.store.billing.openSl(ids[0]);
    expect(sl).toMatchObject({ startDate: start, plannedEnd: addDays(start, 92) });
    expect((await w.store.billing.openSl(ids[1]))?.plannedEnd).toBe(addDays(start, 184));

    // a second temporary disconnection in the same calendar year is refused
    const again = await w.call('POST', '/v1/orders', w.keys.alpha, {
      form: 'BSND',
      category: 'temporary-6m',
      adapterId: ids[0],
    });
    expect(again.status).toBe(422);
    expect(again.body.error.code).toBe('TEMPORARY_DISCONNECTION_ALREADY_USED');

    // day 91: still off; day 92: reactivated on the device and in the store
    w.clock.set(`${addDays(start, 91)}T20:00:00.000Z`);
    expect((await w.controller.services.lifecycle.tick()).reactivated).toEqual([]);
    w.clock.set(`${addDays(start, 92)}T06:00:00.000Z`);
    expect((await w.controller.services.lifecycle.tick()).reactivated).toEqual([ids[0]]);
    expect((await w.call('GET', `/v1/subscribers/${ids[0]}`, w.keys.alpha)).body.state).toBe('active');
    expect(await vlanStates(places[0].olt, places[0].pon, places[0].onuId)).toEqual(['enabled', 'enabled']);
    expect((await w.call('GET', `/v1/subscribers/${ids[1]}`, w.keys.alpha)).body.state).toBe(
      'temporarily-disconnected',
    );
    // after reactivation the year's SL is still used
    const third = await w.call('POST', '/v1/orders', w.keys.alpha, {
      form: 'BSND',
      category: 'temporary-3m',
      adapterId: ids[0],
    });
    expect(third.body.error?.code).toBe('TEMPORARY_DISCONNECTION_ALREADY_USED');

    // day 184 for the 6-month one
    w.clock.set(`${addDays(start, 183)}T20:00:00.000Z`);
    expect((await w.controller.services.lifecycle.tick()).reactivated).toEqual([]);
    w.clock.set(`${addDays(start, 184)}T06:00:00.000Z`);
    expect((await w.controller.services.lifecycle.tick()).reactivated).toEqual([ids[1]]);
    expect(await vlanStates(places[1].olt, places[1].pon, places[1].onuId)).toEqual(['enabled', 'enabled']);
    const events = (await w.call('GET', '/v1/webhooks/events', w.keys.alpha)).body.events as {
      event: string;
      payload: any;
    }[];
    expect(
      events
        .filter((e) => e.event === 'service.reactivated')
        .map((e) => e.payload.data.adapterId)
        .sort(),
    ).toEqual([...ids].sort());

    // billing: no fee for disconnected days (spec §3)
    const sl92 = await w.store.billing.slPeriods(ids[0]);
    expect(sl92).toEqual([expect.objectContaining({ startDate: start, endDate: addDays(start, 92) })]);
    const csvFor = async (m: string) =>
      statement({
        subscribers: await w.controller.services.lifecycle.statementSubscribers('sp-alpha', m),
        outages: [],
        month: m,
        sp: 'sp-alpha',
      });
    const april = await csvFor('2026-04');
    expect(feesTotal(april, ids[0])).toBe('0.00');
    expect(feesTotal(april, ids[1])).toBe('0.00');
    // the 3-month line is billed again from its reactivation day; a month without SL pays in full
    const reactMonth = addDays(start, 92).slice(0, 7);
    const b = await w.controller.services.lifecycle.billableDays(ids[0], reactMonth);
    const reactDay = Number(addDays(start, 92).slice(8, 10));
    expect(b).toEqual({ billableDays: b.daysInMonth - reactDay + 1, daysInMonth: b.daysInMonth });
    const full = feesTotal(await csvFor('2026-12'), ids[0]);
    const partial = feesTotal(await csvFor(reactMonth), ids[0]);
    expect(Number(partial)).toBeGreaterThan(0);
    expect(Number(partial)).toBeLessThan(Number(full));
    expect(Number(partial)).toBeCloseTo((Number(full) * b.billableDays) / b.daysInMonth, 1);
  }, 120_000);
});

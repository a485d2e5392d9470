/**
 * GET /v1/sla/credits and GET /v1/sla/statement.csv over real HTTP (design §4, §7; issue 7):
 * outages come from incidents in the store (monitoring's persisted output), booked in the month they
 * end; an SP sees only its own AdapterIDs; the operator sees all or one SP; bad input has codes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Incident } from '../../src/domain/monitoring/incidents.ts';
import { activationFor, startTestController, type TestController } from '../helpers/controller.ts';

let t: TestController;
/** olt-1 1/1/1 ONTs 1..3: alpha, beta, gamma (demo seed rotation). */
let ids: { alpha: string; beta: string; gamma: string };
let alphaAll: string[];

function incident(
  o: Partial<Incident> & Pick<Incident, 'id' | 'cause' | 'start'>,
  onts: { onuId: number; adapterId: string }[],
): Incident {
  return {
    olt: 'olt-1',
    pon: '1/1/1',
    status: o.end ? 'resolved' : 'open',
    countsForSla: o.cause === 'pon-fibre-cut',
    summary: 'test',
    affected: onts.map((x) => ({ olt: 'olt-1', pon: '1/1/1', ...x })),
    ...o,
  };
}

// the same behaviour on both stores (design §8)
describe.each(['sqlite', 'postgres'] as const)('%s store', (store) => {
  beforeAll(async () => {
    // seeded (accesses created) in February, reports read in April
    t = await startTestController({ store, now: '2026-02-25T08:00:00.000Z' });
    t.clock.set('2026-04-02T08:00:00.000Z');
    const on = (n: number) =>
      t.seed.addresses.find((a) => a.olt === 'olt-1' && a.pon === '1/1/1' && a.onuId === n)!.active!;
    ids = { alpha: on(1).adapterId, beta: on(2).adapterId, gamma: on(3).adapterId };
    expect([on(1).spId, on(2).spId, on(3).spId]).toEqual(['sp-alpha', 'sp-beta', 'sp-gamma']);
    alphaAll = t.seed.addresses.filter((a) => a.active?.spId === 'sp-alpha').map((a) => a.active!.adapterId);
    const at = '2026-04-01T00:00:00.000Z';
    const all = [1, 2, 3].map((n) => ({ onuId: n, adapterId: [ids.alpha, ids.beta, ids.gamma][n - 1] }));
    // PON cut of 5 h 10 min in March: 5 full hours of access credit for each of the three accesses
    await t.store.incidents.save(
      incident(
        {
          id: 'inc-cut',
          cause: 'pon-fibre-cut',
          start: '2026-03-10T08:00:00.000Z',
          end: '2026-03-10T13:10:00.000Z',
        },
        all,
      ),
      at,
    );
    // a dying gasp of alpha's ONT: excluded with its reason
    await t.store.incidents.save(
      incident(
        {
          id: 'inc-gasp',
          cause: 'dying-gasp',
          start: '2026-03-12T08:00:00.000Z',
          end: '2026-03-12T20:00:00.000Z',
        },
        all.slice(0, 1),
      ),
      at,
    );
    // crosses the month end: booked in April (the month it ends)
    await t.store.incidents.save(
      incident(
        {
          id: 'inc-april',
          cause: 'pon-fibre-cut',
          start: '2026-03-31T20:00:00.000Z',
          end: '2026-04-01T02:00:00.000Z',
        },
        all,
      ),
      at,
    );
    // still open: no end, not booked anywhere yet
    await t.store.incidents.save(
      incident({ id: 'inc-open', cause: 'pon-fibre-cut', start: '2026-03-20T08:00:00.000Z' }, all),
      at,
    );
  }, 30_000);

  afterAll(async () => {
    await t?.close();
  });

  describe('GET /v1/sla/credits', () => {
    it('an SP sees its own credit lines and nothing of other SPs', async () => {
      const r = await t.call('GET', '/v1/sla/credits?month=2026-03', { key: t.keys.alpha });
      expect(r.status).toBe(200);
      expect(r.body.month).toBe('2026-03');
      expect(r.body.sps.map((s: { sp: string }) => s.sp)).toEqual(['sp-alpha']);
      const sub = r.body.sps[0].subscribers.find((s: { adapterId: string }) => s.adapterId === ids.alpha);
      // regional access fee 7.30 + 2.50 = 9.80 EUR; 5 full hours → 980 ct × 5 / 720 = 6.8 ct → 0.07 EUR (half up)
      expect(sub.lines).toEqual([
        { outageId: 'inc-cut', rule: 'access-hourly', countedMinutes: 310, units: 5, amount: 0.07 },
      ]);
      expect(r.body.total).toBe(0.07);
      expect(r.body.excluded).toEqual([{ outageId: 'inc-gasp', adapterId: ids.alpha, reason: 'dying-gasp' }]);
      const text = JSON.stringify(r.body);
      expect(text).not.toContain(ids.beta);
      expect(text).not.toContain(ids.gamma);
      expect(text).not.toContain('inc-open');
      expect(text).not.toContain('inc-april');
    });

    it('an SP naming itself is fine; naming another SP is 404', async () => {
      expect(
        (await t.call('GET', '/v1/sla/credits?month=2026-03&sp=sp-alpha', { key: t.keys.alpha })).status,
      ).toBe(200);
      const r = await t.call('GET', '/v1/sla/credits?month=2026-03&sp=sp-beta', { key: t.keys.alpha });
      expect(r.status).toBe(404);
      expect(r.body.error.code).toBe('NOT_FOUND');
    });

    it('the operator sees every SP, or one with sp=', async () => {
      const all = await t.call('GET', '/v1/sla/credits?month=2026-03', { key: t.keys.operator });
      expect(all.status).toBe(200);
      expect(all.body.sps.map((s: { sp: string }) => s.sp).sort()).toEqual([
        'sp-alpha',
        'sp-beta',
        'sp-gamma',
      ]);
      expect(all.body.total).toBe(
        Math.round(all.body.sps.reduce((n: number, s: { total: number }) => n + s.total, 0) * 100) / 100,
      );
      const beta = await t.call('GET', '/v1/sla/credits?month=2026-03&sp=sp-beta', { key: t.keys.operator });
      expect(beta.body.sps.map((s: { sp: string }) => s.sp)).toEqual(['sp-beta']);
      expect(JSON.stringify(beta.body)).not.toContain(ids.alpha);
      expect(
        (await t.call('GET', '/v1/sla/credits?month=2026-03&sp=sp-nobody', { key: t.keys.operator })).status,
      ).toBe(404);
    });

    it('an outage is booked in the month it ends (6 h across the month end → April)', async () => {
      const r = await t.call('GET', '/v1/sla/credits?month=2026-04', { key: t.keys.beta });
      expect(r.status).toBe(200);
      const lines = r.body.sps[0].subscribers.flatMap(
        (s: { lines: { outageId: string; units: number }[] }) => s.lines,
      );
      expect(lines).toEqual([
        expect.objectContaining({ outageId: 'inc-april', rule: 'access-hourly', units: 6 }),
      ]);
    });

    it('a bad or missing month is 400 INVALID_MONTH; no key is 401', async () => {
      for (const q of ['?month=2026-13', '?month=2026-3', '?month=march', '']) {
        const r = await t.call('GET', `/v1/sla/credits${q}`, { key: t.keys.alpha });
        expect(r.status, q).toBe(400);
        expect(r.body.error).toMatchObject({ code: 'INVALID_MONTH', field: 'month' });
      }
      const r = await t.call('GET', '/v1/sla/credits?month=2026-03', { key: null });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('GET /v1/sla/statement.csv', () => {
    it("an SP gets its own statement as text/csv: every AdapterID of its own, the month's credits", async () => {
      const r = await t.call('GET', '/v1/sla/statement.csv?month=2026-03', { key: t.keys.alpha });
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
      const text = r.body as string;
      const rows = text
        .split('\r\n')
        .filter(Boolean)
        .map((l) => l.split(','));
      const head = rows[0];
      expect(head.slice(0, 3)).toEqual(['month', 'sp', 'adapter_id']);
      const col = (row: string[], name: string) => row[head.indexOf(name)];
      expect(
        rows
          .slice(1)
          .map((row) => col(row, 'adapter_id'))
          .sort(),
      ).toEqual([...alphaAll].sort());
      expect(rows.slice(1).every((row) => col(row, 'sp') === 'sp-alpha')).toBe(true);
      const mine = rows.find((row) => col(row, 'adapter_id') === ids.alpha)!;
      expect(col(mine, 'credit_access')).toBe('0.07');
      expect(col(mine, 'credited_outages')).toBe('inc-cut');
      expect(text).not.toContain(ids.beta);
      expect(text).not.toContain(ids.gamma);
    });

    it('the fee basis: owner-built home installation from the activation order, the multi-dwelling reduction, pending accesses left out', async () => {
      const r = await t.call('POST', '/v1/orders', {
        key: t.keys.alpha,
        body: activationFor(t.seed, 'sp-alpha', { ownerInstallsHome: true }),
      });
      expect(r.status, JSON.stringify(r.body)).toBe(202);
      const id = r.body.adapterId as string;
      const rowOf = async () => {
        const csv = (await t.call('GET', '/v1/sla/statement.csv?month=2026-04', { key: t.keys.alpha }))
          .body as string;
        const rows = csv
          .split('\r\n')
          .filter(Boolean)
          .map((l) => l.split(','));
        const row = rows.find((x) => x[2] === id);
        return row && Object.fromEntries(rows[0].map((h, i) => [h, row[i]]));
      };
      expect(await rowOf()).toBeUndefined(); // pending: not yet billed
      await t.store.accesses.update(id, { state: 'active' }, t.clock.now().toISOString());
      expect(await rowOf()).toMatchObject({
        fee_in_flat_installation: '0.40',
        fee_ont: '0.30',
        fee_basic_access: '7.30',
        multi_dwelling_no_in_building: 'no',
      });
      expect(await t.store.slaAccesses.setAttributes(id, { multiDwellingNoInBuilding: true })).toBe(true);
      expect(await rowOf()).toMatchObject({
        fee_basic_access: '6.20',
        multi_dwelling_no_in_building: 'yes',
        fee_in_flat_installation: '0.40',
      });
    });

    it('the operator must name the SP (400 SP_REQUIRED); an SP cannot read another SP (404)', async () => {
      const r = await t.call('GET', '/v1/sla/statement.csv?month=2026-03', { key: t.keys.operator });
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'SP_REQUIRED', field: 'sp' });
      const ok = await t.call('GET', '/v1/sla/statement.csv?month=2026-03&sp=sp-gamma', {
        key: t.keys.operator,
      });
      expect(ok.status).toBe(200);
      expect(ok.body as string).toContain(ids.gamma);
      expect(ok.body as string).not.toContain(ids.alpha);
      expect(
        (await t.call('GET', '/v1/sla/statement.csv?month=2026-03&sp=sp-gamma', { key: t.keys.alpha }))
          .status,
      ).toBe(404);
      expect(
        (await t.call('GET', '/v1/sla/statement.csv?month=03-2026', { key: t.keys.alpha })).body.error.code,
      ).toBe('INVALID_MONTH');
      expect((await t.call('GET', '/v1/sla/statement.csv?month=2026-03', { key: 'wrong' })).status).toBe(401);
    });
  });
});

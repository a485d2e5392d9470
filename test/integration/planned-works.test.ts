/**
 * POST/GET /v1/planned-works over real HTTP (design §4, spec §5; issue 7): the operator announces
 * works; the announcement time is the controller's clock; the scope resolves to AdapterIDs; works
 * announced at least 3 working days ahead take their time out of outages, later ones do not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestController, type TestController } from '../helpers/controller.ts';

let t: TestController;
const onPon = (olt: string, pon: string) =>
  t.seed.addresses
    .filter((a) => a.olt === olt && a.pon === pon && a.active)
    .map((a) => a.active!.adapterId)
    .sort();
const announce = (body: unknown, key = t.keys.operator) => t.call('POST', '/v1/planned-works', { key, body });

// the same behaviour on both stores (design §8)
describe.each(['sqlite', 'postgres'] as const)('%s store', (store) => {
  beforeAll(async () => {
    t = await startTestController({ store, now: '2026-02-25T08:00:00.000Z' });
    t.clock.set('2026-04-02T08:00:00.000Z'); // Thursday 2 April 2026, 10:00 Zagreb (Easter is 5–6 April)
  }, 30_000);

  afterAll(async () => {
    await t?.close();
  });

  describe('planned works', () => {
    let inTimeId = '';

    it("records the announcement on the controller's clock and resolves an OLT/PON scope to its AdapterIDs", async () => {
      const r = await announce({
        scope: { olt: 'olt-1', pon: '1/1/1' },
        start: '2026-04-08T08:00:00+02:00',
        end: '2026-04-08T14:00:00+02:00',
        description: 'splitter replacement',
      });
      expect(r.status).toBe(201);
      inTimeId = r.body.id;
      expect(r.body).toMatchObject({
        announcedAt: '2026-04-02T08:00:00.000Z',
        start: '2026-04-08T06:00:00.000Z',
        end: '2026-04-08T12:00:00.000Z',
        adapterIds: onPon('olt-1', '1/1/1'),
        inTime: true,
        earliestExcludedStartDate: '2026-04-08',
      });
      expect(r.body.adapterIds).toHaveLength(3);
      // Friday, Saturday, (Easter Sunday, Monday), Tuesday: starting Tuesday 7 April is too late
      const late = await announce({
        scope: { olt: 'olt-2', pon: '1/1/1' },
        start: '2026-04-07T08:00:00+02:00',
        end: '2026-04-07T14:00:00+02:00',
        description: 'cabinet move',
      });
      expect(late.status).toBe(201);
      expect(late.body).toMatchObject({ inTime: false, adapterIds: onPon('olt-2', '1/1/1') });
      const named = await announce({
        scope: { adapterIds: [onPon('olt-1', '1/1/2')[0]] },
        start: '2026-05-04T08:00:00Z',
        end: '2026-05-04T09:00:00Z',
        description: 'drop repair',
      });
      expect(named.body.adapterIds).toEqual([onPon('olt-1', '1/1/2')[0]]);
    });

    it('the body cannot set the announcement time; bad scopes and intervals have codes', async () => {
      const base = {
        scope: { olt: 'olt-1' },
        start: '2026-05-10T08:00:00Z',
        end: '2026-05-10T10:00:00Z',
        description: 'x',
      };
      const backdated = await announce({ ...base, announcedAt: '2026-03-01T00:00:00Z' });
      expect(backdated.status).toBe(400);
      const cases: [unknown, number, string, string?][] = [
        [{ ...base, scope: {} }, 422, 'PLANNED_WORKS_SCOPE_EMPTY', 'scope'],
        [{ ...base, scope: { pon: '1/1/1' } }, 422, 'PLANNED_WORKS_SCOPE_EMPTY', 'scope.olt'],
        [{ ...base, scope: { olt: 'olt-9' } }, 422, 'PLANNED_WORKS_SCOPE_EMPTY', 'scope'],
        [{ ...base, scope: { adapterIds: ['A-99999999'] } }, 422, 'ADAPTER_ID_UNKNOWN', 'scope.adapterIds'],
        [{ ...base, end: base.start }, 422, 'INVALID_INTERVAL', 'end'],
        [{ ...base, start: '2026-05-10T08:00:00' }, 422, 'INVALID_INTERVAL', 'start'],
        [{ ...base, start: 'tomorrow' }, 422, 'INVALID_INTERVAL', 'start'],
        [
          { scope: { olt: 'olt-1' }, start: base.start, end: base.end },
          400,
          'INVALID_REQUEST',
          'description',
        ],
      ];
      for (const [body, status, code, field] of cases) {
        const r = await announce(body);
        expect([r.status, r.body.error?.code, r.body.error?.field], JSON.stringify(body)).toEqual([
          status,
          code,
          field,
        ]);
      }
    });

    it('operator only: an SP key is 404, no key 401; GET lists the works overlapping [from, to)', async () => {
      const base = {
        scope: { olt: 'olt-1' },
        start: '2026-05-10T08:00:00Z',
        end: '2026-05-10T10:00:00Z',
        description: 'x',
      };
      expect((await announce(base, t.keys.alpha)).status).toBe(404);
      expect((await t.call('POST', '/v1/planned-works', { key: null, body: base })).status).toBe(401);
      expect((await t.call('GET', '/v1/planned-works', { key: t.keys.alpha })).status).toBe(404);
      const all = await t.call('GET', '/v1/planned-works', { key: t.keys.operator });
      expect(all.status).toBe(200);
      expect(all.body.plannedWorks.map((w: { description: string }) => w.description)).toEqual([
        'cabinet move',
        'splitter replacement',
        'drop repair',
      ]);
      const april8 = await t.call(
        'GET',
        '/v1/planned-works?from=2026-04-08T00:00:00%2B02:00&to=2026-04-09T00:00:00%2B02:00',
        { key: t.keys.operator },
      );
      expect(april8.body.plannedWorks.map((w: { id: string }) => w.id)).toEqual([inTimeId]);
    });

    it('an outage under works announced in time is excluded; under works announced too late it is credited', async () => {
      const save = (id: string, olt: string, start: string, end: string) =>
        t.store.incidents.save(
          {
            id,
            cause: 'pon-fibre-cut',
            olt,
            pon: '1/1/1',
            start,
            end,
            status: 'resolved',
            countsForSla: true,
            summary: 'works',
            affected: t.seed.addresses
              .filter((a) => a.olt === olt && a.pon === '1/1/1' && a.active)
              .map((a) => ({ olt, pon: '1/1/1', onuId: a.onuId, adapterId: a.active!.adapterId })),
          },
          end,
        );
      await save('inc-works-in-time', 'olt-1', '2026-04-08T06:00:00.000Z', '2026-04-08T12:00:00.000Z');
      await save('inc-works-late', 'olt-2', '2026-04-07T06:00:00.000Z', '2026-04-07T12:00:00.000Z');
      t.clock.set('2026-05-01T08:00:00.000Z');
      const r = await t.call('GET', '/v1/sla/credits?month=2026-04', { key: t.keys.operator });
      expect(r.status).toBe(200);
      const excluded = r.body.excluded.filter(
        (e: { outageId: string }) => e.outageId === 'inc-works-in-time',
      );
      expect(excluded.map((e: { adapterId: string }) => e.adapterId).sort()).toEqual(onPon('olt-1', '1/1/1'));
      expect(excluded.every((e: { reason: string }) => e.reason === 'planned-works')).toBe(true);
      const lines = r.body.sps.flatMap(
        (s: { subscribers: { adapterId: string; lines: { outageId: string; units: number }[] }[] }) =>
          s.subscribers.flatMap((x) =>
            x.lines.map((l) => ({ adapterId: x.adapterId, outageId: l.outageId, units: l.units })),
          ),
      );
      expect(lines.filter((l: { outageId: string }) => l.outageId === 'inc-works-in-time')).toEqual([]);
      const late = lines.filter((l: { outageId: string }) => l.outageId === 'inc-works-late');
      expect(late.map((l: { adapterId: string }) => l.adapterId).sort()).toEqual(onPon('olt-2', '1/1/1'));
      expect(late.every((l: { units: number }) => l.units === 6)).toBe(true);
    });
  });
});

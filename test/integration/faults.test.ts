/**
 * Fault tickets over real HTTP (spec §4, Table 8; design §4; issue 7): an SBSN order opens a ticket
 * with a repair clock; the operator parks/resumes (legal reasons only, none without an appointment)
 * and closes with measurements (fault.closed in the webhook outbox); the SP verifies within 24 h;
 * a second negative opens a joint visit; another SP's fault is 404.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitOrder } from '../../src/application/orders/intake.ts';
import { startTestController, type TestController } from '../helpers/controller.ts';

const H = 3_600_000;
let t: TestController;
let alphaIds: string[];
let betaId: string;

async function fileFault(key: string, body: Record<string, unknown>): Promise<string> {
  const r = await t.call('POST', '/v1/orders', {
    key,
    body: { form: 'SBSN', description: 'no sync on the ONT', ...body },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  return r.body.id as string;
}
const fault = (id: string, key = t.keys.alpha) => t.call('GET', `/v1/faults/${id}`, { key });
const clock = (id: string, body: unknown, key = t.keys.operator) =>
  t.call('POST', `/v1/faults/${id}/clock`, { key, body });
const close = (
  id: string,
  body: unknown = { measurements: 'OTDR: 0.4 dB splice loss at 1.2 km, repaired' },
  key = t.keys.operator,
) => t.call('POST', `/v1/faults/${id}/close`, { key, body });
const verify = (id: string, result: string, key = t.keys.alpha) =>
  t.call('POST', `/v1/faults/${id}/verification`, { key, body: { result } });
const advance = (ms: number) => t.clock.advance(ms);
/** Storno (free before the repair starts, spec §3): later tests file the same kind on the access (FAULT_ALREADY_OPEN). */
async function withdraw(id: string): Promise<void> {
  expect((await t.call('POST', `/v1/orders/${id}/cancel`, { key: t.keys.alpha })).status).toBe(200);
}

// the same behaviour on both stores (design §8)
describe.each(['sqlite', 'postgres'] as const)('%s store', (store) => {
  beforeAll(async () => {
    t = await startTestController({ store, now: '2026-03-02T08:00:00.000Z' });
    alphaIds = t.seed.addresses.filter((a) => a.active?.spId === 'sp-alpha').map((a) => a.active!.adapterId);
    betaId = t.seed.addresses.find((a) => a.active?.spId === 'sp-beta')!.active!.adapterId;
  }, 30_000);

  afterAll(async () => {
    await t?.close();
  });

  describe('fault tickets', () => {
    it('a fault within 72 h of activation gets 24 h (Table 8); the clock counts from the report', async () => {
      advance(H); // the seeded accesses were activated an hour ago
      const id = await fileFault(t.keys.alpha, { category: 'interruption', adapterId: alphaIds[0] });
      const r = await fault(id);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({
        id,
        orderId: id,
        sp: 'sp-alpha',
        adapterId: alphaIds[0],
        category: 'interruption',
        state: 'repairing',
        activationFault: true,
      });
      expect(r.body.clock).toMatchObject({
        allowanceMinutes: 24 * 60,
        countedMinutes: 0,
        running: true,
        overdue: false,
      });
      expect(r.body.clock.deadline).toBe(new Date(Date.parse(r.body.reportedAt) + 24 * H).toISOString());
      await withdraw(id);
      advance(4 * 24 * H); // from here on, accesses are older than 72 h
    });

    it('48 h deadline; a legal stop stops the clock (deadline null) and a restart moves the deadline by the stop', async () => {
      const id = await fileFault(t.keys.alpha, { category: 'degradation', adapterId: alphaIds[1] });
      const opened = (await fault(id)).body;
      expect(opened.activationFault).toBe(false);
      expect(opened.clock.allowanceMinutes).toBe(48 * 60);
      const deadline0 = Date.parse(opened.clock.deadline);
      advance(2 * H);
      expect((await fault(id)).body.clock.countedMinutes).toBe(120);

      const parked = await clock(id, {
        action: 'park',
        reason: 'awaiting-subscriber-appointment',
        message: 'appointment agreed for Thursday 10:00',
      });
      expect(parked.status).toBe(200);
      expect(parked.body.state).toBe('parked');
      expect(parked.body.clock).toMatchObject({
        running: false,
        deadline: null,
        countedMinutes: 120,
        remainingMinutes: 46 * 60,
      });
      advance(5 * H);
      expect((await fault(id)).body.clock.countedMinutes).toBe(120);
      const resumed = await clock(id, { action: 'resume', message: 'technician on site' });
      expect(resumed.body.state).toBe('repairing');
      expect(Date.parse(resumed.body.clock.deadline)).toBe(deadline0 + 5 * H);
      expect(resumed.body.clock.stops).toEqual([
        expect.objectContaining({
          reason: 'awaiting-subscriber-appointment',
          message: 'appointment agreed for Thursday 10:00',
          resumeMessage: 'technician on site',
        }),
      ]);
      const stop = resumed.body.clock.stops[0];
      expect(Date.parse(stop.end) - Date.parse(stop.start)).toBe(5 * H);
      await withdraw(id);
    });

    it('only the legal reasons stop the clock; resume without a stop is a state conflict; only the operator moves the clock', async () => {
      const id = await fileFault(t.keys.alpha, { category: 'interruption', adapterId: alphaIds[2] });
      const bad = await clock(id, { action: 'park', reason: 'technician-busy' });
      expect(bad.status).toBe(422);
      expect(bad.body.error).toMatchObject({ code: 'CLOCK_STOP_NOT_ALLOWED', field: 'reason' });
      const noReason = await clock(id, { action: 'park' });
      expect(noReason.body.error.code).toBe('CLOCK_STOP_NOT_ALLOWED');
      expect((await clock(id, { action: 'resume' })).status).toBe(409);
      expect((await clock(id, { action: 'stop' })).status).toBe(400);
      const bySp = await clock(id, { action: 'park', reason: 'health-risk' }, t.keys.alpha);
      expect(bySp.status).toBe(404);
      expect((await fault(id)).body.state).toBe('repairing');
      await withdraw(id);
    });

    it('an ONT replacement: 30 min, and no clock stop at all (no appointment is needed)', async () => {
      const serial = t.seed.addresses.find((a) => a.stockOf === 'sp-alpha')!.serial;
      const id = await fileFault(t.keys.alpha, {
        category: 'ont-replacement',
        adapterId: alphaIds[0],
        newOntSerial: serial,
      });
      const r = await fault(id);
      expect(r.body).toMatchObject({
        category: 'ont-replacement',
        appointmentNeeded: false,
        activationFault: false,
      });
      expect(r.body.clock.allowanceMinutes).toBe(30);
      const park = await clock(id, { action: 'park', reason: 'awaiting-subscriber-appointment' });
      expect(park.status).toBe(422);
      expect(park.body.error.code).toBe('CLOCK_STOP_NOT_ALLOWED');
      advance(31 * 60_000);
      expect((await fault(id)).body.clock.overdue).toBe(true);
    });

    it('close with measurements → fault.closed to the SP; negative → repair again on the same allowance; second negative → joint visit (48 h) that ends without verification', async () => {
      const id = await fileFault(t.keys.alpha, { category: 'interruption', adapterId: alphaIds[1] });
      advance(3 * H);
      const closed = await close(id);
      expect(closed.status).toBe(200);
      expect(closed.body).toMatchObject({
        state: 'closed',
        measurements: 'OTDR: 0.4 dB splice loss at 1.2 km, repaired',
        outsideOwnerDomain: false,
      });
      expect(Date.parse(closed.body.verificationDueBy) - Date.parse(closed.body.closedAt)).toBe(24 * H);
      const events = await t.store.db.all<{ sp_id: string; payload: string }>(
        "SELECT sp_id, payload FROM webhook_events WHERE event = 'fault.closed'",
      );
      const mine = events
        .map((e) => ({ sp: e.sp_id, data: JSON.parse(e.payload).data }))
        .filter((e) => e.data.faultId === id);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({
        sp: 'sp-alpha',
        data: {
          adapterId: alphaIds[1],
          measurements: expect.stringContaining('OTDR'),
          verificationDueBy: closed.body.verificationDueBy,
        },
      });

      // the operator cannot verify for the SP; another SP cannot see it
      expect((await verify(id, 'negative', t.keys.operator)).status).toBe(403);
      expect((await verify(id, 'negative', t.keys.beta)).status).toBe(404);

      advance(2 * H); // waiting for the verification does not count
      const neg1 = await verify(id, 'negative');
      expect(neg1.status).toBe(200);
      expect(neg1.body).toMatchObject({ state: 'repairing', negativeVerifications: 1 });
      expect(neg1.body.clock).toMatchObject({
        phase: 'repair',
        countedMinutes: 180,
        allowanceMinutes: 48 * 60,
      });

      advance(H);
      await close(id);
      const neg2 = await verify(id, 'negative');
      expect(neg2.body).toMatchObject({ state: 'joint-visit', negativeVerifications: 2 });
      expect(neg2.body.clock).toMatchObject({
        phase: 'joint-visit',
        allowanceMinutes: 48 * 60,
        countedMinutes: 0,
        running: true,
      });
      expect(Date.parse(neg2.body.clock.deadline)).toBe(t.clock.now().getTime() + 48 * H);

      advance(H);
      const done = await close(id, { measurements: 'joint visit: HGW faulty, replaced by the SP' });
      expect(done.body.state).toBe('resolved');
      // the SBSN order followed its ticket: started by the first close, completed now
      const order = (await t.call('GET', `/v1/orders/${id}`, { key: t.keys.alpha })).body;
      expect(order.status).toBe('completed');
      const completedEvents = await t.store.db.all<{ payload: string }>(
        "SELECT payload FROM webhook_events WHERE event = 'order.completed'",
      );
      expect(completedEvents.filter((e) => JSON.parse(e.payload).data.orderId === id)).toHaveLength(1);
      const after = await verify(id, 'positive');
      expect(after.status).toBe(409);
      expect(after.body.error.code).toBe('INVALID_STATE');
    });

    it('verification exactly 24 h after the close is in time; 1 min later is 422 VERIFICATION_WINDOW_CLOSED and the ticket is resolved by the lapse', async () => {
      const a = await fileFault(t.keys.alpha, { category: 'degradation', adapterId: alphaIds[2] });
      const b = await fileFault(t.keys.alpha, { category: 'degradation', adapterId: alphaIds[0] });
      advance(H);
      const closedA = (await close(a)).body;
      const closedB = (await close(b)).body;
      advance(24 * H);
      const inTime = await verify(a, 'positive');
      expect(inTime.status).toBe(200);
      expect(inTime.body.state).toBe('resolved');
      advance(60_000);
      const late = await verify(b, 'negative');
      expect(late.status).toBe(422);
      expect(late.body.error).toMatchObject({ code: 'VERIFICATION_WINDOW_CLOSED' });
      const r = (await fault(b)).body;
      expect(r.state).toBe('resolved');
      const lapse = r.history.find((h: { event: string }) => h.event === 'verification-lapsed');
      expect(lapse.at).toBe(new Date(Date.parse(closedB.closedAt) + 24 * H).toISOString());
      expect(closedA.state).toBe('closed');
    });

    it('one open ticket of a kind per access (spec §3 priority rule, docs/fairness.md): a second is 422 FAULT_ALREADY_OPEN naming the first; another kind, another access or after the first ends is accepted', async () => {
      const first = await fileFault(t.keys.alpha, { category: 'degradation', adapterId: alphaIds[1] });
      advance(60_000);
      const again = await t.call('POST', '/v1/orders', {
        key: t.keys.alpha,
        body: { form: 'SBSN', category: 'degradation', adapterId: alphaIds[1], description: 'still slow' },
      });
      expect(again.status).toBe(422);
      expect(again.body.error).toMatchObject({ code: 'FAULT_ALREADY_OPEN', field: 'category' });
      expect(again.body.error.message).toContain(first);
      // a rejected order is not stored: the SP's open orders on the access are still the one ticket
      const open = await t.call('GET', `/v1/orders?status=due`, { key: t.keys.alpha });
      expect(open.body.orders.filter((o: { adapterId: string }) => o.adapterId === alphaIds[1])).toHaveLength(
        1,
      );
      // an interruption is a different fault; the same kind on another access is another fault
      const worse = await fileFault(t.keys.alpha, { category: 'interruption', adapterId: alphaIds[1] });
      const elsewhere = await fileFault(t.keys.alpha, { category: 'degradation', adapterId: alphaIds[2] });
      // closed but not verified is still open: the SP's way back is a negative verification
      await close(first);
      const whileClosed = await t.call('POST', '/v1/orders', {
        key: t.keys.alpha,
        body: { form: 'SBSN', category: 'degradation', adapterId: alphaIds[1], description: 'slow again' },
      });
      expect(whileClosed.body.error?.code).toBe('FAULT_ALREADY_OPEN');
      expect((await verify(first, 'positive')).body.state).toBe('resolved');
      const next = await fileFault(t.keys.alpha, { category: 'degradation', adapterId: alphaIds[1] });
      for (const id of [worse, elsewhere, next]) await withdraw(id);
    });

    it('awaiting contact data: after 16:00 of the next working day the ticket is rejected (spec §4)', async () => {
      t.clock.set('2026-03-14T09:00:00.000Z'); // Saturday (a working day) 10:00 Zagreb
      const id = await fileFault(t.keys.alpha, { category: 'interruption', adapterId: alphaIds[2] });
      await clock(id, {
        action: 'park',
        reason: 'awaiting-contact-data',
        message: '3 failed contact attempts',
      });
      t.clock.set('2026-03-16T14:59:00.000Z'); // Monday 15:59 Zagreb (Sunday skipped)
      expect((await fault(id)).body.state).toBe('parked');
      t.clock.set('2026-03-16T15:01:00.000Z');
      const r = (await fault(id)).body;
      expect(r.state).toBe('rejected');
      expect(r.history.at(-1)).toMatchObject({
        event: 'contact-deadline-passed',
        at: '2026-03-16T15:00:00.000Z',
      });
      expect((await t.call('GET', `/v1/orders/${id}`, { key: t.keys.alpha })).body.status).toBe('failed');
    });

    it("the ticket is written with the accepted order and cancelled with its storno, in their transactions; lists show only the caller's faults; unknown id and bad bodies", async () => {
      const id = await fileFault(t.keys.alpha, { category: 'interruption', adapterId: alphaIds[1] });
      // read from the store, not GET /v1/faults (which opens a missing ticket): the 202 means it is there
      const opened = await t.store.faultTickets.get(id);
      expect(opened?.ticket).toMatchObject({ state: 'repairing', category: 'interruption' });
      expect((await t.store.faultTickets.events(id)).map((e) => e.event)).toEqual(['open']);
      const c = await t.call('POST', `/v1/orders/${id}/cancel`, { key: t.keys.alpha });
      expect(c.status).toBe(200);
      // no wait: the storno's answer means the ticket is cancelled (spec §3)
      expect((await t.store.faultTickets.get(id))?.ticket.state).toBe('cancelled');
      expect((await t.store.faultTickets.events(id)).map((e) => [e.event, e.from, e.to])).toEqual([
        ['open', undefined, 'repairing'],
        ['cancel', 'repairing', 'cancelled'],
      ]);
      expect((await fault(id)).body.state).toBe('cancelled');
      // intake alone, with no listener on any bus: its transaction has written the ticket
      const direct = await submitOrder(
        {
          store: t.store,
          clock: t.clock,
          caps: { olt: () => ({ supportsMultiGig: false }), ont: () => ({ uniMaxMbps: 1000 }) },
        },
        'sp-alpha',
        { form: 'SBSN', category: 'degradation', adapterId: alphaIds[2], description: 'slow' },
      );
      expect((await t.store.faultTickets.get(direct.order.id))?.ticket.state).toBe('repairing');
      await withdraw(direct.order.id);
      expect((await t.store.faultTickets.get(direct.order.id))?.ticket.state).toBe('cancelled');

      const betaFault = await fileFault(t.keys.beta, { category: 'interruption', adapterId: betaId });
      expect((await fault(betaFault, t.keys.alpha)).status).toBe(404);
      expect((await fault(betaFault, t.keys.beta)).status).toBe(200);
      expect((await fault(betaFault, t.keys.operator)).status).toBe(200);
      const mine = (await t.call('GET', '/v1/faults', { key: t.keys.alpha })).body.faults;
      expect(mine.length).toBeGreaterThan(5);
      expect(mine.every((f: { sp: string }) => f.sp === 'sp-alpha')).toBe(true);
      const all = (await t.call('GET', '/v1/faults', { key: t.keys.operator })).body.faults;
      expect(all.some((f: { sp: string }) => f.sp === 'sp-beta')).toBe(true);

      expect((await fault('ord_nope')).status).toBe(404);
      expect((await t.call('GET', '/v1/faults/x', { key: null })).status).toBe(401);
      expect((await verify(betaFault, 'maybe', t.keys.beta)).status).toBe(400);
      const noMeasure = await close(betaFault, {});
      expect(noMeasure.status).toBe(400);
      expect(noMeasure.body.error.field).toBe('measurements');
    });

    it("a ticket's clock stop is not outage time for that access only (spec §5): the SLA credits see it", async () => {
      t.clock.set('2026-03-20T08:00:00.000Z');
      const T = t.clock.now().getTime();
      const id = await fileFault(t.keys.alpha, { category: 'interruption', adapterId: alphaIds[0] });
      advance(H);
      await clock(id, {
        action: 'park',
        reason: 'third-party-permit',
        message: 'road authority permit needed',
      });
      advance(3 * H);
      await clock(id, { action: 'resume', message: 'permit granted' });
      // the PON cut monitoring saw: 5 h 30 min for alpha's and beta's accesses
      const iso = (ms: number) => new Date(ms).toISOString();
      await t.store.incidents.save(
        {
          id: 'inc-stop',
          cause: 'pon-fibre-cut',
          olt: 'olt-1',
          pon: '1/1/1',
          start: iso(T),
          end: iso(T + 5.5 * H),
          status: 'resolved',
          countsForSla: true,
          summary: 'test',
          affected: [
            { olt: 'olt-1', pon: '1/1/1', onuId: 1, adapterId: alphaIds[0] },
            { olt: 'olt-1', pon: '1/1/1', onuId: 2, adapterId: betaId },
          ],
        },
        iso(T + 6 * H),
      );
      t.clock.set('2026-04-01T08:00:00.000Z');
      const r = await t.call('GET', '/v1/sla/credits?month=2026-03', { key: t.keys.operator });
      expect(r.status).toBe(200);
      const lines = r.body.sps.flatMap((s: { subscribers: { adapterId: string; lines: unknown[] }[] }) =>
        s.subscribers.flatMap((x) => x.lines.map((l) => ({ adapterId: x.adapterId, ...(l as object) }))),
      );
      // beta: 330 counted minutes → 5 hours; alpha: 330 − 180 parked = 150 minutes → under 3 h, nothing
      expect(lines).toEqual([
        expect.objectContaining({ adapterId: betaId, outageId: 'inc-stop', countedMinutes: 330, units: 5 }),
      ]);
    });
  });
});

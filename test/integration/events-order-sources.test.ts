/**
 * Order changes made outside the order service reach `GET /v1/events` (design §4) like any other:
 * an SBSN order following its fault ticket (spec §4: started by the operator's first action,
 * completed when the ticket is resolved, failed when it is rejected for missing contact data) and a
 * forced order carried out by unblocking (port-unblocking.md steps 8–10). Only committed changes
 * are published: a close whose transaction rolls back shows nothing on the stream.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PortConfigurator } from '../../src/application/unblocking/port-configurator.ts';
import { startTestController, type TestController } from '../helpers/controller.ts';
import { SseClient, type SseMessage } from '../helpers/sse-client.ts';

let t: TestController;
let alphaIds: string[];
const clients: SseClient[] = [];
/** What the fake device was asked to do (forced orders only); `refuse` fails the next write. */
const device = { writes: [] as string[], refuse: false };
const configurator: PortConfigurator = {
  readPort: async () => ({ profiles: [] }),
  writePort: async (port, vani, profiles) => {
    device.writes.push(`${port.olt} ${port.pon}:${port.onuId}`);
    if (device.refuse) {
      device.refuse = false;
      throw new Error('read-back differs (the test device)');
    }
    return { vani: vani ?? undefined, profiles: [...profiles] };
  },
};

const stream = async (key: string) => {
  const c = await SseClient.open(t.url + '/v1/events', { authorization: `Bearer ${key}` });
  clients.push(c);
  await c.next((m) => m.event === 'hello');
  return c;
};
const orderEvent = (id: string, to: string) => (m: SseMessage) =>
  m.event === 'order' && m.data.order.id === id && m.data.to === to;
const transitionsOf = (c: SseClient, id: string) =>
  c
    .events('order')
    .filter((m) => m.data.order.id === id)
    .map((m) => `${m.data.from ?? ''}→${m.data.to}`);
const webhooksOf = async (id: string) =>
  (
    await t.store.db.all<{ event: string; payload: string }>(
      "SELECT event, payload FROM webhook_events WHERE event LIKE 'order.%' ORDER BY created_at",
    )
  )
    .filter((e) => JSON.parse(e.payload).data.orderId === id)
    .map((e) => e.event);

async function fileFault(adapterId: string): Promise<string> {
  const r = await t.call('POST', '/v1/orders', {
    key: t.keys.alpha,
    body: { form: 'SBSN', category: 'interruption', adapterId, description: 'no sync on the ONT' },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(202);
  return r.body.id as string;
}

beforeAll(async () => {
  t = await startTestController({ portConfigurator: configurator });
  alphaIds = t.seed.addresses.filter((a) => a.active?.spId === 'sp-alpha').map((a) => a.active!.adapterId);
}, 30_000);
afterAll(async () => {
  for (const c of clients) c.close();
  await t?.close();
});

describe('GET /v1/events: an SBSN order following its fault ticket (spec §4)', () => {
  it("the operator's close starts the order and the SP's positive verification completes it: the SP and the operator see both, another SP neither", async () => {
    const alpha = await stream(t.keys.alpha);
    const beta = await stream(t.keys.beta);
    const op = await stream(t.keys.operator);
    const id = await fileFault(alphaIds[0]);
    await alpha.next(orderEvent(id, 'due'));

    const closed = await t.call('POST', `/v1/faults/${id}/close`, {
      key: t.keys.operator,
      body: { measurements: 'OTDR: 0.4 dB splice loss at 1.2 km, repaired' },
    });
    expect(closed.status).toBe(200);
    const started = await alpha.next(orderEvent(id, 'in-progress'));
    expect(started.data).toMatchObject({
      type: 'order',
      action: 'in-progress',
      from: 'due',
      reason: 'fault ticket worked on by the network owner',
      order: { id, sp: 'sp-alpha', status: 'in-progress' },
    });

    const verified = await t.call('POST', `/v1/faults/${id}/verification`, {
      key: t.keys.alpha,
      body: { result: 'positive' },
    });
    expect(verified.body.state).toBe('resolved');
    await alpha.next(orderEvent(id, 'completed'));
    await op.next(orderEvent(id, 'completed'));
    expect(transitionsOf(alpha, id)).toEqual([
      'received→accepted',
      'accepted→scheduled',
      'scheduled→due',
      'due→in-progress',
      'in-progress→completed',
    ]);
    expect(transitionsOf(op, id)).toEqual(transitionsOf(alpha, id));
    // the SP's webhooks go through the outbox in the same transactions, as before
    expect(await webhooksOf(id)).toEqual(['order.accepted', 'order.completed']);

    // beta's own fault is the fence: anything of alpha's would have reached beta's stream before it
    const betaId = t.seed.addresses.find((a) => a.active?.spId === 'sp-beta')!.active!.adapterId;
    const fence = await t.call('POST', '/v1/orders', {
      key: t.keys.beta,
      body: { form: 'SBSN', category: 'interruption', adapterId: betaId, description: 'no sync' },
    });
    expect(fence.status).toBe(202);
    await beta.next(orderEvent(fence.body.id, 'due'));
    expect(beta.events('order').some((m) => m.data.order.id === id)).toBe(false);
  });

  it('a ticket rejected for missing contact data fails its order when next read (spec §4): published then', async () => {
    t.clock.set('2026-03-14T09:00:00.000Z'); // Saturday (a working day) 10:00 Zagreb
    const alpha = await stream(t.keys.alpha);
    const id = await fileFault(alphaIds[1]);
    const parked = await t.call('POST', `/v1/faults/${id}/clock`, {
      key: t.keys.operator,
      body: { action: 'park', reason: 'awaiting-contact-data', message: '3 failed contact attempts' },
    });
    expect(parked.status).toBe(200);
    await alpha.next(orderEvent(id, 'in-progress'));
    t.clock.set('2026-03-16T15:01:00.000Z'); // Monday 16:01 Zagreb: the deadline passed at 16:00
    expect((await t.call('GET', `/v1/faults/${id}`, { key: t.keys.alpha })).body.state).toBe('rejected');
    const failed = await alpha.next(orderEvent(id, 'failed'));
    expect(failed.data).toMatchObject({ from: 'in-progress', at: '2026-03-16T15:00:00.000Z' });
    expect(await webhooksOf(id)).toEqual(['order.accepted', 'order.failed']);
  });

  it('a close whose transaction rolls back publishes nothing: the order stays due on the stream and in the store', async () => {
    const alpha = await stream(t.keys.alpha);
    const id = await fileFault(alphaIds[2]);
    await alpha.next(orderEvent(id, 'due'));
    // the close's last write (fault.closed into the outbox) fails: the order's start in the same transaction goes too
    await t.store.db.exec(
      `CREATE TRIGGER refuse_fault_closed BEFORE INSERT ON webhook_events WHEN NEW.event = 'fault.closed'
       BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`,
    );
    try {
      const closed = await t.call('POST', `/v1/faults/${id}/close`, {
        key: t.keys.operator,
        body: { measurements: 'OTDR: clean' },
      });
      expect(closed.status).toBe(500);
    } finally {
      await t.store.db.exec('DROP TRIGGER refuse_fault_closed');
    }
    expect((await t.call('GET', `/v1/orders/${id}`, { key: t.keys.alpha })).body.status).toBe('due');
    // the next committed change of the same order is the fence: a rolled-back start would have come first
    const cancelled = await t.call('POST', `/v1/orders/${id}/cancel`, { key: t.keys.alpha });
    expect(cancelled.status).toBe(200);
    await alpha.next(orderEvent(id, 'cancelled'));
    expect(transitionsOf(alpha, id)).toEqual([
      'received→accepted',
      'accepted→scheduled',
      'scheduled→due',
      'due→cancelled',
    ]);
  });
});

/** Beta's forced activation on alpha's port, made due (its planned day reached); returns its id. */
async function placeForced(place: TestController['seed']['addresses'][number], serial: string) {
  const forced = await t.call('POST', '/v1/orders', {
    key: t.keys.beta,
    body: {
      form: 'BSNA',
      category: 'activation',
      address: place.address,
      contact: { name: 'Iva Ivić', phone: '+385 1 555 0199' },
      ownerInstallsHome: false,
      ontSerial: serial,
      accessLevel: 'regional',
      services: { internet: '100/100' },
      forced: true,
    },
  });
  expect(forced.status, JSON.stringify(forced.body)).toBe(202);
  t.clock.set(`${forced.body.plannedDate}T08:00:00.000Z`); // the planned day, 09:00 Zagreb
  await t.controller.services.orders.tick();
  return forced.body.id as string;
}

describe('GET /v1/events: a forced order carried out by unblocking (port-unblocking.md steps 8–10)', () => {
  it('the new SP sees its forced order start and complete', async () => {
    const beta = await stream(t.keys.beta);
    const place = t.seed.addresses.filter((a) => a.active?.spId === 'sp-alpha')[0];
    const id = await placeForced(place, t.seed.addresses.filter((a) => a.stockOf === 'sp-beta')[0].serial);
    await beta.next(orderEvent(id, 'due'));

    const [outcome] = await t.controller.services.unblocking.processForcedOrders();
    expect(outcome).toMatchObject({ ok: true, orderId: id });
    expect(device.writes).toEqual([`${place.olt} ${place.pon}:${place.onuId}`]);
    await beta.next(orderEvent(id, 'in-progress'));
    await beta.next(orderEvent(id, 'completed'));
    expect(transitionsOf(beta, id).slice(-2)).toEqual(['due→in-progress', 'in-progress→completed']);
    expect(await webhooksOf(id)).toEqual(['order.accepted', 'order.completed']);
  });

  it('a forced order whose device write fails: the port is put back and the order fails — published once committed', async () => {
    const beta = await stream(t.keys.beta);
    const place = t.seed.addresses.filter((a) => a.active?.spId === 'sp-alpha')[1];
    const id = await placeForced(place, t.seed.addresses.filter((a) => a.stockOf === 'sp-beta')[1].serial);
    await beta.next(orderEvent(id, 'due'));
    device.refuse = true;
    const [outcome] = await t.controller.services.unblocking.processForcedOrders();
    expect(outcome).toMatchObject({ ok: false, orderId: id, restored: true });
    const failed = await beta.next(orderEvent(id, 'failed'));
    expect(failed.data.reason).toContain('read-back differs (the test device)');
    expect(transitionsOf(beta, id).slice(-2)).toEqual(['due→in-progress', 'in-progress→failed']);
    expect(await webhooksOf(id)).toEqual(['order.accepted', 'order.failed']);
  });
});

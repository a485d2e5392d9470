/**
 * `GET /v1/events` over a real socket (design §4): events published on the monitoring bus and real
 * order changes reach SSE clients, filtered by key (operator: everything; SP: only its own orders),
 * with the EventSource auth fallbacks (`?key=`, `ponctl_key` cookie), heartbeats and replay.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alarm } from '../../src/domain/monitoring/alarms.ts';
import type { Incident } from '../../src/domain/monitoring/incidents.ts';
import type { MonitoringEvents } from '../../src/application/monitoring/events.ts';
import { activationFor, startTestController, type TestController } from '../helpers/controller.ts';
import { SseClient } from '../helpers/sse-client.ts';

let t: TestController;
let bus: MonitoringEvents;
const clients: SseClient[] = [];
const open = async (path: string, headers?: Record<string, string>) => {
  const c = await SseClient.open(t.url + path, headers);
  clients.push(c);
  return c;
};
const auth = (key: string) => ({ authorization: `Bearer ${key}` });
const streamToken = async (key: string): Promise<string> =>
  (await t.call('POST', '/v1/events/token', { key })).body.token;

beforeAll(async () => {
  t = await startTestController();
  bus = t.controller.services.monitoring.events;
});
afterAll(async () => {
  for (const c of clients) c.close();
  await t?.close();
});

let n = 0;
function alarm(over: Partial<Alarm> = {}): Alarm {
  const at = '2026-03-02T08:00:00.000Z';
  return {
    id: `al-${++n}`,
    resource: 'olt-1/1/1/1:3',
    type: 'ont-los',
    qualifier: '',
    severity: 'major',
    isCleared: false,
    text: 'LOS',
    raisedAt: at,
    lastChangedAt: at,
    operatorState: 'none',
    history: [{ at, severity: 'major', text: 'LOS' }],
    olt: 'olt-1',
    pon: '1/1/1',
    onuId: 3,
    ...over,
  };
}
function incident(): Incident {
  return {
    id: `inc-${++n}`,
    cause: 'pon-fibre-cut',
    olt: 'olt-1',
    pon: '1/1/1',
    start: '2026-03-02T08:00:00.000Z',
    status: 'open',
    affected: [
      { olt: 'olt-1', pon: '1/1/1', onuId: 1 },
      { olt: 'olt-1', pon: '1/1/1', onuId: 2 },
    ],
    countsForSla: true,
    summary: 'fibre cut',
  };
}

describe('GET /v1/events: authentication', () => {
  it('answers 401 without a key, with a wrong token or cookie, and to the API key itself in the URL; 200 text/event-stream with a key in header or cookie, or a stream token', async () => {
    expect((await open('/v1/events')).status).toBe(401);
    // issue 17 item 5: the key itself is no longer taken from a URL, only a short-lived stream token
    expect((await open(`/v1/events?key=${t.keys.operator}`)).status).toBe(401);
    expect((await open('/v1/events?token=pst_0000000000000000_9999999999_' + 'A'.repeat(43))).status).toBe(
      401,
    );
    expect((await open('/v1/events', { cookie: 'ponctl_key=nonsense' })).status).toBe(401);
    // the query/cookie fallback is only for the event stream, not for the rest of the API
    expect((await t.call('GET', `/v1/orders?key=${t.keys.operator}`, { key: null })).status).toBe(401);
    const token = await streamToken(t.keys.operator);
    expect(token).toMatch(/^pst_/);
    for (const [path, headers] of [
      ['/v1/events', auth(t.keys.operator)],
      [`/v1/events?token=${token}`, {}],
      ['/v1/events', { cookie: `theme=dark; ponctl_key=${t.keys.operator}` }],
    ] as const) {
      const res = await fetch(t.url + path, { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      await res.body?.cancel();
    }
  });
});

describe('GET /v1/events: delivery and filtering', () => {
  it('an alarm and an incident published on the monitoring bus reach an operator client; an SP client sees neither', async () => {
    const op = await open('/v1/events', auth(t.keys.operator));
    const sp = await open(`/v1/events?token=${await streamToken(t.keys.alpha)}`);
    expect((await op.next((m) => m.event === 'hello')).data).toMatchObject({
      role: 'operator',
      now: '2026-03-02T08:00:00.000Z',
    });
    expect((await sp.next((m) => m.event === 'hello')).data).toMatchObject({ role: 'sp', sp: 'sp-alpha' });

    const a = alarm();
    const started = performance.now();
    bus.publish({ type: 'alarm', action: 'raised', alarm: a });
    const got = await op.next((m) => m.event === 'alarm');
    const ms = performance.now() - started;
    expect(got.data).toMatchObject({
      type: 'alarm',
      action: 'raised',
      alarm: { id: a.id, severity: 'major', olt: 'olt-1', pon: '1/1/1' },
    });
    expect(got.id).toMatch(/^[0-9a-f]+\.\d+$/);
    expect(ms).toBeLessThan(500);

    const inc = incident();
    bus.publish({ type: 'incident', action: 'opened', incident: inc });
    expect((await op.next((m) => m.event === 'incident')).data.incident).toMatchObject({
      id: inc.id,
      cause: 'pon-fibre-cut',
      affected: inc.affected,
    });

    // an order change of the SP's own order is the fence: anything published before it would have arrived first
    const placed = await t.call('POST', '/v1/orders', {
      key: t.keys.alpha,
      body: activationFor(t.seed, 'sp-alpha'),
    });
    expect(placed.status).toBe(202);
    await sp.next((m) => m.event === 'order' && m.data.order.id === placed.body.id);
    expect(sp.events('alarm')).toEqual([]);
    expect(sp.events('incident')).toEqual([]);
    expect(sp.events('ont')).toEqual([]);
  });

  it('order changes: each SP sees only its own orders, the operator sees all', async () => {
    const op = await open('/v1/events', auth(t.keys.operator));
    const alpha = await open('/v1/events', { cookie: `ponctl_key=${t.keys.alpha}` });
    const beta = await open('/v1/events', auth(t.keys.beta));
    for (const c of [op, alpha, beta]) await c.next((m) => m.event === 'hello');

    const b = await t.call('POST', '/v1/orders', {
      key: t.keys.beta,
      body: activationFor(t.seed, 'sp-beta'),
    });
    const a = await t.call('POST', '/v1/orders', {
      key: t.keys.alpha,
      body: activationFor(t.seed, 'sp-alpha', { index: 1 }),
    });
    expect([a.status, b.status]).toEqual([202, 202]);

    const aSched = await alpha.next(
      (m) => m.event === 'order' && m.data.order.id === a.body.id && m.data.to === 'scheduled',
    );
    expect(aSched.data).toMatchObject({
      type: 'order',
      action: 'scheduled',
      order: { sp: 'sp-alpha', status: 'scheduled', adapterId: a.body.adapterId },
    });
    await beta.next((m) => m.event === 'order' && m.data.order.id === b.body.id && m.data.to === 'scheduled');
    await op.next((m) => m.event === 'order' && m.data.order.id === a.body.id && m.data.to === 'scheduled');
    await op.next((m) => m.event === 'order' && m.data.order.id === b.body.id && m.data.to === 'scheduled');
    expect(alpha.events('order').every((m) => m.data.order.sp === 'sp-alpha')).toBe(true);
    expect(beta.events('order').every((m) => m.data.order.sp === 'sp-beta')).toBe(true);
    expect(alpha.events('order').some((m) => m.data.order.id === b.body.id)).toBe(false);
  });
});

describe('GET /v1/events: stream upkeep', () => {
  it('sends heartbeat comments at the asked interval', async () => {
    const c = await open(`/v1/events?heartbeat=250&token=${await streamToken(t.keys.operator)}`);
    const hb = await c.next((m) => m.event === 'comment' && /^hb /.test(m.comment ?? ''), 2000);
    expect(hb.comment).toMatch(/^hb 2026-03-02T/);
  });

  it('replays what a reconnecting client missed (Last-Event-ID), filtered by key; a stale id gets resync', async () => {
    const op = await open('/v1/events', auth(t.keys.operator));
    await op.next((m) => m.event === 'hello');
    const first = alarm();
    bus.publish({ type: 'alarm', action: 'raised', alarm: first });
    const seen = await op.next((m) => m.event === 'alarm' && m.data.alarm.id === first.id);
    op.close();
    const missed = [alarm({ severity: 'critical' }), alarm({ severity: 'minor' })];
    for (const x of missed) bus.publish({ type: 'alarm', action: 'raised', alarm: x });

    const again = await open('/v1/events', { ...auth(t.keys.operator), 'last-event-id': seen.id! });
    await again.next((m) => m.event === 'alarm' && m.data.alarm.id === missed[1].id);
    expect(again.events('alarm').map((m) => m.data.alarm.id)).toEqual(missed.map((x) => x.id));

    const sp = await open('/v1/events', { ...auth(t.keys.alpha), 'last-event-id': seen.id! });
    await sp.next((m) => m.event === 'hello');
    const fence = await t.call('POST', '/v1/orders', {
      key: t.keys.alpha,
      body: activationFor(t.seed, 'sp-alpha', { index: 2 }),
    });
    await sp.next((m) => m.event === 'order' && m.data.order.id === fence.body.id);
    expect(sp.events('alarm')).toEqual([]);

    const stale = await open('/v1/events', { ...auth(t.keys.operator), 'last-event-id': 'deadbeef.7' });
    await stale.next((m) => m.event === 'resync');
  });

  it('closing the controller ends open streams instead of hanging', async () => {
    const local = await startTestController();
    const c = await SseClient.open(local.url + '/v1/events', auth(local.keys.operator));
    await c.next((m) => m.event === 'hello');
    const started = performance.now();
    await local.close();
    expect(performance.now() - started).toBeLessThan(3000);
    c.close();
  });
});

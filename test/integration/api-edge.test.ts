/**
 * The API's edge (issue 17 §2 and item 10, issue 14 §7), on SQLite and on PostgreSQL: input that
 * would reach a store unclean — a NUL or another control character in a path, a query, a body or a
 * header used as data; an integer beyond int4; an impossible date — is 400 INVALID_REQUEST before any
 * query runs; every error HTTP answers on its own (404, 405, 413, 414, 415, 431, a request Node
 * cannot parse) is in the envelope `{ error: { code, message } }`; X-Request-Id is echoed and
 * generated; a 202 carries Location.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activationFor, startTestController, type TestController } from '../helpers/controller.ts';

/** Writes raw bytes on a socket (fetch refuses to send what these tests need to send). */
function raw(url: string, request: string): Promise<{ status: number; headers: string; body: any }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const s = net.connect(Number(port), hostname, () => s.write(request));
    let data = '';
    s.on('data', (d) => (data += d.toString('latin1')));
    s.on('error', reject);
    s.on('close', () => {
      const [head, ...rest] = data.split('\r\n\r\n');
      const body = rest.join('\r\n\r\n');
      let parsed: unknown = body;
      try {
        parsed = JSON.parse(body);
      } catch {
        /* chunked or not JSON */
      }
      resolve({ status: Number(head.split(' ')[1]), headers: head, body: parsed });
    });
  });
}

const envelope = (r: { body: any }) => {
  expect(r.body, JSON.stringify(r.body)).toMatchObject({
    error: { code: expect.any(String), message: expect.any(String) },
  });
  return r.body.error;
};

describe.each(['sqlite', 'postgres'] as const)('API edge on %s', (store) => {
  let t: TestController;
  beforeAll(async () => {
    t = await startTestController({ store });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('a NUL or control character anywhere a string reaches the store is 400 INVALID_REQUEST', async () => {
    const order = activationFor(t.seed, 'sp-alpha', { ownerInstallsHome: true });
    const cases: [string, string, Record<string, unknown>][] = [
      ['GET', '/v1/orders/ord%00x', {}],
      ['GET', '/v1/orders?sp=a%00b', { key: t.keys.operator }],
      ['GET', '/v1/orders?status=%01', {}],
      ['GET', '/v1/subscribers/A-%0000000001', {}],
      ['GET', '/v1/coverage?city=Zag%00reb', {}],
      ['GET', '/v1/faults?adapterId=%00', {}],
      ['GET', '/v1/availability?address=Ilica%2012%2C%20Zagreb%00', {}],
      ['POST', '/v1/orders', { body: { ...order, contact: { name: 'Ana\u0000', phone: '1' } } }],
      ['POST', '/v1/orders', { body: { ...order, ['addr\u0007ess']: 1 } }],
      ['POST', '/v1/orders', { body: { ...order, description: 'x\ud800y' } }],
      ['POST', '/v1/webhooks', { body: { url: 'https://example.org/\u0000' } }],
      ['POST', '/v1/disputes', { body: { adapterId: 'A-\u001b[31m' } }],
      [
        'POST',
        '/v1/planned-works',
        {
          key: t.keys.operator,
          body: {
            scope: { olt: 'olt-1' },
            start: '2026-04-01T08:00:00Z',
            end: '2026-04-01T09:00:00Z',
            description: 'works\u0000',
          },
        },
      ],
    ];
    for (const [method, path, o] of cases) {
      const r = await t.call(method, path, o);
      expect([r.status, envelope(r).code], `${method} ${path} ${JSON.stringify(o.body)}`).toEqual([
        400,
        'INVALID_REQUEST',
      ]);
    }
    expect(await t.store.orders.count()).toBe(0);
  });

  it('free text in a body may hold tab and new lines', async () => {
    const order = activationFor(t.seed, 'sp-alpha', { ownerInstallsHome: true });
    const r = await t.call('POST', '/v1/orders', { body: { ...order, description: 'line 1\n\tline 2\r\n' } });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
  });

  it('integers beyond int4 and non-finite numbers are 400, never a store error', async () => {
    const big = await t.call('GET', '/v1/onts/olt-1/1%2F1%2F1/2147483648', { key: t.keys.operator });
    expect([big.status, envelope(big).code]).toEqual([400, 'INVALID_REQUEST']);
    const fine = await t.call('GET', '/v1/onts/olt-1/1%2F1%2F1/2147483647', { key: t.keys.operator });
    expect(fine.status).toBe(404);
    const body = await t.call('POST', '/v1/orders', {
      rawBody: JSON.stringify({ ...activationFor(t.seed, 'sp-alpha'), services: { iptv: 2 ** 40 } }),
    });
    expect([body.status, envelope(body).code, body.body.error.field]).toEqual([
      400,
      'INVALID_REQUEST',
      'services.iptv',
    ]);
    const inf = await t.call('POST', '/v1/orders', { rawBody: '{"form":"BSNA","x":1e999}' });
    expect([inf.status, envelope(inf).code]).toEqual([400, 'INVALID_REQUEST']);
    const deep = await t.call('POST', '/v1/orders', { rawBody: '['.repeat(5000) + ']'.repeat(5000) });
    expect([deep.status, envelope(deep).code]).toEqual([400, 'INVALID_REQUEST']);
  });

  it('dates are real dates: ?from=2026-13-45 is refused, on the field', async () => {
    for (const q of ['from=2026-13-45', 'to=2026-02-30', 'from=2026-1-1']) {
      const r = await t.call('GET', `/v1/orders?${q}`);
      expect([r.status, envelope(r).code, r.body.error.field], q).toEqual([
        400,
        'INVALID_REQUEST',
        q.split('=')[0],
      ]);
    }
    expect((await t.call('GET', '/v1/orders?from=2024-02-29')).status).toBe(200);
    const alarms = await t.call('GET', '/v1/alarms?from=2026-02-30T00:00:00Z', { key: t.keys.operator });
    expect([alarms.status, envelope(alarms).code]).toEqual([400, 'INVALID_REQUEST']);
  });

  it('fastify and Node errors come in the envelope with the documented status', async () => {
    const nf = await t.call('GET', '/v1/nothing-here');
    expect([nf.status, envelope(nf).code]).toEqual([404, 'NOT_FOUND']);
    const wrong = await t.call('DELETE', '/v1/orders');
    expect([wrong.status, envelope(wrong).code]).toEqual([405, 'METHOD_NOT_ALLOWED']);
    expect(wrong.headers.get('allow')).toBe('GET, HEAD, POST');
    const wrongId = await t.call('PUT', '/v1/orders/ord_1/cancel');
    expect([wrongId.status, wrongId.headers.get('allow')]).toEqual([405, 'POST']);
    const tooBig = await t.call('POST', '/v1/webhooks', {
      rawBody: JSON.stringify({ url: 'x'.repeat(300_000) }),
    });
    expect([tooBig.status, envelope(tooBig).code]).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    const media = await t.call('POST', '/v1/disputes', {
      rawBody: 'adapterId=A-1',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect([media.status, envelope(media).code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const notJson = await t.call('POST', '/v1/disputes', { rawBody: '{"adapterId":' });
    expect([notJson.status, envelope(notJson).code]).toEqual([400, 'INVALID_REQUEST']);
    const orderNotJson = await t.call('POST', '/v1/orders', { rawBody: '{"form":' });
    expect([orderNotJson.status, envelope(orderNotJson).code]).toEqual([400, 'INCOMPLETE_ORDER']);
    const long = await t.call('GET', `/v1/orders/${'x'.repeat(300)}`);
    expect([long.status, envelope(long).code]).toEqual([414, 'URI_TOO_LONG']);
    const badUrl = await t.call('GET', '/v1/orders/%E0%A4%A');
    expect([badUrl.status, envelope(badUrl).code]).toEqual([400, 'INVALID_REQUEST']);
    const noKey = await t.call('GET', '/v1/orders', { key: null });
    expect([noKey.status, envelope(noKey).code]).toEqual([401, 'UNAUTHENTICATED']);
    expect(noKey.headers.get('www-authenticate')).toBe('Bearer');

    const huge = await raw(
      t.url,
      `GET /v1/orders HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    expect([huge.status, envelope(huge).code]).toEqual([431, 'HEADERS_TOO_LARGE']);
    const garbage = await raw(t.url, 'GET /v1/orders HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000b\r\n\r\n');
    expect([garbage.status, envelope(garbage).code]).toEqual([400, 'INVALID_REQUEST']);
    expect(garbage.headers.toLowerCase()).toContain('x-request-id:');
  });

  it('X-Request-Id: echoed when sane, generated otherwise; 202 has Location', async () => {
    const mine = await t.call('GET', '/v1/orders', { headers: { 'x-request-id': 'trace-abc-123' } });
    expect(mine.headers.get('x-request-id')).toBe('trace-abc-123');
    const made = await t.call('GET', '/v1/orders');
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const silly = await t.call('GET', '/v1/orders', { headers: { 'x-request-id': 'x'.repeat(500) } });
    expect(silly.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const err = await t.call('GET', '/v1/nothing', { headers: { 'x-request-id': 'err-1' } });
    expect(err.headers.get('x-request-id')).toBe('err-1');

    const r = await t.call('POST', '/v1/orders', {
      body: activationFor(t.seed, 'sp-alpha', { index: 3, ownerInstallsHome: true }),
    });
    expect(r.status).toBe(202);
    expect(r.headers.get('location')).toBe(`/v1/orders/${r.body.id}`);
    expect((await t.call('GET', r.headers.get('location')!)).body.id).toBe(r.body.id);
  });

  it('statement.csv: the CSV on success, a JSON envelope (application/json) on error', async () => {
    const bad = await t.call('GET', '/v1/sla/statement.csv?month=2026-13');
    expect([bad.status, envelope(bad).code]).toEqual([400, 'INVALID_MONTH']);
    expect(bad.headers.get('content-type')).toMatch(/^application\/json/);
    const ok = await t.call('GET', '/v1/sla/statement.csv?month=2026-02');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-type')).toMatch(/^text\/csv/);
  });
});

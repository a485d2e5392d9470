/**
 * Property tests (issue 3): random and malformed bodies thrown at POST /v1/orders never cause a
 * 5xx, and a rejected order leaves no stored row (orders, events, accesses, idempotency keys).
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activationFor, startTestController, type TestController } from '../helpers/controller.ts';

let t: TestController;
beforeAll(async () => {
  t = await startTestController();
});
afterAll(async () => {
  await t?.close();
});

async function rowCounts(): Promise<string> {
  const n = async (table: string) =>
    Number((await t.store.db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))!.n);
  return JSON.stringify([
    await n('orders'),
    await n('order_events'),
    await n('accesses'),
    await n('idempotency_keys'),
    await n('counters'),
  ]);
}

/** POSTs, checks no 5xx, and that nothing was written unless the order was accepted. */
async function check(body: string, key?: string): Promise<number> {
  const before = await rowCounts();
  const r = await t.call('POST', '/v1/orders', {
    rawBody: body,
    headers: key ? { 'idempotency-key': key } : {},
  });
  expect(r.status, `${r.status} for ${body.slice(0, 300)}: ${JSON.stringify(r.body)}`).toBeLessThan(500);
  if (r.status !== 202) {
    expect(r.body?.error?.code, body.slice(0, 200)).toEqual(expect.any(String));
    expect(await rowCounts()).toBe(before);
  } else {
    // accepted: exactly one new order (none when an Idempotency-Key replayed an earlier one)
    const added = JSON.parse(await rowCounts())[0] - JSON.parse(before)[0];
    expect(added).toBe(r.headers.get('idempotent-replayed') ? 0 : 1);
    expect((await t.store.orders.get(r.body.id))?.state).toBe('scheduled');
  }
  return r.status;
}

const FIELDS = [
  'form',
  'category',
  'requestedDate',
  'address',
  'contact',
  'ownerInstallsHome',
  'ontSerial',
  'accessLevel',
  'services',
  'forced',
  'adapterId',
];
const weird = fc.oneof(
  fc.jsonValue(),
  fc.string(),
  fc.constantFrom(
    '',
    null,
    0,
    -1,
    1e308,
    true,
    [],
    {},
    '2026-02-30',
    '9999-99-99',
    'A-00000001',
    '__proto__',
    'ZTEG00000000',
    '../../etc',
  ),
);

describe('POST /v1/orders under random input', () => {
  it('arbitrary JSON values: never 5xx, never a row', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (v) => {
        await check(JSON.stringify(v));
      }),
      { numRuns: 150 },
    );
  });

  it('arbitrary strings as the body (mostly not JSON): never 5xx, never a row', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), async (s) => {
        await check(s);
      }),
      { numRuns: 100 },
    );
  });

  it('a valid activation with fields removed, replaced or nested wrongly: never 5xx; rows only when accepted', async () => {
    const base = activationFor(t.seed, 'sp-alpha', { ownerInstallsHome: true });
    const mutation = fc.record({
      drop: fc.subarray(FIELDS),
      replace: fc.dictionary(
        fc.constantFrom(
          ...FIELDS,
          'address.street',
          'services.internet',
          'services.iptv',
          'contact.name',
          'address.city',
        ),
        weird,
        { maxKeys: 3 },
      ),
      key: fc.option(fc.string({ minLength: 1, maxLength: 30 }), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        const body = structuredClone(base) as Record<string, any>;
        for (const f of m.drop) delete body[f];
        for (const [path, v] of Object.entries(m.replace)) {
          const [a, b] = path.split('.');
          if (b === undefined) body[a] = v;
          else if (body[a] && typeof body[a] === 'object') body[a][b] = v;
        }
        await check(JSON.stringify(body), m.key);
      }),
      { numRuns: 200 },
    );
  });

  it('wrong content types and huge bodies are 4xx with a code', async () => {
    const r = await t.call('POST', '/v1/orders', {
      rawBody: 'form=BSNA',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(r.status).toBe(415);
    expect(r.body.error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const big = await t.call('POST', '/v1/orders', {
      rawBody: JSON.stringify({ form: 'BSNA', pad: 'x'.repeat(400_000) }),
    });
    expect(big.status).toBe(413);
    const proto = await t.call('POST', '/v1/orders', {
      rawBody: '{"__proto__": {"form": "BSNA"}, "constructor": {"prototype": {}}}',
    });
    expect(proto.status).toBeLessThan(500);
  });
});

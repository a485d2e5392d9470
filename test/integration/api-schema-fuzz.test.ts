/**
 * The schema-driven fuzzer (issue 17 item 2 and "What must be shown"): every operation of
 * /openapi.json, with an operator key, an SP key, no key and a wrong key, on SQLite AND PostgreSQL.
 * Asserts 0 × 5xx and 0 answers outside the operation's documented statuses and the error envelope.
 * The seed is printed (set PONCTL_FUZZ_SEED to replay a run); PONCTL_FUZZ_RUNS sets requests per
 * operation (default 32).
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { activationFor, startTestController, type TestController } from '../helpers/controller.ts';
import {
  isProbeAnswer,
  operationsOf,
  problemsOf,
  requestsFor,
  type FuzzRequest,
} from '../helpers/openapi-fuzz.ts';

const RUNS = Number(process.env.PONCTL_FUZZ_RUNS ?? 32);
const SEED = Number(process.env.PONCTL_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

const open: TestController[] = [];
afterAll(async () => {
  for (const t of open) await t.close();
});

async function send(t: TestController, r: FuzzRequest, key: string | null) {
  const headers: Record<string, string> = {};
  if (key) headers.authorization = `Bearer ${key}`;
  if (r.contentType) headers['content-type'] = r.contentType;
  const ac = new AbortController();
  const res = await fetch(t.url + r.url, { method: r.method, headers, body: r.body, signal: ac.signal });
  const contentType = res.headers.get('content-type') ?? '';
  if (contentType.startsWith('text/event-stream')) {
    ac.abort(); // a stream never ends: its status and type are the answer
    return { status: res.status, contentType, text: '' };
  }
  return { status: res.status, contentType, text: await res.text() };
}

describe.each(['sqlite', 'postgres'] as const)('every /openapi.json operation fuzzed on %s', (store) => {
  it(`0 × 5xx, 0 undocumented statuses, errors in the envelope (seed ${SEED}, ${RUNS} requests per operation over 4 key classes)`, async () => {
    const t = await startTestController({ store });
    open.push(t);
    const doc = (await t.call('GET', '/openapi.json', { key: null })).body;
    // real ids, so that requests reach the handlers and not only the 404s
    const orders: string[] = [];
    for (const i of [0, 1]) {
      const r = await t.call('POST', '/v1/orders', { body: activationFor(t.seed, 'sp-alpha', { index: i }) });
      if (r.status === 202) orders.push(r.body.id);
    }
    const hook = await t.call('POST', '/v1/webhooks', { body: { url: 'https://hooks.sp-alpha.example/x' } });
    const active = t.seed.addresses.filter((a) => a.active).map((a) => a.active!.adapterId);
    const pools: Record<string, string[]> = {
      id: [...orders, hook.body?.id ?? 'whk_x', 'olt-1', 'olt-2', '1'],
      adapterId: active.length ? active : ['A-00000001'],
      olt: ['olt-1', 'olt-2'],
      pon: [t.seed.addresses[0].pon, '1/1/1'],
      onuId: ['1', '2', '3'],
      serial: [t.seed.addresses[0].serial],
    };
    // every key class in turn (fast-check's constantFrom favours the ends of its list)
    const keys: (string | null)[] = [
      t.keys.operator,
      t.keys.operator,
      t.keys.alpha,
      t.keys.alpha,
      t.keys.alpha,
      t.keys.beta,
      null,
      'pk_not_a_key',
    ];

    const problems = new Map<string, string>();
    const statuses = new Map<number, number>();
    let sent = 0;
    let serverErrors = 0;
    for (const o of operationsOf(doc)) {
      const samples = fc.sample(
        requestsFor(doc, o, (n) => pools[n] ?? ['x']),
        {
          numRuns: RUNS,
          seed: SEED,
        },
      );
      for (const [i, req] of samples.entries()) {
        const key = keys[i % keys.length];
        const a = await send(t, req, key);
        sent++;
        statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
        if (a.status >= 500 && !isProbeAnswer(o, a)) serverErrors++;
        for (const p of problemsOf(o, a)) {
          const k = `${o.method} ${o.path}: ${p.slice(0, 120)}`;
          if (!problems.has(k))
            problems.set(
              k,
              `${k}\n    ← ${req.method} ${req.url.slice(0, 200)} ${req.body?.slice(0, 200) ?? ''}`,
            );
        }
      }
    }
    const byStatus = [...statuses].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${s}×${n}`);
    console.log(
      `fuzz ${store}: ${operationsOf(doc).length} operations, ${sent} requests, seed ${SEED}: ${byStatus.join(' ')}`,
    );
    expect([...problems.values()]).toEqual([]);
    expect(serverErrors).toBe(0);
  }, 300_000);
});

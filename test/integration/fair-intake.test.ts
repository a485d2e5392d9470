/**
 * Fair order intake per SP over real HTTP (issue 17 item 4, src/adapters/driving/api/intake-gate.ts,
 * docs/fairness.md). The mechanism, not a timing: an order of SP A is held in intake by sending its
 * headers and not yet its body (the gate admits before the body is read), so what is admitted next,
 * what waits and what is refused can be observed in a fixed order. The gate's state is read from
 * /metrics (`ponctl_intake_orders`), never guessed with a sleep.
 */
import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestController, type TestController } from '../helpers/controller.ts';

let t: TestController | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

const fault = (adapterId: string, category: string) =>
  JSON.stringify({ form: 'SBSN', category, adapterId, description: 'fair intake' });

/** POST `path` (default /v1/orders) whose body is sent only when `finish()` is called (the request holds its slot). */
function heldOrder(url: string, key: string, body: string, path = '/v1/orders') {
  const { hostname, port } = new URL(url);
  const sock = connect(Number(port), hostname);
  let data = '';
  sock.setEncoding('utf8');
  sock.on('data', (d) => (data += d));
  const response = new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    sock.on('error', reject);
    sock.on('end', () => {
      const status = Number(data.split(' ')[1]);
      const text = data.slice(data.indexOf('\r\n\r\n') + 4);
      resolve({ status, body: JSON.parse(text) });
    });
  });
  sock.write(
    `POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nAuthorization: Bearer ${key}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`,
  );
  return { response, finish: () => sock.write(body), drop: () => sock.destroy() };
}

/** The gate's running and waiting orders, as /metrics reports them. */
async function gateState(c: TestController): Promise<{ running: number; waiting: number }> {
  const text = (await c.call('GET', '/metrics', { key: null })).body as string;
  const read = (state: string) =>
    Number(new RegExp(`^ponctl_intake_orders\\{state="${state}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
  return { running: read('running'), waiting: read('waiting') };
}

async function until(c: TestController, want: { running: number; waiting: number }) {
  for (let i = 0; i < 500; i++) {
    const s = await gateState(c);
    if (s.running === want.running && s.waiting === want.waiting) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  expect(await gateState(c)).toEqual(want);
}

async function start(env: Record<string, string>) {
  t = await startTestController({ env });
  const alpha = t.seed.addresses.find((a) => a.active?.spId === 'sp-alpha')!.active!.adapterId;
  const beta = t.seed.addresses.find((a) => a.active?.spId === 'sp-beta')!.active!.adapterId;
  return { c: t, alpha, beta };
}

describe('fair intake gate', () => {
  it('admits another SP at once while one SP holds its share of the slots', async () => {
    const { c, alpha, beta } = await start({
      PONCTL_INTAKE_CONCURRENCY: '2',
      PONCTL_INTAKE_PER_SP: '1',
      PONCTL_INTAKE_QUEUE_PER_SP: '4',
    });
    const a1 = heldOrder(c.url, c.keys.alpha, fault(alpha, 'degradation'));
    await until(c, { running: 1, waiting: 0 });
    // A's second order waits for A's slot although the instance has a free one
    const a2 = c.call('POST', '/v1/orders', {
      key: c.keys.alpha,
      body: JSON.parse(fault(alpha, 'interruption')),
    });
    await until(c, { running: 1, waiting: 1 });
    // B is not behind A: answered while A's first order is still held and its second still waits
    const b1 = await c.call('POST', '/v1/orders', {
      key: c.keys.beta,
      body: JSON.parse(fault(beta, 'degradation')),
    });
    expect(b1.status).toBe(202);
    expect(await gateState(c)).toEqual({ running: 1, waiting: 1 });
    a1.finish();
    expect((await a1.response).status).toBe(202);
    expect((await a2).status).toBe(202);
    await until(c, { running: 0, waiting: 0 });
  });

  it('admits round-robin across SPs: B ahead of A’s queued orders; beyond the queue A gets 429 at once', async () => {
    const { c, alpha, beta } = await start({
      PONCTL_INTAKE_CONCURRENCY: '1',
      PONCTL_INTAKE_PER_SP: '1',
      PONCTL_INTAKE_QUEUE_PER_SP: '2',
    });
    const done: string[] = [];
    const a1 = heldOrder(c.url, c.keys.alpha, fault(alpha, 'degradation'));
    const a1r = a1.response.then((r) => (done.push('A1'), r));
    await until(c, { running: 1, waiting: 0 });
    const post = (name: string, key: string, body: string) =>
      c.call('POST', '/v1/orders', { key, body: JSON.parse(body) }).then((r) => (done.push(name), r));
    const a2 = post('A2', c.keys.alpha, fault(alpha, 'interruption'));
    const a3 = post('A3', c.keys.alpha, fault(alpha, 'joint-visit'));
    await until(c, { running: 1, waiting: 2 });
    // A's queue is full: refused without waiting for the held order (nothing read, nothing stored)
    const a4 = await c.call('POST', '/v1/orders', {
      key: c.keys.alpha,
      body: JSON.parse(fault(alpha, 'home-installation')),
    });
    expect(a4.status).toBe(429);
    expect(a4.body.error.code).toBe('RATE_LIMITED');
    expect(Number(a4.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(done).toEqual([]);
    // B arrives last, after A's two queued orders
    const b1 = post('B1', c.keys.beta, fault(beta, 'degradation'));
    await until(c, { running: 1, waiting: 3 });
    a1.finish();
    const answers = await Promise.all([a1r, a2, a3, b1]);
    expect(answers.map((r) => r.status)).toEqual([202, 202, 202, 202]);
    // first-come-first-served would answer A1 A2 A3 B1; round-robin gives B the next slot
    expect(done).toEqual(['A1', 'B1', 'A2', 'A3']);
    const stored = await c.store.db.all<{ n: number }>(
      "SELECT COUNT(*) AS n FROM orders WHERE category = 'home-installation'",
    );
    expect(Number(stored[0].n)).toBe(0);
  });

  it('a flood yields to another SP: its queued orders wait while B’s order runs, though slots are free', async () => {
    const { c, alpha, beta } = await start({
      PONCTL_INTAKE_CONCURRENCY: '4',
      PONCTL_INTAKE_PER_SP: '2',
      PONCTL_INTAKE_QUEUE_PER_SP: '8',
      // B1 is held for as long as the test needs: the yield must not run out meanwhile
      PONCTL_INTAKE_YIELD_MS: '600000',
    });
    const done: string[] = [];
    // A alone has its two slots
    const a1 = heldOrder(c.url, c.keys.alpha, fault(alpha, 'degradation'));
    const a2 = heldOrder(c.url, c.keys.alpha, fault(alpha, 'interruption'));
    await until(c, { running: 2, waiting: 0 });
    const a3 = c
      .call('POST', '/v1/orders', { key: c.keys.alpha, body: JSON.parse(fault(alpha, 'joint-visit')) })
      .then((r) => (done.push('A3'), r));
    await until(c, { running: 2, waiting: 1 });
    // B is admitted at once, beside A's two
    const b1 = heldOrder(c.url, c.keys.beta, fault(beta, 'degradation'));
    const b1r = b1.response.then((r) => (done.push('B1'), r));
    await until(c, { running: 3, waiting: 1 });
    // A1 answered: two slots are free and A has one running, yet A3 waits for B1
    a1.finish();
    expect((await a1.response).status).toBe(202);
    await until(c, { running: 2, waiting: 1 });
    expect(done).toEqual([]);
    b1.finish();
    expect((await b1r).status).toBe(202);
    // (A3 may now wait for A2 too: beside an SP in intake within the last second, one each)
    a2.finish();
    expect((await a2.response).status).toBe(202);
    expect((await a3).status).toBe(202);
    expect(done).toEqual(['B1', 'A3']);
    await until(c, { running: 0, waiting: 0 });
  });

  it("an SP's other writes share its lane: a webhook registration waits behind the SP's held order", async () => {
    const { c, alpha } = await start({
      PONCTL_INTAKE_CONCURRENCY: '2',
      PONCTL_INTAKE_PER_SP: '1',
      PONCTL_INTAKE_QUEUE_PER_SP: '4',
    });
    const a1 = heldOrder(c.url, c.keys.alpha, fault(alpha, 'degradation'));
    await until(c, { running: 1, waiting: 0 });
    const hook = heldOrder(
      c.url,
      c.keys.alpha,
      JSON.stringify({ url: 'https://example.org/ponctl-hook' }),
      '/v1/webhooks',
    );
    hook.response.catch(() => undefined);
    await until(c, { running: 1, waiting: 1 });
    a1.finish();
    expect((await a1.response).status).toBe(202);
    await until(c, { running: 1, waiting: 0 });
    hook.drop();
    await until(c, { running: 0, waiting: 0 });
  });

  it('a queued order whose client has gone gives its slot back without being carried out', async () => {
    const { c, alpha, beta } = await start({
      PONCTL_INTAKE_CONCURRENCY: '1',
      PONCTL_INTAKE_PER_SP: '1',
      PONCTL_INTAKE_QUEUE_PER_SP: '2',
    });
    const a1 = heldOrder(c.url, c.keys.alpha, fault(alpha, 'degradation'));
    await until(c, { running: 1, waiting: 0 });
    const a2 = heldOrder(c.url, c.keys.alpha, fault(alpha, 'interruption'));
    a2.response.catch(() => undefined);
    await until(c, { running: 1, waiting: 1 });
    a2.drop();
    a1.finish();
    expect((await a1.response).status).toBe(202);
    await until(c, { running: 0, waiting: 0 });
    const b = await c.call('POST', '/v1/orders', {
      key: c.keys.beta,
      body: JSON.parse(fault(beta, 'degradation')),
    });
    expect(b.status).toBe(202);
    const stored = await c.store.db.all<{ n: number }>(
      "SELECT COUNT(*) AS n FROM orders WHERE category = 'interruption'",
    );
    expect(Number(stored[0].n)).toBe(0);
  });
});

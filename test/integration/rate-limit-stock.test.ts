/**
 * Per-key rate limits (issue 14 §7) and `GET /v1/stock`, over HTTP:
 * - each keyed answer carries RateLimit-Limit / -Remaining / -Reset / -Policy; past the limit a key
 *   gets 429 RATE_LIMITED with Retry-After while another key is served; the next window serves it again;
 * - an SP reads its own ONT stock (paged, filtered by state), never another's; the operator names the SP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activationFor, startTestController, type TestController } from '../helpers/controller.ts';

let t: TestController;
beforeAll(async () => {
  t = await startTestController({ env: { PONCTL_RATE_LIMIT: '5', PONCTL_RATE_WINDOW_MS: '2000' } });
});
afterAll(async () => {
  await t?.close();
});

describe('per-key rate limits', () => {
  it('RateLimit-* headers count down; the 6th request in the window is 429 for that key only', async () => {
    // start at the beginning of a window so that all six fall in it
    await new Promise((r) => setTimeout(r, 2000 - (Date.now() % 2000) + 20));
    const seen: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await t.call('GET', '/v1/orders?limit=1');
      expect(r.status).toBe(200);
      expect(r.headers.get('ratelimit-limit')).toBe('5');
      expect(r.headers.get('ratelimit-policy')).toBe('5;w=2');
      expect(Number(r.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(1);
      seen.push(Number(r.headers.get('ratelimit-remaining')));
    }
    expect(seen).toEqual([4, 3, 2, 1, 0]);
    const over = await t.call('GET', '/v1/orders?limit=1');
    expect(over.status).toBe(429);
    expect(over.body.error.code).toBe('RATE_LIMITED');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const other = await t.call('GET', '/v1/orders?limit=1', { key: t.keys.beta });
    expect(other.status).toBe(200);
    expect(other.headers.get('ratelimit-remaining')).toBe('4');
    // public routes are not counted
    expect((await t.call('GET', '/healthz', { key: null })).headers.get('ratelimit-limit')).toBeNull();
    await new Promise((r) => setTimeout(r, Number(over.headers.get('retry-after')) * 1000 + 50));
    expect((await t.call('GET', '/v1/orders?limit=1')).status).toBe(200);
  }, 20_000);
});

describe('GET /v1/stock', () => {
  it('an SP reads its own stock, paged and by state; the operator names the SP', async () => {
    await new Promise((r) => setTimeout(r, 2100)); // a fresh rate window
    const up = (xs: { serial: string }[]) => xs.map((x) => x.serial.toUpperCase());
    const ofSp = (sp: string) =>
      t.seed.addresses.filter((a) => a.stockOf === sp).map((a) => a.serial.toUpperCase());
    const page1 = await t.call('GET', '/v1/stock?limit=2');
    expect(page1.status, JSON.stringify(page1.body)).toBe(200);
    expect(page1.body.stock).toHaveLength(2);
    const page2 = await t.call('GET', `/v1/stock?limit=2&cursor=${page1.body.next}`);
    const serials = [...up(page1.body.stock), ...up(page2.body.stock)];
    expect(new Set(serials).size).toBe(4);
    const alpha = up((await t.call('GET', '/v1/stock?limit=1000')).body.stock);
    for (const s of ofSp('sp-alpha')) expect(alpha).toContain(s);
    for (const s of serials) expect(alpha).toContain(s);
    const beta = up((await t.call('GET', '/v1/stock?limit=1000', { key: t.keys.beta })).body.stock);
    for (const s of ofSp('sp-beta')) expect(beta).toContain(s);
    for (const s of beta) expect(alpha).not.toContain(s);

    await new Promise((r) => setTimeout(r, 2100));
    const order = await t.call('POST', '/v1/orders', {
      body: activationFor(t.seed, 'sp-alpha', { index: 0 }),
    });
    expect(order.status).toBe(202);
    const reserved = await t.call('GET', '/v1/stock?state=reserved');
    expect(reserved.body.stock.map((s: { serial: string }) => s.serial.toUpperCase())).toContain(
      String(activationFor(t.seed, 'sp-alpha', { index: 0 }).ontSerial).toUpperCase(),
    );
    expect((await t.call('GET', '/v1/stock', { key: t.keys.operator })).body.error.code).toBe('SP_REQUIRED');
    const op = await t.call('GET', '/v1/stock?sp=sp-alpha&limit=1000', { key: t.keys.operator });
    expect(up(op.body.stock).sort()).toEqual([...alpha].sort());
    expect((await t.call('GET', '/v1/stock?state=lost')).status).toBe(400);
  }, 20_000);
});

/**
 * Revocation is immediate (issue 17 item 5), with a real open event stream:
 * - `ponctl keys revoke` (which writes the store directly, not through the API) ends the key's open
 *   SSE stream within the revocation poll, before its next order event could reach it; the key's
 *   cached verification is dropped (401 at once, although the cache would have kept it 5 s), and a
 *   stream token minted before is dead too;
 * - on PostgreSQL, a second controller instance on the same database drops the key as well;
 * - a key has at most PONCTL_MAX_STREAMS_PER_KEY open streams (429 RATE_LIMITED), others unaffected.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { createController } from '../../src/main/controller.ts';
import { activationFor, startTestController } from '../helpers/controller.ts';

const run = promisify(execFile);
const open: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const o of open.reverse()) await o.close();
});

/** An SSE response read as text until it ends; `ended` resolves with the time it ended. */
async function stream(url: string, headers: Record<string, string>) {
  const ac = new AbortController();
  const res = await fetch(url, { headers, signal: ac.signal });
  let text = '';
  const ended = (async () => {
    if (!res.body) return Date.now();
    const reader = res.body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString('utf8');
      }
    } catch {
      /* aborted by the test */
    }
    return Date.now();
  })();
  return { res, ended, text: () => text, abort: () => ac.abort() };
}

const keyId = (key: string) => key.split('_')[1];

async function until(fn: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('revoking a key (SQLite, through the CLI)', () => {
  it('closes its open stream at once, empties the cache, kills its stream tokens', async () => {
    const t = await startTestController({ env: { PONCTL_REVOCATION_POLL_MS: '200' } });
    open.push(t);
    const token = (await t.call('POST', '/v1/events/token', { key: t.keys.alpha })).body.token;
    const s = await stream(`${t.url}/v1/events`, { authorization: `Bearer ${t.keys.alpha}` });
    expect(s.res.status).toBe(200);
    // the stream works: an order of alpha's arrives on it
    const placed = await t.call('POST', '/v1/orders', {
      body: activationFor(t.seed, 'sp-alpha', { index: 0 }),
    });
    expect(placed.status).toBe(202);
    await until(() => s.text().includes(placed.body.id));
    // the key is in the verifier's cache now (5 s)
    expect((await t.call('GET', '/v1/orders?limit=1')).status).toBe(200);

    const bin = new URL('../../bin/ponctl', import.meta.url).pathname;
    const out = await run(bin, ['keys', 'revoke', keyId(t.keys.alpha)], {
      env: { ...process.env, PONCTL_DATA_DIR: t.dataDir, PONCTL_LAB: '0' },
    });
    expect(out.stdout).toContain('revoked');
    const revokedAt = Date.now(); // the CLI has written the store and exited
    const endedAt = await Promise.race([s.ended, new Promise<number>((r) => setTimeout(() => r(-1), 5000))]);
    expect(endedAt, 'the open stream was closed').toBeGreaterThan(0);
    console.log(
      `revocation: stream closed ${endedAt - revokedAt} ms after ponctl keys revoke returned (poll 200 ms)`,
    );
    expect(endedAt - revokedAt).toBeLessThan(2000);
    // cache dropped: refused at once, well inside the 5 s the cache would have kept it
    expect((await t.call('GET', '/v1/orders?limit=1')).status).toBe(401);
    expect((await fetch(`${t.url}/v1/events?token=${token}`)).status).toBe(401);
    // nothing of alpha's after the revocation reached the closed stream
    const before = s.text();
    await t.call('POST', '/v1/orders', {
      key: t.keys.beta,
      body: activationFor(t.seed, 'sp-beta', { index: 0 }),
    });
    expect(s.text()).toBe(before);
  }, 30_000);
});

describe('revoking a key (PostgreSQL, two instances)', () => {
  it('every instance drops the key from its cache and closes its streams', async () => {
    const a = await startTestController({ store: 'postgres', env: { PONCTL_REVOCATION_POLL_MS: '200' } });
    open.push(a);
    const b = await createController({
      config: { ...a.controller.config, instanceId: 'second' },
      store: a.store,
      clock: a.clock,
      workers: false,
    });
    const bUrl = await b.listen();
    open.push({ close: () => b.close() });
    const get = (url: string) =>
      fetch(`${url}/v1/orders?limit=1`, { headers: { authorization: `Bearer ${a.keys.beta}` } });
    expect((await get(a.url)).status).toBe(200);
    expect((await get(bUrl)).status).toBe(200); // cached on b
    const onB = await stream(`${bUrl}/v1/events`, { authorization: `Bearer ${a.keys.beta}` });
    expect(onB.res.status).toBe(200);
    await a.store.keys.revoke(keyId(a.keys.beta), new Date().toISOString());
    const endedAt = await Promise.race([
      onB.ended,
      new Promise<number>((r) => setTimeout(() => r(-1), 10_000)),
    ]);
    expect(endedAt).toBeGreaterThan(0);
    // b closed the stream when it dropped the key: refused there at once
    expect((await get(bUrl)).status).toBe(401);
    // a asks the store on its own poll (200 ms), which may come after b's: refused within a few polls,
    // well inside the 5 s its cache would have kept the key
    const t0 = Date.now();
    await until(async () => (await get(a.url)).status === 401, 2000);
    console.log(`revocation: instance a refused the key ${Date.now() - t0} ms after b closed its stream`);
  }, 30_000);
});

describe('event streams per key', () => {
  it('at most PONCTL_MAX_STREAMS_PER_KEY open streams per key; another key is not affected', async () => {
    const t = await startTestController({ env: { PONCTL_MAX_STREAMS_PER_KEY: '2' } });
    open.push(t);
    const h = (key: string) => ({ authorization: `Bearer ${key}` });
    const s1 = await stream(`${t.url}/v1/events`, h(t.keys.alpha));
    const s2 = await stream(`${t.url}/v1/events`, h(t.keys.alpha));
    expect([s1.res.status, s2.res.status]).toEqual([200, 200]);
    const third = await fetch(`${t.url}/v1/events`, { headers: h(t.keys.alpha) });
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBeTruthy();
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    const other = await stream(`${t.url}/v1/events`, h(t.keys.beta));
    expect(other.res.status).toBe(200);
    // one closed → room again
    s1.abort();
    await s1.ended;
    await until(async () => {
      const r = await fetch(`${t.url}/v1/events`, { headers: h(t.keys.alpha) });
      const ok = r.status === 200;
      await r.body?.cancel();
      return ok;
    });
    s2.abort();
    other.abort();
  }, 30_000);
});

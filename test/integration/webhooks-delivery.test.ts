/**
 * What an SP integrates against (issue 14 §7, issue 17 item 3), with real receivers on 127.0.0.1
 * (allowed explicitly, as a lab does):
 * - subscriptions by event type; the SP's own order reference in order.rejected and order.accepted;
 * - a delivery that keeps failing is dead-lettered, listed (its own SP only) and replayed through
 *   `ponctl webhooks replay`, then delivered;
 * - the README's signature-verification example, extracted from README.md and run as it stands,
 *   verifies a real delivery and refuses a forged one.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpWebhookSender } from '../../src/adapters/driven/http/http-webhook-sender.ts';
import { WebhookAddressGuard } from '../../src/adapters/driven/http/webhook-address-guard.ts';
import { WebhookDeliveryWorker } from '../../src/application/notifications/delivery-worker.ts';
import { nodeScheduler } from '../../src/adapters/driven/time/node-scheduler.ts';
import { loadSecretBox } from '../../src/adapters/driven/secrets/secret-key.ts';
import { activationFor, startTestController, type TestController } from '../helpers/controller.ts';
import { startReceiver } from './unblocking-helpers.ts';

const run = promisify(execFile);
let t: TestController;
let worker: WebhookDeliveryWorker;
const children: ChildProcess[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  t = await startTestController({ env: { PONCTL_WEBHOOK_ALLOW: '127.0.0.1' } });
  worker = new WebhookDeliveryWorker({
    store: t.store,
    sender: new HttpWebhookSender(new WebhookAddressGuard({ allow: ['127.0.0.1'] })),
    scheduler: nodeScheduler,
    owner: 'test',
    // the endpoints' signing secrets are sealed with the controller's key (issue 17 item 7)
    secrets: loadSecretBox(t.controller.config.secrets),
    timeoutMs: 2000,
    retry: { baseMs: 5000, maxDelayMs: 3_600_000, maxAttempts: 2 },
  });
});
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await t?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

async function removeAllEndpoints(key: string): Promise<void> {
  for (const w of (await t.call('GET', '/v1/webhooks', { key })).body.webhooks)
    await t.call('DELETE', `/v1/webhooks/${w.id}`, { key });
}

describe('subscriptions and references', () => {
  it('an endpoint gets only the event kinds it subscribed to; every order event carries the SP reference', async () => {
    const onlyRejected = await startReceiver();
    const all = await startReceiver();
    try {
      const a = await t.call('POST', '/v1/webhooks', {
        body: { url: onlyRejected.url, events: ['order.rejected'] },
      });
      expect(a.status).toBe(201);
      expect(a.body.events).toEqual(['order.rejected']);
      onlyRejected.secret = a.body.secret;
      const b = await t.call('POST', '/v1/webhooks', { body: { url: all.url } });
      all.secret = b.body.secret;
      const bad = await t.call('POST', '/v1/webhooks', {
        body: { url: all.url, events: ['order.exploded'] },
      });
      expect(bad.status).toBe(400);

      const rejected = await t.call('POST', '/v1/orders', {
        body: { form: 'BSNA', category: 'activation', reference: 'CRM-REJ-1' },
      });
      expect(rejected.status).toBe(422);
      const accepted = await t.call('POST', '/v1/orders', {
        body: { ...activationFor(t.seed, 'sp-alpha', { index: 2 }), reference: 'CRM-ACC-7' },
      });
      expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
      expect((await t.call('GET', `/v1/orders/${accepted.body.id}`)).body.order.reference).toBe('CRM-ACC-7');

      await deliverAll();
      expect(onlyRejected.got.map((g) => g.event)).toEqual(['order.rejected']);
      expect(onlyRejected.got[0].body.data).toMatchObject({
        code: expect.any(String),
        reference: 'CRM-REJ-1',
      });
      expect(all.got.map((g) => g.event).sort()).toEqual(['order.accepted', 'order.rejected']);
      const acc = all.got.find((g) => g.event === 'order.accepted')!;
      expect(acc.body.data).toMatchObject({ orderId: accepted.body.id, reference: 'CRM-ACC-7' });
      expect([...onlyRejected.got, ...all.got].every((g) => g.valid)).toBe(true);
      // a reference that is not a short string is the order's mistake
      const long = await t.call('POST', '/v1/orders', {
        body: { ...activationFor(t.seed, 'sp-alpha', { index: 3 }), reference: 'x'.repeat(101) },
      });
      expect(long.status).toBe(422);
      expect(long.body.error).toMatchObject({ code: 'INCOMPLETE_ORDER', field: 'reference' });
    } finally {
      await removeAllEndpoints(t.keys.alpha);
      await onlyRejected.close();
      await all.close();
    }
  });
});

describe('dead letters', () => {
  it('a delivery that kept failing is listed (own SP only) and replayed by `ponctl webhooks replay`', async () => {
    const receiver = await startReceiver();
    receiver.down = true;
    try {
      const ep = await t.call('POST', '/v1/webhooks', {
        body: { url: receiver.url, events: ['order.rejected'] },
      });
      receiver.secret = ep.body.secret;
      await t.call('POST', '/v1/orders', { body: { form: 'BSNA', reference: 'CRM-DL-1' } });
      await deliverAll(); // attempt 1: 503
      await t.store.db.run('UPDATE webhook_deliveries SET next_attempt_at = 0 WHERE state = ?', ['pending']);
      await deliverAll(); // attempt 2 of 2: dead-lettered
      const dead = await t.call('GET', '/v1/webhooks/dead-letters');
      expect(dead.status).toBe(200);
      expect(dead.body.deadLetters).toHaveLength(1);
      expect(dead.body.deadLetters[0]).toMatchObject({
        endpointId: ep.body.id,
        event: 'order.rejected',
        attempts: 2,
        lastError: 'http-5xx',
        spId: 'sp-alpha',
      });
      expect(
        (await t.call('GET', '/v1/webhooks/dead-letters', { key: t.keys.beta })).body.deadLetters,
      ).toEqual([]);
      const op = await t.call('GET', '/v1/webhooks/dead-letters?sp=sp-alpha', { key: t.keys.operator });
      expect(op.body.deadLetters).toHaveLength(1);
      // beta cannot replay alpha's endpoint
      const other = await t.call('POST', '/v1/webhooks/dead-letters/replay', {
        key: t.keys.beta,
        body: { endpointId: ep.body.id },
      });
      expect(other.status).toBe(404);

      receiver.down = false;
      const bin = new URL('../../bin/ponctl', import.meta.url).pathname;
      const env = { ...process.env, PONCTL_URL: t.url, PONCTL_KEY: t.keys.alpha };
      const list = await run(bin, ['webhooks', 'dead-letters'], { env });
      expect(list.stdout).toContain(dead.body.deadLetters[0].id);
      expect(list.stdout).toContain('http-5xx');
      const replay = await run(bin, ['webhooks', 'replay', '--endpoint', ep.body.id], { env });
      expect(replay.stdout).toContain('1 delivery(ies) queued again');
      await deliverAll();
      expect(receiver.got).toHaveLength(1);
      expect(receiver.got[0].body.data.reference).toBe('CRM-DL-1');
      expect(receiver.got[0].valid).toBe(true);
      expect((await t.call('GET', '/v1/webhooks/dead-letters')).body.deadLetters).toEqual([]);
    } finally {
      await removeAllEndpoints(t.keys.alpha);
      await receiver.close();
    }
  }, 30_000);
});

describe('README signature-verification example', () => {
  it('runs as written: verifies a real delivery, refuses a forged one', async () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const m = /<!-- webhook-verify-example -->\n```js\n([\s\S]*?)```/.exec(readme);
    expect(m, 'README.md has the marked example').toBeTruthy();
    const dir = mkdtempSync(path.join(tmpdir(), 'ponctl-readme-'));
    dirs.push(dir);
    const file = path.join(dir, 'receiver.mjs');
    writeFileSync(file, m![1]);

    // the SP may choose its secret at registration (≥ 16 characters): the receiver starts with it
    const secret = 'whsec_readme_example_0123456789';
    const child = spawn(process.execPath, [file], {
      env: { ...process.env, PONCTL_WEBHOOK_SECRET: secret, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    let out = '';
    child.stdout!.on('data', (d) => (out += String(d)));
    child.stderr!.on('data', (d) => (out += String(d)));
    await until(() => /listening on \d+/.test(out));
    const port = Number(/listening on (\d+)/.exec(out)![1]);
    const url = `http://127.0.0.1:${port}/ponctl`;

    const ep = await t.call('POST', '/v1/webhooks', { body: { url, secret, events: ['order.accepted'] } });
    expect(ep.status).toBe(201);
    const order = await t.call('POST', '/v1/orders', {
      body: { ...activationFor(t.seed, 'sp-alpha', { index: 4 }), reference: 'CRM-README' },
    });
    expect(order.status, JSON.stringify(order.body)).toBe(202);
    const outcomes = await deliverAll();
    expect(outcomes.some((o) => o.ok && o.status === 204)).toBe(true);
    await until(() => out.includes('verified order.accepted'));
    expect(out).toMatch(/verified order\.accepted evt_\S+ CRM-README/);

    const forged = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-ponctl-signature': `t=${Math.floor(Date.now() / 1000)},v1=${'0'.repeat(64)}`,
      },
      body: JSON.stringify({ id: 'evt_forged', event: 'order.completed', data: {} }),
    });
    expect(forged.status).toBe(401);
    const unsigned = await fetch(url, { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(401);
    expect(out).not.toContain('evt_forged');
    await removeAllEndpoints(t.keys.alpha);
  }, 30_000);
});

async function deliverAll() {
  // order.rejected is enqueued in a transaction of its own just after the answer (rejection-notices.ts)
  await new Promise((r) => setTimeout(r, 100));
  const outcomes = [];
  for (let i = 0; i < 5; i++) {
    const r = await worker.runOnce();
    outcomes.push(...r);
    if (r.length === 0) break;
  }
  return outcomes;
}

async function until(fn: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!fn()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

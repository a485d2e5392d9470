/**
 * Webhooks reach only the outside (issue 17 item 3), over real sockets on 127.0.0.1 only:
 * - registration refuses a URL of every forbidden address class (loopback, unspecified, private,
 *   link-local, multicast, reserved, the controller's own), as a literal, an IPv4-mapped IPv6, a
 *   decimal IPv4 and a name (`localhost`); an explicit allowlist lets a lab through;
 * - delivery checks DNS again inside the connection: a name that resolved outside at registration
 *   and to loopback later (rebinding) is refused and nothing reaches the receiver;
 * - what an SP is shown of a failure is a category (refused, timeout, http-5xx), never the socket's text.
 * No packet leaves the machine: refused addresses are never connected to, accepted public ones
 * (TEST-NET, RFC 5737) are only registered (no delivery worker runs against them).
 */
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpWebhookSender } from '../../src/adapters/driven/http/http-webhook-sender.ts';
import { WebhookAddressGuard } from '../../src/adapters/driven/http/webhook-address-guard.ts';
import { WebhookDeliveryWorker } from '../../src/application/notifications/delivery-worker.ts';
import { nodeScheduler } from '../../src/adapters/driven/time/node-scheduler.ts';
import { startTestController, type TestController } from '../helpers/controller.ts';
import { startReceiver } from './unblocking-helpers.ts';

let t: TestController;
beforeAll(async () => {
  t = await startTestController({ env: { PONCTL_OWN_ADDRESSES: '198.51.100.20' } });
});
afterAll(async () => {
  await t?.close();
});

const FORBIDDEN: [cls: string, url: string][] = [
  ['loopback', 'http://127.0.0.1:5432/'],
  ['loopback', 'http://[::1]:22/'],
  ['loopback', 'http://localhost:22/'],
  ['loopback', 'http://[::ffff:127.0.0.1]:8080/'],
  ['loopback', 'http://2130706433/'],
  ['unspecified', 'http://0.0.0.0:8080/'],
  ['private', 'http://10.0.0.1/hook'],
  ['private', 'http://172.16.5.4/hook'],
  ['private', 'http://192.168.1.1/hook'],
  ['private', 'http://100.64.0.1/hook'],
  ['private', 'http://[fd00::1]/hook'],
  ['link-local', 'http://169.254.169.254/latest/meta-data/'],
  ['link-local', 'http://[fe80::1]/hook'],
  ['multicast', 'http://224.0.0.1/hook'],
  ['multicast', 'http://[ff02::1]/hook'],
  ['reserved', 'http://255.255.255.255/hook'],
  ['own-address', 'http://198.51.100.20/hook'],
];

describe('registration', () => {
  it.each(FORBIDDEN)('refuses a %s address: %s', async (cls, url) => {
    const r = await t.call('POST', '/v1/webhooks', { body: { url } });
    expect(r.status, JSON.stringify(r.body)).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'WEBHOOK_URL_FORBIDDEN', field: 'url' });
    expect(r.body.error.message).toContain(`a ${cls} address`);
    expect((await t.call('GET', '/v1/webhooks')).body.webhooks).toEqual([]);
  });

  it('accepts a public address, and a lab reaches loopback only when it allows it explicitly', async () => {
    const ok = await t.call('POST', '/v1/webhooks', { body: { url: 'http://198.51.100.21/hook' } });
    expect(ok.status).toBe(201);
    expect((await t.call('DELETE', `/v1/webhooks/${ok.body.id}`)).status).toBe(204);
    const lab = await startTestController({ env: { PONCTL_WEBHOOK_ALLOW: '127.0.0.1/32' } });
    try {
      expect((await lab.call('POST', '/v1/webhooks', { body: { url: 'http://127.0.0.1:9/x' } })).status).toBe(
        201,
      );
      // only what is listed: ::1 stays refused
      const v6 = await lab.call('POST', '/v1/webhooks', { body: { url: 'http://[::1]:9/x' } });
      expect(v6.body.error.code).toBe('WEBHOOK_URL_FORBIDDEN');
    } finally {
      await lab.close();
    }
  });

  it('at most PONCTL_WEBHOOK_MAX_ENDPOINTS endpoints per SP', async () => {
    const small = await startTestController({ env: { PONCTL_WEBHOOK_MAX_ENDPOINTS: '3' } });
    try {
      for (let i = 0; i < 3; i++)
        expect(
          (await small.call('POST', '/v1/webhooks', { body: { url: `https://198.51.100.${30 + i}/h` } }))
            .status,
        ).toBe(201);
      const fourth = await small.call('POST', '/v1/webhooks', { body: { url: 'https://198.51.100.40/h' } });
      expect(fourth.status).toBe(422);
      expect(fourth.body.error.code).toBe('WEBHOOK_LIMIT_REACHED');
      // another SP is not affected by alpha's endpoints
      const beta = await small.call('POST', '/v1/webhooks', {
        key: small.keys.beta,
        body: { url: 'https://198.51.100.41/h' },
      });
      expect(beta.status).toBe(201);
    } finally {
      await small.close();
    }
  });
});

describe('delivery', () => {
  it('DNS is checked again at delivery: a name rebound to loopback is refused and nothing is sent', async () => {
    const receiver = await startReceiver();
    const port = new URL(receiver.url).port;
    let calls = 0;
    // first answer (registration) outside, then loopback (the attacker's rebinding)
    const lookup = async () => [
      calls++ === 0 ? { address: '198.51.100.7', family: 4 } : { address: '127.0.0.1', family: 4 },
    ];
    const sender = new HttpWebhookSender(new WebhookAddressGuard({ lookup }));
    const url = new URL(`http://hooks.rebind.test:${port}/hook`);
    try {
      await sender.vet(url); // registration: 198.51.100.7, fine
      const sent = sender.post({ url: url.toString(), headers: {}, body: '{}', timeoutMs: 2000 });
      await expect(sent).rejects.toMatchObject({ category: 'forbidden-address' });
      expect(receiver.got).toHaveLength(0);
      // the same name allowed by a lab's allowlist: the checked address is the one connected to
      const allowed = new HttpWebhookSender(
        new WebhookAddressGuard({
          allow: ['127.0.0.1'],
          lookup: async () => [{ address: '127.0.0.1', family: 4 }],
        }),
      );
      receiver.secret = 'x'.repeat(16);
      expect(
        (await allowed.post({ url: url.toString(), headers: {}, body: '{}', timeoutMs: 2000 })).status,
      ).toBe(204);
      expect(receiver.got).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('an SP sees the failure as a category: refused, timeout, http-5xx — never a socket message', async () => {
    const lab = await startTestController({ env: { PONCTL_WEBHOOK_ALLOW: '127.0.0.1' } });
    const silent: Server = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((ok) => silent.listen(0, '127.0.0.1', () => ok()));
    const failing = await startReceiver();
    failing.down = true; // 503
    const closed = createServer();
    await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', () => ok()));
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise<void>((ok) => closed.close(() => ok())); // nothing listens there now
    try {
      const urls = {
        refused: `http://127.0.0.1:${closedPort}/hook`,
        timeout: `http://127.0.0.1:${(silent.address() as { port: number }).port}/hook`,
        'http-5xx': failing.url,
      };
      const ids: Record<string, string> = {};
      for (const [k, url] of Object.entries(urls))
        ids[k] = (await lab.call('POST', '/v1/webhooks', { body: { url } })).body.id;
      const rejected = await lab.call('POST', '/v1/orders', {
        body: { form: 'BSNA', category: 'activation' },
      });
      expect(rejected.status).toBe(422);
      const worker = new WebhookDeliveryWorker({
        store: lab.store,
        sender: new HttpWebhookSender(new WebhookAddressGuard({ allow: ['127.0.0.1'] })),
        scheduler: nodeScheduler,
        owner: 'test',
        timeoutMs: 400,
        retry: { baseMs: 5000, maxDelayMs: 3_600_000, maxAttempts: 20 },
      });
      await until(async () => (await lab.store.webhooks.countByState()).pending === 3);
      const before = Date.now();
      const outcomes = await worker.runOnce();
      expect(outcomes).toHaveLength(3);
      const events = (await lab.call('GET', '/v1/webhooks/events')).body.events;
      const deliveries = events[0].deliveries as { endpointId: string; lastError: string; state: string }[];
      for (const [k, id] of Object.entries(ids))
        expect(deliveries.find((d) => d.endpointId === id)).toMatchObject({ state: 'pending', lastError: k });
      expect(JSON.stringify(events)).not.toMatch(/ECONN|socket|127\.0\.0\.1:\d+ /);
      // the README's schedule: the first retry 5 s after the failure
      const row = await lab.store.db.get<{ n: number }>(
        'SELECT MIN(next_attempt_at) AS n FROM webhook_deliveries WHERE state = ?',
        ['pending'],
      );
      expect(Number(row!.n) - before).toBeGreaterThanOrEqual(5000);
      expect(Number(row!.n) - before).toBeLessThan(5000 + 2000);
    } finally {
      silent.closeAllConnections();
      await new Promise<void>((ok) => silent.close(() => ok()));
      await failing.close();
      await lab.close();
    }
  }, 20_000);
});

async function until(fn: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

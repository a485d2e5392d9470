/**
 * Webhook deliveries survive a controller restart (issue 8 §6): the controller runs as a child
 * process (`bin/ponctl start --json`, no lab); a notification is enqueued while the SP's receiver is
 * down, the controller is SIGKILLed before it could deliver, started again on the same data, the
 * receiver comes up — and the notification arrives exactly once, with a valid HMAC-SHA256 signature.
 */
import { afterAll, describe, expect, it } from 'vitest';
import {
  childControllerScratch,
  exited,
  freePort,
  startChildController,
  type ChildController,
} from '../helpers/child-controller.ts';
import { planDemo, defaultInventory } from '../../src/main/demo-seed.ts';
import { startReceiver } from './unblocking-helpers.ts';

const { dataDir, children, cleanup } = childControllerScratch('ponctl-whk-restart-');
afterAll(cleanup);

const start = (port: number): Promise<ChildController> =>
  startChildController({
    dataDir,
    port,
    children,
    env: { PONCTL_WEBHOOK_RETRY_MS: '100', PONCTL_SCHEDULER_MS: '200', PONCTL_WEBHOOK_ALLOW: '127.0.0.1' },
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function api(
  s: ChildController,
  method: string,
  p: string,
  key: string,
  body?: unknown,
): Promise<{ status: number; body: any }> {
  const res = await fetch(s.url + p, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json().catch(() => undefined) };
}

describe('webhook outbox across a restart', () => {
  it('a notification enqueued before SIGKILL is delivered once after the restart, signed', async () => {
    const receiver = await startReceiver();
    receiver.down = true; // answers 503
    try {
      const port = await freePort();
      const first = await start(port);
      const alpha = first.keys.sps['sp-alpha'];
      const reg = await api(first, 'POST', '/v1/webhooks', alpha, { url: receiver.url });
      expect(reg.status).toBe(201);
      receiver.secret = reg.body.secret;
      expect((await api(first, 'GET', '/v1/webhooks', alpha)).body.webhooks).toEqual([
        expect.not.objectContaining({ secret: expect.anything() }),
      ]);

      const a = planDemo(defaultInventory()).find(
        (x) => x.stockOf === 'sp-alpha' && x.installation === 'existing',
      )!;
      const order = await api(first, 'POST', '/v1/orders', alpha, {
        form: 'BSNA',
        category: 'activation',
        address: a.address,
        contact: { name: 'R', phone: '1' },
        ownerInstallsHome: false,
        ontSerial: a.serial,
        accessLevel: 'national',
        services: { internet: '100/100' },
      });
      expect(order.status).toBe(202);
      // the controller tried and failed (receiver down): the delivery is pending with an error
      let ev: any;
      for (let i = 0; i < 100; i++) {
        ev = (await api(first, 'GET', '/v1/webhooks/events', alpha)).body.events.find(
          (e: any) => e.event === 'order.accepted',
        );
        if (ev?.deliveries[0]?.attempts >= 1) break;
        await sleep(50);
      }
      expect(ev.deliveries[0]).toMatchObject({ state: 'pending', lastError: 'http-5xx' });
      expect(receiver.got).toHaveLength(0);

      first.child.kill('SIGKILL');
      await exited(first.child);
      receiver.down = false;

      const second = await start(port);
      for (let i = 0; i < 200 && !receiver.got.some((g) => g.event === 'order.accepted'); i++)
        await sleep(50);
      await sleep(500); // a duplicate would show up by now
      const accepted = receiver.got.filter((g) => g.event === 'order.accepted');
      expect(accepted).toHaveLength(1);
      expect(accepted[0].valid).toBe(true);
      expect(accepted[0].body).toMatchObject({
        event: 'order.accepted',
        sp: 'sp-alpha',
        data: { orderId: order.body.id, adapterId: order.body.adapterId },
      });
      expect(accepted[0].body.id).toBe(ev.id);
      const after = (await api(second, 'GET', '/v1/webhooks/events', alpha)).body.events.find(
        (e: any) => e.id === ev.id,
      );
      expect(after.deliveries[0].state).toBe('delivered');
      // a tampered body does not verify with the SP's secret
      const { verifySignature } = await import('../../src/domain/notifications/webhooks.ts');
      expect(
        verifySignature(
          receiver.secret!,
          accepted[0].raw.replace('order.accepted', 'order.rejected'),
          `t=${Math.floor(Date.now() / 1000)},v1=00`,
          Math.floor(Date.now() / 1000),
        ),
      ).toBe(false);
      second.child.kill('SIGTERM');
      await exited(second.child);
    } finally {
      await receiver.close();
    }
  }, 60_000);
});

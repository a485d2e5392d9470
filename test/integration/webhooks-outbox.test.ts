/**
 * The outbox and its leases on both stores (design §8: one contract, SQLite and PostgreSQL): an
 * event enqueued in a transaction that rolls back leaves nothing; two workers claiming together never
 * get the same delivery; a lease that ran out is taken over; failures back off, then park as failed.
 * A real receiver on 127.0.0.1 checks the signature.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/adapters/driven/store/index.ts';
import type { Store } from '../../src/application/ports/store/index.ts';
import { enqueueWebhook } from '../../src/application/notifications/outbox.ts';
import { WebhookDeliveryWorker } from '../../src/application/notifications/delivery-worker.ts';
import { PG_URL, dropSchema, uniqueSchemaName } from '../helpers/pg.ts';
import { startReceiver } from './unblocking-helpers.ts';
import { HttpWebhookSender } from '../../src/adapters/driven/http/http-webhook-sender.ts';
import { WebhookAddressGuard } from '../../src/adapters/driven/http/webhook-address-guard.ts';

/** The lab's receivers listen on loopback: allowed explicitly, as a lab does (issue 17 item 3). */
const fetchWebhookSender = new HttpWebhookSender(new WebhookAddressGuard({ allow: ['127.0.0.1/32'] }));
import { nodeScheduler } from '../../src/adapters/driven/time/node-scheduler.ts';

const T0 = '2026-03-02T08:00:00.000Z';
const stores: Record<string, () => Promise<{ store: Store; cleanup: () => Promise<void> }>> = {
  sqlite: async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ponctl-outbox-'));
    const store = await openStore({ kind: 'sqlite', file: path.join(dir, 'db.sqlite') });
    return {
      store,
      cleanup: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
  postgres: async () => {
    const schema = uniqueSchemaName('outbox');
    const store = await openStore({ kind: 'postgres', url: PG_URL }, { schema });
    return {
      store,
      cleanup: async () => {
        await store.close();
        await dropSchema(schema);
      },
    };
  },
};

for (const [name, open] of Object.entries(stores)) {
  describe(`webhook outbox on ${name}`, () => {
    let cleanup: (() => Promise<void>) | undefined;
    afterEach(async () => {
      await cleanup?.();
      cleanup = undefined;
    });

    it('transactional enqueue, exclusive leased claims, retry with backoff, signed delivery', async () => {
      const o = await open();
      cleanup = o.cleanup;
      const { store } = o;
      await store.sps.upsert({ id: 'sp-a', name: 'Alpha', createdAt: T0 });
      const receiver = await startReceiver();
      try {
        receiver.secret = 'a-very-secret-secret';
        await store.webhooks.addEndpoint({
          id: 'whk_1',
          spId: 'sp-a',
          url: receiver.url,
          secret: receiver.secret,
          createdAt: T0,
        });

        // rolled back with the state change: nothing left
        await expect(
          store.transaction(async (tx) => {
            await enqueueWebhook(tx, 'sp-a', 'order.completed', { orderId: 'x' }, T0);
            throw new Error('state change failed');
          }),
        ).rejects.toThrow('state change failed');
        expect(await store.webhooks.events('sp-a')).toEqual([]);

        for (let i = 0; i < 6; i++)
          await store.transaction((tx) =>
            enqueueWebhook(tx, 'sp-a', 'order.accepted', { orderId: `o${i}` }, T0),
          );
        const now = Date.now() + 1000;
        const [a, b] = await Promise.all([
          store.webhooks.claimDue('w1', 30_000, now, 4),
          store.webhooks.claimDue('w2', 30_000, now, 4),
        ]);
        const ids = [...a, ...b].map((d) => d.id);
        expect(ids).toHaveLength(6);
        expect(new Set(ids).size).toBe(6);
        // a dead holder's leases are let go at once (issue 17 item 6); another's stay held
        expect(await store.webhooks.releaseLeasesOf('w1')).toBe(a.length);
        const freed = await store.webhooks.claimDue('w5', 30_000, now, 10);
        expect(freed.map((d) => d.id).sort()).toEqual(a.map((d) => d.id).sort());
        // a lease that ran out is taken over by another worker
        expect(await store.webhooks.claimDue('w3', 30_000, now, 10)).toEqual([]);
        const taken = await store.webhooks.claimDue('w3', 30_000, now + 31_000, 10);
        expect(taken).toHaveLength(6);
        // the old holder can no longer settle them
        expect(await store.webhooks.finish(a[0].id, 'w1', 'delivered')).toBe(false);
        for (const d of taken)
          await store.webhooks.finish(d.id, 'w3', 'pending', { retryAt: 0, error: 'test' });

        // delivery: first down (503) → backoff; then up → delivered once, signed
        receiver.down = true;
        let clock = Date.now();
        const worker = new WebhookDeliveryWorker({
          sender: fetchWebhookSender,
          scheduler: nodeScheduler,
          store,
          owner: 'w4',
          timeoutMs: 2000,
          retry: { baseMs: 1000, maxDelayMs: 4000, maxAttempts: 3 },
          now: () => clock,
        });
        const first = await worker.runOnce();
        expect(first.every((r) => !r.ok && r.status === 503)).toBe(true);
        expect(await worker.runOnce()).toEqual([]); // not due yet: backoff
        receiver.down = false;
        clock += 2_100; // attempts so far 2 (one in the lease test) → next after 2 s
        const second = await worker.runOnce();
        expect(second).toHaveLength(6);
        expect(second.every((r) => r.ok)).toBe(true);
        expect(receiver.got).toHaveLength(6);
        expect(receiver.got.every((g) => g.valid)).toBe(true);
        expect(new Set(receiver.got.map((g) => g.body.data.orderId)).size).toBe(6);
        expect(await store.webhooks.countByState()).toEqual({ pending: 0, delivered: 6, failed: 0 });

        // never reachable: parked as failed after maxAttempts, re-queueable
        await store.webhooks.addEndpoint({
          id: 'whk_2',
          spId: 'sp-a',
          url: 'http://127.0.0.1:1/nothing',
          secret: 'x'.repeat(16),
          createdAt: T0,
        });
        await store.webhooks.deleteEndpoint('whk_1', T0);
        await store.transaction((tx) => enqueueWebhook(tx, 'sp-a', 'fault.closed', {}, T0));
        for (let i = 0; i < 3; i++) {
          await worker.runOnce();
          clock += 10_000;
        }
        expect(await store.webhooks.countByState()).toEqual({ pending: 0, delivered: 6, failed: 1 });
        expect(await store.webhooks.requeueFailed(clock)).toBe(1);
      } finally {
        await receiver.close();
      }
    }, 30_000);
  });
}

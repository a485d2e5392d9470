/**
 * Crash safety (issue 3): the controller runs as a child process (`bin/ponctl start`, PONCTL_LAB=0,
 * a temp data dir, an ephemeral port); orders are submitted, the process is SIGKILLed while more are
 * in flight, and started again on the same data: every acknowledged order is there exactly once,
 * retries with the same Idempotency-Key do not duplicate, and no order's events are duplicated.
 */
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  childControllerScratch,
  exited,
  freePort,
  startChildController,
  type ChildController,
} from '../helpers/child-controller.ts';
import { openStore } from '../../src/adapters/driven/store/index.ts';
import { planDemo, defaultInventory } from '../../src/main/demo-seed.ts';

const { dataDir, children, cleanup } = childControllerScratch('ponctl-restart-');
afterAll(cleanup);

const start = (port: number): Promise<ChildController> => startChildController({ dataDir, port, children });

const plan = planDemo(defaultInventory());
const bodies = plan
  .filter((a) => a.stockOf)
  .map((a) => ({
    sp: a.stockOf!,
    body: {
      form: 'BSNA',
      category: 'activation',
      address: a.address,
      contact: { name: 'R', phone: '1' },
      ownerInstallsHome: false,
      ontSerial: a.serial,
      accessLevel: 'national',
      services: { internet: '100/100' },
    },
  }));

async function submit(s: ChildController, i: number): Promise<{ status: number; id?: string }> {
  const { sp, body } = bodies[i];
  const res = await fetch(`${s.url}/v1/orders`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${s.keys.sps[sp]}`,
      'content-type': 'application/json',
      'idempotency-key': `order-${i}`,
    },
    body: JSON.stringify(body),
  });
  const j = (await res.json()) as { id?: string };
  return { status: res.status, id: j.id };
}

describe('restart after SIGKILL', () => {
  it('loses no acknowledged order and duplicates nothing', async () => {
    const port = await freePort();
    const first = await start(port);
    // 20 acknowledged orders
    const acked = new Map<number, string>();
    for (let i = 0; i < 20; i++) {
      const r = await submit(first, i);
      expect(r.status).toBe(202);
      acked.set(i, r.id!);
    }
    // more in flight when the process dies
    const inflight = Array.from({ length: 20 }, (_, k) =>
      submit(first, 20 + k).then(
        (r) => {
          if (r.status === 202) acked.set(20 + k, r.id!);
        },
        () => undefined,
      ),
    );
    await new Promise((r) => setTimeout(r, 15));
    first.child.kill('SIGKILL');
    await Promise.all(inflight);
    await exited(first.child);

    const second = await start(port);
    expect(second.keys).toEqual(first.keys); // demo keys persist in the data dir
    for (const [i, id] of acked) {
      const r = await fetch(`${second.url}/v1/orders/${id}`, {
        headers: { authorization: `Bearer ${second.keys.sps[bodies[i].sp]}` },
      });
      expect(r.status, `order ${i}`).toBe(200);
      const o = (await r.json()) as { history: { status: string }[] };
      expect(o.history.map((h) => h.status)).toEqual(['received', 'accepted', 'scheduled']);
    }
    // the SPs retry everything they sent, with the same keys: the same orders come back, nothing new
    for (let i = 0; i < 40; i++) {
      const r = await submit(second, i);
      expect(r.status).toBe(202);
      if (acked.has(i)) expect(r.id).toBe(acked.get(i));
    }
    second.child.kill('SIGTERM');
    await exited(second.child);

    const store = await openStore({ kind: 'sqlite', file: path.join(dataDir, 'ponctl.sqlite') });
    try {
      expect(await store.orders.count()).toBe(40);
      const dup = await store.db.all(
        'SELECT order_id, to_state, COUNT(*) AS n FROM order_events GROUP BY order_id, to_state HAVING COUNT(*) > 1',
      );
      expect(dup).toEqual([]);
      const perOrder = await store.db.all<{ n: number }>(
        'SELECT order_id, COUNT(*) AS n FROM order_events GROUP BY order_id',
      );
      expect(perOrder.length).toBe(40);
      expect(perOrder.every((r) => Number(r.n) === 3)).toBe(true);
      const keys = await store.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM idempotency_keys');
      expect(Number(keys!.n)).toBe(40);
      // each AdapterID once, each reserved ONT once
      const adapters = await store.db.get<{ n: number; d: number }>(
        'SELECT COUNT(*) AS n, COUNT(DISTINCT adapter_id) AS d FROM orders',
      );
      expect(Number(adapters!.n)).toBe(Number(adapters!.d));
    } finally {
      await store.close();
    }
  });
});

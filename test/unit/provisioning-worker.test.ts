/**
 * The provisioning worker starts a pass when an order it can carry out becomes due (design §3), not
 * for every due order: a flood of due fault tickets, which provisioning never claims, made one pass
 * per ticket (issue 17 item 4, bench fairness). Timers come from the manual scheduler, so no sleeping.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock, ManualScheduler } from '../../src/adapters/driven/time/manual-time.ts';
import { OrderBus } from '../../src/application/orders/order-bus.ts';
import type { OrderRecord } from '../../src/application/ports/store/index.ts';
import type { ProvisioningService } from '../../src/application/provisioning/provisioning-service.ts';
import { ProvisioningWorker } from '../../src/application/provisioning/worker.ts';

function rig(o: { pollMs?: number; idlePollMs?: number } = {}) {
  let passes = 0;
  let found = 0; // outcomes the next passes return
  const svc = {
    runOnce: async () => {
      passes++;
      return Array.from({ length: found }, (_, i) => ({ orderId: `o-${i}`, outcome: 'completed' }));
    },
    driftCheckAll: async () => undefined,
  } as unknown as ProvisioningService;
  const bus = new OrderBus();
  const scheduler = new ManualScheduler(new ManualClock('2026-03-02T08:00:00.000Z'));
  const worker = new ProvisioningWorker(svc, bus, scheduler, { pollMs: 60_000, driftCheckMs: 0, ...o });
  return { worker, bus, scheduler, passes: () => passes, find: (n: number) => (found = n) };
}

const due = (category: string) => ({ id: `o-${category}`, category, state: 'due' }) as unknown as OrderRecord;

describe('ProvisioningWorker', () => {
  it('a due activation starts a pass; a due fault ticket does not', async () => {
    const r = rig();
    r.worker.start();
    await r.worker.idle();
    const start = r.passes(); // the pass at start
    expect(start).toBe(1);
    for (let i = 0; i < 5; i++) r.bus.emit('due', due('degradation'));
    await r.worker.idle();
    expect(r.passes()).toBe(start);
    r.bus.emit('due', due('activation'));
    await r.worker.idle();
    expect(r.passes()).toBe(start + 1);
    await r.worker.stop();
  });

  it('after a pass that found nothing the interval waits idlePollMs; work found or a due order does not', async () => {
    const r = rig({ pollMs: 200, idlePollMs: 2_500 });
    r.worker.start();
    await r.worker.idle();
    expect(r.passes()).toBe(1); // at start: found nothing
    await r.scheduler.advance(2_000);
    await r.worker.idle();
    expect(r.passes()).toBe(1); // ticks within 2.5 s of the idle pass start none
    await r.scheduler.advance(600);
    await r.worker.idle();
    expect(r.passes()).toBe(2);
    r.find(3);
    r.bus.emit('due', due('activation')); // work here: a pass at once, idle or not
    await r.worker.idle();
    expect(r.passes()).toBe(3);
    await r.scheduler.advance(200); // that pass found work: the next tick starts one
    await r.worker.idle();
    expect(r.passes()).toBe(4);
    await r.worker.stop();
  });
});

/**
 * The lab's bring-forward while the lanes work (application/provisioning/lab-run.ts BringForwardAhead,
 * issue 16): a pass brings up to claimLimit scheduled orders forward before its lanes start; the rest
 * used to wait until a lane had finished its OLT and found nothing to claim, the devices idle while
 * it moved. Here one lane (oltConcurrency 1) and a claimLimit of one OLT's orders: by the time the
 * first write has ended, every other order is already due; each OLT's orders are claimed at once (one
 * write: an OLT claimed with only part of its orders due would be written again for the rest); each
 * order is brought forward once; one pass completes them all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../simulators/lab/index.ts';
import type { OltDriver } from '../../src/application/ports/olt-driver/olt-driver.ts';
import {
  activationBody,
  findOnu,
  freeAddresses,
  startProvisioningEnv,
  type ProvisioningEnv,
} from './provisioning-env.ts';

const OLTS = 3;
const PER_OLT = 3;

let lab: Lab;
let env: ProvisioningEnv;
/** Per configuration write: its OLT, the ONUs it writes, and the orders still scheduled when it ended. */
const writes: { olt: string; onus: string[]; scheduledAfter: number }[] = [];

beforeAll(async () => {
  lab = await Lab.start({ olts: OLTS, pons: 2, onts: 8, profiles: ['bbf-tr385'] });
  // every reply 40 ms late: a write lasts long enough for the rest to be moved meanwhile
  for (const o of lab.inventory().olts) lab.fault({ kind: 'latency', olt: o.name, value: 40 });
  env = await startProvisioningEnv({
    lab,
    oltConcurrency: 1,
    claimLimit: PER_OLT,
    wrapDriver: (d: OltDriver, olt: string): OltDriver => {
      const apply = d.apply.bind(d);
      (d as { apply: OltDriver['apply'] }).apply = async (diff, opts) => {
        const r = await apply(diff, opts);
        const left = await env.store.orders.list({ states: ['scheduled'], limit: 100 });
        const onus = diff.changes.flatMap((c) => (c.kind === 'onu' ? [`${c.port}#${c.onuId}`] : []));
        writes.push({ olt, onus, scheduledAfter: left.length });
        return r;
      };
      return d;
    },
  });
}, 120_000);

afterAll(async () => {
  await env?.close().catch(() => undefined);
  await lab?.close();
});

describe('lab bring-forward ahead of the lanes', () => {
  it('moves the rest while the first OLT is written; each OLT claimed and written once, in one pass', async () => {
    const olts = lab.inventory().olts.map((o) => o.name);
    // submitted OLT by OLT: the first call (claimLimit = one OLT's orders) makes the first OLT's due
    const picked = olts.flatMap((olt) => freeAddresses(env, olt, 'sp-alpha').slice(0, PER_OLT));
    expect(picked.length).toBe(OLTS * PER_OLT);
    const ids: string[] = [];
    for (const addr of picked) ids.push((await env.order('sp-alpha', activationBody(addr))).id);

    const out = await env.controller.services.provisioning.runOnce();

    expect(
      out
        .filter((x) => x.outcome === 'completed')
        .map((x) => x.orderId)
        .sort(),
    ).toEqual([...ids].sort());
    const states = await Promise.all(ids.map(async (id) => (await env.getOrder(id)).status));
    expect(states.every((s) => s === 'completed')).toBe(true);
    // each OLT's orders in one write (the lab's OLTs are first reconciled to the demo seed's
    // subscribers, in a write of their own), and none left scheduled once the first write had ended
    for (const olt of olts) {
      const mine = picked.filter((x) => x.olt === olt).map((x) => `${x.pon}#${x.onuId}`);
      const holding = writes.filter((w) => w.olt === olt && mine.some((k) => w.onus.includes(k)));
      expect(holding).toHaveLength(1);
      expect(mine.every((k) => holding[0].onus.includes(k))).toBe(true);
    }
    expect(writes[0].scheduledAfter).toBe(0);
    // each order brought forward once
    const becameDue = new Map<string, number>();
    for (const e of await env.store.orderEvents.since('2000-01-01T00:00:00.000Z', 10_000))
      if ((e.details as { trigger?: string } | undefined)?.trigger === 'become-due')
        becameDue.set(e.orderId, (becameDue.get(e.orderId) ?? 0) + 1);
    expect(ids.map((id) => becameDue.get(id))).toEqual(ids.map(() => 1));
    for (const olt of olts) {
      const [onDevice] = await env.views(olt);
      for (const addr of picked.filter((x) => x.olt === olt))
        expect(findOnu(onDevice, addr.pon, addr.onuId)?.expectedSerial).toBe(addr.serial);
    }
  }, 120_000);
});

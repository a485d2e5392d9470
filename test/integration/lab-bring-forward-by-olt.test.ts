/**
 * The lab's bring-forward OLT by OLT (application/provisioning/lab-run.ts, issue 16): a pass no
 * longer moves claimLimit scheduled orders before its lanes start (the devices idle for ~1 s at
 * 8 192 orders); a lane claims an OLT as soon as the run has made all of that OLT's orders due, and
 * the run moves the rest meanwhile. Here three OLTs' orders, submitted OLT by OLT, well under the
 * claimLimit: the first OLT is claimed while the others' orders are still scheduled, never an OLT
 * with any of its own still scheduled; each OLT's orders are still written together, each order
 * becomes due once, and one pass completes all.
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
/** Per configuration write: its OLT and the ONUs it writes. */
const writes: { olt: string; onus: string[] }[] = [];
/** Per OLT claimed: the orders still scheduled then, its own and the others'. */
const claims: { olt: string; own: number; others: number }[] = [];

beforeAll(async () => {
  lab = await Lab.start({ olts: OLTS, pons: 2, onts: 8, profiles: ['bbf-tr385'] });
  env = await startProvisioningEnv({
    lab,
    oltConcurrency: 1,
    wrapDriver: (d: OltDriver, olt: string): OltDriver => {
      const apply = d.apply.bind(d);
      (d as { apply: OltDriver['apply'] }).apply = async (diff, opts) => {
        const onus = diff.changes.flatMap((c) => (c.kind === 'onu' ? [`${c.port}#${c.onuId}`] : []));
        writes.push({ olt, onus });
        return apply(diff, opts);
      };
      return d;
    },
  });
  const repo = env.store.provisioning;
  const claimOlt = repo.claimOlt.bind(repo);
  repo.claimOlt = async (...args) => {
    const c = await claimOlt(...args);
    if (c) {
      const left = await env.store.orders.list({ states: ['scheduled'], limit: 100 });
      const own = left.filter((x) => x.olt === c.olt).length;
      claims.push({ olt: c.olt, own, others: left.length - own });
    }
    return c;
  };
}, 120_000);

afterAll(async () => {
  await env?.close().catch(() => undefined);
  await lab?.close();
});

describe('lab bring-forward OLT by OLT', () => {
  it('claims the first OLT while the rest is moved, never an OLT with orders still scheduled', async () => {
    const olts = lab.inventory().olts.map((o) => o.name);
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
    // the first claim came before the run had moved the other OLTs' orders (on the code before,
    // every order was due before any lane claimed: others 0)
    expect(claims.length).toBeGreaterThanOrEqual(OLTS);
    expect(claims[0].others).toBeGreaterThan(0);
    expect(claims.every((c) => c.own === 0)).toBe(true);
    // each OLT's orders in one write, each order brought forward once
    for (const olt of olts) {
      const mine = picked.filter((x) => x.olt === olt).map((x) => `${x.pon}#${x.onuId}`);
      const holding = writes.filter((w) => w.olt === olt && mine.some((k) => w.onus.includes(k)));
      expect(holding).toHaveLength(1);
      expect(mine.every((k) => holding[0].onus.includes(k))).toBe(true);
    }
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

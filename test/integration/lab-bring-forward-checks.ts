/**
 * What the lab bring-forward tests share (lab-bring-forward-ahead, lab-bring-forward-by-olt): a few
 * activations per OLT submitted OLT by OLT, and what one pass must have done with them whatever the
 * bring-forward's order — every order completed, each OLT's orders in one configuration write, each
 * order brought forward once, every ONU on its device.
 */
import { expect } from 'vitest';
import type { Lab } from '../../simulators/lab/index.ts';
import type { OltDriver } from '../../src/application/ports/olt-driver/olt-driver.ts';
import type { OrderOutcome } from '../../src/application/provisioning/context.ts';
import { activationBody, findOnu, freeAddresses, type ProvisioningEnv } from './provisioning-env.ts';

/** A configuration write: its OLT, the ONUs it writes (`port#onuId`), and what the test noted. */
export interface Write {
  olt: string;
  onus: string[];
}

/** A driver whose writes are noted (`note` runs once the write has ended). */
export function noteWrites<W extends Write>(
  writes: W[],
  note: (w: Write) => Promise<W> | W,
): (d: OltDriver, olt: string) => OltDriver {
  return (d, olt) => {
    const apply = d.apply.bind(d);
    (d as { apply: OltDriver['apply'] }).apply = async (diff, opts) => {
      const r = await apply(diff, opts);
      const onus = diff.changes.flatMap((c) => (c.kind === 'onu' ? [`${c.port}#${c.onuId}`] : []));
      writes.push(await note({ olt, onus }));
      return r;
    };
    return d;
  };
}

export type Picked = ReturnType<typeof freeAddresses>;

/** `perOlt` activations on each of the lab's OLTs, submitted OLT by OLT. */
export async function submitOltByOlt(
  env: ProvisioningEnv,
  lab: Lab,
  perOlt: number,
): Promise<{ picked: Picked; ids: string[] }> {
  const olts = lab.inventory().olts.map((o) => o.name);
  const picked = olts.flatMap((olt) => freeAddresses(env, olt, 'sp-alpha').slice(0, perOlt));
  expect(picked.length).toBe(olts.length * perOlt);
  const ids: string[] = [];
  for (const addr of picked) ids.push((await env.order('sp-alpha', activationBody(addr))).id);
  return { picked, ids };
}

/** One pass carried every order out once: completed, one write per OLT, due once, on the device. */
export async function expectCarriedOutOnce(
  env: ProvisioningEnv,
  lab: Lab,
  { picked, ids }: { picked: Picked; ids: string[] },
  out: readonly OrderOutcome[],
  writes: readonly Write[],
): Promise<void> {
  const olts = lab.inventory().olts.map((o) => o.name);
  expect(
    out
      .filter((x) => x.outcome === 'completed')
      .map((x) => x.orderId)
      .sort(),
  ).toEqual([...ids].sort());
  const states = await Promise.all(ids.map(async (id) => (await env.getOrder(id)).status));
  expect(states.every((s) => s === 'completed')).toBe(true);
  // each OLT's orders in one write (the lab's OLTs are first reconciled to the demo seed's
  // subscribers, in a write of their own)
  for (const olt of olts) {
    const mine = picked.filter((x) => x.olt === olt).map((x) => `${x.pon}#${x.onuId}`);
    const holding = writes.filter((w) => w.olt === olt && mine.some((k) => w.onus.includes(k)));
    expect(holding).toHaveLength(1);
    expect(mine.every((k) => holding[0].onus.includes(k))).toBe(true);
  }
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
}

/**
 * Provisioning in parallel across OLTs (issue 16 item 3): two controller instances on one PostgreSQL
 * schema work a lab of 3 OLTs whose every reply is slowed, each instance at most 2 OLTs at once.
 * What reaches the devices is recorded by wrapping the real drivers: no two configuration writes on
 * one OLT ever overlap (one writer per OLT across instances, the advisory lock), each instance has
 * 2 OLTs in work at some moment and never more, and every order ends completed with its v-ANI on the
 * device. Both instances are registered (live): each writes the OLTs the monitoring assignment
 * gives it (domain/cluster/olt-assignment.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../simulators/lab/index.ts';
import type { OltDriver } from '../../src/application/ports/olt-driver/olt-driver.ts';
import { PG_URL, createSchema, dropSchema } from '../helpers/pg.ts';
import { assignOlts } from '../../src/domain/cluster/olt-assignment.ts';
import {
  activationBody,
  findOnu,
  freeAddresses,
  startProvisioningEnv,
  type ProvisioningEnv,
} from './provisioning-env.ts';

const OLTS = 3; // the demo seed has distinct streets for 3 OLTs
const PER_OLT = 3;
const CONCURRENCY = 2;

interface Interval {
  instance: string;
  olt: string;
  start: number;
  end: number;
}

let lab: Lab;
let schema: string;
const envs: ProvisioningEnv[] = [];
const writes: Interval[] = [];

/** Records every apply (configuration write) with its instance, OLT and span. */
const recording =
  (instance: string) =>
  (d: OltDriver, olt: string): OltDriver => {
    const apply = d.apply.bind(d);
    (d as { apply: OltDriver['apply'] }).apply = async (diff, opts) => {
      const w: Interval = { instance, olt, start: performance.now(), end: Infinity };
      writes.push(w);
      try {
        return await apply(diff, opts);
      } finally {
        w.end = performance.now();
      }
    };
    return d;
  };

/** Most intervals open at one moment. */
function peak(xs: Interval[]): number {
  const ev = xs.flatMap((x) => [
    [x.start, 1],
    [x.end, -1],
  ]);
  ev.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let cur = 0;
  let max = 0;
  for (const [, d] of ev) max = Math.max(max, (cur += d));
  return max;
}

beforeAll(async () => {
  lab = await Lab.start({ olts: OLTS, pons: 2, onts: 8, profiles: ['bbf-tr385'] });
  // every reply of every OLT 60 ms late: a write takes long enough for parallel ones to overlap
  for (const o of lab.inventory().olts) lab.fault({ kind: 'latency', olt: o.name, value: 60 });
  schema = await createSchema();
  for (const id of ['prov-a', 'prov-b'])
    envs.push(
      await startProvisioningEnv({
        lab,
        storeConfig: { kind: 'postgres', url: PG_URL, schema },
        instanceId: id,
        oltConcurrency: CONCURRENCY,
        claimLimit: 4,
        wrapDriver: recording(id),
      }),
    );
}, 120_000);

afterAll(async () => {
  for (const e of envs) await e.close().catch(() => undefined);
  await lab?.close();
  if (schema) await dropSchema(schema);
});

describe('provisioning across OLTs on two instances (PostgreSQL)', () => {
  it('one writer per OLT across instances, at most 2 OLTs at once per instance, every order completed', async () => {
    const [a, b] = envs;
    const olts = lab.inventory().olts.map((o) => o.name);
    for (const id of ['prov-a', 'prov-b'])
      await a.store.instances.join({ id, incarnation: `${id}-1`, host: 'test', version: 'test' }, 600_000);
    const picked = olts.flatMap((olt) => freeAddresses(a, olt, 'sp-alpha').slice(0, PER_OLT));
    expect(picked.length).toBe(OLTS * PER_OLT);
    // submitted round-robin over the OLTs: each instance's claim of 4 spans several OLTs
    const ids: string[] = [];
    for (let i = 0; i < PER_OLT; i++)
      for (const olt of olts) {
        const addr = picked.filter((x) => x.olt === olt)[i];
        ids.push((await a.order('sp-alpha', activationBody(addr))).id);
      }

    // both instances run passes at the same time until every order is settled
    const settled = async () => {
      const states = await Promise.all(ids.map(async (id) => (await a.getOrder(id)).status));
      return states.every((s) => s === 'completed' || s === 'failed');
    };
    const worker = async (e: ProvisioningEnv) => {
      for (let n = 0; n < 40 && !(await settled()); n++) await e.controller.services.provisioning.runOnce();
    };
    await Promise.all([worker(a), worker(b)]);

    const states = await Promise.all(ids.map(async (id) => (await a.getOrder(id)).status));
    expect(states.every((s) => s === 'completed')).toBe(true);
    // both instances wrote, each never more than 2 OLTs at once and 2 at some moment
    for (const id of ['prov-a', 'prov-b']) {
      const mine = writes.filter((w) => w.instance === id && w.end !== Infinity);
      expect(mine.length).toBeGreaterThan(0);
      expect(peak(mine)).toBeLessThanOrEqual(CONCURRENCY);
    }
    expect(Math.max(...['prov-a', 'prov-b'].map((id) => peak(writes.filter((w) => w.instance === id))))).toBe(
      CONCURRENCY,
    );
    // each OLT written by the instance it is assigned to (2 + 1), not only by whichever claimed first;
    // the other may take a part of it once none of its own is in work (orders here become due 4 at a
    // time, so an OLT can be free between its owner's claims)
    const owner = assignOlts(olts, ['prov-a', 'prov-b']);
    for (const olt of olts)
      expect(writes.filter((w) => w.olt === olt).map((w) => w.instance)).toContain(owner.get(olt));
    // one writer per OLT at every moment, whichever instance
    for (const olt of olts) expect(peak(writes.filter((w) => w.olt === olt))).toBe(1);
    // and every activation is on its OLT
    for (const olt of olts) {
      const [onDevice] = await a.views(olt);
      for (const addr of picked.filter((x) => x.olt === olt))
        expect(findOnu(onDevice, addr.pon, addr.onuId)?.expectedSerial).toBe(addr.serial);
    }
    console.log(
      `parallel provisioning: ${writes.length} writes, per instance ${['prov-a', 'prov-b']
        .map((id) => writes.filter((w) => w.instance === id).length)
        .join(' + ')}, peak per instance ≤ ${CONCURRENCY}`,
    );
  }, 120_000);
});

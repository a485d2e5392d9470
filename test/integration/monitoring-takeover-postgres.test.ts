/**
 * Two controller instances on one PostgreSQL schema monitor the same lab (design §8): only the
 * holder of the OLT's monitoring lease polls and correlates it, so one PON cut is ONE incident; when
 * that instance goes away the other takes the lease over, restores the open incident from the store
 * and resolves that same incident when the fibre is back (no duplicate for the SLA engine to credit).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../simulators/lab/index.ts';
import type { LabInventory } from '../../simulators/lab/inventory.ts';
import { loadConfig } from '../../src/main/config.ts';
import { openStore } from '../../src/adapters/driven/store/index.ts';
import type { Store } from '../../src/application/ports/store/index.ts';
import { createController, type Controller } from '../../src/main/controller.ts';
import { systemClock } from '../../src/adapters/driven/time/system-time.ts';
import { createApiKey } from '../../src/application/access/api-keys.ts';

import { PG_URL, createSchema, dropSchema } from '../helpers/pg.ts';
import { authoriseZxa10Onts } from '../helpers/lab.ts';
import { adapterIdOf, seedLabAccesses } from '../helpers/monitoring.ts';
import { targetsFromInventory } from '../../src/main/lab.ts';

interface Instance {
  controller: Controller;
  store: Store;
  url: string;
  dir: string;
  closed: boolean;
  close(): Promise<void>;
}

const LEASE_MS = 1600;
let lab: Lab;
let inv: LabInventory;
let schema: string;
let seedStore: Store;
let operatorKey: string;
const instances: Instance[] = [];

async function startInstance(id: string): Promise<Instance> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ponctl-monlead-'));
  const config = loadConfig(
    { PONCTL_DATA_DIR: dir, PONCTL_LISTEN: '127.0.0.1:0', PONCTL_INSTANCE: id, PONCTL_LAB: '0' },
    dir,
  );
  config.store = { kind: 'postgres', url: PG_URL, schema };
  config.cluster.leaseMs = LEASE_MS;
  const store = await openStore(config.store);
  const controller = await createController({
    config,
    store,
    clock: systemClock,
    monitoring: {
      targets: targetsFromInventory(inv.olts, { timeoutMs: 400 }),
      pollMs: 300,
      tickMs: 50,
      correlation: { windowMs: 600 },
      traps: { port: 0 },
    },
  });
  // workers on: the monitoring worker is the lease (the provisioning/scheduler workers idle on an empty queue)
  const url = await controller.listen();
  const inst: Instance = {
    controller,
    store,
    url,
    dir,
    closed: false,
    async close() {
      if (inst.closed) return;
      inst.closed = true;
      await controller.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  instances.push(inst);
  return inst;
}

async function summary(i: Instance): Promise<{ leader: boolean; olts: { olt: string; onts: number }[] }> {
  const r = await fetch(`${i.url}/v1/monitoring/summary`, {
    headers: { authorization: `Bearer ${operatorKey}` },
  });
  expect(r.status).toBe(200);
  return r.json() as Promise<{ leader: boolean; olts: { olt: string; onts: number }[] }>;
}

async function until<T>(
  what: string,
  fn: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 8000,
): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  lab = await Lab.start({ olts: 1, pons: 2, onts: 8, profiles: ['zxa10-c300'] });
  // in service: every ONU configured at its place, as the stored accesses say (a ZXA10's SNMP tables
  // have rows for configured ONUs only)
  authoriseZxa10Onts(lab);
  inv = lab.inventory();
  schema = await createSchema();
  seedStore = await openStore({ kind: 'postgres', url: PG_URL, schema });
  await seedLabAccesses(seedStore, inv);
  operatorKey = (await createApiKey(seedStore, { role: 'operator', name: 'noc' })).key;
}, 60_000);

afterAll(async () => {
  for (const i of instances) await i.close().catch(() => undefined);
  await seedStore?.close();
  await lab?.close();
  if (schema) await dropSchema(schema);
});

describe('per-OLT monitoring lease on PostgreSQL', () => {
  it('one PON cut is one incident across two instances, and the survivor resolves that same incident', async () => {
    const a = await startInstance('instance-a');
    const b = await startInstance('instance-b');
    const olt = inv.olts[0];
    const pon = olt.pons[1];

    // exactly one instance watches the OLT; it polls every ONT into the shared store, the other polls nothing
    const watching = (i: Instance) => i.controller.services.monitoring.watchedHere().includes(olt.name);
    const [owner, other] = await until('one owner', () =>
      watching(a) !== watching(b) ? (watching(a) ? [a, b] : [b, a]) : undefined,
    );
    expect((await summary(owner)).leader).toBe(true);
    expect((await summary(other)).leader).toBe(false);
    await until(
      'every ONT working',
      async () => (await a.store.onts.listStatus()).filter((s) => s.state === 'working').length === 16,
    );
    expect(other.controller.services.monitoring.reachable.size).toBe(0);

    lab.fault({ kind: 'pon-cut', olt: olt.name, pon: pon.port });
    const opened = await until('a pon-fibre-cut incident', async () =>
      (await a.store.incidents.list({ status: 'open' })).find((i) => i.cause === 'pon-fibre-cut'),
    );
    const b2 = other;
    expect(opened.affected.map((x) => x.adapterId).sort()).toEqual(
      pon.onts.map((t) => adapterIdOf(olt.name, pon.port, t.id)).sort(),
    );
    // a few poll rounds later: still exactly one incident of any kind in the store
    await pause(1200);
    expect((await a.store.incidents.list({})).map((i) => [i.id, i.cause])).toEqual([
      [opened.id, 'pon-fibre-cut'],
    ]);

    // the owner stops: it releases the lease, the other takes it at its next beat
    const t0 = Date.now();
    await owner.close();
    await until('the other to own the OLT', () => watching(b2), 2 * LEASE_MS);
    const takeoverMs = Date.now() - t0;
    expect(takeoverMs).toBeLessThan(LEASE_MS);
    expect((await summary(b2)).leader).toBe(true);
    // B continues the incident it restored from the store
    expect(b2.controller.services.monitoring.correlator.openIncidents().map((i) => i.id)).toEqual([
      opened.id,
    ]);
    await until('B to poll', () => b2.controller.services.monitoring.reachable.get(olt.name)?.snmp === true);
    await pause(1000);
    expect((await b2.store.incidents.list({})).map((i) => i.id)).toEqual([opened.id]);

    lab.fault({ kind: 'pon-cut', olt: olt.name, pon: pon.port, clear: true });
    const resolved = await until('the same incident resolved', async () => {
      const i = await b2.store.incidents.get(opened.id);
      return i?.status === 'resolved' ? i : undefined;
    });
    expect(resolved.end! >= resolved.start).toBe(true);
    await pause(800);
    const all = await b2.store.incidents.list({});
    expect(all.map((i) => [i.id, i.status])).toEqual([[opened.id, 'resolved']]);
    console.log(`monitoring lease takeover after a clean stop: ${takeoverMs} ms (lease ${LEASE_MS} ms)`);
  }, 60_000);
});

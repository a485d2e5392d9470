/**
 * Issue 16 "What must be shown", with every controller instance an OS process of its own
 * (test/helpers/cluster-instance.ts) on one PostgreSQL schema and a lab of 12 OLTs in this process:
 *
 * - every OLT is polled by exactly one instance (each instance's own view, GET /v1/monitoring/summary),
 *   spread 4 + 4 + 4;
 * - a notification (SNMP trap) an OLT sends to an instance that does not own it becomes an alarm at
 *   the owner — relayed through the store; polls are a minute apart, so only the trap can raise it;
 * - `kill -9` of one instance: its OLTs are polled again by the survivors within the lease period; a
 *   PON cut injected right after the kill, during the takeover, yields exactly one incident, which the
 *   new owner resolves when the fibre is back, and the SLA month's inputs count its outage once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../simulators/lab/index.ts';
import { authoriseZxa10Onts } from '../helpers/lab.ts';
import type { LabInventory } from '../../simulators/lab/inventory.ts';
import { openStore } from '../../src/adapters/driven/store/index.ts';
import { createApiKey } from '../../src/application/access/api-keys.ts';
import type { Store } from '../../src/application/ports/store/index.ts';
import { gatherSlaInputs } from '../../src/application/sla/sla-inputs.ts';
import { adapterIdOf, seedLabAccesses } from '../helpers/monitoring.ts';
import { PG_URL, createSchema, dropSchema } from '../helpers/pg.ts';

const LEASE_MS = 2000;
/** Polls a minute apart: within the test only the first poll of each takeover and notifications act. */
const POLL_MS = 60_000;
const INSTANCE = fileURLToPath(new URL('../helpers/cluster-instance.ts', import.meta.url));

interface Proc {
  id: string;
  url: string;
  trapPort: number;
  child: ChildProcess;
}

let lab: Lab;
let inv: LabInventory;
let schema: string;
let store: Store;
let operatorKey: string;
let dir: string;
const procs: Proc[] = [];

async function spawnInstance(id: string): Promise<Proc> {
  const child = spawn(process.execPath, ['--import', 'tsx', INSTANCE], {
    env: {
      ...process.env,
      PONCTL_TEST_PG: PG_URL,
      CLUSTER_SCHEMA: schema,
      PONCTL_INSTANCE: id,
      PONCTL_LEASE_MS: String(LEASE_MS),
      CLUSTER_INVENTORY: path.join(dir, 'inventory.json'),
      CLUSTER_POLL_MS: String(POLL_MS),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (c) => reject(new Error(`instance ${id} exited with ${c}`)));
  });
  const r = JSON.parse(first) as { url: string; trapPort: number };
  const p: Proc = { id, url: r.url, trapPort: r.trapPort, child };
  procs.push(p);
  return p;
}

/** The OLTs this instance polls, as it says itself. */
async function pollsHere(p: Proc): Promise<string[]> {
  const r = await fetch(`${p.url}/v1/monitoring/summary`, {
    headers: { authorization: `Bearer ${operatorKey}` },
  });
  const body = (await r.json()) as { olts: { olt: string }[] };
  return body.olts.map((o) => o.olt).sort();
}

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, ms: number): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** olt → the instances polling it, if every OLT has exactly one. */
async function ownersIfExactlyOne(ps: Proc[]): Promise<Map<string, Proc> | undefined> {
  const owners = new Map<string, Proc[]>();
  for (const p of ps) for (const olt of await pollsHere(p)) owners.set(olt, [...(owners.get(olt) ?? []), p]);
  const all = inv.olts.every((o) => owners.get(o.name)?.length === 1);
  return all ? new Map([...owners].map(([o, xs]) => [o, xs[0]])) : undefined;
}

beforeAll(async () => {
  lab = await Lab.start({ olts: 12, pons: 2, onts: 4, profiles: ['zxa10-c300'] });
  // in service: every ONU configured at its place, as the accesses below say (a ZXA10's SNMP tables
  // have rows for configured ONUs only)
  authoriseZxa10Onts(lab);
  inv = lab.inventory();
  dir = mkdtempSync(path.join(os.tmpdir(), 'ponctl-cluster-procs-'));
  writeFileSync(path.join(dir, 'inventory.json'), JSON.stringify(inv));
  schema = await createSchema();
  store = await openStore({ kind: 'postgres', url: PG_URL, schema });
  await seedLabAccesses(store, inv);
  operatorKey = (await createApiKey(store, { role: 'operator', name: 'noc' })).key;
  await Promise.all(['inst-a', 'inst-b', 'inst-c'].map((id) => spawnInstance(id)));
}, 120_000);

afterAll(async () => {
  await Promise.all(
    procs.map(
      (p) =>
        new Promise<void>((resolve) => {
          if (p.child.exitCode !== null || p.child.signalCode !== null) return resolve();
          p.child.once('exit', () => resolve());
          p.child.kill('SIGTERM');
          setTimeout(() => p.child.kill('SIGKILL'), 5000).unref();
        }),
    ),
  );
  await store?.close();
  await lab?.close();
  if (schema) await dropSchema(schema);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('three controller processes on one PostgreSQL database, 12 OLTs', () => {
  it('one owner per OLT; a trap to a non-owner is an alarm at the owner; kill -9 → taken over, one incident, one outage', async () => {
    // every OLT polled by exactly one instance, 4 each
    const owners = await until(
      'every OLT polled by exactly one instance, 4 each',
      async () => {
        const m = await ownersIfExactlyOne(procs);
        const counts = procs.map((p) => [...(m?.values() ?? [])].filter((x) => x === p).length);
        return m && counts.join() === '4,4,4' ? m : undefined;
      },
      10 * LEASE_MS,
    );
    // every ONT seen working by its owner's first poll
    await until(
      'every ONT working',
      async () => (await store.onts.listStatus()).filter((s) => s.state === 'working').length === 96,
      10_000,
    );
    // devices send to "the" address: here each OLT sends to an instance that does not own it
    for (const o of inv.olts) {
      const other = procs.find((p) => p !== owners.get(o.name))!;
      lab.addTrapReceiver({ host: '127.0.0.1', port: other.trapPort, version: 'v2c' }, o.name);
    }

    // a trap to a non-owner becomes an alarm at the owner
    const t1 = inv.olts[0];
    const pon1 = t1.pons[0];
    const t0 = Date.now();
    lab.fault({ kind: 'drop-cut', olt: t1.name, pon: pon1.port, ont: 1 });
    const alarm = await until(
      'an ont-los alarm from the relayed trap',
      async () =>
        (await store.alarms.active({ olt: t1.name })).find(
          (a) => a.type === 'ont-los' && a.pon === pon1.port && a.onuId === 1,
        ),
      5000,
    );
    const trapMs = Date.now() - t0;
    expect(trapMs).toBeLessThan(POLL_MS / 4);
    expect(alarm.adapterId).toBe(adapterIdOf(t1.name, pon1.port, 1));
    lab.fault({ kind: 'drop-cut', olt: t1.name, pon: pon1.port, ont: 1, clear: true });

    // kill -9 of one instance; a PON cut on one of its OLTs at once, while nobody owns it
    const victim = procs[2];
    const victimOlts = inv.olts.filter((o) => owners.get(o.name) === victim).map((o) => o.name);
    const cutOlt = inv.olts.find((o) => o.name === victimOlts[0])!;
    const cutPon = cutOlt.pons[1];
    const tKill = Date.now();
    victim.child.kill('SIGKILL');
    lab.fault({ kind: 'pon-cut', olt: cutOlt.name, pon: cutPon.port });
    const survivors = procs.slice(0, 2);
    const after = await until(
      "the victim's OLTs polled again by the survivors",
      async () => {
        const m = await ownersIfExactlyOne(survivors);
        return m && victimOlts.every((o) => m.has(o)) ? m : undefined;
      },
      4 * LEASE_MS,
    );
    const takeoverMs = Date.now() - tKill;
    console.log(
      `kill -9 of ${victim.id}: its ${victimOlts.length} OLTs polled again after ${takeoverMs} ms (lease ${LEASE_MS} ms); trap → alarm through a non-owner ${trapMs} ms`,
    );
    // within the lease period (a loaded 2-core machine may add a heartbeat's worth)
    expect(takeoverMs).toBeLessThanOrEqual(LEASE_MS + LEASE_MS / 2);
    expect([...after.values()].filter((p) => p === survivors[0]).length).toBe(6);

    // the incident grows as the ONTs' notifications are applied: every ONT of the PON, in one incident
    const cutIds = cutPon.onts.map((t) => adapterIdOf(cutOlt.name, cutPon.port, t.id)).sort();
    const incident = await until(
      'a pon-fibre-cut incident of every ONT on the PON',
      async () => {
        const open = await store.incidents.list({ status: 'open', olt: cutOlt.name });
        const i = open.find((x) => x.cause === 'pon-fibre-cut');
        return i && i.affected.length === cutIds.length ? i : undefined;
      },
      8000,
    ).catch(async (e: Error) => {
      throw new Error(`${e.message}: ${JSON.stringify(await store.incidents.list({ olt: cutOlt.name }))}`);
    });
    expect(incident.affected.map((x) => x.adapterId).sort()).toEqual(cutIds);
    lab.fault({ kind: 'pon-cut', olt: cutOlt.name, pon: cutPon.port, clear: true });
    const resolved = await until(
      'the incident resolved',
      async () => {
        const i = await store.incidents.get(incident.id);
        return i?.status === 'resolved' ? i : undefined;
      },
      8000,
    );
    await new Promise((r) => setTimeout(r, 500));
    // exactly one incident for the cut (and none other than the drop cut's, if it made one)
    const cuts = (await store.incidents.list({ olt: cutOlt.name })).filter((i) => i.cause !== 'drop-fibre');
    expect(cuts.map((i) => i.id)).toEqual([incident.id]);

    // the SLA month's outages: the cut once, each affected access in exactly one outage of it
    const month = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Europe/Zagreb',
      year: 'numeric',
      month: '2-digit',
    })
      .format(new Date(resolved.end!))
      .slice(0, 7);
    const { outages } = await gatherSlaInputs(store, month);
    const ofCut = outages.filter((o) => o.id === incident.id || o.id.startsWith(`${incident.id}/`));
    expect(ofCut.length).toBe(1);
    for (const a of cutIds) expect(outages.filter((o) => o.adapterIds.includes(a)).length).toBe(1);
  }, 120_000);
});

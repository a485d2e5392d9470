/**
 * Cluster membership and per-OLT leases on the real stores (issue 16 items 1–2): three instances on
 * one PostgreSQL schema spread 12 OLTs 4 + 4 + 4, exactly one watcher per OLT at every moment; an
 * instance that stops beating (as after kill -9: no leave, no release) is declared dead on exactly
 * one survivor and its OLTs are owned again within the lease period; when it comes back, OLTs are
 * handed back without ever being watched twice. On SQLite one instance owns everything at once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type SqlStore } from '../../src/adapters/driven/store/index.ts';
import { nodeScheduler } from '../../src/adapters/driven/time/node-scheduler.ts';
import { Membership } from '../../src/application/cluster/membership.ts';
import { OltOwnership } from '../../src/application/cluster/olt-ownership.ts';
import type { Cancel, Scheduler } from '../../src/application/ports/scheduler.ts';
import type { InstanceRecord } from '../../src/application/ports/store/index.ts';
import { PG_URL, createSchema, dropSchema } from '../helpers/pg.ts';

const LEASE_MS = 1200;
const OLTS = Array.from({ length: 12 }, (_, i) => `olt-${i + 1}`);

/** Node's timers, all cancelled by `freeze()`: the process "dies" without a word to the store. */
function freezable(): Scheduler & { freeze(): void } {
  const cancels = new Set<Cancel>();
  let frozen = false;
  const track = (c: Cancel): Cancel => {
    if (frozen) {
      c();
      return () => undefined;
    }
    cancels.add(c);
    return () => {
      cancels.delete(c);
      c();
    };
  };
  return {
    elapsedMs: () => nodeScheduler.elapsedMs(),
    after: (ms, fn) => track(nodeScheduler.after(ms, fn)),
    every: (ms, fn) => track(nodeScheduler.every(ms, fn)),
    freeze() {
      frozen = true;
      for (const c of cancels) c();
      cancels.clear();
    },
  };
}

async function until<T>(what: string, fn: () => T | undefined | false, ms: number): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Who watches each OLT now, and any moment two did. */
const watchers = new Map<string, Set<string>>();
const doubleWatched: string[] = [];

interface Node {
  id: string;
  store: SqlStore;
  scheduler: ReturnType<typeof freezable>;
  membership: Membership;
  ownership: OltOwnership;
  dead: InstanceRecord[];
}

async function startNode(id: string, store: SqlStore): Promise<Node> {
  const scheduler = freezable();
  const membership = new Membership({
    instances: store.instances,
    scheduler,
    id,
    host: 'test',
    version: 'test',
    leaseMs: LEASE_MS,
  });
  const ownership = new OltOwnership(
    { membership, leases: store.oltLeases, olts: () => OLTS },
    {
      gained: async (olt) => {
        const w = watchers.get(olt) ?? new Set();
        if (w.size > 0) doubleWatched.push(`${olt}: ${[...w].join(',')} + ${id}`);
        w.add(id);
        watchers.set(olt, w);
      },
      lost: async (olt) => {
        watchers.get(olt)?.delete(id);
      },
    },
  );
  const node: Node = { id, store, scheduler, membership, ownership, dead: [] };
  membership.onDead((d) => {
    node.dead.push(d);
  });
  ownership.start();
  await membership.start();
  return node;
}

/** Kill -9 as the store sees it: no more beats, nothing released, and this node's watching ends with it. */
function kill(n: Node): void {
  n.scheduler.freeze();
  for (const w of watchers.values()) w.delete(n.id);
}

const ownersOf = () => OLTS.map((o) => [...(watchers.get(o) ?? [])]);
const counts = (nodes: Node[]) => nodes.map((n) => n.ownership.owned().length);

describe('per-OLT monitoring leases on PostgreSQL', () => {
  let schema: string;
  const stores: SqlStore[] = [];
  const nodes: Node[] = [];
  const open = async () => {
    const s = await openStore({ kind: 'postgres', url: PG_URL, schema });
    stores.push(s);
    return s;
  };

  beforeAll(async () => {
    schema = await createSchema();
  });
  afterAll(async () => {
    for (const n of nodes) {
      await n.ownership.stop().catch(() => undefined);
      await n.membership.stop().catch(() => undefined);
    }
    for (const s of stores) await s.close().catch(() => undefined);
    await dropSchema(schema);
  });

  it('spread 4 + 4 + 4, a dead instance’s OLTs owned again within the lease, handed back on return', async () => {
    for (const id of ['inst-a', 'inst-b', 'inst-c']) nodes.push(await startNode(id, await open()));
    const [a, b, c] = nodes;
    await until(
      'every OLT owned once, 4 each',
      () => ownersOf().every((w) => w.length === 1) && counts(nodes).join() === '4,4,4',
      6 * LEASE_MS,
    );
    expect((await a.store.oltLeases.list()).filter((l) => l.owner).length).toBe(12);

    const cOlts = c.ownership.owned();
    kill(c);
    const t0 = Date.now();
    await until(
      "c's OLTs owned again by a or b",
      () => cOlts.every((o) => (watchers.get(o)?.size ?? 0) === 1),
      3 * LEASE_MS,
    );
    const takeoverMs = Date.now() - t0;
    console.log(
      `takeover of ${cOlts.length} OLTs after a silent death: ${takeoverMs} ms (lease ${LEASE_MS} ms)`,
    );
    // the bound is the lease period; a loaded 2-core machine may add a beat's worth of scheduling delay
    expect(takeoverMs).toBeLessThanOrEqual(LEASE_MS + LEASE_MS / 4);
    expect(counts([a, b])).toEqual([6, 6]);
    // declared dead on exactly one survivor
    await until('the dead hook', () => a.dead.length + b.dead.length === 1, 2 * LEASE_MS);
    expect([...a.dead, ...b.dead].map((d) => d.id)).toEqual(['inst-c']);
    expect(a.membership.isAlive('inst-c')).toBe(false);

    // c starts again (a new process, same id): OLTs are handed back, never watched twice
    const c2 = await startNode('inst-c', await open());
    nodes.push(c2);
    await until(
      'back to 4 + 4 + 4',
      () => ownersOf().every((w) => w.length === 1) && counts([a, b, c2]).join() === '4,4,4',
      6 * LEASE_MS,
    );
    expect(c2.ownership.owned()).toEqual(cOlts);

    // a clean stop releases at once: b and c2 take a's OLTs at their next beat
    const t1 = Date.now();
    await a.ownership.stop();
    await a.membership.stop();
    await until('a’s OLTs owned again', () => ownersOf().every((w) => w.length === 1), 2 * LEASE_MS);
    expect(Date.now() - t1).toBeLessThan(LEASE_MS);
    expect(doubleWatched).toEqual([]);
  }, 60_000);
});

describe('one instance on SQLite', () => {
  it('owns every OLT at once, and a restart does not wait for the run before to expire', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ponctl-cluster-'));
    const store = await openStore({ kind: 'sqlite', file: path.join(dir, 'ponctl.sqlite') });
    try {
      const first = await startNode('solo', store);
      await until('all 12 owned', () => first.ownership.owned().length === 12, 2 * LEASE_MS);
      kill(first); // crashed: its registration and leases are still in the file
      const t0 = Date.now();
      const second = await startNode('solo-2', store);
      await until('all 12 owned again', () => second.ownership.owned().length === 12, 2 * LEASE_MS);
      expect(Date.now() - t0).toBeLessThan(LEASE_MS / 2);
      expect(second.dead.map((d) => d.id)).toEqual(['solo']);
      await second.ownership.stop();
      await second.membership.stop();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});

/**
 * Test helpers for monitoring: a SQLite store seeded with one access per lab ONT (AdapterID
 * `A-<olt>-<pon>-<onu>`), a MonitoringService on the lab's inventory with short intervals (wired by
 * the composition root, src/main/monitoring.ts), and a waiter on its event bus.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/adapters/driven/store/index.ts';
import type { Store } from '../../src/application/ports/store/index.ts';
import {
  MonitoringEvents,
  type MonitoringEvent,
  type MonitoringOptions,
  type MonitoringService,
  type OltTarget,
} from '../../src/application/monitoring/index.ts';
import { createMonitoring } from '../../src/main/monitoring.ts';
import type { Principal } from '../../src/application/access/principal.ts';
import type { LabInventory } from '../../simulators/lab/inventory.ts';
import { targetsFromInventory } from '../../src/main/lab.ts';

/** The network owner's principal, for the NOC's reads that tests make directly on the service. */
export const OPERATOR: Principal = { role: 'operator', keyId: 'test-operator' };

export const adapterIdOf = (olt: string, pon: string, onu: number): string =>
  `A-${olt}-${pon.replace(/\//g, '.')}-${onu}`;

/** One active access of SP `sp1` per lab ONT, AdapterID `adapterIdOf(olt, pon, onu)`, on any store. */
export async function seedLabAccesses(store: Store, inv: LabInventory): Promise<void> {
  const at = new Date().toISOString();
  await store.sps.upsert({ id: 'sp1', name: 'SP One', createdAt: at });
  for (const o of inv.olts) {
    for (const p of o.pons) {
      for (const t of p.onts) {
        const adapterId = adapterIdOf(o.name, p.port, t.id);
        await store.accesses.insert({
          adapterId,
          spId: 'sp1',
          addressKey: `zagreb|ilica|${adapterId}`,
          olt: o.name,
          pon: p.port,
          onuId: t.id,
          technology: 'gpon',
          state: 'active',
          services: { internet: '300/150' } as never,
          accessLevel: 'regional',
          ontSerial: t.serial,
          slStarts: [],
          createdAt: at,
          updatedAt: at,
        });
      }
    }
  }
}

export async function seededStore(
  inv: LabInventory,
): Promise<{ store: Store; cleanup: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ponctl-mon-'));
  const store = await openStore({ kind: 'sqlite', file: path.join(dir, 'ponctl.sqlite') });
  await seedLabAccesses(store, inv);
  return {
    store,
    cleanup: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function monitoringFor(
  inv: LabInventory,
  store: Store | undefined,
  over: Partial<MonitoringOptions> & { targets?: OltTarget[] } = {},
): MonitoringService {
  return createMonitoring({
    targets: over.targets ?? targetsFromInventory(inv.olts, { timeoutMs: 400 }),
    store,
    events: new MonitoringEvents(),
    pollMs: 300,
    tickMs: 50,
    correlation: { windowMs: 600 },
    traps: { port: 0 },
    ...over,
  });
}

/** Resolves once `cond()` holds (checked every 20 ms); fails after `timeoutMs` naming `what`. */
export async function until(cond: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Resolves after `n` more poll rounds of `olt` (whatever they found): "a few poll rounds later" as a
 * condition instead of a guessed sleep.
 */
export function pollRounds(mon: MonitoringService, olt: string, n: number, timeoutMs = 8000): Promise<void> {
  const poller = mon.pollers.get(olt);
  if (!poller) throw new Error(`no poller for ${olt}`);
  const target = poller.rounds + n;
  return until(() => poller.rounds >= target, `${n} poll rounds of ${olt}`, timeoutMs);
}

/** Collects every event; `waitFor` resolves with the first (past or future) event matching. */
export class EventLog {
  readonly events: MonitoringEvent[] = [];
  private readonly waiters: {
    pred: (e: MonitoringEvent) => boolean;
    resolve: (e: MonitoringEvent) => void;
  }[] = [];
  readonly unsubscribe: () => void;

  constructor(bus: MonitoringEvents) {
    this.unsubscribe = bus.subscribe((e) => {
      this.events.push(e);
      for (let i = this.waiters.length - 1; i >= 0; i--)
        if (this.waiters[i].pred(e)) {
          this.waiters[i].resolve(e);
          this.waiters.splice(i, 1);
        }
    });
  }

  mark(): number {
    return this.events.length;
  }

  waitFor<T extends MonitoringEvent>(
    pred: (e: MonitoringEvent) => e is T,
    timeoutMs?: number,
    since?: number,
  ): Promise<T>;
  waitFor(
    pred: (e: MonitoringEvent) => boolean,
    timeoutMs?: number,
    since?: number,
  ): Promise<MonitoringEvent>;
  waitFor(pred: (e: MonitoringEvent) => boolean, timeoutMs = 8000, since = 0): Promise<MonitoringEvent> {
    const past = this.events.slice(since).find(pred);
    if (past) return Promise.resolve(past);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new Error(
              `no matching monitoring event within ${timeoutMs} ms; last: ${JSON.stringify(this.events.slice(-5)).slice(0, 1500)}`,
            ),
          ),
        timeoutMs,
      );
      this.waiters.push({
        pred,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      });
    });
  }
}

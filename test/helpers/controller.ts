/**
 * A real controller for integration tests: its own store (SQLite in a temp dir, or PostgreSQL in a
 * schema of its own), the demo seed, a ManualClock, listening on 127.0.0.1:0. `call` speaks HTTP
 * to it (no inject: tests go over the socket). Background workers are off; tests call
 * `controller.services.orders.tick()` after moving the clock.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/main/config.ts';
import { openStore, type SqlStore } from '../../src/adapters/driven/store/index.ts';
import { ManualClock } from '../../src/adapters/driven/time/manual-time.ts';
import { createController, type Controller } from '../../src/main/controller.ts';
import type { PortConfigurator } from '../../src/application/unblocking/port-configurator.ts';
import { demoKeys, seedDemo, type DemoSeed } from '../../src/main/demo-seed.ts';
import { PG_URL, dropSchema, uniqueSchemaName } from './pg.ts';

/** Monday 2 March 2026, 09:00 in Zagreb. */
export const DEFAULT_NOW = '2026-03-02T08:00:00.000Z';

export interface TestController {
  url: string;
  controller: Controller;
  store: SqlStore;
  clock: ManualClock;
  seed: DemoSeed;
  keys: { operator: string; alpha: string; beta: string; gamma: string };
  dataDir: string;
  call(
    method: string,
    path: string,
    o?: { key?: string | null; body?: unknown; rawBody?: string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any; headers: Headers }>;
  close(): Promise<void>;
}

export async function startTestController(
  o: {
    store?: 'sqlite' | 'postgres';
    now?: string;
    env?: Record<string, string>;
    /** The device seam of forced orders and disputes (default: drivers, which reach no device here). */
    portConfigurator?: PortConfigurator;
  } = {},
): Promise<TestController> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ponctl-api-'));
  const config = loadConfig(
    { PONCTL_DATA_DIR: dataDir, PONCTL_LISTEN: '127.0.0.1:0', PONCTL_LAB: '0', ...o.env },
    dataDir,
  );
  const schema = o.store === 'postgres' ? uniqueSchemaName('api') : undefined;
  const store = schema
    ? await openStore({ kind: 'postgres', url: PG_URL }, { schema })
    : await openStore(config.store);
  const clock = new ManualClock(o.now ?? DEFAULT_NOW);
  const seed = await seedDemo(store, { at: clock.now() });
  const k = await demoKeys(store, dataDir, clock.now());
  const controller = await createController({
    config,
    store,
    clock,
    workers: false,
    portConfigurator: o.portConfigurator,
    oltProfiles: new Map([
      ['olt-1', 'bbf-tr385'],
      ['olt-2', 'zxa10-c300'],
    ]),
  });
  const url = await controller.listen();
  const call: TestController['call'] = async (method, p, opts = {}) => {
    const headers: Record<string, string> = { ...opts.headers };
    const key = opts.key === undefined ? k.sps['sp-alpha'] : opts.key;
    if (key) headers.authorization = `Bearer ${key}`;
    let body: string | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
    const res = await fetch(url + p, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as any, headers: res.headers };
  };
  return {
    url,
    controller,
    store,
    clock,
    seed,
    dataDir,
    call,
    keys: {
      operator: k.operator,
      alpha: k.sps['sp-alpha'],
      beta: k.sps['sp-beta'],
      gamma: k.sps['sp-gamma'],
    },
    async close() {
      await controller.close();
      await store.close();
      if (schema) await dropSchema(schema);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A valid BSNA activation for a free seeded address of `spId` (its stock holds the ONT there). */
export function activationFor(
  seed: DemoSeed,
  spId: string,
  o: { ownerInstallsHome?: boolean; index?: number; requestedDate?: string } = {},
) {
  const free = seed.addresses.filter((a) => a.stockOf === spId && a.installation === 'existing');
  const a = free[o.index ?? 0];
  const owner = o.ownerInstallsHome ?? false;
  return {
    form: 'BSNA',
    category: 'activation',
    address: { ...a.address, flat: '1', floor: '0' },
    contact: { name: 'Ana Anić', phone: '+385 1 555 0101' },
    ownerInstallsHome: owner,
    ...(owner ? {} : { ontSerial: a.serial }),
    accessLevel: 'regional',
    services: { internet: '300/150', iptv: 50, voip: '1/1', management: true },
    ...(o.requestedDate ? { requestedDate: o.requestedDate } : {}),
  } as Record<string, unknown>;
}

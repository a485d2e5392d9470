/**
 * `ponctl start` (design §3, §5) as a composition: the simulated lab unless PONCTL_LAB=0 (or the
 * lab running in its own process that PONCTL_LAB_INVENTORY names, lab.ts), the
 * configured store with the demo data on first start, the controller driving and monitoring the lab's
 * OLTs, their traps sent to its receiver. The CLI command (adapters/driving/cli/commands/start.ts)
 * prints what this returns and stops it on a signal.
 */
import path from 'node:path';
import { openStore } from '../adapters/driven/store/index.ts';
import { clockFrom } from '../adapters/driven/time/system-time.ts';
import type { RunningController } from '../adapters/driving/cli/deps.ts';
import { loadConfig, type Config } from './config.ts';
import { createController } from './controller.ts';
import { DEMO_SPS, demoKeys, seedDemo } from './demo-seed.ts';
import { createLabController, sendLabTrapsTo, startLab, targetsFromInventory } from './lab.ts';

function describeStore(cfg: Config): string {
  return cfg.store.kind === 'sqlite'
    ? `SQLite ${path.relative(process.cwd(), cfg.store.file) || cfg.store.file}`
    : `PostgreSQL ${cfg.store.url.replace(/\/\/[^@/]*@/, '//…@')}`;
}

export async function startPonctl(config: Config = loadConfig()): Promise<RunningController> {
  const clock = clockFrom(config.clockStart);
  const lab = await startLab(config);
  const inventory = lab?.inventory();
  const store = await openStore(config.store);
  const seed = await seedDemo(store, { at: clock.now(), inventory });
  const keys = await demoKeys(store, config.dataDir, clock.now());
  const common = { config, store, clock, logger: { level: config.logLevel } };
  const controller = inventory
    ? await createLabController({
        ...common,
        inventory,
        provisioning: { options: { workAhead: true } },
        // monitoring polls the lab's OLTs (issue 6); their traps are sent to our receiver below
        monitoring: { targets: targetsFromInventory(inventory.olts, { omci: true }) },
      })
    : await createController(common);
  const url = await controller.listen();
  const trapPort = controller.services.monitoring.trapSource?.port;
  if (inventory && trapPort) await sendLabTrapsTo(inventory, trapPort);
  const free = seed.addresses.find((a) => a.stockOf === 'sp-alpha' && a.installation === 'existing');
  return {
    url,
    store: config.store.kind,
    storeDescription: describeStore(config),
    clock: clock.now().toISOString(),
    lab: inventory
      ? {
          inventoryFile: config.labInventory ?? path.join(config.dataDir, 'lab.json'),
          olts: inventory.olts.map((o) => ({ name: o.name, profile: o.profile })),
        }
      : undefined,
    seeded: seed.created,
    keysFile: path.join(config.dataDir, 'demo-keys.json'),
    keys,
    demoSps: DEMO_SPS.map((sp) => ({ id: sp.id, name: sp.name, region: sp.region })),
    freeAddress: free && { address: free.address, serial: free.serial },
    async close() {
      await controller.close().catch(() => undefined);
      await store.close().catch(() => undefined);
      await lab?.close().catch(() => undefined);
    },
  };
}

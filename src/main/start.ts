/**
 * `ponctl start` (design §3, §5) as a composition: the simulated lab unless PONCTL_LAB=0 (or the
 * lab running in its own process that PONCTL_LAB_INVENTORY names, lab.ts), the
 * configured store with the demo data on first start, the controller driving and monitoring the lab's
 * OLTs, their traps sent to its receiver. The CLI command (adapters/driving/cli/commands/start.ts)
 * prints what this returns and stops it on a signal.
 */
import path from 'node:path';
import { openStore } from '../adapters/driven/store/index.ts';
import { loadSecretBox } from '../adapters/driven/secrets/secret-key.ts';
import { monitoringTargetOf } from '../application/olts/olt-views.ts';
import type { SecretBox } from '../application/ports/secret-box.ts';
import type { OltSecrets, Store } from '../application/ports/store/index.ts';
import type { OltTarget } from '../application/ports/telemetry.ts';
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

/** Monitoring targets of the registered OLTs (their SNMP secrets opened here, never logged). */
async function registryTargets(store: Store, box: SecretBox): Promise<OltTarget[]> {
  const out: OltTarget[] = [];
  for (const o of await store.olts.list()) {
    const t = monitoringTargetOf(o, o.secrets ? (JSON.parse(box.open(o.secrets)) as OltSecrets) : {});
    if (t) out.push(t);
  }
  return out;
}

export async function startPonctl(config: Config = loadConfig()): Promise<RunningController> {
  const clock = clockFrom(config.clockStart);
  const lab = await startLab(config);
  const inventory = lab?.inventory();
  const store = await openStore(config.store);
  // issue 14 item 4: without the lab (PONCTL_LAB=0) the store starts empty — no demo SPs, coverage,
  // stock or keys (`ponctl keys create --operator`, `ponctl coverage import`, `ponctl stock import`)
  const seed = config.demo ? await seedDemo(store, { at: clock.now(), inventory }) : undefined;
  const keys = config.demo ? await demoKeys(store, config.dataDir, clock.now()) : undefined;
  const common = { config, store, clock, logger: { level: config.logLevel } };
  const controller = inventory
    ? await createLabController({
        ...common,
        inventory,
        provisioning: { options: { workAhead: true } },
        // monitoring polls the lab's OLTs (issue 6); their traps are sent to our receiver below
        monitoring: { targets: targetsFromInventory(inventory.olts, { omci: true }) },
      })
    : await createController({
        ...common,
        // the registry's OLTs are monitored (those with an SNMP port)
        monitoring: { targets: await registryTargets(store, loadSecretBox(config.secrets)) },
      });
  const url = await controller.listen();
  const trapPort = controller.services.monitoring.trapSource?.port;
  if (inventory && trapPort) await sendLabTrapsTo(inventory, trapPort);
  const free = seed?.addresses.find((a) => a.stockOf === 'sp-alpha' && a.installation === 'existing');
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
    seeded: seed?.created ?? false,
    keysFile: path.join(config.dataDir, 'demo-keys.json'),
    keys,
    demoSps: seed ? DEMO_SPS.map((sp) => ({ id: sp.id, name: sp.name, region: sp.region })) : [],
    olts: (await store.olts.list()).length,
    freeAddress: free && { address: free.address, serial: free.serial },
    async close() {
      await controller.close().catch(() => undefined);
      await store.close().catch(() => undefined);
      await lab?.close().catch(() => undefined);
    },
  };
}

/**
 * `ponctl start` (design §3, §5): the controller, with the simulated lab unless PONCTL_LAB=0, on the
 * configured store; seeds the demo data on first start and prints the listen URL and the demo API
 * keys. `--json` prints one JSON line `{ url, store, lab, keys }` first (for scripts and tests).
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { loadConfig, type Config } from '../../../../main/config.ts';
import { openStore } from '../../../driven/store/index.ts';
import { clockFrom } from '../../../../application/ports/clock.ts';
import { createController } from '../../../../main/controller.ts';
import { DEMO_SPS, demoKeys, seedDemo, type SeedInventory } from '../../../../main/demo-seed.ts';
import { CredentialVault } from '../../../driven/olt/registry.ts';
import {
  LabFieldWork,
  registerLabOlts,
  type LabInventoryLike,
} from '../../../../application/provisioning/index.ts';
import { targetsFromInventory, type InventoryOltLike } from '../../../../application/monitoring/index.ts';

interface LabHandle {
  inventory(): SeedInventory & { control?: string };
  close(): Promise<void>;
}

const LAB_MODULE = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../../simulators/lab/index.ts',
);

async function startLab(cfg: Config): Promise<LabHandle | undefined> {
  if (!cfg.lab || !existsSync(LAB_MODULE)) return undefined;
  const { Lab } = (await import(pathToFileURL(LAB_MODULE).href)) as {
    Lab: { start(o: { dataDir: string }): Promise<LabHandle> };
  };
  return Lab.start({ dataDir: cfg.dataDir });
}

function describeStore(cfg: Config): string {
  return cfg.store.kind === 'sqlite'
    ? `SQLite ${path.relative(process.cwd(), cfg.store.file) || cfg.store.file}`
    : `PostgreSQL ${cfg.store.url.replace(/\/\/[^@/]*@/, '//…@')}`;
}

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('run the controller (API, dashboard, workers) with the simulated lab unless PONCTL_LAB=0')
    .option('--json', 'print { url, store, lab, keys } as the first stdout line')
    .action(async (o: { json?: boolean }) => {
      const config = loadConfig();
      const clock = clockFrom(config.clockStart);
      const lab = await startLab(config);
      const inventory = lab?.inventory();
      const store = await openStore(config.store);
      const seed = await seedDemo(store, { at: clock.now(), inventory });
      const keys = await demoKeys(store, config.dataDir, clock.now());
      const oltProfiles = new Map(
        (inventory?.olts ?? []).map((x) => [x.name, x.profile ?? ''] as [string, string]),
      );
      // provisioning drives the lab's OLTs (registry filled from the inventory); field work is done at once (design §3)
      const vault = new CredentialVault();
      if (inventory)
        await registerLabOlts(
          store,
          vault,
          inventory as unknown as LabInventoryLike,
          clock.now().toISOString(),
        );
      const controller = await createController({
        config,
        store,
        clock,
        oltProfiles,
        logger: { level: config.logLevel },
        provisioning: {
          vault,
          fieldWork: inventory?.control ? new LabFieldWork(inventory.control) : undefined,
          options: { workAhead: !!inventory },
        },
        // monitoring polls the lab's OLTs (issue 6); their traps are sent to our receiver below
        monitoring: inventory
          ? { targets: targetsFromInventory(inventory.olts as unknown as InventoryOltLike[]) }
          : undefined,
      });
      const url = await controller.listen();
      const trapPort = controller.services.monitoring.trapReceiver?.port;
      if (inventory?.control && trapPort) {
        const community =
          (inventory.olts as unknown as InventoryOltLike[])[0]?.credentials.community ?? 'public';
        await fetch(`${inventory.control}/trap-receivers`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ host: '127.0.0.1', port: trapPort, version: 'v2c', community }),
        }).catch(() => undefined);
      }

      let stopping = false;
      const stop = async (signal: string) => {
        if (stopping) return;
        stopping = true;
        process.stderr.write(`\n${signal}: stopping\n`);
        await controller.close().catch(() => undefined);
        await store.close().catch(() => undefined);
        await lab?.close().catch(() => undefined);
        process.exit(0);
      };
      process.on('SIGINT', () => void stop('SIGINT'));
      process.on('SIGTERM', () => void stop('SIGTERM'));

      if (o.json) {
        process.stdout.write(
          JSON.stringify({
            url,
            store: config.store.kind,
            lab: inventory ? path.join(config.dataDir, 'lab.json') : null,
            keys,
          }) + '\n',
        );
        return;
      }
      const out: string[] = [];
      out.push(
        `ponctl controller listening on ${url}  (store: ${describeStore(config)}; clock: ${clock.now().toISOString()})`,
      );
      out.push(`NOC dashboard: ${url}/noc    OpenAPI: ${url}/openapi.json`);
      if (inventory)
        out.push(
          `lab: ${inventory.olts.map((x) => `${x.name} (${x.profile})`).join(', ')}; inventory in ${path.join(config.dataDir, 'lab.json')}`,
        );
      else out.push('lab: not started (PONCTL_LAB=0)');
      out.push(seed.created ? 'demo data seeded: coverage, SPs, ONT stock' : 'demo data present');
      out.push('', `demo API keys (kept in ${path.join(config.dataDir, 'demo-keys.json')}):`);
      out.push(`  operator   ${keys.operator}`);
      for (const sp of DEMO_SPS)
        out.push(
          `  ${sp.id.padEnd(9)}  ${keys.sps[sp.id]}   ${sp.name}${sp.region ? `, region ${sp.region}` : ''}`,
        );
      const free = seed.addresses.find((a) => a.stockOf === 'sp-alpha' && a.installation === 'existing');
      if (free) {
        const body = {
          form: 'BSNA',
          category: 'activation',
          address: free.address,
          contact: { name: 'Ana Anić', phone: '+385 1 555 0101' },
          ownerInstallsHome: false,
          ontSerial: free.serial,
          accessLevel: 'regional',
          services: { internet: '300/150', iptv: 50, voip: '1/1', management: true },
        };
        out.push('', 'try (as sp-alpha):');
        out.push(
          `  curl -s -H 'Authorization: Bearer ${keys.sps['sp-alpha']}' '${url}/v1/coverage?city=Zagreb'`,
        );
        out.push(
          `  curl -s -H 'Authorization: Bearer ${keys.sps['sp-alpha']}' -H 'content-type: application/json' ${url}/v1/orders -d '${JSON.stringify(body)}'`,
        );
      }
      process.stdout.write(out.join('\n') + '\n');
    });
}

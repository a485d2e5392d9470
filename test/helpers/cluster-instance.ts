/**
 * One controller instance as its own process (issue 16 "What must be shown": instances are killed
 * with SIGKILL, so each must be an OS process): built by the composition root like `ponctl start`
 * with PONCTL_LAB=0, on a PostgreSQL schema shared with the other instances, monitoring the OLTs of a
 * lab inventory that another process runs. Prints `{ url, trapPort, pid }` as its first stdout line;
 * SIGTERM stops it cleanly.
 *
 * Environment: PONCTL_TEST_PG (server), CLUSTER_SCHEMA, PONCTL_INSTANCE, PONCTL_LEASE_MS,
 * CLUSTER_INVENTORY (a lab inventory JSON file), CLUSTER_POLL_MS.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore } from '../../src/adapters/driven/store/index.ts';
import { systemClock } from '../../src/adapters/driven/time/system-time.ts';
import { loadConfig } from '../../src/main/config.ts';
import { createController } from '../../src/main/controller.ts';
import { targetsFromInventory, type LabInventory } from '../../src/main/lab.ts';
import { PG_URL } from './pg.ts';

const env = process.env;
const dir = mkdtempSync(path.join(os.tmpdir(), 'ponctl-cluster-inst-'));
const config = loadConfig(
  {
    PONCTL_DATA_DIR: dir,
    PONCTL_LISTEN: '127.0.0.1:0',
    PONCTL_INSTANCE: env.PONCTL_INSTANCE,
    PONCTL_LEASE_MS: env.PONCTL_LEASE_MS,
    PONCTL_LAB: '0',
    PONCTL_LOG_LEVEL: 'error',
    // instances sharing a store share its sealing key (issue 14 item 3)
    PONCTL_SECRET_KEY: createHash('sha256').update(`ponctl-test-${env.CLUSTER_SCHEMA}`).digest('hex'),
  },
  dir,
);
config.store = { kind: 'postgres', url: PG_URL, schema: env.CLUSTER_SCHEMA };
const inv = JSON.parse(readFileSync(env.CLUSTER_INVENTORY!, 'utf8')) as LabInventory;
const store = await openStore(config.store);
const controller = await createController({
  config,
  store,
  clock: systemClock,
  logger: { level: 'error' },
  monitoring: {
    targets: targetsFromInventory(inv.olts, { timeoutMs: 2000 }),
    pollMs: Number(env.CLUSTER_POLL_MS ?? 1000),
    tickMs: 50,
    correlation: { windowMs: 600 },
    traps: { port: 0 },
  },
});
const url = await controller.listen();
process.stdout.write(
  JSON.stringify({ url, trapPort: controller.services.monitoring.trapSource?.port, pid: process.pid }) + '\n',
);
process.once('SIGTERM', () => {
  void (async () => {
    await controller.close().catch(() => undefined);
    await store.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    process.exit(0);
  })();
});

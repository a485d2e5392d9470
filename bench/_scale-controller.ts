/**
 * One controller instance of `npm run bench -- scale` (provisioning) as a process of its own: built by
 * the composition root on the PostgreSQL schema SCALE_SCHEMA for the lab inventory in SCALE_INVENTORY,
 * workers off until a `go` line on stdin (then it listens and its provisioning worker runs; the HTTP
 * app is made ready before, outside the measured window); prints
 * `ready` and `started` lines. SIGTERM stops it.
 * Not a benchmark itself (bench/run.ts skips files starting with `_`).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { openStore } from '../src/adapters/driven/store/index.ts';
import { loadConfig } from '../src/main/config.ts';
import { createLabController, type LabInventory } from '../src/main/lab.ts';

const env = process.env;
const dir = mkdtempSync(path.join(os.tmpdir(), 'ponctl-bench-inst-'));
const config = loadConfig(
  {
    PONCTL_DATA_DIR: dir,
    PONCTL_LISTEN: '127.0.0.1:0',
    PONCTL_INSTANCE: env.PONCTL_INSTANCE,
    PONCTL_LAB: '0',
    PONCTL_SCHEDULER_MS: '200',
    PONCTL_OLT_CONCURRENCY: env.PONCTL_OLT_CONCURRENCY,
  },
  dir,
);
config.store = { kind: 'postgres', url: env.SCALE_PG!, schema: env.SCALE_SCHEMA };
const inventory = JSON.parse(readFileSync(env.SCALE_INVENTORY!, 'utf8')) as LabInventory;
const store = await openStore(config.store);
const controller = await createLabController({
  config,
  store,
  inventory,
  logger: { level: 'error' },
  provisioning: { driftCheckMs: 0, options: { workAhead: true } },
});
// the HTTP app's plugins, routes and schemas compiled now, before `ready`: app.listen at `go` did it
// inside the measured window (about a CPU-second per instance, 0.7 ms per order at 3 instances and
// 4 096 orders, that was no provisioning's)
await controller.app.ready();
const say = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');
say({ ready: true });
const stop = async () => {
  await controller.close().catch(() => undefined);
  await store.close().catch(() => undefined);
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() === 'go') {
    await controller.listen();
    say({ started: true });
  }
}

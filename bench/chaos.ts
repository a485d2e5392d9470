/**
 * `npm run bench -- chaos` (issue 17 item 6): the chaos run of test/e2e/chaos.test.ts, longer — more
 * cycles and bigger bursts, on SQLite and on PostgreSQL (when PONCTL_TEST_PG or the default local
 * server answers). Prints cycles, kills, recovery times (p50/max; the process start shown apart),
 * orders in each end state, what any OLT still differed from intent, and the load average.
 * PONCTL_CHAOS_CYCLES (default 10), PONCTL_CHAOS_ORDERS (per cycle, default 12; the lab has 64 ONTs,
 * so cycles × orders is capped by the free addresses), PONCTL_CHAOS_SEED.
 */
import { cpus, loadavg } from 'node:os';
import pg from 'pg';
import { formatChaos, runChaos } from '../test/helpers/chaos.ts';
import { line } from './_util.ts';

const PG_URL = process.env.PONCTL_TEST_PG || 'postgres://postgres@127.0.0.1:5432/test';

async function pgAvailable(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

export async function benchChaos(): Promise<void> {
  const cycles = Number(process.env.PONCTL_CHAOS_CYCLES) || 10;
  const perCycle = Math.min(Number(process.env.PONCTL_CHAOS_ORDERS) || 12, Math.floor(40 / cycles) || 1);
  const seed = Number(process.env.PONCTL_CHAOS_SEED) || Math.floor(Math.random() * 2 ** 31);
  const stores: ('sqlite' | 'postgres')[] = ['sqlite'];
  if (await pgAvailable()) stores.push('postgres');
  else line('PostgreSQL', `not reachable at ${PG_URL}: SQLite only`);
  for (const store of stores) {
    const r = await runChaos({
      store,
      pgUrl: PG_URL,
      cycles,
      ordersPerCycle: perCycle,
      seed,
      leaseMs: 2000,
      settleTimeoutMs: 60_000,
      log: (l) => process.stdout.write(`  ${l}\n`),
    });
    process.stdout.write(formatChaos(r) + '\n');
    const bad = r.cycles.filter(
      (c) => c.stuck.length || Object.values(c.drift).some((d) => d.changes.length),
    );
    line('  cycles with a stuck order or an OLT differing from intent', String(bad.length));
  }
  line(
    'machine',
    `${cpus().length} cores, load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
}

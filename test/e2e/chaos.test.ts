/**
 * Chaos (issue 17 "What must be shown", item 6): the lab in its own process, the controller killed
 * with SIGKILL at random points during order bursts while OLTs go down and up, sessions drop and
 * commits fail — on SQLite and on PostgreSQL (test/helpers/chaos.ts). After every cycle: each order is
 * completed, failed with a reason, or scheduled (none stuck), and each OLT's read-back configuration
 * equals the store's intent. Bounded: 3 cycles × 6 orders per store; `npm run bench -- chaos` runs more.
 */
import { describe, expect, it } from 'vitest';
import { formatChaos, runChaos } from '../helpers/chaos.ts';
import { PG_URL } from '../helpers/pg.ts';

const CYCLES = 3;
const LEASE_MS = 2000;

describe.each(['sqlite', 'postgres'] as const)('chaos on %s', (store) => {
  it(`${CYCLES} cycles of bursts, kill -9, OLT down/up, dropped sessions, failed commits: nothing stuck, devices = intent`, async () => {
    const seed = Number(process.env.PONCTL_CHAOS_SEED) || Math.floor(Math.random() * 2 ** 31);
    const r = await runChaos({
      store,
      pgUrl: PG_URL,
      cycles: CYCLES,
      ordersPerCycle: 6,
      seed,
      leaseMs: LEASE_MS,
      settleTimeoutMs: 30_000,
      log: (l) => process.stdout.write(`[chaos ${store}] ${l}\n`),
    });
    process.stdout.write(formatChaos(r) + '\n');
    expect(r.kills).toBe(CYCLES);
    for (const c of r.cycles) {
      expect(c.stuck, `cycle ${c.cycle} (seed ${seed})`).toEqual([]);
      expect(c.failedWithoutReason, `cycle ${c.cycle}`).toEqual([]);
      for (const [olt, d] of Object.entries(c.drift))
        expect(d.changes, `cycle ${c.cycle}: ${olt} differs from the store's intent (seed ${seed})`).toEqual(
          [],
        );
    }
    // every order ended somewhere; the burst orders were all accepted (SPs retried with their keys)
    const s = r.states;
    expect(s.completed + s.failed + s.scheduled).toBe(CYCLES * 6);
    expect(s.completed).toBeGreaterThan(0);
    // the killed processes' device-write records were all closed (abandoned runs, or finished)
    expect(r.runs.open).toBe(0);
    // recovery in seconds, not the 120 s lease of before: restart + reconcile + the burst's work
    expect(r.recoveryMs.max).toBeLessThan(30_000);
  }, 150_000);
});

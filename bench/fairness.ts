/**
 * `npm run bench -- fairness` (issue 17 item 4, What must be shown; docs/fairness.md): SP B's intake
 * latency (p50/p99 of POST /v1/orders, each a valid fault ticket then withdrawn) alone, then while SP A
 * floods POST /v1/orders from BENCH_FLOOD_LANES (default 16) connections as fast as they are answered
 * (valid tickets, each withdrawn again, so A's orders are accepted work, not cheap refusals). Run with
 * the per-key rate limit as configured by default and with it off (the intake alone). SQLite, the
 * controller in this process (client and server share the CPU: figures are relative, baseline vs
 * flood, taken in the same run). Env: BENCH_B_ORDERS (default 200). Load average printed.
 */
import { loadavg } from 'node:os';
import { startTestController, type TestController } from '../test/helpers/controller.ts';
import { line, percentile } from './_util.ts';

const CATEGORIES = ['degradation', 'interruption', 'home-installation', 'joint-visit'];

async function ticketAndWithdraw(t: TestController, key: string, adapterId: string, category: string) {
  const t0 = performance.now();
  const r = await t.call('POST', '/v1/orders', {
    key,
    body: { form: 'SBSN', category, adapterId, description: 'bench' },
  });
  const ms = performance.now() - t0;
  if (r.status === 202) await t.call('POST', `/v1/orders/${r.body.id}/cancel`, { key });
  return { ms, status: r.status };
}

async function run(label: string, env: Record<string, string>): Promise<void> {
  const nB = Number(process.env.BENCH_B_ORDERS) || 200;
  const lanes = Number(process.env.BENCH_FLOOD_LANES) || 16;
  const t = await startTestController({ env });
  try {
    const alpha = t.seed.addresses
      .filter((a) => a.active?.spId === 'sp-alpha')
      .map((a) => a.active!.adapterId);
    const beta = t.seed.addresses.find((a) => a.active?.spId === 'sp-beta')!.active!.adapterId;
    const sampleB = async () => {
      const ms: number[] = [];
      for (let i = 0; i < nB; i++) {
        const r = await ticketAndWithdraw(t, t.keys.beta, beta, 'degradation');
        if (r.status !== 202) throw new Error(`SP B's order answered ${r.status}`);
        ms.push(r.ms);
      }
      return ms;
    };
    await sampleB(); // warm-up
    const base = await sampleB();

    let stop = false;
    const statuses: Record<number, number> = {};
    const flood = Array.from({ length: lanes }, async (_, lane) => {
      // each lane its own (access, category): no two lanes race for one FAULT_ALREADY_OPEN slot
      const adapterId = alpha[lane % alpha.length];
      const category = CATEGORIES[Math.floor(lane / alpha.length) % CATEGORIES.length];
      while (!stop) {
        const r = await ticketAndWithdraw(t, t.keys.alpha, adapterId, category);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      }
    });
    const t0 = performance.now();
    const during = await sampleB();
    const seconds = (performance.now() - t0) / 1000;
    stop = true;
    await Promise.all(flood);

    const p = (xs: number[], q: number) => percentile(xs, q).toFixed(1);
    line(`${label}: SP B alone, ${nB} orders`, `p50 ${p(base, 50)} ms, p99 ${p(base, 99)} ms`);
    line(
      `${label}: SP B while SP A floods (${lanes} connections)`,
      `p50 ${p(during, 50)} ms, p99 ${p(during, 99)} ms`,
    );
    line(
      `${label}: p99 ratio flood / alone`,
      `${(percentile(during, 99) / percentile(base, 99)).toFixed(2)}×`,
    );
    const aTotal = Object.values(statuses).reduce((a, b) => a + b, 0);
    line(
      `${label}: SP A's orders meanwhile`,
      `${aTotal} in ${seconds.toFixed(1)} s (${Math.round(aTotal / seconds)}/s): ${JSON.stringify(statuses)}`,
    );
    line(
      `${label}: load average (1, 5, 15 min)`,
      loadavg()
        .map((x) => x.toFixed(2))
        .join(', '),
    );
  } finally {
    await t.close();
  }
}

export async function benchFairness(): Promise<void> {
  await run('rate limit as configured', {});
  await run('rate limit off', { PONCTL_RATE_LIMIT: '0' });
}

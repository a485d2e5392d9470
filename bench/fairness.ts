/**
 * `npm run bench -- fairness` (issue 17 item 4, What must be shown; docs/fairness.md): SP B's intake
 * latency (p50/p99 of POST /v1/orders, each a valid fault ticket then withdrawn) alone, then while SP A
 * floods POST /v1/orders from BENCH_FLOOD_LANES (default 16) connections as fast as they are answered
 * (valid tickets, each withdrawn again, so A's orders are accepted work, not cheap refusals; a 429 is
 * retried at once, the worst a client can do). The controller runs in its own process
 * (`ponctl start`, SQLite, as `bench intake` does) so the clients do not share its event loop. Runs
 * with the fair intake gate as configured by default (src/adapters/driving/api/intake-gate.ts) and
 * with it off (PONCTL_INTAKE_CONCURRENCY=0), the per-key rate limit off in both (it would refuse A's
 * flood after 6 000 orders a minute, which is not what is measured here). Env: BENCH_B_ORDERS
 * (default 200). Load average printed.
 */
import { fork } from 'node:child_process';
import { rmSync, mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../src/adapters/driven/store/index.ts';
import { seedDemo } from '../src/main/demo-seed.ts';
import { freePort, startChildController, exited } from '../test/helpers/child-controller.ts';
import { line, percentile } from './_util.ts';

const NOW = new Date('2026-03-02T08:00:00Z');

type Call = (
  method: string,
  p: string,
  key: string,
  body?: unknown,
) => Promise<{ status: number; body: { id?: string } | string }>;

async function ticketAndWithdraw(call: Call, key: string, adapterId: string, category: string) {
  const t0 = performance.now();
  const r = await call('POST', '/v1/orders', key, {
    form: 'SBSN',
    category,
    adapterId,
    description: 'bench',
  });
  const ms = performance.now() - t0;
  if (r.status === 202) await call('POST', `/v1/orders/${(r.body as { id: string }).id}/cancel`, key);
  return { ms, status: r.status };
}

async function run(label: string, env: Record<string, string>): Promise<void> {
  const nB = Number(process.env.BENCH_B_ORDERS) || 200;
  const lanes = Number(process.env.BENCH_FLOOD_LANES) || 16;
  const dataDir = mkdtempSync(path.join(tmpdir(), 'ponctl-bench-fair-'));
  const store = await openStore({ kind: 'sqlite', file: path.join(dataDir, 'ponctl.sqlite') });
  const seed = await seedDemo(store, { at: NOW });
  await store.close();
  const c = await startChildController({
    dataDir,
    port: await freePort(),
    env: { PONCTL_CLOCK: NOW.toISOString(), PONCTL_RATE_LIMIT: '0', PONCTL_SP_MAX_OPEN_ORDERS: '0', ...env },
  });
  const call: Call = async (method, p, key, body) => {
    const res = await fetch(c.url + p, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return {
      status: res.status,
      body: res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text,
    };
  };
  const keys = { alpha: c.keys.sps['sp-alpha'], beta: c.keys.sps['sp-beta'] };
  try {
    const alpha = seed.addresses.filter((a) => a.active?.spId === 'sp-alpha').map((a) => a.active!.adapterId);
    const beta = seed.addresses.find((a) => a.active?.spId === 'sp-beta')!.active!.adapterId;
    const sampleB = async () => {
      const ms: number[] = [];
      for (let i = 0; i < nB; i++) {
        const r = await ticketAndWithdraw(call, keys.beta, beta, 'degradation');
        if (r.status !== 202) throw new Error(`SP B's order answered ${r.status}`);
        ms.push(r.ms);
      }
      return ms;
    };
    await sampleB(); // warm-up
    const base = await sampleB();

    const flood = fork(path.join(path.dirname(fileURLToPath(import.meta.url)), '_fairness-flood.ts'), [], {
      execArgv: ['--import', 'tsx'],
      env: {
        ...process.env,
        FLOOD_URL: c.url,
        FLOOD_KEY: keys.alpha,
        FLOOD_ADAPTERS: alpha.join(','),
        BENCH_FLOOD_LANES: String(lanes),
      },
    });
    const statusesOf = new Promise<Record<number, number>>((resolve, reject) => {
      flood.on('message', (m: { statuses?: Record<number, number> }) => m?.statuses && resolve(m.statuses));
      flood.once('exit', (code) => code !== 0 && reject(new Error(`flood exited ${code}`)));
    });
    await new Promise((resolve) => flood.once('message', resolve)); // 'started'
    await new Promise((resolve) => setTimeout(resolve, 500)); // the flood running at full rate
    const t0 = performance.now();
    const during = await sampleB();
    const seconds = (performance.now() - t0) / 1000;
    flood.send('stop');
    const statuses = await statusesOf;

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
    c.child.kill('SIGTERM');
    await exited(c.child);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchFairness(): Promise<void> {
  // the gate's settings from the environment (PONCTL_INTAKE_*) reach the controller it starts
  const e = process.env;
  await run(
    `fair intake gate (${e.PONCTL_INTAKE_CONCURRENCY ?? 4} slots, ${e.PONCTL_INTAKE_PER_SP ?? 2} per SP)`,
    {},
  );
  await run('no intake gate', { PONCTL_INTAKE_CONCURRENCY: '0' });
}

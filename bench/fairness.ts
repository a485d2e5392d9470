/**
 * `npm run bench -- fairness` (issue 17 item 4, What must be shown; docs/fairness.md): SP B's intake
 * latency (p50/p99 of POST /v1/orders, each a valid fault ticket then withdrawn) alone, then while SP A
 * floods POST /v1/orders from BENCH_FLOOD_LANES (default 16) connections as fast as they are answered
 * (valid tickets, each withdrawn again, so A's orders are accepted work, not cheap refusals; a 429 is
 * retried at once, the worst a client can do). The controller runs in its own process
 * (`ponctl start`, SQLite, as `bench intake` does) so the clients do not share its event loop. Runs
 * with the fair intake gate as configured by default (src/adapters/driving/api/intake-gate.ts) and
 * with it off (PONCTL_INTAKE_CONCURRENCY=0), the per-key rate limit off in both (it would refuse A's
 * flood after 6 000 orders a minute, which is not what is measured here). Also printed: the
 * controller's CPU time while each of B's orders is answered (B's work plus what it waited behind,
 * which a loaded machine does not stretch), SP A's accepted orders/s beside B and then alone (B's last
 * order over a second ago) with the controller's CPU per order, and A's share of 429s — so B's latency
 * is not bought by refusing or idling A's. Env: BENCH_B_ORDERS (default 1 000);
 * BENCH_FAIRNESS_GATE_OFF=0 skips the run without the gate. Load average printed.
 */
import { fork } from 'node:child_process';
import { readFileSync, rmSync, mkdtempSync } from 'node:fs';
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

/**
 * CPU time (ns) the controller's main thread has run so far (Linux: /proc/PID/task/PID/schedstat, whose
 * first field is the time on a CPU), or undefined elsewhere. The controller's CPU time spent while
 * one of B's orders is answered is B's own work plus the work B waited behind — the share of the wait
 * that is ponctl's and not the machine's: a loaded machine stretches wall time, not this.
 */
function cpuNs(pid: number | undefined): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ')[0]);
  } catch {
    return undefined;
  }
}

async function ticketAndWithdraw(call: Call, key: string, adapterId: string, category: string, pid?: number) {
  const cpu0 = cpuNs(pid);
  const t0 = performance.now();
  const r = await call('POST', '/v1/orders', key, {
    form: 'SBSN',
    category,
    adapterId,
    description: 'bench',
  });
  const ms = performance.now() - t0;
  const cpu1 = cpuNs(pid);
  const cpuMs = cpu0 !== undefined && cpu1 !== undefined ? (cpu1 - cpu0) / 1e6 : undefined;
  if (r.status === 202) await call('POST', `/v1/orders/${(r.body as { id: string }).id}/cancel`, key);
  return { ms, cpuMs, status: r.status };
}

async function run(label: string, env: Record<string, string>): Promise<void> {
  // 1 000 samples: the p99 of 200 is their second-largest value, one scheduler hiccup of a loaded
  // 2-core machine; of 1 000 it is the tenth-largest, a property of the service rather than of one event
  const nB = Number(process.env.BENCH_B_ORDERS) || 1000;
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
    const pid = c.child.pid;
    const sampleB = async (n = nB) => {
      const ms: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < n; i++) {
        const r = await ticketAndWithdraw(call, keys.beta, beta, 'degradation', pid);
        if (r.status !== 202) throw new Error(`SP B's order answered ${r.status}`);
        ms.push(r.ms);
        if (r.cpuMs !== undefined) cpu.push(r.cpuMs);
      }
      return { ms, cpu };
    };
    await sampleB(Math.min(nB, 200)); // warm-up
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
    type Tally = { statuses: Record<number, number>; seconds: number };
    const tallyOf = new Promise<Tally>((resolve, reject) => {
      flood.on('message', (m: Partial<Tally>) => m?.statuses && resolve(m as Tally));
      flood.once('exit', (code) => code !== 0 && reject(new Error(`flood exited ${code}`)));
    });
    const sofar = () =>
      new Promise<number>((resolve) => {
        const on = (m: { tally?: Record<number, number> }) => {
          if (!m?.tally) return;
          flood.off('message', on);
          resolve(m.tally[202] ?? 0);
        };
        flood.on('message', on);
        flood.send('tally');
      });
    await new Promise((resolve) => flood.once('message', resolve)); // 'started'
    await new Promise((resolve) => setTimeout(resolve, 500)); // the flood running at full rate
    const during0 = await sofar();
    const cpu0 = cpuNs(pid);
    const t0 = performance.now();
    const during = await sampleB();
    const busySeconds = (performance.now() - t0) / 1000;
    const cpu1 = cpuNs(pid);
    const duringRate = ((await sofar()) - during0) / busySeconds;
    // then SP A alone, B's last order over a second ago (intake-gate.ts ACTIVE_MS): what the flood gets
    // when nobody else orders — work-conserving, the gate keeps none of it for the others
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const [alone0, aloneT0, aloneCpu0] = [await sofar(), performance.now(), cpuNs(pid)];
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const aloneCpu1 = cpuNs(pid);
    const aloneOrders = (await sofar()) - alone0;
    const aloneRate = aloneOrders / ((performance.now() - aloneT0) / 1000);
    const cpuPerOrder =
      aloneCpu0 !== undefined && aloneCpu1 !== undefined
        ? ` (controller CPU ${((aloneCpu1 - aloneCpu0) / 1e6 / Math.max(1, aloneOrders)).toFixed(2)} ms an order)`
        : '';
    flood.send('stop');
    const { statuses, seconds } = await tallyOf;

    const p = (xs: number[], q: number) => percentile(xs, q).toFixed(1);
    const mean = (xs: number[]) => (xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(2);
    const ratio = (a: number[], b: number[]) => (percentile(a, 99) / percentile(b, 99)).toFixed(2);
    line(`${label}: SP B alone, ${nB} orders`, `p50 ${p(base.ms, 50)} ms, p99 ${p(base.ms, 99)} ms`);
    line(
      `${label}: SP B while SP A floods (${lanes} connections)`,
      `p50 ${p(during.ms, 50)} ms, p99 ${p(during.ms, 99)} ms`,
    );
    line(`${label}: p99 ratio flood / alone`, `${ratio(during.ms, base.ms)}×`);
    // the median is what one intake of A's ahead of B shows; the p99 is mostly the machine's scheduling
    line(
      `${label}: p50 ratio flood / alone`,
      `${(percentile(during.ms, 50) / percentile(base.ms, 50)).toFixed(2)}×`,
    );
    if (base.cpu.length && during.cpu.length) {
      line(
        `${label}: controller CPU while B's order is answered`,
        `alone mean ${mean(base.cpu)} / p99 ${p(base.cpu, 99)} ms, flood mean ${mean(during.cpu)} / ` +
          `p99 ${p(during.cpu, 99)} ms (mean ${(Number(mean(during.cpu)) / Number(mean(base.cpu))).toFixed(2)}×)`,
      );
    }
    const aTotal = Object.values(statuses).reduce((a, b) => a + b, 0);
    line(
      `${label}: SP A's orders accepted`,
      `alone ${Math.round(aloneRate)}/s${cpuPerOrder}, beside B ${Math.round(duringRate)}/s; in all ${aTotal} in ` +
        `${seconds.toFixed(1)} s, ${((100 * (statuses[429] ?? 0)) / Math.max(1, aTotal)).toFixed(1)}% 429 ` +
        JSON.stringify(statuses),
    );
    if (cpu0 !== undefined && cpu1 !== undefined) {
      line(
        `${label}: controller CPU busy during B's flood sample`,
        `${((cpu1 - cpu0) / 1e7 / busySeconds).toFixed(0)}% of a core`,
      );
    }
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
    `fair intake gate (${e.PONCTL_INTAKE_CONCURRENCY ?? 8} slots, ${e.PONCTL_INTAKE_PER_SP ?? 8} per SP alone)`,
    {},
  );
  if (e.BENCH_FAIRNESS_GATE_OFF !== '0') await run('no intake gate', { PONCTL_INTAKE_CONCURRENCY: '0' });
}

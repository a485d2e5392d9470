/**
 * One monitoring instance of `npm run bench -- scale` as a process of its own (bench/scale.ts starts
 * one or three): watches the OLTs named in SCALE_OLTS of the lab inventory in SCALE_INVENTORY, polls
 * each once at start (the cold sweep: PON lists, identities), then on each `go` line on stdin polls
 * every OLT it watches at once — one full sweep of ONT state + RX power — and prints what it took.
 * Not a benchmark itself (bench/run.ts skips files starting with `_`).
 */
import { readFileSync } from 'node:fs';
import { PerformanceObserver, performance as perf } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import type { LabInventory } from '../simulators/lab/inventory.ts';
import { createMonitoring } from '../src/main/monitoring.ts';
import { targetsFromInventory } from '../src/main/lab.ts';

const inv = JSON.parse(readFileSync(process.env.SCALE_INVENTORY!, 'utf8')) as LabInventory;
const names = new Set(process.env.SCALE_OLTS!.split(','));
const olts = inv.olts.filter((o) => names.has(o.name));
const onts = olts.reduce((n, o) => n + o.pons.reduce((m, p) => m + p.onts.length, 0), 0);
const say = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');

const mon = createMonitoring({
  targets: targetsFromInventory(olts, { timeoutMs: 10_000 }),
  // one poll at start, then only the sweeps asked for
  pollMs: 24 * 3_600_000,
  traps: false,
  concurrency: Number(process.env.SCALE_CONCURRENCY ?? 8),
});
const t0 = performance.now();
await mon.start();
while (mon.onts.size < onts) await new Promise((r) => setTimeout(r, 20));
say({ ready: true, coldMs: performance.now() - t0, olts: olts.length, onts: mon.onts.size });

// SCALE_PROFILE_DIR: a CPU profile of this poller's warm sweeps only (not its start or cold sweep)
const profDir = process.env.SCALE_PROFILE_DIR;
const inspector = profDir ? new (await import('node:inspector/promises')).Session() : undefined;
if (inspector) {
  inspector.connect();
  await inspector.post('Profiler.enable');
  await inspector.post('Profiler.start');
}

// bench/_scale-util.ts Child.stop sends SIGTERM
process.once('SIGTERM', () => void end());

// garbage collection pauses of the main thread (wall clock), summed
let gcMs = 0;
new PerformanceObserver((l) => {
  for (const e of l.getEntries()) gcMs += e.duration;
}).observe({ entryTypes: ['gc'] });

for await (const line of createInterface({ input: process.stdin })) {
  if (line.trim() !== 'go') break;
  const g0 = gcMs;
  const c0 = process.cpuUsage();
  const u0 = { ...perf.nodeTiming.uvMetricsInfo };
  const r0 = process.resourceUsage();
  const s0 = performance.now();
  const outcomes = await Promise.all([...names].map((n) => mon.pollNow(n)));
  const sweepMs = performance.now() - s0;
  const c = process.cpuUsage(c0);
  const u = perf.nodeTiming.uvMetricsInfo;
  const r = process.resourceUsage();
  const rows = outcomes.reduce((n, o) => n + (o.ok ? o.rows.length : 0), 0);
  say({
    sweepMs,
    cpuMs: (c.user + c.system) / 1000,
    rows,
    failed: outcomes.filter((o) => !o.ok).length,
    rss: process.memoryUsage().rss,
    // how the work came: event-loop turns and events handled, context switches (voluntary: waited)
    gcMs: gcMs - g0,
    loops: u.loopCount - u0.loopCount,
    events: u.events - u0.events,
    vcsw: r.voluntaryContextSwitches - r0.voluntaryContextSwitches,
    ivcsw: r.involuntaryContextSwitches - r0.involuntaryContextSwitches,
  });
}
await end();

async function end(): Promise<never> {
  if (inspector) {
    const { profile } = await inspector.post('Profiler.stop');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(`${profDir}/poller-${process.pid}.cpuprofile`, JSON.stringify(profile));
  }
  await mon.stop();
  process.exit(0);
}

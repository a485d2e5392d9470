/**
 * `npm run bench -- sla` (design §10, issue 7): one month of SLA credits for 100 000 subscribers and
 * 10 000 outages (target < 2 s), the CSV statement of one SP, and the process RSS. Data is generated
 * deterministically (fixed-seed LCG) so runs compare.
 */
import {
  computeMonthlyCredits,
  OUTAGE_CAUSES,
  parseIncidentsFile,
  statementCsv,
  STOP_REASONS,
  type IncidentsFile,
  type Outage,
  type PlannedWork,
  type SlaSubscriber,
} from '../src/domain/sla/index.ts';
import { mb } from './_util.ts';

const SUBSCRIBERS = 100_000;
const OUTAGES = 10_000;
const PLANNED_WORKS = 500;
const SPS = 8;

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s / 2 ** 32;
  };
}

export function generateMonth(
  seed = 7,
  size: { subscribers: number; outages: number; plannedWorks: number } = {
    subscribers: SUBSCRIBERS,
    outages: OUTAGES,
    plannedWorks: PLANNED_WORKS,
  },
): IncidentsFile {
  const { subscribers: SUBS, outages: OUTS, plannedWorks: WORKS } = size;
  const rnd = lcg(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const subscribers: SlaSubscriber[] = [];
  for (let i = 0; i < SUBS; i++) {
    subscribers.push({
      adapterId: `A-${i}`,
      sp: `sp${i % SPS}`,
      accessLevel: pick(['national', 'regional', 'olt'] as const),
      multiDwellingNoInBuilding: rnd() < 0.3,
      services: {
        internet: pick(['100/100', '200/100', '300/150', '500/250', '1000/500'] as const),
        ...(rnd() < 0.5 ? { iptv: pick([10, 50, 100] as const) } : {}),
        ...(rnd() < 0.3 ? { voip: '1/1' as const } : {}),
        management: rnd() < 0.5,
      },
      ownerInstalledHome: rnd() < 0.5,
      ontFromOwner: true,
    });
  }
  const monthStart = Date.parse('2026-03-01T00:00:00+01:00');
  const span = 30 * 24 * 3_600_000;
  const iso = (ms: number) => new Date(ms).toISOString();
  const outages: Outage[] = [];
  for (let i = 0; i < OUTS; i++) {
    // a PON cut takes down up to 32 accesses on one port; other causes one access
    const cause = pick(OUTAGE_CAUSES);
    const size = cause === 'pon-fibre-cut' || cause === 'olt-down' ? 1 + Math.floor(rnd() * 32) : 1;
    const first = Math.floor(rnd() * (SUBS - size));
    const start = monthStart - 86_400_000 + Math.floor(rnd() * span);
    const len = Math.floor(rnd() * (rnd() < 0.1 ? 200 : 12) * 3_600_000);
    const o: Outage = {
      id: `o${i}`,
      adapterIds: Array.from({ length: size }, (_, k) => `A-${first + k}`),
      start: iso(start),
      end: iso(start + len),
      cause,
    };
    if (rnd() < 0.2) o.services = [pick(['internet', 'iptv', 'voip'] as const)];
    if (rnd() < 0.2)
      o.stops = [{ start: iso(start + len / 4), end: iso(start + len / 2), reason: pick(STOP_REASONS) }];
    outages.push(o);
  }
  const plannedWorks: PlannedWork[] = [];
  for (let i = 0; i < WORKS; i++) {
    const first = Math.floor(rnd() * (SUBS - 64));
    const start = monthStart + Math.floor(rnd() * span);
    plannedWorks.push({
      scope: { adapterIds: Array.from({ length: 64 }, (_, k) => `A-${first + k}`) },
      start: iso(start),
      end: iso(start + 4 * 3_600_000),
      announcedAt: iso(start - Math.floor(rnd() * 7) * 86_400_000),
    });
  }
  return { subscribers, outages, plannedWorks };
}

/** Wall and CPU time of one call (CPU time shows the work itself when other processes share the cores). */
function timed<T>(fn: () => T): { value: T; wallMs: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const wallMs = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, wallMs, cpuMs: (c.user + c.system) / 1000 };
}
const fmt = (t: { wallMs: number; cpuMs: number }) =>
  `${t.wallMs.toFixed(0)} ms (cpu ${t.cpuMs.toFixed(0)} ms)`;

export async function benchSla(): Promise<void> {
  const gen = timed(() => generateMonth());
  const input = gen.value;
  const parse = timed(() => parseIncidentsFile(JSON.parse(JSON.stringify(input))));
  const validated = parse.value;
  const cold = timed(() => computeMonthlyCredits(validated, '2026-03'));
  const warm = [0, 1, 2]
    .map(() => timed(() => computeMonthlyCredits(validated, '2026-03')))
    .sort((a, b) => a.wallMs - b.wallMs)[0];
  const report = cold.value;
  const csv = timed(() => statementCsv(report, validated.subscribers, 'sp1', '2026-03'));
  const lines = report.sps.reduce((n, s) => n + s.subscribers.reduce((m, x) => m + x.lines.length, 0), 0);
  const credited = report.sps.reduce((n, s) => n + s.subscribers.length, 0);
  const mem = process.memoryUsage();
  process.stdout.write(
    [
      `input: ${SUBSCRIBERS} subscribers, ${OUTAGES} outages, ${PLANNED_WORKS} planned works (generated in ${fmt(gen)})`,
      `validate incidents file (JSON round trip + parseIncidentsFile): ${fmt(parse)}`,
      `computeMonthlyCredits 2026-03, first run: ${fmt(cold)}; best of 3 more: ${fmt(warm)}  (target < 2000 ms)`,
      `  ${lines} credit lines for ${credited} accesses, ${report.excluded.length} exclusions, total ${report.total.toFixed(2)} EUR`,
      `statementCsv sp1: ${fmt(csv)}  (${csv.value.length} bytes, ${csv.value.split('\r\n').length - 2} rows)`,
      `RSS: ${mb(mem.rss)}  heap used: ${mb(mem.heapUsed)}  (load average ${(await import('node:os')).loadavg()[0].toFixed(1)})`,
      '',
    ].join('\n'),
  );
}

/**
 * The SLA month of `npm run bench -- scale` in a process of its own (its RSS is the month's alone):
 * SCALE_SUBSCRIBERS subscribers and SCALE_OUTAGES outages generated as bench/sla.ts does, validated,
 * then computeMonthlyCredits; prints one JSON line. Not a benchmark itself.
 */
import { computeMonthlyCredits, parseIncidentsFile } from '../src/domain/sla/index.ts';
import { generateMonth } from './sla.ts';

const subscribers = Number(process.env.SCALE_SUBSCRIBERS);
const outages = Number(process.env.SCALE_OUTAGES);
const t0 = performance.now();
const input = generateMonth(7, { subscribers, outages, plannedWorks: Math.max(1, Math.round(outages / 20)) });
const genMs = performance.now() - t0;
const t1 = performance.now();
const validated = parseIncidentsFile(input);
const parseMs = performance.now() - t1;
const c0 = process.cpuUsage();
const t2 = performance.now();
const report = computeMonthlyCredits(validated, '2026-03');
const computeMs = performance.now() - t2;
const c = process.cpuUsage(c0);
const credited = report.sps.reduce((n, s) => n + s.subscribers.length, 0);
process.stdout.write(
  JSON.stringify({
    genMs,
    parseMs,
    computeMs,
    computeCpuMs: (c.user + c.system) / 1000,
    credited,
    total: report.total,
    rss: process.memoryUsage().rss,
    peakRss: process.resourceUsage().maxRSS * 1024,
  }) + '\n',
);

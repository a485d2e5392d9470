/**
 * `npm run bench -- scale [--small] [--only=poll|provision|sla]` (issue 16 item 5, "What must be shown"):
 *
 * 1. the lab at size (64 OLTs × 8 PON × 128 ONT = 65 536 ONTs of ZXA10 C300s, spread over
 *    SCALE_LAB_PROCS `ponctl lab` processes), its start time and RSS; one full poll sweep (ONT state +
 *    RX power of every ONT) by 1 and by 3 monitoring instances, each a process watching the OLTs the
 *    per-OLT lease assignment gives it, their timed sweeps alternating (bench/_scale-poll.ts); the
 *    CPU each sweep cost, the pollers' and each lab process's, read from /proc (target: < 5 s with one
 *    instance, 3 no slower than 1);
 * 2. 16 384 activations over 16 BBF OLTs (bbf-tr385, 8 × 128), accepted → verified, with 1 and with 3
 *    controller processes on PostgreSQL (bench/_scale-controller.ts; a fresh lab and schema each),
 *    the v-ANIs read back from every OLT, one at a time, after the clock stopped (target:
 *    ≥ 1 000 subscribers/s with one); the CPU it cost, per order and as shares: the controller
 *    processes, the lab processes (and each one's), and the PostgreSQL backends of the instances
 *    (bench/_scale-pgcpu.ts);
 * 3. the SLA month for 1 000 000 subscribers and 100 000 outages in a process of its own
 *    (bench/_scale-sla.ts; target < 5 s, RSS < 1.5 GB).
 *
 * `SCALE_POLL` / `SCALE_PROV` (e.g. `16x8x128`, OLTs × PONs × ONTs) set a size of one's own;
 * `SCALE_INSTANCES=1` runs provisioning with one instance only. `SCALE_LAB_PROCS` (default: the number
 * of CPUs) spreads each part's lab over that many `ponctl lab` processes (`--first-olt`): one
 * single-threaded lab process capped the runs (issue 16); the CPU of each is printed.
 * `SCALE_ROUNDS` (default 5): timed poll sweeps per set of instances, after untimed ones until each
 * poller has polled as many OLTs as one instance does in `SCALE_WARMUP` sweeps (default 3; steady
 * state: a monitoring instance polls for as long as it runs).
 * `--small` runs every part at a size a loaded machine can take in a minute or two (smoke); the load
 * average is printed beside every figure.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { PG_URL, envCount, labProcs, load, tsChild } from './_scale-util.ts';
import { line, mb } from './_util.ts';
import { pollRun } from './_scale-poll.ts';
import { provisionRun } from './_scale-provision.ts';

const SMALL = process.argv.includes('--small') || process.env.PONCTL_BENCH_SMALL === '1';
// `--only=poll|provision|sla` (with `=`: bench/run.ts reads every bare word as a benchmark name)
const ONLY = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const SIZE = SMALL
  ? {
      poll: { olts: 8, pons: 4, onts: 32 },
      prov: { olts: 4, pons: 2, onts: 32 },
      sla: { subscribers: 50_000, outages: 5_000 },
    }
  : {
      poll: { olts: 64, pons: 8, onts: 128 },
      prov: { olts: 16, pons: 8, onts: 128 },
      sla: { subscribers: 1_000_000, outages: 100_000 },
    };

/** `SCALE_POLL=64x8x128`, `SCALE_PROV=16x8x128` (OLTs × PONs × ONTs): a size of one's own. */
function sizeFromEnv(v: string | undefined, d: { olts: number; pons: number; onts: number }) {
  const m = v ? /^(\d+)x(\d+)x(\d+)$/.exec(v) : null;
  return m ? { olts: Number(m[1]), pons: Number(m[2]), onts: Number(m[3]) } : d;
}
SIZE.poll = sizeFromEnv(process.env.SCALE_POLL, SIZE.poll);
SIZE.prov = sizeFromEnv(process.env.SCALE_PROV, SIZE.prov);

async function benchPollAtSize(dir: string): Promise<void> {
  await pollRun({
    dir,
    size: SIZE.poll,
    labProcs: labProcs(),
    rounds: envCount('SCALE_ROUNDS', 5),
    warmup: envCount('SCALE_WARMUP', 3, 0),
  });
}

async function benchProvisionAtSize(dir: string): Promise<void> {
  const s = SIZE.prov;
  // SCALE_INSTANCES=1 (or 3, or 1,3): only these runs (the default is both)
  const counts = (process.env.SCALE_INSTANCES ?? '1,3')
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  for (const instances of counts) {
    const schema = `bench_scale_${process.pid}_${randomBytes(3).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);
    try {
      await provisionRun({ dir, size: s, instances, labProcs: labProcs(), schema, pgUrl: PG_URL });
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  }
}

async function benchSlaAtSize(): Promise<void> {
  const s = SIZE.sla;
  const c = tsChild('_scale-sla.ts', {
    SCALE_SUBSCRIBERS: String(s.subscribers),
    SCALE_OUTAGES: String(s.outages),
  });
  try {
    const r = await c.next();
    line(
      `SLA month: ${s.subscribers} subscribers, ${s.outages} outages — generated / validated`,
      `${(Number(r.genMs) / 1000).toFixed(2)} s / ${(Number(r.parseMs) / 1000).toFixed(2)} s`,
    );
    line(
      `SLA month: computeMonthlyCredits (${r.credited} accesses credited; target < 5 s)`,
      `${(Number(r.computeMs) / 1000).toFixed(2)} s (cpu ${(Number(r.computeCpuMs) / 1000).toFixed(2)} s)  (${load()})`,
    );
    line(
      'SLA month: RSS at the end / peak (target < 1.5 GB)',
      `${mb(Number(r.rss))} / ${mb(Number(r.peakRss))}`,
    );
  } finally {
    await c.stop();
  }
}

export async function benchScale(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ponctl-bench-scale-'));
  line(`size: ${SMALL ? 'small (smoke)' : 'full'}; ${os.cpus().length} cores`, load());
  try {
    if (!ONLY || ONLY === 'poll') await benchPollAtSize(dir);
    if (!ONLY || ONLY === 'provision') await benchProvisionAtSize(dir);
    if (!ONLY || ONLY === 'sla') await benchSlaAtSize();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

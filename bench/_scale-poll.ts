/**
 * The poll part of `npm run bench -- scale` (bench/scale.ts): one full sweep (ONT state + RX power of
 * every ONT) by 1 and by 3 monitoring instances, each a process (bench/_scale-poller.ts) watching the
 * OLTs the per-OLT lease assignment gives it (domain/cluster/olt-assignment.ts), over one lab of
 * ZXA10 C300s spread over SCALE_LAB_PROCS `ponctl lab` processes (the same lab for both).
 *
 * Both sets of pollers are started (each its cold sweep: PON lists, identities) before any sweep is
 * timed, and then sweep untimed: a monitoring instance polls for as long as it runs, so the figure is
 * its steady state, with the sweep code optimised by V8. V8 optimises a function by how often it ran
 * in that process, so each set sweeps until every one of its pollers has polled as many OLTs as the
 * one instance does in SCALE_WARMUP sweeps (default 3): 3 sweeps of 1 instance, 10 of 3 (21 or 22 of
 * the 64 OLTs each), made 12 so that no timed sweep reads identities (withoutIdentityRounds). With as many sweeps each, each of 3 pollers had run the code of a GETBULK
 * (net-snmp's PDUs, its timer, dgram's send; ~340 a sweep in each, 1 024 in one) a third as often:
 * V8 was still compiling it in their first timed rounds (--trace-opt), which cost up to ~90 ms more
 * CPU than their later ones, and those matched one instance's (issue 16). Then the timed sweeps
 * alternate between them, 1-3, 3-1, 1-3, … (SCALE_ROUNDS pairs, default 5), so the other processes
 * on the machine weigh on both alike; the medians are printed with every round's figure, and the CPU
 * each sweep cost (pollers, and each lab process, from /proc).
 * Not a benchmark itself (bench/run.ts skips files starting with `_`).
 */
import os from 'node:os';
import type { LabInventory } from '../simulators/lab/inventory.ts';
import { IDENTITY_EVERY } from '../src/application/monitoring/olt-poller.ts';
import { assignOlts } from '../src/domain/cluster/olt-assignment.ts';
import { configureAllOnts } from './_lab-cli.ts';
import { cpuMsOf, load, rssOf, startLabProcesses, tsChild, type Child } from './_scale-util.ts';
import { lanes, line, mb, median } from './_util.ts';

export interface PollRun {
  dir: string;
  size: { olts: number; pons: number; onts: number };
  /** Lab processes the OLTs are spread over (SCALE_LAB_PROCS). */
  labProcs: number;
  /** Timed sweeps per set of instances. */
  rounds: number;
  /** Untimed sweeps of one instance first (steady state); each of several polls as many OLTs untimed. */
  warmup: number;
}

/** What one timed sweep of one set of instances took. */
interface Sweep {
  wall: number;
  /** CPU of each lab process during the sweep (ms). */
  lab: number[];
  /** CPU of the pollers during the sweep (ms, their own process.cpuUsage). */
  ours: number;
  rows: number;
  failed: number;
  /**
   * Summed over the pollers: GC pauses (wall clock: a paused poller the scheduler took off its core
   * counts too), event-loop turns and events, context switches (voluntary: waited; not: preempted).
   */
  gcMs: number;
  loops: number;
  events: number;
  vcsw: number;
  ivcsw: number;
}

interface Fleet {
  instances: number;
  pollers: Child[];
  /** OLTs each poller watches. */
  olts: number[];
  coldMs: number;
  sweeps: Sweep[];
}

/** `instances` poller processes, each watching its OLTs by the lease assignment; ready after their cold sweep. */
async function startFleet(inv: LabInventory, file: string, instances: number): Promise<Fleet> {
  const names = inv.olts.map((o) => o.name);
  const ids = Array.from({ length: instances }, (_, i) => `bench-${i + 1}`);
  const assigned = assignOlts(names, ids);
  const shares = ids.map((id) => names.filter((n) => assigned.get(n) === id));
  const pollers = shares.map((olts) =>
    tsChild('_scale-poller.ts', { SCALE_INVENTORY: file, SCALE_OLTS: olts.join(',') }),
  );
  const ready = await Promise.all(pollers.map((p) => p.next()));
  return {
    instances,
    pollers,
    olts: shares.map((o) => o.length),
    coldMs: Math.max(...ready.map((r) => Number(r.coldMs))),
    sweeps: [],
  };
}

async function sweepOnce(f: Fleet, labs: Child[]): Promise<void> {
  const lab0 = labs.map((l) => cpuMsOf(l.proc.pid!));
  const t0 = performance.now();
  for (const p of f.pollers) p.send('go');
  const r = await Promise.all(f.pollers.map((p) => p.next()));
  const wall = performance.now() - t0;
  f.sweeps.push({
    wall,
    lab: labs.map((l, i) => cpuMsOf(l.proc.pid!) - lab0[i]),
    ours: r.reduce((n, x) => n + Number(x.cpuMs), 0),
    rows: r.reduce((n, x) => n + Number(x.rows), 0),
    failed: r.reduce((n, x) => n + Number(x.failed), 0),
    gcMs: r.reduce((n, x) => n + Number(x.gcMs), 0),
    loops: r.reduce((n, x) => n + Number(x.loops), 0),
    events: r.reduce((n, x) => n + Number(x.events), 0),
    vcsw: r.reduce((n, x) => n + Number(x.vcsw), 0),
    ivcsw: r.reduce((n, x) => n + Number(x.ivcsw), 0),
  });
}

function report(f: Fleet, loadThen: string): void {
  const s = f.sweeps;
  const wall = median(s.map((x) => x.wall));
  const ours = median(s.map((x) => x.ours));
  const labByProc = s[0].lab.map((_, i) => median(s.map((x) => x.lab[i])));
  const lab = median(s.map((x) => x.lab.reduce((a, b) => a + b, 0)));
  const secs = (ms: number) => (ms / 1000).toFixed(2);
  line(
    `poll sweep, ${f.instances} instance(s): cold first sweep (PON lists, identities)`,
    `${secs(f.coldMs)} s`,
  );
  line(
    `poll sweep, ${f.instances} instance(s): full sweep state + RX, median of ${s.length} (${Math.min(...s.map((x) => x.rows))} rows, ${Math.max(...s.map((x) => x.failed))} OLTs failed)`,
    `${secs(wall)} s [${s.map((x) => secs(x.wall)).join(' ')}]  (${loadThen})`,
  );
  line(
    `  CPU per sweep (medians): pollers ${ours.toFixed(0)} ms, lab ${lab.toFixed(0)} ms (${labByProc.map((x) => x.toFixed(0)).join(' + ')})`,
    `lab share ${((100 * lab) / Math.max(1, lab + ours)).toFixed(0)} % of the CPU used; ${((100 * (lab + ours)) / wall / os.cpus().length).toFixed(0)} % of the machine`,
  );
  const m = (k: 'gcMs' | 'loops' | 'events' | 'vcsw' | 'ivcsw') => median(s.map((x) => x[k])).toFixed(0);
  line(
    `  pollers per sweep (medians): GC pauses ms, event-loop turns / events, context switches waited / preempted`,
    `${m('gcMs')}, ${m('loops')} / ${m('events')}, ${m('vcsw')} / ${m('ivcsw')}`,
  );
}

/**
 * The untimed sweeps `warm`, or more, so that no timed sweep is one of the rounds a poller also reads
 * serial + description in (every IDENTITY_EVERY rounds, the cold sweep being round 0; olt-poller.ts):
 * the timed sweeps of both sets are then the same work, state + RX. 10 untimed sweeps of 3 instances
 * put round 12 in their second timed sweep: ~2.3× the CPU of the others in the pollers and in the
 * lab, and the 3-instance median one sweep off (issue 16).
 */
function withoutIdentityRounds(warm: number, rounds: number): number {
  if (rounds >= IDENTITY_EVERY) return warm; // every window holds one
  let w = warm;
  // timed rounds w + 1 … w + rounds: none a multiple of IDENTITY_EVERY
  while (Math.floor((w + rounds) / IDENTITY_EVERY) > Math.floor(w / IDENTITY_EVERY)) w++;
  return w;
}

export async function pollRun(r: PollRun): Promise<void> {
  const s = r.size;
  const { labs, inv, file, startMs } = await startLabProcesses(r.dir, s, 'zxa10-c300', r.labProcs);
  const fleets: Fleet[] = [];
  try {
    const onts = s.olts * s.pons * s.onts;
    line(
      `lab: ${s.olts} OLTs × ${s.pons} PON × ${s.onts} ONT = ${onts} ONTs in ${labs.length} process(es) (zxa10-c300): start`,
      `${(startMs / 1000).toFixed(1)} s, RSS ${labs.map((l) => mb(rssOf(l.proc.pid!))).join(' + ')}`,
    );
    // the ZXA10 lists only configured ONUs in its SNMP tables, as a C300 does: configure them all
    // first (8 OLTs' CLIs at a time), or the pollers wait for ONTs that never appear
    const t0 = performance.now();
    let configured = 0;
    await lanes(inv.olts, 8, async (o) => {
      const n = await configureAllOnts(o); // not `configured += await …`: that reads it before the await
      configured += n;
    });
    line(
      `lab: ONUs configured over the OLTs' CLIs (${configured})`,
      `${((performance.now() - t0) / 1000).toFixed(1)} s  (${load()})`,
    );
    for (const n of [1, 3]) fleets.push(await startFleet(inv, file, n));
    // untimed, until each poller has polled r.warmup × s.olts OLTs (steady state; see the top)
    const warm = fleets.map((f) =>
      withoutIdentityRounds(r.warmup ? Math.ceil((r.warmup * s.olts) / Math.min(...f.olts)) : 0, r.rounds),
    );
    for (let round = 0; round < Math.max(...warm); round++)
      for (const [i, f] of fleets.entries()) if (round < warm[i]) await sweepOnce(f, labs);
    line(
      `poll sweep: untimed sweeps first, each poller ${r.warmup} × ${s.olts} OLTs (steady state), last ones`,
      fleets
        .map((f, i) => `${f.instances}: ${warm[i]} × ${((f.sweeps.at(-1)?.wall ?? 0) / 1000).toFixed(2)} s`)
        .join(', '),
    );
    for (const f of fleets) f.sweeps = [];
    for (let round = 0; round < r.rounds; round++) {
      // 1-3, 3-1, 1-3, …: neither set always runs first
      const order = round % 2 === 0 ? fleets : [...fleets].reverse();
      for (const f of order) await sweepOnce(f, labs);
    }
    const loadThen = load();
    for (const f of fleets) report(f, loadThen);
    const [one, three] = fleets.map((f) => median(f.sweeps.map((x) => x.wall)));
    line(
      `poll sweep: 3 instances / 1 instance, median wall clock (target ≤ 1)`,
      `${(three / one).toFixed(2)}  (pairs: ${fleets[0].sweeps.map((x, i) => (fleets[1].sweeps[i].wall / x.wall).toFixed(2)).join(' ')})`,
    );
    // the CPU a sweep cost (pollers + lab) moves less with the machine's other load than its wall clock
    const cpus = fleets.map((f) => f.sweeps.map((x) => x.ours + x.lab.reduce((a, b) => a + b, 0)));
    const [cpu1, cpu3] = cpus.map(median);
    line(
      `poll sweep: 3 instances / 1 instance, median CPU per sweep (pollers + lab)`,
      `${(cpu3 / cpu1).toFixed(2)}  (${cpu3.toFixed(0)} / ${cpu1.toFixed(0)} ms; rounds ${fleets.map((f, i) => `${f.instances}: ${cpus[i].map((x) => x.toFixed(0)).join(' ')}`).join(', ')})`,
    );
  } finally {
    await Promise.all(fleets.flatMap((f) => f.pollers.map((p) => p.stop())));
    await Promise.all(labs.map((l) => l.stop()));
  }
}

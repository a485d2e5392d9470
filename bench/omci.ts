/**
 * `npm run bench -- omci` (issue 13): every ONT's ANI-G optical levels on a 4 096-ONT OLT through the
 * OMCI transport, as monitoring reads them (OltOmciReader: UDP transport → OmciClient → OmciOnus, the
 * ANI-G instance from each ONU's MIB). The lab runs in its own process (`ponctl lab --json`, 32 PONs ×
 * 128 ONTs), so its OMCI endpoint is not charged to the client's event loop.
 *
 * Printed: the cold pass (ONU2-G + MIB upload of every ONT, once per ONU in monitoring's life), then
 * ROUNDS warm sweeps (one Get ANI-G per ONT): ONTs/s and p50/p99 per request, with WINDOW ONUs in flight;
 * the lab process's CPU per request (/proc, independent of the machine's load). Reference in the same
 * run: the Broadband Forum's ONU simulator (obbaa_onusim via test/interop/py/onusim_server.py) answering
 * BBF-style Gets from a Python client (onusim_bench.py), and ponctl's own client against it.
 *
 * PONCTL_BENCH_OMCI_PROFILE (default zxa10-c300, G-PON, baseline set) can name zxa10-c600 (XGS-PON:
 * extended set and a MIC on every message); PONCTL_BENCH_OMCI_PARTS=lab or =bbf runs one half. Load average is printed before and after: figures taken
 * on a busy machine are not comparable.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { createInterface } from 'node:readline';
import type { LabInventory } from '../simulators/lab/inventory.ts';
import { targetsFromInventory } from '../src/main/lab.ts';
import { OltOmciReader } from '../src/adapters/driven/telemetry/omci/omci-reader.ts';
import { OmciOnus } from '../src/adapters/driven/telemetry/omci/omci-onus.ts';
import { OmciClient } from '../src/adapters/driven/telemetry/omci/omci-client.ts';
import { UdpOmciTransport } from '../src/adapters/driven/telemetry/omci/udp-transport.ts';
import type { OnuAddress } from '../src/application/ports/omci-transport.ts';
import { runPython, startOnusim } from '../test/helpers/bbf-onusim.ts';
import { line, percentile } from './_util.ts';

const PONS = 32;
const ONTS = 128;
const ROUNDS = 3;
const WINDOW = 256;
const BBF_ONUS = 64;
const BBF_SECONDS = 3;
/** ONUs whose MIB ponctl's client uploads from BBF's simulator before reading their ANI-G. */
const BBF_UPLOADS = 16;

const loadavg = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** Datagrams the kernel dropped for a full receive buffer, machine-wide (/proc/net/snmp Udp RcvbufErrors). */
function rcvbufErrors(): number {
  const rows = readFileSync('/proc/net/snmp', 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('Udp:'))
    .map((l) => l.split(/\s+/));
  return Number(rows[1][rows[0].indexOf('RcvbufErrors')]);
}

/** utime + stime of a process in seconds (/proc/PID/stat fields 14, 15). */
function cpuSeconds(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').pop()!.trim().split(/\s+/);
  return (Number(f[11]) + Number(f[12])) / 100; // USER_HZ is 100 on Linux
}

async function startLab(profile: string): Promise<{ inv: LabInventory; proc: ChildProcess }> {
  const bin = new URL('../bin/ponctl', import.meta.url).pathname;
  const args = ['lab', '--olts', '1', '--pons', String(PONS), '--onts', String(ONTS), '--profile', profile];
  const proc = spawn(bin, [...args, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const first = await new Promise<string>((resolve, reject) => {
    createInterface({ input: proc.stdout! }).once('line', resolve);
    proc.once('exit', (c) => reject(new Error(`ponctl lab exited with ${c}`)));
  });
  return { inv: JSON.parse(first) as LabInventory, proc };
}

/** Runs `fn` on every item with at most `window` at once; the latency of each call in ms. */
async function sweep<T>(items: readonly T[], window: number, fn: (x: T) => Promise<unknown>) {
  const ms: number[] = new Array<number>(items.length);
  let next = 0;
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(window, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        const t = performance.now();
        try {
          await fn(items[i]);
        } catch {
          failed++;
        }
        ms[i] = performance.now() - t;
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return {
    seconds,
    perSecond: items.length / seconds,
    p50: percentile(ms, 50),
    p99: percentile(ms, 99),
    failed,
  };
}

const fmt = (s: { perSecond: number; p50: number; p99: number; failed: number }) =>
  `${s.perSecond.toFixed(0)} ONTs/s, p50 ${s.p50.toFixed(2)} ms, p99 ${s.p99.toFixed(2)} ms` +
  (s.failed ? `, ${s.failed} FAILED` : '');

async function ours(profile: string): Promise<void> {
  const { inv, proc } = await startLab(profile);
  const [target] = targetsFromInventory(inv.olts, { omci: true });
  const reader = await OltOmciReader.open(target, {
    requestTimeoutMs: 5000,
    retries: 1,
    maxInFlight: WINDOW,
  });
  try {
    const onts = inv.olts[0].pons.flatMap((p) => p.onts.map((t) => reader.address(p.port, t.id, t.serial)));
    const pon = inv.olts[0].pons[0];
    line(
      `lab: ${profile}, ${onts.length} ONTs (${PONS} × ${ONTS}), ${pon.ponType}${pon.omciMic ? ' + MIC' : ''}`,
      `load ${loadavg()}`,
    );
    const cpu0 = cpuSeconds(proc.pid!);
    const drops0 = rcvbufErrors();
    const cold = await sweep(onts, WINDOW, (a) => reader.onus.mib(a));
    const sizes = await Promise.all(onts.slice(0, 1).map((a) => reader.onus.mib(a)));
    line(
      `cold: ONU2-G + MIB upload of every ONT (${sizes[0].size} MEs each, ${reader.onus.extendedFor(onts[0]) ? 'extended' : 'baseline'})`,
      `${cold.seconds.toFixed(1)} s, ${fmt(cold)} per upload`,
    );
    const cpu1 = cpuSeconds(proc.pid!);
    const own1 = process.cpuUsage();
    let n = 0;
    let nulls = 0;
    for (let r = 1; r <= ROUNDS; r++) {
      const warm = await sweep(onts, WINDOW, async (a) => {
        const l = await reader.onus.getOpticalLevels(a);
        if (l.rxDbm === null) nulls++;
      });
      n += onts.length;
      line(
        `warm sweep ${r}: Get ANI-G (instance from the MIB) of ${onts.length} ONTs, ${WINDOW} in flight`,
        fmt(warm),
      );
    }
    const perReq = ((cpuSeconds(proc.pid!) - cpu1) / n) * 1e6;
    const own = process.cpuUsage(own1);
    line('client (this process) CPU per Get ANI-G (warm)', `${((own.user + own.system) / n).toFixed(0)} µs`);
    line(
      'lab process CPU per Get ANI-G (warm)',
      `${perReq.toFixed(0)} µs (${(1e6 / perReq).toFixed(0)} Get per CPU-s)`,
    );
    line('lab process CPU, cold pass', `${(cpu1 - cpu0).toFixed(1)} s`);
    line('UDP datagrams dropped for a full receive buffer (whole machine)', String(rcvbufErrors() - drops0));
    const c = reader.onus.client;
    line(
      'client: retransmissions after a timeout / requests timed out',
      `${c.retransmissions} / ${c.timeouts}`,
    );
    if (nulls) line('ONTs without an RX level', String(nulls));
  } finally {
    await reader.close();
    proc.kill('SIGTERM');
    await new Promise((r) => proc.once('exit', r));
  }
}

async function bbf(): Promise<void> {
  // BBF's own figures: a Python client (onusim_bench.py) against BBF's simulator
  const r = await runPython(
    'onusim_bench.py',
    ['--onus', String(BBF_ONUS), '--seconds', String(BBF_SECONDS), '--windows', '1,64'],
    undefined,
    120_000,
  );
  if (r.code !== 0) {
    line('BBF onusim (reference)', `FAILED: ${r.stderr.trim().split('\n').pop()}`);
    return;
  }
  const out = JSON.parse(r.stdout) as {
    results: {
      window: number;
      requests_per_s: number;
      p50_ms: number;
      p99_ms: number;
      server_capacity_per_cpu_s: number;
    }[];
  };
  for (const x of out.results)
    line(
      `reference: BBF onusim ← BBF-style Python client, ${BBF_ONUS} ONUs, ${x.window} in flight`,
      `${x.requests_per_s.toFixed(0)} Get/s, p50 ${x.p50_ms} ms, p99 ${x.p99_ms} ms, ${x.server_capacity_per_cpu_s} Get per CPU-s`,
    );
  // ponctl's client against BBF's simulator: MIB upload of each ONU, then sweeps of Get ANI-G
  const sim = await startOnusim({ cterm: 'bench', first: 1, last: BBF_UPLOADS });
  const transport = await UdpOmciTransport.open({ host: '127.0.0.1', port: sim.port });
  const onus = new OmciOnus(
    new OmciClient(transport, { requestTimeoutMs: 10_000, maxInFlight: 64 }),
    'baseline',
  );
  try {
    const all: OnuAddress[] = Array.from({ length: BBF_UPLOADS }, (_, i) => ({
      channelTermination: 'bench',
      onuId: i + 1,
    }));
    // BBF copies an ONU's whole database on MIB upload: a few at a time, or its queue outlasts a timeout
    const cold = await sweep(all, 4, (a) => onus.mib(a));
    line(
      `reference: ponctl client → BBF onusim, MIB upload of ${BBF_UPLOADS} ONUs (baseline), 4 at once`,
      `${cold.seconds.toFixed(1)} s${cold.failed ? `, ${cold.failed} FAILED` : ''}`,
    );
    const many = Array.from({ length: Math.ceil(1500 / BBF_UPLOADS) }, () => all).flat();
    const warm = await sweep(many, 64, (a) => onus.getOpticalLevels(a));
    line(`reference: ponctl client → BBF onusim, Get ANI-G ×${many.length}, 64 in flight`, fmt(warm));
    if (!sim.alive) line('BBF onusim', 'DIED');
  } finally {
    onus.close();
    await onus.client.close();
    await sim.close();
  }
}

export async function benchOmci(): Promise<void> {
  const profile = process.env.PONCTL_BENCH_OMCI_PROFILE ?? 'zxa10-c300';
  const parts = (process.env.PONCTL_BENCH_OMCI_PARTS ?? 'lab,bbf').split(',');
  if (parts.includes('lab')) await ours(profile);
  if (parts.includes('bbf')) await bbf();
  line('load average (1, 5, 15 min) at the end', loadavg());
}

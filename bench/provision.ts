/**
 * `npm run bench -- provision` (design §10, issues 5 and 12): 4 096 activations on one simulated OLT
 * over NETCONF in the Broadband Forum models (profile bbf-tr385: 32 G-PON ports × 128 ONUs, the
 * profile's maxOnusPerPon; G-PON ONU ids stop at 253), order accepted → verified configuration, in subscribers/s — through the real path
 * (intake, provisioning service, NETCONF driver: lock, candidate, validate, confirmed commit,
 * read-back verify, confirm, store completion), on a controller built by the composition root
 * (src/main/lab.ts createLabController) with only the driver factory wrapped to record commits. In the same run, ncclient (Debian's
 * /usr/bin/python3) pushes the same edit-config payloads, each with its confirmed commit and
 * confirmation, to a fresh lab OLT of the same shape; both are printed with the ratio, the CPU of
 * the controller and of the lab OLT, and the load average. The lab OLT runs in a process of its own
 * (`ponctl lab`), as a real OLT is a device of its own. Targets: < 15 s, ≤ 1.0× ncclient.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CredentialVault } from '../src/adapters/driven/olt/credential-vault.ts';
import { driverFactory } from '../src/adapters/driven/olt/registry.ts';
import { openStore } from '../src/adapters/driven/store/index.ts';
import type { OltDriver } from '../src/application/ports/olt-driver/olt-driver.ts';
import { addressKey } from '../src/application/ports/store/index.ts';
import { loadConfig } from '../src/main/config.ts';
import { createLabController, LAB_CREDENTIALS_REF } from '../src/main/lab.ts';
import { NetconfOltDriver } from '../src/adapters/driven/olt/netconf/index.ts';
import { runTool } from '../test/helpers/lab.ts';
import { line } from './_util.ts';
import { cpuMsOf, startLabProcess, type Child } from './_scale-util.ts';

// PONCTL_BENCH_PONS: fewer ports (e.g. 8 → 1 024 activations) for profiling runs; the target is for 32.
// PONCTL_BENCH_EDITS=file keeps the recorded edit-configs (one JSON string a line) for replaying them.
// PONCTL_BENCH_TRACE=1 prints the driver's phases summed over the commits and the time between them.
// PONCTL_BENCH_CPUPROF=file.cpuprofile writes a CPU profile of the provisioning phase alone.
// PONCTL_BENCH_REF=0 skips the ncclient reference (profiling runs of ponctl's side alone).
const PONS = Math.max(1, Math.min(32, Number(process.env.PONCTL_BENCH_PONS ?? 32) || 32));
const ONTS = 128;
const PY = '/usr/bin/python3';
const PUSH = fileURLToPath(new URL('../test/interop/py/ncclient_push.py', import.meta.url));

export async function benchProvision(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ponctl-bench-prov-'));
  // the OLT is a device of its own, as on a real network: the lab in a process of its own (`ponctl
  // lab`), so the controller's figures are the controller's and the two heaps are collected apart
  const shape = { olts: 1, pons: PONS, onts: ONTS };
  const first = await startLabProcess(dir, shape, 'bbf-tr385');
  let lab: Child = first.lab;
  const config = loadConfig(
    {
      PONCTL_DATA_DIR: dir,
      PONCTL_LISTEN: '127.0.0.1:0',
      PONCTL_INSTANCE: 'bench',
      PONCTL_SP_MAX_OPEN_ORDERS: '0',
    },
    dir,
  );
  const store = await openStore({ kind: 'sqlite', file: path.join(dir, 'bench.sqlite') });
  let close = async () => undefined as unknown;
  try {
    const inv = first.inv;
    const olt = inv.olts[0];
    const at = new Date().toISOString();
    await store.sps.upsert({ id: 'sp-bench', name: 'Bench SP', region: 'Zagreb', createdAt: at });
    const positions = olt.pons.flatMap((p) =>
      p.onts.map((o) => ({ pon: p.port, onuId: o.id, serial: o.serial })),
    );
    await store.transaction(async (tx) => {
      for (const p of positions) {
        const address = {
          street: `Bench ${p.pon}`,
          number: String(p.onuId),
          city: 'Zagreb',
          county: 'Grad Zagreb',
        };
        await tx.coverage.upsert({
          addressKey: addressKey(address),
          ...address,
          node: 'ZG-Bench',
          technology: 'gpon',
          olt: olt.name,
          pon: p.pon,
          onuId: p.onuId,
          installation: 'existing',
        });
      }
      await tx.stock.add(
        'sp-bench',
        positions.map((p) => p.serial),
        at,
      );
    });
    // the drivers the controller would make, each commit's payloads recorded for the reference run
    const vault = new CredentialVault();
    vault.set(LAB_CREDENTIALS_REF, {
      username: olt.credentials.username,
      password: olt.credentials.password,
    });
    const drivers = driverFactory(vault, { rpcTimeoutMs: 120_000 });
    const commits: string[][] = [];
    const applies: { startMs: number; endMs: number; timingsMs: Record<string, number> }[] = [];
    const controller = await createLabController({
      config,
      store,
      inventory: inv,
      workers: false,
      provisioning: { driftCheckMs: 0, options: { workAhead: true, batchMax: 256 } },
      adapters: {
        drivers: (o) => {
          const d = drivers(o);
          const apply = d.apply.bind(d);
          (d as { apply: OltDriver['apply'] }).apply = async (diff, opts) => {
            const startMs = performance.now();
            const r = await apply(diff, opts);
            if (!opts.dryRun && r.committed) {
              commits.push(r.payloads);
              applies.push({ startMs, endMs: performance.now(), timingsMs: r.timingsMs });
            }
            return r;
          };
          return d;
        },
      },
    });
    close = () => controller.close();
    await store.olts.setNeedsReconciliation(olt.name, null, at);
    const orders = controller.services.orders;
    const prov = controller.services.provisioning;
    // v-ANIs on the OLT, as ponctl's driver reads them back
    let netconfPort = olt.ports.netconf;
    const reader = () =>
      new NetconfOltDriver({
        host: olt.host,
        port: netconfPort,
        username: olt.credentials.username,
        password: olt.credentials.password,
        rpcTimeoutMs: 300_000,
      });
    const onuCount = async () => {
      const r = reader();
      await r.connect();
      const n = (await r.readConfig()).channelTerminations.reduce((k, ct) => k + ct.onus.length, 0);
      await r.close();
      return n;
    };

    // intake: 4 096 activation orders accepted (not part of the provisioning figure)
    const t0 = performance.now();
    const ids: string[] = [];
    for (const p of positions) {
      const r = await orders.submit(
        { role: 'sp', spId: 'sp-bench', keyId: 'bench' },
        {
          form: 'BSNA',
          category: 'activation',
          address: {
            street: `Bench ${p.pon}`,
            number: String(p.onuId),
            city: 'Zagreb',
            county: 'Grad Zagreb',
          },
          contact: { name: 'Bench', phone: '+385 1 000 0000' },
          ownerInstallsHome: false,
          ontSerial: p.serial,
          accessLevel: 'regional',
          services: { internet: '300/150', iptv: 50, voip: '1/1', management: true },
        },
      );
      ids.push(r.order.id);
    }
    const intakeMs = performance.now() - t0;
    line(
      'load average (1, 5, 15 min) at start',
      os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(', '),
    );
    line(
      `intake: ${ids.length} activations accepted (in-process OrderService)`,
      `${(intakeMs / 1000).toFixed(2)} s (${Math.round(ids.length / (intakeMs / 1000))} orders/s)`,
    );

    // provisioning: accepted → verified configuration, every order completed
    const profiler = process.env.PONCTL_BENCH_CPUPROF ? await startProfile() : undefined;
    const t1 = performance.now();
    const c1 = process.cpuUsage();
    const lab1 = cpuMsOf(lab.proc.pid!);
    let outcomes = await prov.runOnce();
    while (outcomes.some((x) => x.outcome === 'retry')) outcomes = await prov.runOnce();
    const provMs = performance.now() - t1;
    const provCpu = cpuSeconds(c1);
    const labCpu = (cpuMsOf(lab.proc.pid!) - lab1) / 1000;
    if (profiler) writeFileSync(process.env.PONCTL_BENCH_CPUPROF!, await profiler.stop());
    const completed = (await store.orders.list({ states: ['completed'], limit: 10_000 })).length;
    const onDevice = await onuCount();
    line(
      `provisioning: accepted → verified config (${commits.length} commits of ≤ 256)`,
      `${(provMs / 1000).toFixed(2)} s, ${Math.round(completed / (provMs / 1000))} subscribers/s`,
    );
    line('orders completed / v-ANIs on the OLT', `${completed} / ${onDevice}`);
    // CPU (user + system) of the controller and of the OLT: less sensitive to load than the wall clock
    line(
      'provisioning: CPU time of the controller / of the lab OLT',
      `${provCpu.toFixed(2)} s / ${labCpu.toFixed(2)} s`,
    );
    if (process.env.PONCTL_BENCH_TRACE === '1') traceApplies(applies, t1, t1 + provMs, commits);

    // reference: ncclient pushes the same edit-config payloads (confirmed commit + confirm each)
    // a fresh OLT of the same shape (same serials, topology.ts) for the reference
    await lab.stop();
    const second = await startLabProcess(dir, shape, 'bbf-tr385');
    lab = second.lab;
    netconfPort = second.inv.olts[0].ports.netconf;
    const edits = path.join(dir, 'edits.jsonl');
    const flat = commits.flat();
    writeFileSync(edits, flat.map((x) => JSON.stringify(x)).join('\n') + '\n');
    const perCommit = Math.max(1, Math.round(flat.length / Math.max(1, commits.length)));
    if (process.env.PONCTL_BENCH_EDITS) writeFileSync(process.env.PONCTL_BENCH_EDITS, readFileSync(edits));
    if (process.env.PONCTL_BENCH_REF === '0') return;
    const c2 = cpuMsOf(lab.proc.pid!);
    const r = await runTool(
      PY,
      [
        PUSH,
        String(netconfPort),
        olt.credentials.username,
        olt.credentials.password,
        edits,
        '--confirmed',
        '--batch',
        String(perCommit),
      ],
      600_000,
    ).catch((e: Error) => ({ code: -1, stdout: '', stderr: e.message }));
    if (r.code !== 0) {
      line('ncclient reference', `failed: ${r.stderr.trim().split('\n').at(-1)}`);
      return;
    }
    const refCpu = (cpuMsOf(lab.proc.pid!) - c2) / 1000;
    const ref = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { seconds: number };
    const refOnDevice = await onuCount();
    line(
      `ncclient (reference): same ${flat.length} edit-configs, confirmed commits`,
      `${ref.seconds.toFixed(2)} s, ${Math.round(refOnDevice / ref.seconds)} subscribers/s`,
    );
    line('ncclient: CPU time of the lab OLT serving it', `${refCpu.toFixed(2)} s`);
    line(
      'ratio ponctl (whole order path) / ncclient (edit+commit only)',
      `${(provMs / 1000 / ref.seconds).toFixed(2)}× (target ≤ 1.0×; < 15 s: ${provMs < 15_000 ? 'met' : 'NOT met'})`,
    );
  } finally {
    await close();
    await store.close();
    await lab.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Where the provisioning wall time went: the driver's phases, and the time outside driver.apply. */
function traceApplies(
  applies: { startMs: number; endMs: number; timingsMs: Record<string, number> }[],
  from: number,
  to: number,
  commits: string[][],
): void {
  const phases: Record<string, number> = {};
  let inApply = 0;
  for (const a of applies) {
    inApply += a.endMs - a.startMs;
    for (const [k, v] of Object.entries(a.timingsMs)) phases[k] = (phases[k] ?? 0) + v;
  }
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  line('trace: inside driver.apply / outside it', `${s(inApply)} / ${s(to - from - inApply)}`);
  line(
    'trace: driver phases (summed)',
    Object.entries(phases)
      .map(([k, v]) => `${k} ${s(v)}`)
      .join(', '),
  );
  const bytes = commits.flat().reduce((n, x) => n + Buffer.byteLength(x), 0);
  line(
    'trace: edit-config bytes per commit (mean)',
    `${(bytes / Math.max(1, commits.length) / 1e6).toFixed(2)} MB`,
  );
}

/** The V8 profiler of this process (node:inspector), started now; `stop` gives the .cpuprofile JSON. */
async function startProfile(): Promise<{ stop(): Promise<string> }> {
  const { Session } = await import('node:inspector/promises');
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      return JSON.stringify(profile);
    },
  };
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
}

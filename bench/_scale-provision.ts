/**
 * The provisioning part of `npm run bench -- scale` (bench/scale.ts): one run with N controller
 * processes on a fresh PostgreSQL schema and a fresh lab of BBF OLTs, spread over SCALE_LAB_PROCS
 * lab processes. Activations are accepted
 * here first (intake is not part of the figure); then every instance is told `go` at once and the
 * clock runs until every order is completed or failed; the v-ANIs are then read back from each OLT.
 * SCALE_TRACE=1 prints the orders by state twice a second on stderr (where the time goes).
 * Not a benchmark itself (bench/run.ts skips files starting with `_`).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { NetconfOltDriver } from '../src/adapters/driven/olt/netconf/index.ts';
import { openStore } from '../src/adapters/driven/store/index.ts';
import { addressKey } from '../src/application/ports/store/index.ts';
import { loadConfig } from '../src/main/config.ts';
import { createLabController } from '../src/main/lab.ts';
import { lanes, line } from './_util.ts';
import { cpuMsOf, load, startLabProcesses, tsChild } from './_scale-util.ts';
import { PgBackendCpu, tableChurn } from './_scale-pgcpu.ts';

export interface ProvisionRun {
  dir: string;
  size: { olts: number; pons: number; onts: number };
  instances: number;
  /** Lab processes the OLTs are spread over (SCALE_LAB_PROCS). */
  labProcs: number;
  schema: string;
  pgUrl: string;
}

export async function provisionRun(r: ProvisionRun): Promise<void> {
  const { labs, inv, file } = await startLabProcesses(r.dir, r.size, 'bbf-tr385', r.labProcs);
  const store = await openStore({ kind: 'postgres', url: r.pgUrl, schema: r.schema });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ponctl-bench-intake-'));
  const children: ReturnType<typeof tsChild>[] = [];
  let closeIntake = async (): Promise<unknown> => undefined;
  const counter = new pg.Client({ connectionString: r.pgUrl, options: `-c search_path=${r.schema}` });
  try {
    const at = new Date().toISOString();
    const positions = inv.olts.flatMap((o) =>
      o.pons.flatMap((p) => p.onts.map((t) => ({ olt: o.name, pon: p.port, onuId: t.id, serial: t.serial }))),
    );
    const address = (p: (typeof positions)[number]) => ({
      street: `Bench ${p.olt} ${p.pon}`,
      number: String(p.onuId),
      city: 'Zagreb',
      county: 'Grad Zagreb',
    });
    await store.sps.upsert({ id: 'sp-bench', name: 'Bench SP', region: 'Zagreb', createdAt: at });
    await store.transaction(async (tx) => {
      for (const p of positions) {
        const a = address(p);
        await tx.coverage.upsert({
          addressKey: addressKey(a),
          ...a,
          node: 'ZG-Bench',
          technology: 'gpon',
          olt: p.olt,
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

    // intake on a controller of its own whose workers never start
    const config = loadConfig(
      {
        PONCTL_DATA_DIR: dir,
        PONCTL_LISTEN: '127.0.0.1:0',
        PONCTL_INSTANCE: 'bench-intake',
        PONCTL_LAB: '0',
      },
      dir,
    );
    config.store = { kind: 'postgres', url: r.pgUrl, schema: r.schema };
    config.fairness.maxOpenOrdersPerSp = 0; // one SP places them all: no open-order limit (docs/fairness.md)
    const intake = await createLabController({ config, store, inventory: inv, workers: false });
    closeIntake = () => intake.close();
    const t0 = performance.now();
    await lanes(positions, 8, async (p) => {
      await intake.services.orders.submit(
        { role: 'sp', spId: 'sp-bench', keyId: 'bench' },
        {
          form: 'BSNA',
          category: 'activation',
          address: address(p),
          contact: { name: 'Bench', phone: '+385 1 000 0000' },
          ownerInstallsHome: false,
          ontSerial: p.serial,
          accessLevel: 'regional',
          services: { internet: '300/150', iptv: 50, voip: '1/1', management: true },
        },
      );
    });
    const intakeMs = performance.now() - t0;
    const n = positions.length;
    line(
      `provisioning, ${r.instances} instance(s): intake of ${n} activations over ${inv.olts.length} OLTs in ${labs.length} lab process(es) (not timed below)`,
      `${(intakeMs / 1000).toFixed(1)} s (${Math.round(n / (intakeMs / 1000))} orders/s)`,
    );

    // the instances' PostgreSQL backends carry this application_name (libpq's PGAPPNAME, read by pg)
    const appName = `ponctl-bench-${r.schema}`;
    for (let i = 0; i < r.instances; i++)
      children.push(
        tsChild('_scale-controller.ts', {
          SCALE_PG: r.pgUrl,
          SCALE_SCHEMA: r.schema,
          SCALE_INVENTORY: file,
          PONCTL_INSTANCE: `bench-${i + 1}`,
          PGAPPNAME: appName,
        }),
      );
    await Promise.all(children.map((c) => c.next()));
    // registering the lab flags every OLT for reconciliation; the lab's OLTs are empty and known so
    for (const o of inv.olts) await store.olts.setNeedsReconciliation(o.name, null, new Date().toISOString());

    await counter.connect();
    // the bench's own reads cost PostgreSQL CPU on the machine measured: printed beside the figures
    const monitorPid = (await counter.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0].pid;
    const monitor0 = cpuMsOf(monitorPid);
    const pgCpu = new PgBackendCpu(counter, appName);
    await pgCpu.sample();
    const cpu0 = {
      labs: labs.map((l) => cpuMsOf(l.proc.pid!)),
      ours: children.map((c) => cpuMsOf(c.proc.pid!)),
    };
    const t1 = performance.now();
    for (const c of children) c.send('go');
    let states: Record<string, number> = {};
    // generous: a loaded machine is slow, and a run cut short is reported as such, not as a rate
    const deadline = t1 + Math.max(900_000, n * 60);
    let timedOut = false;
    const countStates = async () => {
      const q = await counter.query<{ state: string; n: string }>(
        'SELECT state, count(*) AS n FROM orders GROUP BY state',
      );
      states = Object.fromEntries(q.rows.map((x) => [x.state, Number(x.n)]));
    };
    for (;;) {
      // the open orders from the count per SP the orders repository keeps in each transaction that
      // opens or ends one (migration 095): a row read. Counted in `orders` every 100 ms, every index
      // entry of the open orders was read, the dead ones too (~4 an order: no vacuum during a run),
      // ~3 900 heap pages a call at mid-run (EXPLAIN ANALYZE) — CPU taken from the processes measured
      const q = await counter.query<{ n: string }>(
        'SELECT COALESCE(SUM(open_orders), 0) AS n FROM sp_open_orders',
      );
      if (process.env.SCALE_TRACE) {
        await countStates();
        process.stderr.write(`${Math.round(performance.now() - t1)} ms ${JSON.stringify(states)}\n`);
      }
      await pgCpu.sample();
      if (Number(q.rows[0].n) === 0) break;
      if (performance.now() > deadline) {
        timedOut = true;
        break;
      }
      await new Promise((res) => setTimeout(res, process.env.SCALE_TRACE ? 500 : 100));
    }
    const provMs = performance.now() - t1;
    const monitorMs = cpuMsOf(monitorPid) - monitor0;
    await countStates();
    const labCpu = labs.map((l, i) => cpuMsOf(l.proc.pid!) - cpu0.labs[i]);
    const cpu = {
      lab: labCpu.reduce((k, x) => k + x, 0),
      ours: children.reduce((k, c, i) => k + cpuMsOf(c.proc.pid!) - cpu0.ours[i], 0),
      pg: pgCpu.usedMs(),
    };
    const loadThen = load();
    if (process.env.SCALE_TRACE) {
      // where the time goes: each device run (start after go, its length, the driver's own timings)
      const t1Ms = Date.now() - provMs;
      const runs = await counter.query<{
        olt: string;
        instance: string;
        started_ms: string;
        finished_ms: string;
        orders: string;
        detail: string | null;
        error: string | null;
      }>(
        'SELECT olt, instance, started_ms, finished_ms, orders, detail, error FROM provisioning_runs ORDER BY started_ms',
      );
      for (const x of runs.rows)
        process.stderr.write(
          `run ${x.instance} ${x.olt} +${Number(x.started_ms) - t1Ms} ms, ${Number(x.finished_ms) - Number(x.started_ms)} ms, ${(JSON.parse(x.orders) as unknown[]).length} orders ${x.detail ?? ''}${x.error ?? ''}\n`,
        );
    }
    const done = states.completed ?? 0;
    // the bench's own check, after the clock stopped: one OLT at a time, generous timeouts (a loaded
    // machine answers a full read of 1 024 v-ANIs slowly)
    let onDevice = 0;
    for (const o of inv.olts) {
      const d = new NetconfOltDriver({
        host: o.host,
        port: o.ports.netconf,
        username: o.credentials.username,
        password: o.credentials.password,
        rpcTimeoutMs: 300_000,
        connectTimeoutMs: 120_000,
      });
      await d.connect();
      onDevice += (await d.readConfig()).channelTerminations.reduce((k, ct) => k + ct.onus.length, 0);
      await d.close();
    }
    line(
      `provisioning, ${r.instances} instance(s): accepted → verified, ${done} completed, ${states.failed ?? 0} failed, ${onDevice} v-ANIs read back`,
      timedOut
        ? `CUT SHORT after ${(provMs / 1000).toFixed(0)} s: ${n - done} orders not completed, no rate  (${loadThen})`
        : `${(provMs / 1000).toFixed(2)} s, ${Math.round(done / (provMs / 1000))} subscribers/s  (${loadThen})`,
    );
    const all = cpu.lab + cpu.ours + cpu.pg;
    const pct = (x: number) => `${((100 * x) / Math.max(1, all)).toFixed(0)} %`;
    const perOrder = (x: number) => `${(x / Math.max(1, done)).toFixed(2)}`;
    line(
      `  CPU during it (ms/order): ponctl ${perOrder(cpu.ours)}, lab ${perOrder(cpu.lab)}, PostgreSQL ${perOrder(cpu.pg)}`,
      `ponctl ${pct(cpu.ours)}, lab ${pct(cpu.lab)}, PostgreSQL ${pct(cpu.pg)} of ${(all / 1000).toFixed(1)} CPU-s; ${((100 * all) / provMs / os.cpus().length).toFixed(0)} % of the machine`,
    );
    // What the controller itself could carry on this machine's cores if the OLTs were real devices
    // with CPUs of their own: derived from CPU per order, not a measured rate (a real OLT's own
    // latency is not in it); printed beside the measured rate, never instead of it
    const ctlMsPerOrder = (cpu.ours + cpu.pg) / Math.max(1, done);
    line(
      `  controller capacity on ${os.cpus().length} cores, derived: cores ÷ (ponctl + PostgreSQL CPU per order)`,
      `${Math.round((os.cpus().length * 1000) / ctlMsPerOrder)} orders/s (the lab's ${perOrder(cpu.lab)} ms/order excluded; not a measured rate)`,
    );
    // each lab process's part: one near a whole core is what caps the run (single-threaded)
    line(
      `  lab CPU by process (${labs.length}), ms`,
      `${labCpu.map((x) => x.toFixed(0)).join(' + ')} = ${cpu.lab.toFixed(0)}; busiest ${((100 * Math.max(...labCpu)) / provMs).toFixed(0)} % of a core`,
    );
    line(
      "  the bench's own reads (open orders every 100 ms), PostgreSQL CPU",
      `${monitorMs.toFixed(0)} ms (${((100 * monitorMs) / Math.max(1, all)).toFixed(1)} % of the CPU measured)`,
    );
    line('  PostgreSQL row churn', await tableChurn(counter));
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    await counter.end().catch(() => undefined);
    await closeIntake().catch(() => undefined);
    await store.close();
    await Promise.all(labs.map((l) => l.stop()));
    rmSync(dir, { recursive: true, force: true });
  }
}

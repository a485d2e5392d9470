/**
 * `npm run bench -- poll` (issue 6 "What must be shown", issue 18, design §10): time to poll every ONT
 * (state + RX power) of a full C300 — 16 PON × 128 ONUs, the most a C3xx PON has — over the real ZTE
 * tables (phase `.1012.3.28.2.1.4`, ONU RX `.1012.3.50.12.1.1.10`, served by the independent ZXA10
 * simulator, every ONU configured over its CLI first) with our poller, and in the same run
 * `snmpbulkwalk` of the same two columns (the reference), with the ratio (target ≤ 1.0×), over v2c
 * and v3 authPriv, load average printed; then trap →
 * alarm latency p50/p99 (target < 250 ms): an ONT fault injected in the lab → its SNMP trap → our
 * receiver → the alarm event on the monitoring bus.
 * The lab runs in its own process (`ponctl lab --json`), as an OLT would: the agent's work is not
 * charged to the poller's event loop, and both clients face the same agent.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import { createInterface } from 'node:readline';
import type { LabInventory } from '../simulators/lab/inventory.ts';
import { SnmpClient, readOntTable } from '../src/adapters/driven/telemetry/snmp/index.ts';
import { MonitoringEvents } from '../src/application/monitoring/index.ts';
import { createMonitoring } from '../src/main/monitoring.ts';
import { runTool, snmpArgs } from '../test/helpers/lab.ts';
import { configureAllOnts } from './_lab-cli.ts';
import { line, mb, median, percentile } from './_util.ts';
import { targetsFromInventory } from '../src/main/lab.ts';
import { loadOltSnmpProfile } from '../src/protocols/snmp/olt-snmp-profile.ts';

const PONS = 16;
/** A C3xx PON carries ONU ids 1–128 (device profile zxa10-c300 `maxOnusPerPon`). */
const ONTS = 128;
const ROUNDS = 3;

interface LabProcess {
  inv: LabInventory;
  proc: ChildProcess;
  post(path: string, body: unknown): Promise<void>;
}

async function startLabProcess(): Promise<LabProcess> {
  const bin = new URL('../bin/ponctl', import.meta.url).pathname;
  const proc = spawn(
    bin,
    [
      'lab',
      '--olts',
      '1',
      '--pons',
      String(PONS),
      '--onts',
      String(ONTS),
      '--profile',
      'zxa10-c300',
      '--json',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const first = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: proc.stdout! });
    rl.once('line', (l) => resolve(l));
    proc.once('exit', (c) => reject(new Error(`ponctl lab exited with ${c}`)));
  });
  const inv = JSON.parse(first) as LabInventory;
  return {
    inv,
    proc,
    async post(path, body) {
      const r = await fetch(inv.control + path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!r.ok) throw new Error(`lab control ${path}: ${r.status} ${await r.text()}`);
    },
  };
}

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

export async function benchPoll(): Promise<void> {
  const lab = await startLabProcess();
  try {
    const inv = lab.inv;
    const o = inv.olts[0];
    const t0 = performance.now();
    const configured = await configureAllOnts(o);
    line(`ONUs configured over the CLI (${configured})`, `${(performance.now() - t0).toFixed(0)} ms`);
    const profile = loadOltSnmpProfile(o.profile);
    const reps = profile.maxRepetitions;
    const cols = [profile.ontTable.columns.phaseState.oid, profile.ontTable.columns.rxPower.oid];
    line(
      `OLT: ${PONS} PON × ${ONTS} ONT = ${PONS * ONTS} ONTs; columns phaseState + rxPower; max-repetitions ${reps}`,
      '',
    );
    for (const v of ['v2c', 'v3'] as const) {
      const ours: number[] = [];
      const ref: number[] = [];
      let rows = 0;
      let refCells = 0;
      let requests = 0;
      const rowsPerPon = new Map<number, number>(); // what the service's poller keeps between rounds
      await readOntTable(
        new SnmpClient({
          host: o.host,
          port: o.ports.snmp,
          version: 'v2c',
          community: o.credentials.community,
        }),
        profile,
        { rowsPerPon },
      );
      for (let i = 0; i < ROUNDS; i++) {
        // ours: a fresh session each round (v3 discovery included), as a poll after a restart would be
        const c = new SnmpClient({
          host: o.host,
          port: o.ports.snmp,
          version: v,
          community: o.credentials.community,
          v3: { user: o.snmpV3.user, authKey: o.snmpV3.authKey, privKey: o.snmpV3.privKey },
          timeoutMs: 5000,
        });
        const t0 = performance.now();
        const r = await readOntTable(c, profile, { parallel: PONS, rowsPerPon });
        ours.push(performance.now() - t0);
        rows = r.rows.length;
        requests = c.requests;
        c.close();
        // reference: snmpbulkwalk of the same two columns (one walk per column, as the tool works)
        let ms = 0;
        refCells = 0;
        for (const col of cols) {
          const w = await runTool('snmpbulkwalk', [...snmpArgs(o, v), `-Cr${reps}`, col]);
          if (w.code !== 0) throw new Error(`snmpbulkwalk failed (${w.code})`);
          ms += w.ms;
          refCells += w.stdout.split('\n').filter((l) => l.includes(' = ')).length;
        }
        ref.push(ms);
      }
      if (rows !== configured || refCells !== 2 * configured)
        throw new Error(`${v}: ${rows} rows polled, ${refCells} cells walked, ${configured} ONUs configured`);
      const a = median(ours);
      const b = median(ref);
      line(
        `${v}: our poller, every ONT state + RX (${rows} rows, ${requests} requests), median of ${ROUNDS}`,
        `${a.toFixed(1)} ms`,
      );
      line(
        `${v}: snmpbulkwalk of the same columns (${refCells} cells), median of ${ROUNDS}`,
        `${b.toFixed(1)} ms`,
      );
      line(`${v}: ratio ours / snmpbulkwalk (target ≤ 1.0)`, `${(a / b).toFixed(2)}×`);
      line(`${v}: load average (1/5/15 min)`, load());
    }

    // trap → alarm latency, with the service polling this OLT every 5 s meanwhile
    const events = new MonitoringEvents();
    const mon = createMonitoring({
      targets: targetsFromInventory(inv.olts),
      events,
      pollMs: 5000,
      traps: { port: 0 },
    });
    await mon.start();
    await new Promise<void>((resolve) => {
      const t = setInterval(() => {
        if (mon.onts.size >= PONS * ONTS) {
          clearInterval(t);
          resolve();
        }
      }, 50);
    });
    await lab.post('/trap-receivers', {
      host: '127.0.0.1',
      port: mon.trapSource!.port,
      version: 'v2c',
      community: 'public',
    });
    const lat: number[] = [];
    const N = 200;
    for (let i = 0; i < N; i++) {
      const pon = o.pons[i % PONS].port;
      const ont = 1 + ((i * 7) % ONTS);
      const t0 = performance.now();
      const got = new Promise<void>((resolve) => {
        const off = events.subscribe((e) => {
          if (
            e.type === 'alarm' &&
            e.alarm.type === 'ont-los' &&
            e.alarm.pon === pon &&
            e.alarm.onuId === ont
          ) {
            off();
            resolve();
          }
        });
      });
      await lab.post('/faults', { kind: 'drop-cut', olt: o.name, pon, ont });
      await got;
      lat.push(performance.now() - t0);
      await lab.post('/faults', { kind: 'drop-cut', olt: o.name, pon, ont, clear: true });
      await new Promise((r) => setTimeout(r, 10));
    }
    await mon.stop();
    line(
      `trap → alarm latency over ${N} drop cuts (fault request → trap → alarm event; poller running): p50`,
      `${percentile(lat, 50).toFixed(1)} ms`,
    );
    line('trap → alarm latency: p99 (target < 250 ms)', `${percentile(lat, 99).toFixed(1)} ms`);
    line('RSS at the end', mb(process.memoryUsage().rss));
  } finally {
    lab.proc.kill('SIGTERM');
  }
}

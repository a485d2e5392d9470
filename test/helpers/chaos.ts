/**
 * The chaos run of issue 17 ("What must be shown"): the lab in its own process (`ponctl lab --json`),
 * the controller as another (`ponctl start`, PONCTL_LAB_INVENTORY naming that lab), on SQLite or
 * PostgreSQL, 127.0.0.1 only. Each cycle: a burst of activations, faults injected through the lab's
 * control endpoint (an OLT down then up, a dropped session, a failed commit), the controller killed
 * with SIGKILL at a random point and started again; SPs retry what was not acknowledged with the same
 * Idempotency-Key. Then faults are cleared and the cycle checks that every order is completed, failed
 * with a reason, or scheduled (a retry with its next attempt) — none stuck — and that each OLT's
 * read-back configuration equals the store's intent (GET /v1/olts/:id/plan plans nothing).
 * Used by test/e2e/chaos.test.ts (bounded) and bench/chaos.ts (longer).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openStore } from '../../src/adapters/driven/store/index.ts';
import { planDemo } from '../../src/main/demo-seed.ts';
import type { LabInventory } from '../../src/main/lab.ts';
import { exited, freePort, startChildController, type ChildController } from './child-controller.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');

export interface ChaosOptions {
  store: 'sqlite' | 'postgres';
  /** PostgreSQL server URL (a database of its own is created and dropped). */
  pgUrl?: string;
  cycles: number;
  ordersPerCycle: number;
  /** PRNG seed (printed: a failing run can be replayed). */
  seed: number;
  /** The lease period given to the controller (PONCTL_LEASE_MS). */
  leaseMs?: number;
  /** Bound on the wait for every order of a cycle to settle. */
  settleTimeoutMs?: number;
  log?: (line: string) => void;
}

export type EndState = 'completed' | 'failed' | 'scheduled' | 'stuck';

export interface CycleReport {
  cycle: number;
  kills: number;
  /** A device write was open in the store when the kill landed. */
  midWrite: boolean;
  faults: string[];
  recoveryMs: number[];
  /** Of which: the controller process started again and listening. */
  restartMs: number[];
  states: Record<EndState, number>;
  /** Orders not in an end state, with their status (must be empty). */
  stuck: { id: string; status: string }[];
  /** Failed orders without a reason (must be empty). */
  failedWithoutReason: string[];
  /** Per OLT: what the controller would still change (must be empty), and unmanaged ONUs. */
  drift: Record<string, { changes: string[]; unmanaged: string[] }>;
}

export interface ChaosReport {
  store: string;
  seed: number;
  cycles: CycleReport[];
  kills: number;
  /** Kills that landed while a device write was open. */
  midWriteKills: number;
  recoveryMs: { p50: number; max: number; all: number[] };
  restartMs: { p50: number; max: number };
  states: Record<EndState, number>;
  /** Device-write records: closed as `abandoned` by recovery, and still open at the end (must be 0). */
  runs: { total: number; abandoned: number; open: number };
  elapsedMs: number;
}

/** mulberry32: a small seeded PRNG, so a run is reproducible from its printed seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface LabProcess {
  child: ChildProcess;
  /** What the lab wrote to stderr (progress, and why it stopped if it did). */
  stderr(): string;
  inventory: LabInventory;
  inventoryFile: string;
  close(): Promise<void>;
}

/** `ponctl lab --json` as a child process; its inventory (first stdout line) saved to a file. */
export async function startLabProcess(dir: string, args: string[] = []): Promise<LabProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/ponctl'), 'lab', '--json', ...args], {
    cwd: dir,
    env: { ...process.env, PONCTL_DATA_DIR: path.join(dir, 'lab') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // a test that times out does not reach its finally: the child must not outlive the test process
  const reap = () => child.kill('SIGKILL');
  process.once('exit', reap);
  child.once('exit', () => process.off('exit', reap));
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`ponctl lab exited ${code}: ${stderr.slice(-2000)}`)));
  });
  const inventoryFile = path.join(dir, 'lab-inventory.json');
  writeFileSync(inventoryFile, line + '\n');
  return {
    child,
    stderr: () => stderr,
    inventory: JSON.parse(line) as LabInventory,
    inventoryFile,
    async close() {
      if (child.exitCode === null && !child.signalCode) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited(child);
        clearTimeout(t);
      }
    },
  };
}

async function fault(inv: LabInventory, body: Record<string, unknown>): Promise<void> {
  const r = await fetch(`${inv.control}/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`lab fault ${JSON.stringify(body)}: ${r.status} ${await r.text()}`);
}

async function clearFaults(inv: LabInventory): Promise<void> {
  const r = (await (await fetch(`${inv.control}/faults`)).json()) as { faults: Record<string, unknown>[] };
  for (const f of r.faults) await fault(inv, { ...f, clear: true });
}

const percentile = (xs: number[], p: number) => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

export async function runChaos(o: ChaosOptions): Promise<ChaosReport> {
  const log = o.log ?? (() => undefined);
  const rnd = prng(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const dir = mkdtempSync(path.join(tmpdir(), 'ponctl-chaos-'));
  const started = performance.now();
  let lab: LabProcess | undefined;
  let ctl: ChildController | undefined;
  let dbName: string | undefined;
  let closePeek = async () => undefined as void;
  const admin = o.store === 'postgres' ? new pg.Client({ connectionString: o.pgUrl }) : undefined;
  try {
    const env: Record<string, string> = {
      PONCTL_LEASE_MS: String(o.leaseMs ?? 2000),
      PONCTL_SCHEDULER_MS: '250',
      PONCTL_LOG_LEVEL: 'error',
    };
    if (admin) {
      await admin.connect();
      dbName = `ponctl_chaos_${process.pid}_${Math.floor(rnd() * 1e9)}`;
      await admin.query(`CREATE DATABASE ${dbName}`);
      const url = new URL(o.pgUrl!);
      url.pathname = `/${dbName}`;
      env.PONCTL_STORE = url.toString();
    }
    lab = await startLabProcess(dir);
    const inv = lab.inventory;
    env.PONCTL_LAB_INVENTORY = lab.inventoryFile;
    const port = await freePort();
    const children: ChildProcess[] = [];
    const dataDir = path.join(dir, 'controller');
    mkdirSync(dataDir);
    // device writes open right now, read beside the controller (SQLite read-only in WAL mode)
    let peek: { sqlite?: Database.Database; pg?: pg.Client } = {};
    const openRuns = async (): Promise<number> => {
      const q = 'SELECT COUNT(*) AS n FROM provisioning_runs WHERE finished_ms IS NULL';
      try {
        if (env.PONCTL_STORE) {
          if (!peek.pg) {
            peek.pg = new pg.Client({ connectionString: env.PONCTL_STORE });
            await peek.pg.connect();
          }
          return Number((await peek.pg.query<{ n: string }>(q)).rows[0].n);
        }
        peek.sqlite ??= new Database(path.join(dataDir, 'ponctl.sqlite'), { readonly: true });
        return Number((peek.sqlite.prepare(q).get() as { n: number }).n);
      } catch {
        return 0; // not created yet
      }
    };
    closePeek = async () => {
      peek.sqlite?.close();
      await peek.pg?.end().catch(() => undefined);
      peek = {};
    };
    const start = async () => {
      ctl = await startChildController({ dataDir, port, env, children });
      const c = ctl.child;
      const reap = () => c.kill('SIGKILL');
      process.once('exit', reap);
      c.once('exit', () => process.off('exit', reap));
      return ctl;
    };
    // the demo seed on this lab's inventory: addresses whose ONT sits in an SP's stock are free
    const free = planDemo(inv).filter((a) => a.stockOf);
    let next = 0;
    const orders: { id?: string; sp: string; key: string; body: Record<string, unknown> }[] = [];
    const submit = async (c: ChildController, x: (typeof orders)[number]) => {
      const r = await fetch(`${c.url}/v1/orders`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${c.keys.sps[x.sp]}`,
          'content-type': 'application/json',
          'idempotency-key': x.key,
        },
        body: JSON.stringify(x.body),
      });
      if (r.status !== 202) throw new Error(`order ${x.key}: ${r.status} ${await r.text()}`);
      x.id = ((await r.json()) as { id: string }).id;
    };
    const operator = () => ({ authorization: `Bearer ${ctl!.keys.operator}` });
    const get = async <T>(p: string): Promise<T> => {
      const r = await fetch(`${ctl!.url}${p}`, { headers: operator() });
      if (r.status !== 200) throw new Error(`GET ${p}: ${r.status} ${await r.text()}`);
      return (await r.json()) as T;
    };
    type OrderView = {
      status: string;
      history: { reason?: string }[];
      provisioning?: { nextAttemptAt?: string };
    };
    const endState = (v: OrderView): EndState =>
      v.status === 'completed'
        ? 'completed'
        : v.status === 'failed'
          ? 'failed'
          : v.status === 'scheduled' || (v.status === 'due' && v.provisioning?.nextAttemptAt)
            ? 'scheduled'
            : 'stuck';
    /** Every order settled and no OLT waiting for reconciliation (quiet: nothing due or running). */
    const settled = async (quiet: boolean) => {
      const views = new Map<string, OrderView>();
      for (const x of orders) if (x.id) views.set(x.id, await get<OrderView>(`/v1/orders/${x.id}`));
      const { olts } = await get<{ olts: { id: string; needsReconciliation: boolean }[] }>('/v1/olts');
      const ok =
        [...views.values()].every((v) =>
          quiet ? ['completed', 'failed', 'scheduled'].includes(v.status) : endState(v) !== 'stuck',
        ) && olts.every((x) => !x.needsReconciliation);
      return { ok, views };
    };
    const waitSettled = async (timeoutMs: number, quiet: boolean) => {
      const t0 = performance.now();
      let lastError = '';
      for (;;) {
        const s = await settled(quiet).catch((e: Error) => {
          if (e.message !== lastError) log(`waiting: ${(lastError = e.message)}`);
          return undefined;
        });
        if (s?.ok || performance.now() - t0 > timeoutMs) return s;
        await sleep(100);
      }
    };

    await start();
    const cycles: CycleReport[] = [];
    for (let cycle = 1; cycle <= o.cycles; cycle++) {
      const faults: string[] = [];
      const recoveryMs: number[] = [];
      const restartMs: number[] = [];
      const burst: (typeof orders)[number][] = free.slice(next, next + o.ordersPerCycle).map((a, i) => ({
        sp: a.stockOf!,
        key: `chaos-${cycle}-${i}`,
        body: {
          form: 'BSNA',
          category: 'activation',
          address: a.address,
          contact: { name: 'Chaos', phone: '+385 1 555 0100' },
          ownerInstallsHome: false,
          ontSerial: a.serial,
          accessLevel: 'national',
          services: { internet: '100/100' },
        },
      }));
      next += burst.length;
      orders.push(...burst);
      // faults while the burst is worked: one OLT down (back up after the restart), a dropped
      // session, a commit that fails — each chosen at random
      const oltNames = inv.olts.map((x) => x.name);
      // every other cycle (the first included) an OLT goes down: each kind is seen in a short run
      const down = cycle % 2 === 1 || rnd() < 0.3 ? pick(oltNames) : undefined;
      const failing = pick(oltNames);
      await fault(inv, { kind: 'fail-commit', olt: failing, value: 1 + Math.floor(rnd() * 3) });
      faults.push(`fail-commit ${failing}`);
      // a slow OLT stretches its device writes, so that kills also land in the middle of one
      const slow = pick(oltNames);
      await fault(inv, { kind: 'latency', olt: slow, value: 100 + Math.round(rnd() * 300) });
      faults.push(`latency ${slow}`);
      const c = ctl!;
      const sending = Promise.all(burst.map((x) => submit(c, x).catch(() => undefined)));
      await sleep(rnd() * 400);
      if (down) {
        await fault(inv, { kind: 'olt-down', olt: down });
        faults.push(`olt-down ${down}`);
      }
      const dropped = pick(oltNames);
      await fault(inv, { kind: 'drop-connection', olt: dropped });
      faults.push(`drop-connection ${dropped}`);
      // odd cycles: the kill lands anywhere in intake, claim, apply or settlement; even ones: while a
      // device write is open (the hardest case: the OLT's state is unknown), if one opens within 4 s
      if (cycle % 2 === 1) await sleep(rnd() * 2500);
      else
        for (const t0 = performance.now(); performance.now() - t0 < 4000; await sleep(15))
          if ((await openRuns()) > 0) break;
      const midWrite = (await openRuns()) > 0;
      const killedAt = performance.now();
      c.child.kill('SIGKILL');
      await sending;
      await exited(c.child);
      log(
        `cycle ${cycle}: killed after ${Math.round(killedAt - started)} ms${midWrite ? ', mid-write' : ''} (${faults.join(', ')})`,
      );
      const t = performance.now();
      await start();
      restartMs.push(Math.round(performance.now() - t));
      // what the SPs retry: every order not acknowledged before the kill, with the same key
      for (const x of burst) if (!x.id) await submit(ctl!, x);
      if (down) await fault(inv, { kind: 'olt-down', olt: down, clear: true });
      await clearFaults(inv);
      const s = await waitSettled(o.settleTimeoutMs ?? 30_000, false);
      recoveryMs.push(Math.round(performance.now() - killedAt));
      // quiet before comparing devices and store: nothing due or running (a bounded wait)
      const quiet = await waitSettled(o.settleTimeoutMs ?? 30_000, true);
      const views = quiet?.views ?? s?.views ?? new Map<string, OrderView>();
      const states: Record<EndState, number> = { completed: 0, failed: 0, scheduled: 0, stuck: 0 };
      const stuck: CycleReport['stuck'] = [];
      const failedWithoutReason: string[] = [];
      for (const x of orders) {
        const v = x.id ? views.get(x.id) : undefined;
        const st = v ? endState(v) : 'stuck';
        states[st]++;
        if (st === 'stuck') stuck.push({ id: x.id ?? x.key, status: v?.status ?? 'not accepted' });
        if (st === 'failed' && !v!.history.at(-1)?.reason) failedWithoutReason.push(x.id!);
      }
      const drift: CycleReport['drift'] = {};
      for (const name of oltNames) {
        const p = await get<{ changes: string[]; unmanaged: string[] }>(`/v1/olts/${name}/plan`);
        drift[name] = { changes: p.changes, unmanaged: p.unmanaged };
      }
      const r: CycleReport = {
        cycle,
        kills: 1,
        midWrite,
        faults,
        recoveryMs,
        restartMs,
        states,
        stuck,
        failedWithoutReason,
        drift,
      };
      cycles.push(r);
      if (stuck.length) log(`cycle ${cycle}: stuck ${JSON.stringify(stuck.slice(0, 5))}`);
      log(
        `cycle ${cycle}: recovered in ${recoveryMs[0]} ms (process up in ${restartMs[0]} ms); ${states.completed} completed, ${states.failed} failed, ${states.scheduled} scheduled, ${states.stuck} stuck; plan ${oltNames.map((n) => `${n}:${drift[n].changes.length}`).join(' ')}`,
      );
    }
    await closePeek();
    // the store as the controller left it (stopped cleanly now): no run left open by a killed process
    ctl!.child.kill('SIGTERM');
    await exited(ctl!.child);
    const store = await openStore(
      env.PONCTL_STORE
        ? { kind: 'postgres', url: env.PONCTL_STORE }
        : { kind: 'sqlite', file: path.join(dataDir, 'ponctl.sqlite') },
    );
    const recorded = await store.provisioning.runs({ limit: 1_000_000 }).finally(() => store.close());
    const runs = {
      total: recorded.length,
      abandoned: recorded.filter((x) => x.outcome === 'abandoned').length,
      open: recorded.filter((x) => x.finishedMs === undefined).length,
    };
    const all = cycles.flatMap((x) => x.recoveryMs);
    const last = cycles.at(-1)?.states ?? { completed: 0, failed: 0, scheduled: 0, stuck: 0 };
    return {
      store: o.store,
      seed: o.seed,
      cycles,
      kills: cycles.reduce((n, x) => n + x.kills, 0),
      midWriteKills: cycles.filter((x) => x.midWrite).length,
      recoveryMs: { p50: percentile(all, 50), max: Math.max(0, ...all), all },
      restartMs: {
        p50: percentile(
          cycles.flatMap((x) => x.restartMs),
          50,
        ),
        max: Math.max(0, ...cycles.flatMap((x) => x.restartMs)),
      },
      states: last,
      runs,
      elapsedMs: Math.round(performance.now() - started),
    };
  } catch (e) {
    if (lab && (lab.child.exitCode !== null || lab.child.signalCode))
      throw new Error(
        `the lab process stopped (${lab.child.exitCode ?? lab.child.signalCode}): ${lab.stderr().slice(-3000)}`,
        { cause: e },
      );
    throw e;
  } finally {
    if (ctl && ctl.child.exitCode === null && !ctl.child.signalCode) {
      ctl.child.kill('SIGKILL');
      await exited(ctl.child);
    }
    await closePeek();
    await lab?.close();
    if (admin) {
      if (dbName) await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
      await admin.end();
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The figures the issue asks for, one block per store. */
export function formatChaos(r: ChaosReport): string {
  const s = r.states;
  return [
    `chaos on ${r.store} (seed ${r.seed}): ${r.cycles.length} cycles, ${r.kills} kills (SIGKILL; ${r.midWriteKills} while a device write was open), ${Math.round(r.elapsedMs / 1000)} s`,
    `  recovery (kill → every order settled, no OLT awaiting reconciliation): p50 ${r.recoveryMs.p50} ms, max ${r.recoveryMs.max} ms (of which the process starting: p50 ${r.restartMs.p50} ms, max ${r.restartMs.max} ms)`,
    `  orders: ${s.completed} completed, ${s.failed} failed with a reason, ${s.scheduled} scheduled, ${s.stuck} stuck`,
    `  device-write records: ${r.runs.total}, ${r.runs.abandoned} closed as abandoned by recovery, ${r.runs.open} left open`,
    `  OLT plans after each cycle: ${r.cycles.map((c) => Object.values(c.drift).reduce((n, d) => n + d.changes.length, 0)).join(', ')} change(s)`,
  ].join('\n');
}

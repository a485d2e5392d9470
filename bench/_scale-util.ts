/**
 * What the parts of `npm run bench -- scale` share (bench/scale.ts): child processes speaking JSON
 * lines, the lab in a process of its own (or spread over several), CPU and RSS of a process from
 * /proc, the load average.
 * Not a benchmark itself (bench/run.ts skips files starting with `_`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import type { LabInventory } from '../simulators/lab/inventory.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.join(here, '..', 'bin', 'ponctl');
/** The V8 flags of `bin/ponctl`'s `#!/usr/bin/env -S node …` line: every ponctl process here runs with them. */
const NODE_FLAGS = readFileSync(BIN, 'utf8')
  .split('\n', 1)[0]
  .split(' ')
  .filter((a) => a.startsWith('--'));
export const PG_URL = process.env.PONCTL_TEST_PG || 'postgres://postgres@127.0.0.1:5432/test';

export const load = (): string =>
  `load ${os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`;

/** A child process speaking JSON lines on stdout. */
export interface Child {
  proc: ChildProcess;
  next(): Promise<Record<string, unknown>>;
  send(s: string): void;
  stop(): Promise<void>;
}

export function child(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): Child {
  const proc = spawn(cmd, args, {
    env: { ...process.env, ...env },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const rl: Interface = createInterface({ input: proc.stdout! });
  const lines: string[] = [];
  const waiting: ((l: string) => void)[] = [];
  rl.on('line', (l) => {
    const w = waiting.shift();
    if (w) w(l);
    else lines.push(l);
  });
  let exited = false;
  const exit = new Promise<void>((r) =>
    proc.once('exit', () => {
      exited = true;
      r();
    }),
  );
  return {
    proc,
    next: () =>
      new Promise((resolve, reject) => {
        const l = lines.shift();
        if (l !== undefined) return resolve(JSON.parse(l) as Record<string, unknown>);
        if (exited) return reject(new Error(`${args.join(' ')} exited`));
        waiting.push((x) => resolve(JSON.parse(x) as Record<string, unknown>));
        void exit.then(() => reject(new Error(`${args.join(' ')} exited`)));
      }),
    send: (s) => proc.stdin!.write(s + '\n'),
    async stop() {
      if (exited) return;
      proc.kill('SIGTERM');
      const t = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(t);
    },
  };
}

/** A TypeScript file of bench/ as a process. */
export const tsChild = (file: string, env: NodeJS.ProcessEnv): Child =>
  child(
    process.execPath,
    [
      ...NODE_FLAGS,
      // e.g. SCALE_CHILD_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (NODE_OPTIONS refuses it)
      ...(process.env.SCALE_CHILD_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      '--import',
      'tsx',
      path.join(here, file),
    ],
    env,
  );

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux). */
export function cpuMsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields 14 and 15 of proc(5) (utime, stime), in clock ticks of 1/100 s on Linux
  return (Number(f[11]) + Number(f[12])) * 10;
}

export const rssOf = (pid: number): number =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;

/**
 * `ponctl lab` in a process of its own; its inventory from the first stdout line. `share`: this
 * process's OLTs of a lab spread over several (`--first-olt`, `--olt-step`; startLabProcesses).
 */
export async function startLabProcess(
  dir: string,
  s: { olts: number; pons: number; onts: number },
  profile: string,
  share: { first: number; step: number } = { first: 0, step: 1 },
): Promise<{ lab: Child; inv: LabInventory; file: string; startMs: number }> {
  const t0 = performance.now();
  const lab = child(
    process.execPath,
    [
      ...NODE_FLAGS,
      // e.g. PONCTL_BENCH_LAB_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof": a CPU profile of the
      // lab OLT's process, written when it stops (SIGTERM ends `ponctl lab` normally)
      ...(process.env.PONCTL_BENCH_LAB_NODE_ARGS?.split(' ').filter(Boolean) ?? []),
      BIN,
      'lab',
      '--olts',
      String(s.olts),
      ...(share.first || share.step !== 1
        ? ['--first-olt', String(share.first), '--olt-step', String(share.step)]
        : []),
      '--pons',
      String(s.pons),
      '--onts',
      String(s.onts),
      '--profile',
      profile,
      '--json',
    ],
    { PONCTL_DATA_DIR: dir },
  );
  const inv = (await lab.next()) as unknown as LabInventory;
  const file = path.join(dir, `inventory-${randomBytes(3).toString('hex')}.json`);
  writeFileSync(file, JSON.stringify(inv));
  return { lab, inv, file, startMs: performance.now() - t0 };
}

/** The whole number ≥ `min` in the environment variable `name`, else `fallback` (unset or not one). */
export function envCount(name: string, fallback: number, min = 1): number {
  const v = process.env[name];
  const n = Number(v);
  return v !== undefined && v !== '' && Number.isInteger(n) && n >= min ? n : fallback;
}

/** `SCALE_LAB_PROCS`: lab processes of a run (default: one per CPU, os.availableParallelism()). */
export const labProcs = (): number => envCount('SCALE_LAB_PROCS', os.availableParallelism());

/**
 * `olts` OLTs split evenly over at most `procs` processes, interleaved (process k has OLTs k, k + p,
 * k + 2p, …): the OLTs are claimed in an order of their own (planned date, then each instance's
 * rendezvous rank), and in blocks of the lab the 8 an instance first worked at once were 7 of one
 * process's (16 × 4 × 64, 1 instance: olt-1…7 and olt-9), leaving the other process idle.
 */
export function splitOlts(olts: number, procs: number): { first: number; step: number; count: number }[] {
  const p = Math.max(1, Math.min(procs, olts));
  return Array.from({ length: p }, (_, k) => ({ first: k, step: p, count: Math.ceil((olts - k) / p) }));
}

/**
 * One lab spread over `procs` `ponctl lab` processes (issue 16: one single-threaded lab process
 * capped the provisioning run), each in a data directory of its own with its share of the OLTs
 * (`--first-olt`, `--olt-step`: splitOlts). Their inventories merged into one file the controllers
 * read: each OLT names the control endpoint of its process (field work goes there,
 * LabInventoryOlt.control).
 */
export async function startLabProcesses(
  dir: string,
  s: { olts: number; pons: number; onts: number },
  profile: string,
  procs: number,
): Promise<{ labs: Child[]; inv: LabInventory; file: string; startMs: number }> {
  const t0 = performance.now();
  const parts = await Promise.all(
    splitOlts(s.olts, procs).map(async (p, k) => {
      const d = path.join(dir, `lab-${k + 1}`);
      mkdirSync(d, { recursive: true });
      return startLabProcess(d, { ...s, olts: p.count }, profile, p);
    }),
  );
  // in the whole lab's order (olt-1, olt-2, …): the bench places its orders OLT by OLT in this order
  const inv: LabInventory = {
    control: parts[0].inv.control,
    olts: Array.from({ length: s.olts }, (_, i) => {
      const p = parts[i % parts.length];
      return { ...p.inv.olts[Math.floor(i / parts.length)], control: p.inv.control };
    }),
  };
  const file = path.join(dir, `inventory-${randomBytes(3).toString('hex')}.json`);
  writeFileSync(file, JSON.stringify(inv));
  return { labs: parts.map((p) => p.lab), inv, file, startMs: performance.now() - t0 };
}

/**
 * Test helpers around the simulated lab: start one, run net-snmp command-line tools against it, and
 * run net-snmp's `snmptrapd` as a notification receiver (design §9: tools no one here wrote).
 */
import { authoriseAllOnts } from '../../simulators/zxa10/index.ts';
import { spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Lab, type LabOptions } from '../../simulators/lab/index.ts';
import type { LabInventoryOlt } from '../../simulators/lab/inventory.ts';

export { Lab };

export async function startLab(opts: LabOptions = {}): Promise<Lab> {
  return Lab.start(opts);
}

export interface ToolResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a command-line tool to completion (no shell). */
export function runTool(cmd: string, args: string[], timeoutMs = 60_000): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const p = spawn(cmd, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, MIBS: '', MIBDIRS: '/nonexistent' },
    });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    p.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: performance.now() - started });
    });
  });
}

/** `snmpbulkwalk` argument list for v2c or v3 authPriv (SHA + AES) against one lab OLT. */
export function snmpArgs(olt: LabInventoryOlt, version: 'v2c' | 'v3'): string[] {
  const target = `${olt.host}:${olt.ports.snmp}`;
  if (version === 'v2c')
    return ['-v2c', '-c', olt.credentials.community, '-On', '-t', '5', '-r', '1', target];
  const v3 = olt.snmpV3;
  return [
    '-v3',
    '-l',
    'authPriv',
    '-u',
    v3.user,
    '-a',
    'SHA',
    '-A',
    v3.authKey,
    '-x',
    'AES',
    '-X',
    v3.privKey,
    '-On',
    '-t',
    '5',
    '-r',
    '1',
    target,
  ];
}

/** Parses `-On` tool output lines `.OID = TYPE: value` into a map OID → raw value text. */
export function parseSnmpOutput(out: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of out.split('\n')) {
    const i = line.indexOf(' = ');
    if (i < 0) continue;
    const oid = line.slice(0, i).replace(/^\./, '');
    let v = line.slice(i + 3);
    if (/^No Such (Instance|Object)|^No more variables/.test(v)) continue; // absent
    const colon = v.indexOf(': ');
    if (colon >= 0) v = v.slice(colon + 2);
    m.set(oid, v.replace(/^"|"$/g, ''));
  }
  return m;
}

/**
 * An 8-byte G-PON serial as net-snmp's tools print it (`Hex-STRING: 5A 54 45 47 C0 FF EE 06`, or a
 * STRING when every byte is printable) → `ZTEG` + 8 upper-case hex digits [docs/zxa10-dialect.md §9.2].
 */
export function gponSerialOf(printed: string): string {
  const v = printed.trim();
  const bytes = /^([0-9A-Fa-f]{2}( |$))+$/.test(v)
    ? Buffer.from(v.replace(/\s+/g, ''), 'hex')
    : Buffer.from(v, 'latin1');
  return bytes.subarray(0, 4).toString('latin1') + bytes.subarray(4).toString('hex').toUpperCase();
}

/** A free UDP port on 127.0.0.1 (bound then released: a tool is started on it right away). */
export async function freeUdpPort(): Promise<number> {
  const s = dgram.createSocket('udp4');
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', () => r()));
  const port = s.address().port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface TrapDaemon {
  port: number;
  /** Everything snmptrapd logged so far. */
  output(): string;
  /** Resolves once the log contains `text` (rejects after `timeoutMs`). */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export interface TrapDaemonOptions {
  community?: string;
  /** v3 users: traps from engine `engineID` authenticated with SHA/AES. */
  v3?: { engineID: string; user: string; authKey: string; privKey: string }[];
}

/** Starts net-snmp's snmptrapd in the foreground, logging to stdout with numeric OIDs. */
export async function startSnmptrapd(opts: TrapDaemonOptions = {}): Promise<TrapDaemon> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'snmptrapd-'));
  const conf = path.join(dir, 'snmptrapd.conf');
  const lines = [`authCommunity log ${opts.community ?? 'public'}`];
  for (const u of opts.v3 ?? []) {
    lines.push(`createUser -e 0x${u.engineID} ${u.user} SHA ${u.authKey} AES ${u.privKey}`);
    lines.push(`createUser ${u.user} SHA ${u.authKey} AES ${u.privKey}`); // informs: snmptrapd's own engine
    lines.push(`authUser log ${u.user} priv`);
  }
  writeFileSync(conf, lines.join('\n') + '\n');
  let lastErr = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freeUdpPort();
    const p: ChildProcess = spawn(
      'snmptrapd',
      ['-f', '-Lo', '-C', '-c', conf, '-On', '-n', '-p', path.join(dir, 'pid'), `udp:127.0.0.1:${port}`],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, SNMP_PERSISTENT_DIR: dir, MIBS: '', MIBDIRS: '/nonexistent' },
      },
    );
    let out = '';
    const waiters: (() => void)[] = [];
    const onData = (d: Buffer) => {
      out += d.toString('utf8');
      for (const w of waiters.splice(0)) w();
    };
    p.stdout?.on('data', onData);
    p.stderr?.on('data', onData);
    let exited = false;
    p.on('exit', () => {
      exited = true;
      for (const w of waiters.splice(0)) w();
    });
    const waitFor = (text: string | RegExp, timeoutMs = 10_000) =>
      new Promise<string>((resolve, reject) => {
        const deadline = setTimeout(
          () =>
            reject(new Error(`snmptrapd did not log ${String(text)} within ${timeoutMs} ms; log:\n${out}`)),
          timeoutMs,
        );
        const check = () => {
          const hit = typeof text === 'string' ? out.includes(text) : text.test(out);
          if (hit) {
            clearTimeout(deadline);
            resolve(out);
            return;
          }
          if (exited) {
            clearTimeout(deadline);
            reject(new Error(`snmptrapd exited; log:\n${out}`));
            return;
          }
          waiters.push(check);
        };
        check();
      });
    try {
      await waitFor(/NET-SNMP version/, 10_000);
    } catch (err) {
      lastErr = (err as Error).message;
      p.kill('SIGKILL');
      continue;
    }
    return {
      port,
      output: () => out,
      waitFor,
      stop: async () => {
        if (!exited) {
          const done = new Promise<void>((r) => p.once('exit', () => r()));
          p.kill('SIGTERM');
          await done;
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  throw new Error(`snmptrapd did not start: ${lastErr}`);
}

/**
 * Every physical ONT of the lab's ZXA10 OLTs configured at its place (`onu N type F601 sn S`): an
 * OLT in service, whose SNMP tables have a row per ONU (a ZXA10 has rows for configured ONUs only).
 */
export function authoriseZxa10Onts(lab: Lab): void {
  for (const o of lab.olts) if (o.zxa10) authoriseAllOnts(o.zxa10);
}

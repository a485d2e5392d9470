/**
 * `ponctl lab --json` and `ponctl lab fault` as a user runs them (design §3): the first stdout line is
 * the inventory, `$PONCTL_DATA_DIR/lab.json` holds the same, `lab fault` reaches the running lab.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { runTool } from '../helpers/lab.ts';
import { CliClient } from '../helpers/cli-sim.ts';
import type { LabInventory } from '../../simulators/lab/inventory.ts';

const PONCTL = path.resolve('bin/ponctl');

let dataDir: string;
let child: ChildProcess;
let inv: LabInventory;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'ponctl-lab-cli-'));
  child = spawn(PONCTL, ['lab', '--json', '--olts', '2', '--pons', '1', '--onts', '4'], {
    env: { ...process.env, PONCTL_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const first = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    rl.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`ponctl lab exited ${code}`)));
  });
  inv = JSON.parse(first) as LabInventory;
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const done = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    await done;
  }
});

function ponctl(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const p = spawn(PONCTL, args, { env: { ...process.env, PONCTL_DATA_DIR: dataDir } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d: Buffer) => {
      stdout += d;
    });
    p.stderr.on('data', (d: Buffer) => {
      stderr += d;
    });
    p.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('ponctl lab', () => {
  it('prints the inventory as the first stdout line and writes it to $PONCTL_DATA_DIR/lab.json', () => {
    expect(inv.olts).toHaveLength(2);
    expect(inv.olts[0].pons[0].onts).toHaveLength(4);
    expect(JSON.parse(readFileSync(path.join(dataDir, 'lab.json'), 'utf8'))).toEqual(inv);
  });

  it('ponctl lab fault injects into the running lab (SNMP shows LOS) and --clear undoes it', async () => {
    const olt = inv.olts[1];
    // the ZXA10 has rows for configured ONUs only: configure the PON's four at its CLI first
    const c = new CliClient();
    await c.connect(olt.ports.cli, { rows: 24, cols: 80 }, olt.credentials);
    for (const l of [
      'configure terminal',
      'interface gpon-olt_1/1/1',
      ...olt.pons[0].onts.map((t) => `onu ${t.id} type F601 sn ${t.serial}`),
      'end',
    ])
      expect(await c.cmd(l)).not.toMatch(/^%(Error|Code)/m);
    c.close();
    const r = await ponctl(['lab', 'fault', 'pon-cut', '--olt', olt.name, '--pon', '1/1/1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: true, changed: 4 });
    // zxGponOntPhaseState, 0-based: 1 = LOS [docs/zxa10-dialect.md §9.2]
    const phaseOid = '1.3.6.1.4.1.3902.1012.3.28.2.1.4';
    const walk = await runTool('snmpbulkwalk', [
      '-v2c',
      '-c',
      olt.credentials.community,
      '-On',
      `127.0.0.1:${olt.ports.snmp}`,
      phaseOid,
    ]);
    expect(walk.stdout.match(/INTEGER: 1$/gm)).toHaveLength(4);
    const faults = (await (await fetch(`${inv.control}/faults`)).json()) as { faults: unknown[] };
    expect(faults.faults).toHaveLength(1);
    const cl = await ponctl(['lab', 'fault', 'pon-cut', '--olt', olt.name, '--pon', '1/1/1', '--clear']);
    expect(cl.code, cl.stderr).toBe(0);
    expect(cl.stdout).toContain('cleared pon-cut');
  });

  it('ponctl lab fault rejects an unknown kind and a missing ONT with a message and exit code 1', async () => {
    const bad = await ponctl(['lab', 'fault', 'meteor', '--olt', inv.olts[0].name]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/unknown fault kind/);
    const noOnt = await ponctl(['lab', 'fault', 'dying-gasp', '--olt', inv.olts[0].name, '--pon', '1/1/1']);
    expect(noOnt.code).toBe(1);
    expect(noOnt.stderr).toMatch(/needs --ont/);
  });

  it('a large lab reports its start-up progress on stderr (not a TTY here: ~10 lines); --json keeps the inventory the first stdout line', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ponctl-lab-cli-large-'));
    const big = spawn(PONCTL, ['lab', '--json', '--olts', '1', '--pons', '4', '--onts', '256'], {
      env: { ...process.env, PONCTL_DATA_DIR: dir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    big.stderr!.on('data', (d: Buffer) => {
      stderr += d;
    });
    try {
      const first = await new Promise<string>((resolve, reject) => {
        createInterface({ input: big.stdout! }).once('line', resolve);
        big.once('exit', (code) => reject(new Error(`ponctl lab exited ${code}: ${stderr}`)));
      });
      const large = JSON.parse(first) as LabInventory;
      expect(large.olts[0].pons.map((p) => p.onts.length)).toEqual([256, 256, 256, 256]);
      const lines = stderr.trimEnd().split('\n');
      expect(lines.length).toBeGreaterThanOrEqual(5);
      expect(lines.length).toBeLessThanOrEqual(12);
      expect(lines.some((l) => /\] \d+% 256\/1024 ONTs, 0\/1 OLTs — olt-1 PON 1\/1\/1$/.test(l))).toBe(true);
      expect(lines.at(-1)).toMatch(/100% 1024\/1024 ONTs, 1\/1 OLTs — ready$/);
    } finally {
      if (big.exitCode === null) {
        const exited = new Promise<void>((r) => big.once('exit', () => r()));
        big.kill('SIGTERM');
        await exited;
      }
    }
  });

  it('stops on SIGTERM and removes lab.json', async () => {
    const done = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await done).toBe(0);
    expect(existsSync(path.join(dataDir, 'lab.json'))).toBe(false);
  });
});

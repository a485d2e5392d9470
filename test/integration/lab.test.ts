/**
 * The simulated lab as a whole (design §3, issue 4 §1, §8): inventory shape, the control endpoint,
 * fault semantics on every protocol front door, and the size target (4 096 ONTs in < 5 s, < 500 MB).
 */
import { CliClient } from '../helpers/cli-sim.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ssh2 from 'ssh2';
import { mkdtempSync, readFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Lab, progressPrinter, type LabProgress } from '../../simulators/lab/index.ts';
import type { LabInventory } from '../../simulators/lab/inventory.ts';
import { RawNetconfClient } from '../helpers/raw-netconf.ts';
import { LabFieldWork } from '../../src/adapters/driven/lab/lab-field-work.ts';

const SERIAL = /^[A-Z]{4}[0-9A-F]{8}$/;

async function post(url: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Opens an SSH connection with the lab credentials; resolves 'ready' or the error/close reason. */
function sshConnect(
  port: number,
  creds: { username: string; password: string },
): Promise<{ outcome: 'ready' | 'failed'; conn: ssh2.Client }> {
  return new Promise((resolve) => {
    const conn = new ssh2.Client();
    conn.once('ready', () => resolve({ outcome: 'ready', conn }));
    conn.once('error', () => resolve({ outcome: 'failed', conn }));
    conn.once('close', () => resolve({ outcome: 'failed', conn }));
    conn.connect({
      host: '127.0.0.1',
      port,
      username: creds.username,
      password: creds.password,
      readyTimeout: 5000,
    });
  });
}

describe('default lab (design §3)', () => {
  let lab: Lab;
  let inv: LabInventory;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'ponctl-lab-'));
    lab = await Lab.start({ dataDir });
    inv = lab.inventory();
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('has 2 OLTs × 2 PON ports × 16 ONTs, first NETCONF-profiled, second ZXA10 C300, in the inventory shape', () => {
    expect(Object.keys(inv).sort()).toEqual(['control', 'olts']);
    expect(inv.control).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(inv.olts.map((o) => o.profile)).toEqual(['bbf-tr385', 'zxa10-c300']);
    expect(inv.olts[1].model).toBe('ZXA10 C300');
    const serials = new Set<string>();
    for (const olt of inv.olts) {
      expect(typeof olt.name).toBe('string');
      expect(olt.host).toBe('127.0.0.1');
      for (const p of ['cli', 'netconf', 'snmp', 'omci'] as const) expect(olt.ports[p]).toBeGreaterThan(0);
      expect(new Set([olt.ports.cli, olt.ports.netconf]).size).toBe(2);
      expect(Object.keys(olt.credentials).sort()).toEqual(['community', 'password', 'username']);
      expect(olt.snmpV3).toMatchObject({
        securityLevel: 'authPriv',
        authProtocol: 'SHA',
        privProtocol: 'AES',
      });
      expect(olt.pons.map((p) => p.port)).toEqual(['1/1/1', '1/1/2']);
      for (const pon of olt.pons) {
        expect(pon.onts.map((o) => o.id)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
        for (const ont of pon.onts) {
          expect(ont.serial).toMatch(SERIAL);
          serials.add(ont.serial);
        }
      }
    }
    expect(serials.size).toBe(64); // unique lab-wide
  });

  it('writes the same inventory to <dataDir>/lab.json and serves it on GET /inventory', async () => {
    const file = JSON.parse(readFileSync(path.join(dataDir, 'lab.json'), 'utf8')) as unknown;
    expect(file).toEqual(inv);
    const res = await fetch(`${inv.control}/inventory`);
    expect(await res.json()).toEqual(inv);
  });

  it('control endpoint: POST /faults injects, GET /faults lists, clear undoes; bad requests are 400/404', async () => {
    const olt = inv.olts[0];
    const r = await post(`${inv.control}/faults`, { kind: 'pon-cut', olt: olt.name, pon: '1/1/1' });
    expect(r.status).toBe(200);
    expect(r.json.changed).toBe(16);
    expect(lab.findOlt(olt.name)!.phaseOf(lab.findOlt(olt.name)!.ont('1/1/1', 5)!)).toBe('los');
    const list = (await (await fetch(`${inv.control}/faults`)).json()) as {
      faults: { kind: string; pon?: string }[];
    };
    expect(list.faults).toEqual([expect.objectContaining({ kind: 'pon-cut', olt: olt.name, pon: '1/1/1' })]);
    const c = await post(`${inv.control}/faults`, {
      kind: 'pon-cut',
      olt: olt.name,
      pon: '1/1/1',
      clear: true,
    });
    expect(c.json.changed).toBe(16);
    expect(((await (await fetch(`${inv.control}/faults`)).json()) as { faults: unknown[] }).faults).toEqual(
      [],
    );
    expect((await post(`${inv.control}/faults`, { kind: 'meteor', olt: olt.name })).status).toBe(400);
    expect((await post(`${inv.control}/faults`, { kind: 'pon-cut', olt: 'nope', pon: '1/1/1' })).status).toBe(
      404,
    );
    expect(
      (await post(`${inv.control}/faults`, { kind: 'drop-cut', olt: olt.name, pon: '1/1/1' })).status,
    ).toBe(400);
    expect(
      (await post(`${inv.control}/faults`, { kind: 'drop-cut', olt: olt.name, pon: '1/1/1', ont: 99 }))
        .status,
    ).toBe(404);
  });

  it('ont-state events fire for physical faults; reboot comes back by itself', async () => {
    const olt = inv.olts[1];
    const sim = lab.findOlt(olt.name)!;
    const seen: string[] = [];
    const listener = (c: { ont: { id: number }; to: string }) => seen.push(`${c.ont.id}:${c.to}`);
    sim.on('ont-state', listener);
    lab.fault({ kind: 'dying-gasp', olt: olt.name, pon: '1/1/2', ont: 1 });
    lab.fault({ kind: 'drop-cut', olt: olt.name, pon: '1/1/2', ont: 2 });
    lab.fault({ kind: 'rx-degrade', olt: olt.name, pon: '1/1/2', ont: 3 });
    lab.fault({ kind: 'reboot', olt: olt.name, pon: '1/1/2', ont: 4, value: 150 });
    expect(seen).toEqual(['1:dying-gasp', '2:los', '4:offline']);
    expect(sim.rxPowerDbm(sim.ont('1/1/2', 3)!)).toBeCloseTo(sim.ont('1/1/2', 3)!.baseRxPowerDbm - 10, 5);
    await expect.poll(() => seen.includes('4:working'), { timeout: 3000 }).toBe(true);
    expect(sim.ont('1/1/2', 4)!.lastDownCause).toBe('reboot');
    lab.fault({ kind: 'dying-gasp', olt: olt.name, pon: '1/1/2', ont: 1, clear: true });
    lab.fault({ kind: 'drop-cut', olt: olt.name, pon: '1/1/2', ont: 2, clear: true });
    lab.fault({ kind: 'rx-degrade', olt: olt.name, pon: '1/1/2', ont: 3, clear: true });
    expect(seen.slice(-2)).toEqual(['1:working', '2:working']);
    sim.off('ont-state', listener);
  });

  it('olt-down refuses SSH on both ports and drops open sessions; clear restores', async () => {
    const olt = inv.olts[0];
    const open = await sshConnect(olt.ports.netconf, olt.credentials);
    expect(open.outcome).toBe('ready');
    const closed = new Promise<void>((r) => open.conn.once('close', () => r()));
    lab.fault({ kind: 'olt-down', olt: olt.name });
    await closed;
    expect((await sshConnect(olt.ports.cli, olt.credentials)).outcome).toBe('failed');
    expect((await sshConnect(olt.ports.netconf, olt.credentials)).outcome).toBe('failed');
    lab.fault({ kind: 'olt-down', olt: olt.name, clear: true });
    const again = await sshConnect(olt.ports.netconf, olt.credentials);
    expect(again.outcome).toBe('ready');
    again.conn.end();
  });

  it('drop-connection cuts open sessions now; with a value arms dropAfterOps; fail-commit and latency set the fault state', async () => {
    const olt = inv.olts[0];
    const s = await sshConnect(olt.ports.cli, olt.credentials);
    expect(s.outcome).toBe('ready');
    const closed = new Promise<void>((r) => s.conn.once('close', () => r()));
    lab.fault({ kind: 'drop-connection', olt: olt.name });
    await closed;
    const f = lab.findOlt(olt.name)!.faults;
    lab.fault({ kind: 'drop-connection', olt: olt.name, value: 3 });
    expect(f.dropAfterOps).toBe(3);
    lab.fault({ kind: 'fail-commit', olt: olt.name });
    expect(f.failOnOp).toBe(1);
    lab.fault({ kind: 'latency', olt: olt.name, value: 250 });
    expect(f.latencyMs).toBe(250);
    for (const kind of ['drop-connection', 'fail-commit', 'latency'] as const)
      lab.fault({ kind, olt: olt.name, clear: true });
    expect([f.dropAfterOps, f.failOnOp, f.latencyMs]).toEqual([null, null, 0]);
  });

  it('mounts the NETCONF subsystem on the NETCONF port with the lab credentials', async () => {
    const olt = inv.olts[0];
    const c = new RawNetconfClient();
    await c.connect(olt.ports.netconf, olt.credentials);
    const hello = await c.hello();
    expect(hello).toContain('urn:ietf:params:netconf:base:1.1');
    const reply = await c.rpc('<get-config><source><running/></source></get-config>');
    expect(reply).toContain('<data');
    c.close();
  });

  it('mounts the ZXA10 shell on the CLI port: prompt NAME#, show gpon onu uncfg lists the unconfigured ONTs', async () => {
    const olt = inv.olts[1];
    const c = new CliClient();
    const banner = await c.connect(olt.ports.cli, { rows: 24, cols: 80 }, olt.credentials);
    expect(banner.trimEnd().endsWith(`${olt.name}#`)).toBe(true);
    await c.cmd('terminal length 0');
    const out = await c.cmd('show gpon onu uncfg');
    c.close();
    for (const pon of olt.pons) for (const ont of pon.onts) expect(out).toContain(ont.serial);
  });

  it('close() stops every listener and removes lab.json', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ponctl-lab-'));
    const small = await Lab.start({ olts: 1, pons: 1, onts: 2, dataDir: dir });
    const i = small.inventory();
    await small.close();
    expect(existsSync(path.join(dir, 'lab.json'))).toBe(false);
    await expect(fetch(`${i.control}/inventory`)).rejects.toThrow();
    expect((await sshConnect(i.olts[0].ports.cli, i.olts[0].credentials)).outcome).toBe('failed');
  });
});

describe('one lab spread over several processes (issue 16, bench scale)', () => {
  it('the parts started with firstOlt (and oltStep) make together the inventory of the whole lab (names, profiles, serials, PON-TAGs)', async () => {
    const o = { pons: 2, onts: 3, profiles: ['bbf-tr385', 'zxa10-c300', 'zxa10-c600'] };
    // what does not depend on the process: its ports, host key and control endpoint do
    const shape = (i: LabInventory) =>
      i.olts.map((x) => ({ name: x.name, profile: x.profile, model: x.model, pons: x.pons }));
    const labs = [
      await Lab.start({ ...o, olts: 4 }),
      await Lab.start({ ...o, olts: 1 }),
      await Lab.start({ ...o, olts: 3, firstOlt: 1 }),
      await Lab.start({ ...o, olts: 2, oltStep: 2 }),
      await Lab.start({ ...o, olts: 2, firstOlt: 1, oltStep: 2 }),
    ];
    try {
      const [whole, head, tail, even, odd] = labs.map((l) => shape(l.inventory()));
      expect(tail.map((x) => x.name)).toEqual(['olt-2', 'olt-3', 'olt-4']);
      expect([...head, ...tail]).toEqual(whole);
      // interleaved: every second OLT each
      expect(odd.map((x) => x.name)).toEqual(['olt-2', 'olt-4']);
      expect([even[0], odd[0], even[1], odd[1]]).toEqual(whole);
    } finally {
      for (const l of labs) await l.close();
    }
  });

  it("field work reaches each OLT's own lab process (the merged inventory's per-OLT control)", async () => {
    const o = { olts: 1, pons: 1, onts: 2, profiles: ['bbf-tr385'] };
    const head = await Lab.start(o);
    const tail = await Lab.start({ ...o, firstOlt: 1 });
    try {
      const [h, t] = [head.inventory(), tail.inventory()];
      const fw = new LabFieldWork(h.control, (olt) => (olt === 'olt-2' ? t.control : undefined));
      const pon = t.olts[0].pons[0].port;
      const serials = await fw.installOnts([
        { olt: 'olt-2', pon, onuId: t.olts[0].pons[0].onts[0].id, serial: 'ZTEG0000BEEF' },
        { olt: 'olt-1', pon, onuId: h.olts[0].pons[0].onts[1].id },
      ]);
      expect(serials).toEqual(['ZTEG0000BEEF', h.olts[0].pons[0].onts[1].serial]);
      expect(tail.inventory().olts[0].pons[0].onts[0].serial).toBe('ZTEG0000BEEF');
    } finally {
      await head.close();
      await tail.close();
    }
  });
});

describe('large lab (issue 4 §1)', () => {
  it('one OLT with 16 PON ports × 256 ONTs starts in < 5 s and < 500 MB RSS, reporting progress', async () => {
    const progress: LabProgress[] = [];
    const t0 = performance.now();
    const lab = await Lab.start({
      olts: 1,
      pons: 16,
      onts: 256,
      profiles: ['zxa10-c300'],
      onProgress: (p) => progress.push(p),
    });
    const ms = performance.now() - t0;
    try {
      const rss = process.memoryUsage().rss / 1024 / 1024;
      expect(ms).toBeLessThan(5000);
      expect(rss).toBeLessThan(500);
      const inv = lab.inventory();
      expect(inv.olts[0].pons.length).toBe(16);
      expect(inv.olts[0].pons.reduce((n, p) => n + p.onts.length, 0)).toBe(4096);
      expect(progress.at(-1)).toMatchObject({
        phase: 'ready',
        onts: 4096,
        totalOnts: 4096,
        steps: 20,
        totalSteps: 20,
      });
      // the bar moves within the one OLT: a step per PON built, then per protocol server started
      const pons = progress.filter((p) => p.phase === 'pon');
      expect(pons.map((p) => p.item)).toEqual(inv.olts[0].pons.map((p) => p.port));
      expect(pons.map((p) => p.onts)).toEqual(pons.map((_, k) => (k + 1) * 256));
      expect(progress.filter((p) => p.phase === 'server').map((p) => p.item)).toEqual([
        'cli',
        'netconf',
        'snmp',
        'omci',
      ]);
      const steps = progress.map((p) => p.steps);
      expect(steps).toEqual([...steps].sort((x, y) => x - y));
      expect(new Set(steps).size).toBe(20);
      expect(progress.findIndex((p) => p.phase === 'olt')).toBe(20);
      // what `ponctl lab` draws from it: one redrawn line on a terminal, ~10 plain lines in a log
      const tty: string[] = [];
      const log: string[] = [];
      const onTty = progressPrinter(4096, { isTTY: true, write: (x) => tty.push(x) })!;
      const onLog = progressPrinter(4096, { isTTY: false, write: (x) => log.push(x) })!;
      for (const p of progress) {
        onTty(p);
        onLog(p);
      }
      expect(tty).toHaveLength(progress.length);
      expect(tty.every((l) => l.startsWith('\r'))).toBe(true);
      expect(tty[0]).toContain('256/4096 ONTs, 0/1 OLTs — olt-1 PON 1/1/1');
      expect(tty.at(-1)).toBe(`\r[${'#'.repeat(30)}] 100% 4096/4096 ONTs, 1/1 OLTs — ready\x1b[K\n`);
      expect(log.length).toBeGreaterThanOrEqual(10);
      expect(log.length).toBeLessThanOrEqual(12);
      expect(log.every((l) => l.endsWith('\n') && !l.includes('\r'))).toBe(true);
      expect(progressPrinter(64, { isTTY: false, write: () => undefined })).toBeUndefined();
    } finally {
      await lab.close();
    }
  });
});

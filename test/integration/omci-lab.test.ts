/**
 * OMCI through the lab as `ponctl lab` starts it: each OLT's OMCI endpoint at `ports.omci`, each PON
 * addressed by its `channelTermination` (design §3), reached through the telemetry port's OMCI
 * reader; faults injected through the lab's HTTP control endpoint show on the OMCI path; and the
 * F601 MIB a provisioned ONT uploads through the transport has no dangling pointer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Lab } from '../../simulators/lab/index.ts';
import type { LabInventory } from '../../simulators/lab/inventory.ts';
import { targetsFromInventory } from '../../src/main/lab.ts';
import { NetworkTelemetry } from '../../src/adapters/driven/telemetry/network-telemetry.ts';
import { OltOmciReader } from '../../src/adapters/driven/telemetry/omci/omci-reader.ts';
import type { OmciAlarmEvent } from '../../src/application/ports/telemetry.ts';
import { RpcTimeoutError } from '../../src/application/ports/olt-driver/errors.ts';
import { MeClass, meDef } from '../../src/protocols/omci/me-defs.ts';
import { configWithOnu } from '../helpers/omci.ts';
import { mibDoc, walkPointers } from '../helpers/mib-pointers.ts';
import { runPython } from '../helpers/bbf-onusim.ts';

let lab: Lab;
let inv: LabInventory;
let reader: OltOmciReader;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'ponctl-omci-lab-'));

beforeAll(async () => {
  lab = await Lab.start({ dataDir, olts: 1, pons: 2, onts: 4 });
  inv = lab.inventory();
  const sim = lab.findOlt(inv.olts[0].name)!;
  sim.config.setRunning(configWithOnu(sim, '1/1/1', 1));
  const [target] = targetsFromInventory(inv.olts, { omci: true });
  reader = (await new NetworkTelemetry().connectOmci(target, {
    requestTimeoutMs: 1500,
    connectTimeoutMs: 1000,
  })) as OltOmciReader;
});

afterAll(async () => {
  await reader?.close();
  await lab?.close();
});

async function fault(body: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${inv.control}/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

async function until(cond: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('OMCI in the lab', () => {
  it('the inventory names the OMCI endpoint and each PON’s channel termination, also in lab.json', () => {
    const o = inv.olts[0];
    expect(o.ports.omci).toBeGreaterThan(0);
    expect(o.pons.map((p) => p.channelTermination)).toEqual(['ct-1.1.1', 'ct-1.1.2']);
    expect(o.pons.every((p) => p.ponType === 'gpon' && p.omciMic === false)).toBe(true);
    const file = JSON.parse(readFileSync(path.join(dataDir, 'lab.json'), 'utf8')) as LabInventory;
    expect(file.olts[0].ports.omci).toBe(o.ports.omci);
    expect(file.olts[0].pons[1].channelTermination).toBe('ct-1.1.2');
  });

  it('every ONT answers ONU-G and ANI-G through the transport; a PON cut silences that PON only', async () => {
    const o = inv.olts[0];
    const sim = lab.findOlt(o.name)!;
    for (const p of o.pons)
      for (const t of p.onts) {
        expect((await reader.getOnuState(p.port, t.id)).serial).toBe(t.serial);
        expect((await reader.getOpticalLevels(p.port, t.id)).rxDbm).toBeCloseTo(
          sim.rxPowerDbm(sim.ont(p.port, t.id)!)!,
          2,
        );
      }
    await fault({ kind: 'pon-cut', olt: o.name, pon: '1/1/2' });
    try {
      await expect(reader.getOpticalLevels('1/1/2', 1)).rejects.toBeInstanceOf(RpcTimeoutError);
      expect((await reader.getOpticalLevels('1/1/1', 2)).rxDbm).toBeLessThan(0);
    } finally {
      await fault({ kind: 'pon-cut', olt: o.name, pon: '1/1/2', clear: true });
    }
    expect((await reader.getOnuState('1/1/2', 1)).operationalState).toBe('enabled');
  });

  it('alarms the lab injects reach monitoring’s side as events: low RX (rx-degrade) and dying gasp', async () => {
    const o = inv.olts[0];
    const sim = lab.findOlt(o.name)!;
    const base = sim.ont('1/1/1', 3)!.baseRxPowerDbm;
    const events: OmciAlarmEvent[] = [];
    const stop = reader.onAlarm((e) => events.push(e));
    try {
      await reader.getOnuState('1/1/1', 3);
      await fault({ kind: 'rx-degrade', olt: o.name, pon: '1/1/1', ont: 3, value: base + 29.5 });
      await until(() => events.some((e) => e.alarm === 'low-rx' && e.raised && e.onuId === 3));
      await fault({ kind: 'rx-degrade', olt: o.name, pon: '1/1/1', ont: 3, clear: true });
      await until(() => events.some((e) => e.alarm === 'low-rx' && !e.raised && e.onuId === 3));
      await fault({ kind: 'dying-gasp', olt: o.name, pon: '1/1/1', ont: 4 });
      await until(() => events.some((e) => e.alarm === 'dying-gasp' && e.raised && e.onuId === 4));
    } finally {
      stop();
      await fault({ kind: 'dying-gasp', olt: o.name, pon: '1/1/1', ont: 4, clear: true });
    }
    expect(events.filter((e) => e.onuId === 3).map((e) => [e.alarm, e.raised])).toEqual([
      ['low-rx', true],
      ['low-rx', false],
    ]);
  });

  it('the provisioned F601’s MIB upload (tables by Get next) has no dangling pointer: our walker and mib_pointers.py', async () => {
    const a = reader.address('1/1/1', 1);
    const mib = await reader.onus.mibUpload(a);
    expect(mib.size).toBe(131);
    // table attributes are read with Get + Get next; fill them in for the walk
    for (const m of mib.all())
      for (const attr of meDef(m.meClass)?.attributes ?? [])
        if (attr.type === 'table')
          m.tables[attr.name] = await reader.onus
            .getTable(a, m.meClass, m.meInstance, attr.name)
            .catch(() => []);
    const doc = mibDoc(mib.all());
    const walk = walkPointers(doc);
    expect(walk.problems).toEqual([]);
    expect(walk.checked).toBeGreaterThan(180);
    const classes = new Set(mib.all().map((m) => m.meClass));
    for (const c of [45, 47, 84, 171, 130, 266, 268, 272, 277, 278])
      expect(classes.has(c), `class ${c}`).toBe(true);
    const file = path.join(dataDir, 'uploaded-mib.json');
    writeFileSync(file, JSON.stringify(doc));
    const py = await runPython('mib_pointers.py', [file]);
    const out = JSON.parse(py.stdout) as { pointersChecked: number; problems: string[] };
    expect(out.problems).toEqual([]);
    expect(out.pointersChecked).toBe(walk.checked);
    expect(py.code).toBe(0);
    // a dangling pointer is caught: point a bridge port at a mapper that does not exist
    const broken = structuredClone(doc);
    broken.mes.find(
      (m) => m.class === MeClass.macBridgePortConfigData && m.attributes.tpType === 3,
    )!.attributes.tpPointer = 0x99;
    expect(walkPointers(broken).problems).toEqual([expect.stringContaining('-> 130/0x99: no such ME')]);
  });
});

describe('OMCI in the lab on XGS-PON (zxa10-c600): MIC per ONU, extended set from what the ONU reports', () => {
  let xlab: Lab;
  let xreader: OltOmciReader;
  const xdir = mkdtempSync(path.join(os.tmpdir(), 'ponctl-omci-lab-xgs-'));

  beforeAll(async () => {
    xlab = await Lab.start({ dataDir: xdir, olts: 1, pons: 1, onts: 3, profiles: ['zxa10-c600'] });
    const [target] = targetsFromInventory(xlab.inventory().olts, { omci: true });
    xreader = (await new NetworkTelemetry().connectOmci(target, {
      requestTimeoutMs: 1500,
      connectTimeoutMs: 1000,
    })) as OltOmciReader;
  });

  afterAll(async () => {
    await xreader?.close();
    await xlab?.close();
  });

  it('the inventory marks the channel for the MIC with its PON-TAG; each ONT answers with its own key and speaks extended', async () => {
    const o = xlab.inventory().olts[0];
    const [p] = o.pons;
    expect(p).toMatchObject({ ponType: 'xgs-pon', omciMic: true, channelTermination: 'ct-1.1.1' });
    expect(p.ponTag).toMatch(/^[0-9a-f]{16}$/);
    const sim = xlab.findOlt(o.name)!;
    const ep = xlab.labOlt(o.name)!.omci;
    for (const t of p.onts) {
      // the poller passes the serial: the transport derives that ONU's OMCI_IK from it (G.9807.1 C.15)
      expect((await xreader.getOnuState(p.port, t.id, t.serial)).serial).toBe(t.serial);
      expect((await xreader.getOpticalLevels(p.port, t.id, t.serial)).rxDbm).toBeCloseTo(
        sim.rxPowerDbm(sim.ont(p.port, t.id)!)!,
        2,
      );
      const a = xreader.address(p.port, t.id, t.serial);
      expect((await xreader.onus.getOnu2(a)).omccVersion).toBe(0xb4);
      expect(xreader.onus.extendedFor(a)).toBe(true);
    }
    expect(ep.dropped.mic).toBe(0);
    // another ONT's serial gives another key: the ONT drops the message, the request times out
    const [t1, t2] = p.onts;
    const wrong = { ...xreader.address(p.port, t1.id), serial: t2.serial };
    await expect(xreader.onus.getOnuState(wrong)).rejects.toBeInstanceOf(RpcTimeoutError);
    expect(ep.dropped.mic).toBeGreaterThan(0);
  });
});

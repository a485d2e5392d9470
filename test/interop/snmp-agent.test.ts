/**
 * The lab's ZXA10 OLTs' SNMP agent (simulators/zxa10/snmp, the independent simulator's) driven by
 * net-snmp's command-line tools (design §9, issue 4 "What must be shown"): it serves ZTE's C3xx tables
 * and encodings (device profile zxa10-c300; docs/zxa10-dialect.md §9): snmpbulkwalk v2c and v3
 * authPriv (SHA + AES) see every configured ONU with its 8-byte serial at its `.1012` index, and
 * injected faults change what SNMP reports. (Its tables against the CLI: zxa10-sim-snmp.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, authoriseZxa10Onts, gponSerialOf, parseSnmpOutput, runTool, snmpArgs } from '../helpers/lab.ts';
import {
  cellInstance,
  loadOltSnmpProfile,
  type OntColumn,
} from '../../src/protocols/snmp/olt-snmp-profile.ts';
import type { LabInventory } from '../../simulators/lab/inventory.ts';

const PROFILE = 'zxa10-c300';
const profile = loadOltSnmpProfile(PROFILE);
const col = profile.ontTable.columns;
/** OID of one ONU's cell: column OID . PON index of that column . ONU id [. suffix]. */
const cell = (c: OntColumn, pon: string, onu: number) =>
  `${col[c]!.oid}.${cellInstance(profile, col[c]!, pon, onu)}`;
/** The column's subtree of one PON. */
const ponCol = (c: OntColumn, pon: string) => cell(c, pon, 0).replace(/\.0(\.1)?$/, '');
/** dBm → the C3xx optical raw value (raw × 0.002 − 30 dBm, 16 bits). */
const rawOf = (dbm: number) => Math.round((dbm + 30) / 0.002) & 0xffff;

let lab: Lab;
let inv: LabInventory;

beforeAll(async () => {
  lab = await Lab.start({ olts: 2, pons: 4, onts: 64, profiles: [PROFILE, PROFILE] });
  authoriseZxa10Onts(lab); // in service: a ZXA10 has SNMP rows for configured ONUs only
  inv = lab.inventory();
});
afterAll(async () => {
  await lab?.close();
});

function expectedSerials(oltIndex: number): Map<string, string> {
  const m = new Map<string, string>();
  for (const pon of inv.olts[oltIndex].pons)
    for (const ont of pon.onts) m.set(cell('serial', pon.port, ont.id), ont.serial);
  return m;
}

describe('snmpbulkwalk of the ONT table', () => {
  for (const version of ['v2c', 'v3'] as const) {
    it(`${version} sees every ONT of each OLT with the right serial`, async () => {
      for (let i = 0; i < inv.olts.length; i++) {
        const r = await runTool('snmpbulkwalk', [
          ...snmpArgs(inv.olts[i], version),
          '-Cr25',
          col.serial!.oid,
        ]);
        expect(r.code, r.stderr).toBe(0);
        const got = new Map([...parseSnmpOutput(r.stdout)].map(([k, v]) => [k, gponSerialOf(v)]));
        const want = expectedSerials(i);
        expect(got.size).toBe(256);
        expect(Object.fromEntries(got)).toEqual(Object.fromEntries(want));
      }
    });
  }

  it('walks the C3xx ONU tables: phase working (0-based 3), optical raw × 0.002 − 30 dBm', async () => {
    const olt = inv.olts[0];
    // the ONU's name column is its configured `name` (interface gpon-onu_…; none by default)
    const z = lab.labOlt(olt.name)!.zxa10!;
    z.cfg.onu(olt.pons[1].port, 7)!.iface.set('name', 'name CPE-7');
    const r = await runTool('snmpbulkwalk', [...snmpArgs(olt, 'v2c'), '1.3.6.1.4.1.3902.1012.3']);
    expect(r.code, r.stderr).toBe(0);
    const got = parseSnmpOutput(r.stdout);
    const pon = olt.pons[1];
    expect(cell('phaseState', pon.port, 7)).toBe(`1.3.6.1.4.1.3902.1012.3.28.2.1.4.${0x10010200}.7`);
    expect(got.get(cell('phaseState', pon.port, 7))).toBe('3');
    expect(got.get(cell('name', pon.port, 7))).toBe('CPE-7');
    expect(got.get(cell('name', pon.port, 6))).toBe(''); // none configured
    const sim = lab.findOlt(olt.name)!.ont(pon.port, 7)!;
    expect(cell('rxPower', pon.port, 7)).toMatch(
      /^1\.3\.6\.1\.4\.1\.3902\.1012\.3\.50\.12\.1\.1\.10\.268501504\.7\.1$/,
    );
    expect(Number(got.get(cell('rxPower', pon.port, 7)))).toBe(rawOf(sim.baseRxPowerDbm));
    expect(Number(got.get(cell('txPower', pon.port, 7)))).toBe(rawOf(sim.baseTxPowerDbm));
    // the ONU type column is the configured type (`onu 7 type T sn S`), not the ONT's own model
    expect(got.get(cell('model', pon.port, 7))).toBe(z.cfg.onu(pon.port, 7)!.type);
  });

  it('shows the AdapterID (the ONU interface description) and ONU type from the running configuration', async () => {
    const olt = inv.olts[0];
    const pon = olt.pons[0];
    const z = lab.labOlt(olt.name)!.zxa10!;
    const onu = z.cfg.onu(pon.port, 2)!;
    onu.iface.set('description', 'description A-4711');
    try {
      const r = parseSnmpOutput(
        (
          await runTool('snmpget', [
            ...snmpArgs(olt, 'v3'),
            cell('description', pon.port, 2),
            cell('model', pon.port, 2),
            cell('description', pon.port, 3),
          ])
        ).stdout,
      );
      // ONU 3 has no description: the agent's default `ONU-slot:id` (simulators/zxa10/snmp/mib.ts)
      expect([...r.values()]).toEqual(['A-4711', onu.type, `ONU-1:3`]);
    } finally {
      onu.iface.delete('description');
    }
  });

  it('answers the system group and IF-MIB rows for the PON ports', async () => {
    const olt = inv.olts[1];
    const sys = await runTool('snmpget', [...snmpArgs(olt, 'v3'), '1.3.6.1.2.1.1.5.0', '1.3.6.1.2.1.1.2.0']);
    expect(sys.code, sys.stderr).toBe(0);
    const s = parseSnmpOutput(sys.stdout);
    expect(s.get('1.3.6.1.2.1.1.5.0')).toBe(olt.name);
    expect(s.get('1.3.6.1.2.1.1.2.0')).toBe('.' + profile.system.sysObjectID);
    const names = await runTool('snmpbulkwalk', [...snmpArgs(olt, 'v2c'), profile.ifTable.ifName]);
    expect([...parseSnmpOutput(names.stdout).values()]).toEqual(
      olt.pons.map((p) => `${profile.ponIfIndex.ifNamePrefix}${p.port}`),
    );
  });

  it('rejects a wrong community and a wrong v3 key (no answer)', async () => {
    const olt = inv.olts[0];
    const args = snmpArgs(olt, 'v2c')
      .map((a) => (a === olt.credentials.community ? 'wrong' : a))
      .map((a) => (a === '5' ? '1' : a));
    const r = await runTool('snmpget', [...args, '1.3.6.1.2.1.1.5.0']);
    expect(r.code).not.toBe(0);
    const v3 = snmpArgs(olt, 'v3')
      .map((a) => (a === olt.snmpV3.privKey ? 'not-the-key' : a))
      .map((a) => (a === '5' ? '1' : a));
    const r3 = await runTool('snmpget', [...v3, '1.3.6.1.2.1.1.5.0']);
    expect(r3.code).not.toBe(0);
  });
});

describe('fault injection changes SNMP values', () => {
  it('pon-cut: every ONT of the PON reports LOS and no RX power; clear restores', async () => {
    const olt = inv.olts[0];
    const pon = olt.pons[2];
    lab.fault({ kind: 'pon-cut', olt: olt.name, pon: pon.port });
    try {
      const phase = parseSnmpOutput(
        (await runTool('snmpbulkwalk', [...snmpArgs(olt, 'v2c'), ponCol('phaseState', pon.port)])).stdout,
      );
      expect(phase.size).toBe(64);
      expect(new Set(phase.values())).toEqual(new Set(['1'])); // LOS (0-based)
      const rx = parseSnmpOutput(
        (await runTool('snmpbulkwalk', [...snmpArgs(olt, 'v2c'), ponCol('rxPower', pon.port)])).stdout,
      );
      expect(new Set(rx.values())).toEqual(new Set(['65535'])); // no value
      const cause = await runTool('snmpget', [
        ...snmpArgs(olt, 'v3'),
        cell('lastDownCause', pon.port, 1),
        `${profile.ifTable.ifOperStatus}.${pon.ifIndex}`,
      ]);
      expect([...parseSnmpOutput(cause.stdout).values()]).toEqual(['2', '2']); // cause los, ifOperStatus down
      const other = parseSnmpOutput(
        (await runTool('snmpbulkwalk', [...snmpArgs(olt, 'v2c'), ponCol('rxPower', olt.pons[1].port)]))
          .stdout,
      );
      expect(other.size).toBe(64);
      expect(other.has(cell('rxPower', olt.pons[1].port, 1))).toBe(true);
      expect([...other.values()]).not.toContain('65535');
    } finally {
      lab.fault({ kind: 'pon-cut', olt: olt.name, pon: pon.port, clear: true });
    }
    const back = parseSnmpOutput(
      (await runTool('snmpbulkwalk', [...snmpArgs(olt, 'v2c'), ponCol('phaseState', pon.port)])).stdout,
    );
    expect(new Set(back.values())).toEqual(new Set(['3']));
  });

  it('dying-gasp, rx-degrade and reboot show in the row of that ONT', async () => {
    const olt = inv.olts[1];
    const pon = olt.pons[0];
    const sim = lab.findOlt(olt.name)!;
    lab.fault({ kind: 'dying-gasp', olt: olt.name, pon: pon.port, ont: 3 });
    lab.fault({ kind: 'rx-degrade', olt: olt.name, pon: pon.port, ont: 4, value: 9 });
    lab.fault({ kind: 'reboot', olt: olt.name, pon: pon.port, ont: 5, value: 60_000 });
    const oids = [3, 4, 5].flatMap((n) => [cell('phaseState', pon.port, n), cell('rxPower', pon.port, n)]);
    const r = parseSnmpOutput((await runTool('snmpget', [...snmpArgs(olt, 'v2c'), ...oids])).stdout);
    expect(r.get(oids[0])).toBe('4'); // dyingGasp (0-based)
    expect(r.get(oids[1])).toBe('65535');
    expect(r.get(oids[2])).toBe('3');
    expect(Number(r.get(oids[3]))).toBe(rawOf(sim.ont(pon.port, 4)!.baseRxPowerDbm - 9));
    expect(r.get(oids[4])).toBe('6'); // offline while rebooting
    for (const n of [3, 4, 5]) {
      const kind = n === 3 ? 'dying-gasp' : n === 4 ? 'rx-degrade' : 'reboot';
      lab.fault({ kind, olt: olt.name, pon: pon.port, ont: n, clear: true });
    }
  });

  it('field work: another ONT installed where an ONU is configured: the row keeps the configured serial, offline', async () => {
    const olt = inv.olts[1];
    const pon = olt.pons[3];
    const configured = pon.onts.find((t) => t.id === 6)!.serial;
    lab.installOnt(olt.name, pon.port, 6, 'ZTEGC0FFEE06');
    lab.fault({ kind: 'drop-cut', olt: olt.name, pon: pon.port, ont: 6 });
    try {
      const r = parseSnmpOutput(
        (
          await runTool('snmpget', [
            ...snmpArgs(olt, 'v2c'),
            cell('serial', pon.port, 6),
            cell('phaseState', pon.port, 6),
          ])
        ).stdout,
      );
      const [serial, phase] = [...r.values()];
      // the row is the configured ONU (`onu 6 type … sn <configured>`): an ONT of another serial at
      // that place does not match it, so the configured ONU is offline (0-based phase 6)
      expect([gponSerialOf(serial), phase]).toEqual([configured, '6']);
    } finally {
      lab.fault({ kind: 'drop-cut', olt: olt.name, pon: pon.port, ont: 6, clear: true });
    }
  });

  it('olt-down: the agent stops answering; clear brings it back', async () => {
    const olt = inv.olts[1];
    lab.fault({ kind: 'olt-down', olt: olt.name });
    const quick = snmpArgs(olt, 'v2c').map((a) => (a === '5' ? '1' : a));
    const down = await runTool('snmpget', [...quick, '1.3.6.1.2.1.1.5.0']);
    expect(down.code).not.toBe(0);
    expect(down.stderr + down.stdout).toMatch(/Timeout/i);
    lab.fault({ kind: 'olt-down', olt: olt.name, clear: true });
    const up = await runTool('snmpget', [...quick, '1.3.6.1.2.1.1.5.0']);
    expect(up.code, up.stderr).toBe(0);
  });

  it('latency delays every answer', async () => {
    const olt = inv.olts[0];
    lab.fault({ kind: 'latency', olt: olt.name, value: 400 });
    try {
      const r = await runTool('snmpget', [...snmpArgs(olt, 'v2c'), '1.3.6.1.2.1.1.5.0']);
      expect(r.code).toBe(0);
      expect(r.ms).toBeGreaterThanOrEqual(400);
    } finally {
      lab.fault({ kind: 'latency', olt: olt.name, clear: true });
    }
  });
});

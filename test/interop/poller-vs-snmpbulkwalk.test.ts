/**
 * Our poller's ONT table equals what net-snmp's `snmpbulkwalk` (design §9) reads from the same real
 * ZTE columns of the same lab OLT (the independent ZXA10 simulator), decoded here with the formulas
 * of docs/zxa10-dialect.md §9 written out again — C3xx: phase `.1012.3.28.2.1.4` 0-based at the
 * `.1012` index, RX `.1012.3.50.12.1.1.10.<ix>.<onu>.1`; C600: phase `.1082.500.10.2.3.8.1.4` 1-based
 * at the IF-MIB ifIndex, RX `.1082.500.20.2.2.2.1.10`; RX raw × 0.002 − 30 dBm, 65535 none; serial 8
 * bytes — over v2c and v3 authPriv, with faults that darken ONTs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, gponSerialOf, parseSnmpOutput, runTool, snmpArgs } from '../helpers/lab.ts';
import type { LabInventory } from '../../simulators/lab/inventory.ts';
import { authoriseAllOnts } from '../../simulators/zxa10/index.ts';
import { SnmpClient, readOntTable } from '../../src/adapters/driven/telemetry/snmp/index.ts';
import { loadOltSnmpProfile } from '../../src/protocols/snmp/olt-snmp-profile.ts';
import { NetworkTelemetry } from '../../src/adapters/driven/telemetry/network-telemetry.ts';

const C1012 = '1.3.6.1.4.1.3902.1012.3';
const Z500 = '1.3.6.1.4.1.3902.1082.500';
const PHASES = ['logging', 'los', 'syncMib', 'working', 'dyingGasp', 'authFailed', 'offline'];
const FAMILIES = {
  'zxa10-c300': {
    phase: `${C1012}.28.2.1.4`,
    rx: `${C1012}.50.12.1.1.10`,
    serial: `${C1012}.28.1.1.5`,
    phaseName: (code: number) => PHASES[code],
    // 0x10000000 | slot<<16 | port<<8
    ponIndex: (pon: string) =>
      0x10000000 + Number(pon.split('/')[1]) * 0x10000 + Number(pon.split('/')[2]) * 0x100,
  },
  'zxa10-c600': {
    phase: `${Z500}.10.2.3.8.1.4`,
    rx: `${Z500}.20.2.2.2.1.10`,
    serial: `${Z500}.20.2.1.2.1.3`,
    phaseName: (code: number) => PHASES[code - 1],
    // IF-MIB 0x11010000 | slot<<8 | port
    ponIndex: (pon: string) => 0x11010000 + Number(pon.split('/')[1]) * 0x100 + Number(pon.split('/')[2]),
  },
} as const;
const PROFILES = Object.keys(FAMILIES) as (keyof typeof FAMILIES)[];

let lab: Lab;
let inv: LabInventory;

beforeAll(async () => {
  lab = await Lab.start({ olts: 2, pons: 3, onts: 40, profiles: PROFILES });
  inv = lab.inventory();
  for (const o of inv.olts) {
    expect(authoriseAllOnts(lab.labOlt(o.name)!.zxa10!)).toBe(120);
    lab.fault({ kind: 'pon-cut', olt: o.name, pon: o.pons[2].port });
    lab.fault({ kind: 'dying-gasp', olt: o.name, pon: o.pons[0].port, ont: 7 });
    lab.fault({ kind: 'rx-degrade', olt: o.name, pon: o.pons[1].port, ont: 3, value: 9 });
  }
}, 60_000);

afterAll(async () => {
  await lab?.close();
});

const rxDbm = (raw: number) =>
  raw === 65535 ? null : Math.round(((raw & 0xffff) * 0.002 - 30) * 1000) / 1000;

describe.each(PROFILES.flatMap((p, i) => (['v2c', 'v3'] as const).map((v) => [p, i, v] as const)))(
  'poller vs snmpbulkwalk (%s, %s)',
  (profileName, oltIndex, version) => {
    it('phase, RX power, serial: the same ONTs with the same values', async () => {
      const o = inv.olts[oltIndex];
      const fam = FAMILIES[profileName];
      const client = new SnmpClient({
        host: o.host,
        port: o.ports.snmp,
        version,
        community: o.credentials.community,
        v3: { user: o.snmpV3.user, authKey: o.snmpV3.authKey, privKey: o.snmpV3.privKey },
      });
      const { rows } = await readOntTable(client, loadOltSnmpProfile(profileName), {
        columns: ['phaseState', 'rxPower', 'serial'],
      });
      client.close();
      const walk = async (col: string) => {
        const r = await runTool('snmpbulkwalk', [...snmpArgs(o, version), '-Cr50', col]);
        expect(r.code, r.stderr).toBe(0);
        return parseSnmpOutput(r.stdout);
      };
      const [phase, rx, serial] = [await walk(fam.phase), await walk(fam.rx), await walk(fam.serial)];
      const ref = new Map<string, { phase?: string; rxDbm?: number | null; serial?: string }>();
      const at = (oid: string, col: string, suffix: string) => {
        const m = new RegExp(`^${col.replace(/\./g, '\\.')}\\.(\\d+)\\.(\\d+)${suffix}$`).exec(oid)!;
        const pon = o.pons.find((p) => fam.ponIndex(p.port) === Number(m[1]))!.port;
        const key = `${pon}:${m[2]}`;
        if (!ref.has(key)) ref.set(key, {});
        return ref.get(key)!;
      };
      for (const [oid, v] of phase) at(oid, fam.phase, '').phase = fam.phaseName(Number(v));
      for (const [oid, v] of rx) at(oid, fam.rx, '\\.1').rxDbm = rxDbm(Number(v));
      for (const [oid, v] of serial) at(oid, fam.serial, '').serial = gponSerialOf(v);
      const ours = new Map(
        rows.map((r) => [`${r.pon}:${r.onuId}`, { phase: r.phase, rxDbm: r.rxDbm, serial: r.serial }]),
      );
      expect(rows).toHaveLength(120);
      expect(ours).toEqual(ref);
      // and both say what the physical model has: serials at their places, faults visible
      const sim = lab.findOlt(o.name)!;
      for (const r of rows) expect(r.serial).toBe(sim.ont(r.pon, r.onuId)!.serial);
      expect(rows.filter((r) => r.rxDbm === null)).toHaveLength(41); // 40 on the cut PON + 1 dying gasp
      expect(rows.filter((r) => r.phase === 'los')).toHaveLength(40);
      expect(rows.find((r) => r.pon === o.pons[0].port && r.onuId === 7)?.phase).toBe('dyingGasp');
      const degraded = rows.find((r) => r.pon === o.pons[1].port && r.onuId === 3)!;
      expect(degraded.rxDbm).toBeCloseTo(sim.ont(o.pons[1].port, 3)!.baseRxPowerDbm - 9, 2);
    });
  },
);

describe('family from sysObjectID', () => {
  it('an OLT registered with the wrong ZXA10 profile is read in the tables its sysObjectID names', async () => {
    // the C600 answers No Such Object under `.1012` (dialect §9.3): polling it as a C300 would see nothing
    const o = inv.olts[1];
    const target = {
      name: o.name,
      profile: 'zxa10-c300',
      host: o.host,
      snmp: { port: o.ports.snmp, version: 'v2c' as const, community: o.credentials.community },
    };
    const reader = new NetworkTelemetry().ontTable(target);
    try {
      const rows = await reader.read({ identity: true });
      expect(rows).toHaveLength(120);
      const sim = lab.findOlt(o.name)!;
      for (const r of rows) expect(r.serial).toBe(sim.ont(r.pon, r.onuId)!.serial);
      expect(rows.filter((r) => r.phase === 'working')).toHaveLength(79);
    } finally {
      reader.close();
    }
  });
});

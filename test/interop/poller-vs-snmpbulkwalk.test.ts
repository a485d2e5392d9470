/**
 * Our poller's ONT table values equal what net-snmp's `snmpbulkwalk` (design §9) reads from the same
 * columns of the same lab OLT, over v2c and v3 authPriv, also with faults that empty optical cells.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, parseSnmpOutput, runTool, snmpArgs } from '../helpers/lab.ts';
import type { LabInventory } from '../../simulators/lab/inventory.ts';
import { SnmpClient, readOntTable } from '../../src/adapters/driven/telemetry/snmp/index.ts';
import { loadOltSnmpProfile, ponIfIndexOf } from '../../src/protocols/snmp/olt-snmp-profile.ts';

const profile = loadOltSnmpProfile('zxa10-c300');
const cols = profile.ontTable.columns;
let lab: Lab;
let inv: LabInventory;

beforeAll(async () => {
  lab = await Lab.start({ olts: 1, pons: 3, onts: 40, profiles: ['zxa10-c300'] });
  inv = lab.inventory();
  const o = inv.olts[0];
  lab.fault({ kind: 'pon-cut', olt: o.name, pon: o.pons[2].port });
  lab.fault({ kind: 'dying-gasp', olt: o.name, pon: o.pons[0].port, ont: 7 });
  lab.fault({ kind: 'rx-degrade', olt: o.name, pon: o.pons[1].port, ont: 3, value: 9 });
}, 30_000);

afterAll(async () => {
  await lab?.close();
});

describe.each(['v2c', 'v3'] as const)('poller vs snmpbulkwalk (%s)', (version) => {
  it('phaseState, rxPower, serial: same cells, same values', async () => {
    const o = inv.olts[0];
    const client = new SnmpClient({
      host: o.host,
      port: o.ports.snmp,
      version,
      community: o.credentials.community,
      v3: { user: o.snmpV3.user, authKey: o.snmpV3.authKey, privKey: o.snmpV3.privKey },
    });
    const { rows } = await readOntTable(client, profile, { columns: ['phaseState', 'rxPower', 'serial'] });
    client.close();
    const ref = new Map<string, string>();
    for (const col of [cols.phaseState.oid, cols.rxPower.oid, cols.serial.oid]) {
      const r = await runTool('snmpbulkwalk', [...snmpArgs(o, version), `-Cr${profile.maxRepetitions}`, col]);
      expect(r.code, r.stderr).toBe(0);
      for (const [k, v] of parseSnmpOutput(r.stdout)) ref.set(k, v);
    }
    // ours, rendered as the same OID → value map (raw encodings, as on the wire)
    const enumCode = Object.fromEntries(
      Object.entries(cols.phaseState.enum!).map(([code, name]) => [name, code]),
    );
    const ours = new Map<string, string>();
    for (const r of rows) {
      const inst = `${ponIfIndexOf(profile, r.pon)}.${r.onuId}`;
      ours.set(`${cols.phaseState.oid}.${inst}`, enumCode[r.phase!]);
      if (r.rxDbm !== null && r.rxDbm !== undefined)
        ours.set(`${cols.rxPower.oid}.${inst}`, String(Math.round(r.rxDbm * 1000)));
      ours.set(`${cols.serial.oid}.${inst}`, r.serial!);
    }
    expect(rows).toHaveLength(120);
    expect(ref.size).toBeGreaterThan(300);
    expect(ours).toEqual(ref);
    // the faults are visible in both: 40 dark ONTs on the cut PON + 1 dying gasp have no RX cell
    expect(rows.filter((r) => r.rxDbm === null)).toHaveLength(41);
    expect(rows.find((r) => r.pon === o.pons[0].port && r.onuId === 7)?.phase).toBe('dyingGasp');
  });
});

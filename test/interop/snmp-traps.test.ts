/**
 * The lab's ONT state notifications received by net-snmp's own `snmptrapd` (design §9, issue 4
 * "What must be shown"): v2c traps after a PON cut, v3 authPriv traps after a dying gasp, informs,
 * and the ONT coming back up. The lab's legacy ZXA10 OLTs (device profile zxa10-c300: ZTE's C3xx
 * tables) send them; the trap OIDs are the lab's own (no public ZTE ONU-state trap, dialect §9.4),
 * the varbinds real C3xx cells at their `.1012` instances.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, authoriseZxa10Onts, gponSerialOf, startSnmptrapd, type TrapDaemon } from '../helpers/lab.ts';
import {
  cellInstance,
  loadOltSnmpProfile,
  type OntColumn,
} from '../../src/protocols/snmp/olt-snmp-profile.ts';
import type { LabInventory } from '../../simulators/lab/inventory.ts';

const PROFILE = 'zxa10-c300';
const profile = loadOltSnmpProfile(PROFILE);
const col = profile.ontTable.columns;
const cell = (c: OntColumn, pon: string, onu: number) =>
  `${col[c]!.oid}.${cellInstance(profile, col[c]!, pon, onu)}`;
const q = (oid: string) => oid.replace(/\./g, '\\.');
/** The serial snmptrapd printed for a cell (8 bytes, as Hex-STRING or STRING). */
function serialAt(log: string, oid: string): string | undefined {
  const m = new RegExp(
    `\\.${q(oid)} = (?:Hex-STRING: ((?:[0-9A-F]{2} )*[0-9A-F]{2})|STRING: "([^"]*)")`,
  ).exec(log);
  return m ? gponSerialOf(m[1] ?? m[2]) : undefined;
}
/** How snmptrapd prints an 8-byte serial holding non-printable bytes (the lab's all do). */
const serialHex = (sn: string) =>
  (Buffer.from(sn.slice(0, 4), 'latin1').toString('hex') + sn.slice(4))
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1 ');
/** Waits for the trap whose phase cell names this ONU. */
const waitForOnu = (d: TrapDaemon, pon: string, onu: number) =>
  d.waitFor(new RegExp(`\\.${q(cell('phaseState', pon, onu))} = `));
const notif = profile.notifications;

let lab: Lab;
let inv: LabInventory;
let trapd: TrapDaemon;

beforeAll(async () => {
  lab = await Lab.start({ olts: 2, pons: 2, onts: 8, profiles: [PROFILE] });
  authoriseZxa10Onts(lab); // in service: a ZXA10 has SNMP rows for configured ONUs only
  inv = lab.inventory();
  trapd = await startSnmptrapd({
    community: 'public',
    v3: inv.olts.map((o) => ({
      engineID: o.snmpV3.engineID,
      user: o.snmpV3.user,
      authKey: o.snmpV3.authKey,
      privKey: o.snmpV3.privKey,
    })),
  });
});
afterAll(async () => {
  await lab?.close();
  await trapd?.stop();
});

/** snmptrapd prints each varbind as `.OID = TYPE: value`. */
function has(log: string, oid: string, value: string | number): boolean {
  return (
    log.includes(`.${oid} = `) &&
    new RegExp(`\\.${oid.replace(/\./g, '\\.')} = [A-Za-z0-9 -]+: "?${value}"?`).test(log)
  );
}

describe('notifications to snmptrapd', () => {
  it('v2c: a pon-cut sends an ontLos trap for every ONT on that PON with ifIndex, ONU id and serial', async () => {
    const olt = inv.olts[0];
    lab.addTrapReceiver(
      { host: '127.0.0.1', port: trapd.port, version: 'v2c', community: 'public' },
      olt.name,
    );
    const pon = olt.pons[1];
    lab.fault({ kind: 'pon-cut', olt: olt.name, pon: pon.port });
    const last = pon.onts[pon.onts.length - 1];
    const log = await waitForOnu(trapd, pon.port, last.id);
    for (const ont of pon.onts) {
      expect(serialAt(log, cell('serial', pon.port, ont.id))).toBe(ont.serial);
      expect(has(log, cell('phaseState', pon.port, ont.id), 1)).toBe(true); // LOS (0-based)
    }
    expect(log).toContain(`.${notif.ontLos}`);
    expect(log).toContain(`.${profile.ifTable.ifIndex}.${pon.ifIndex} = INTEGER: ${pon.ifIndex}`);
    // the other PON's ONTs are untouched
    expect(log).not.toContain(serialHex(olt.pons[0].onts[0].serial));
    lab.fault({ kind: 'pon-cut', olt: olt.name, pon: pon.port, clear: true });
    await trapd.waitFor(
      new RegExp(`\\.${q(notif.ontUp)}[\\s\\S]*\\.${q(cell('phaseState', pon.port, last.id))} = INTEGER: 3`),
    );
  });

  it('v3 authPriv: a dying gasp sends an ontDyingGasp trap snmptrapd authenticates and decrypts', async () => {
    const olt = inv.olts[1];
    lab.addTrapReceiver(
      {
        host: '127.0.0.1',
        port: trapd.port,
        version: 'v3',
        user: { name: olt.snmpV3.user, authKey: olt.snmpV3.authKey, privKey: olt.snmpV3.privKey },
      },
      olt.name,
    );
    const pon = olt.pons[0];
    const ont = pon.onts[2];
    lab.fault({ kind: 'dying-gasp', olt: olt.name, pon: pon.port, ont: ont.id });
    const log = await waitForOnu(trapd, pon.port, ont.id);
    expect(log).toContain(`.${notif.ontDyingGasp}`);
    expect(serialAt(log, cell('serial', pon.port, ont.id))).toBe(ont.serial);
    expect(has(log, cell('phaseState', pon.port, ont.id), 4)).toBe(true); // dyingGasp (0-based)
    expect(has(log, cell('lastDownCause', pon.port, ont.id), 9)).toBe(true); // DyingGasp
    lab.removeTrapReceiver('127.0.0.1', trapd.port);
  });

  it('v2c informs are acknowledged by snmptrapd; a down OLT sends nothing', async () => {
    const olt = inv.olts[1];
    lab.addTrapReceiver(
      { host: '127.0.0.1', port: trapd.port, version: 'v2c', community: 'public', inform: true },
      olt.name,
    );
    const pon = olt.pons[1];
    lab.fault({ kind: 'drop-cut', olt: olt.name, pon: pon.port, ont: 6 });
    const log = await waitForOnu(trapd, pon.port, 6);
    expect(log).toContain(`.${notif.ontLos}`);
    const sender = lab.labOlt(olt.name)!.traps;
    await expect.poll(() => sender.acked, { timeout: 5000 }).toBe(1);
    expect(sender.unacked).toBe(0);
    lab.fault({ kind: 'olt-down', olt: olt.name });
    lab.fault({ kind: 'drop-cut', olt: olt.name, pon: pon.port, ont: 7 });
    await new Promise((r) => setTimeout(r, 500));
    expect(trapd.output()).not.toContain(serialHex(pon.onts[6].serial));
    lab.fault({ kind: 'olt-down', olt: olt.name, clear: true });
  });

  it('v3 authPriv informs are acknowledged by snmptrapd (engine discovery against the receiver)', async () => {
    const olt = inv.olts[0];
    lab.removeTrapReceiver('127.0.0.1', trapd.port);
    lab.addTrapReceiver(
      {
        host: '127.0.0.1',
        port: trapd.port,
        version: 'v3',
        inform: true,
        user: { name: olt.snmpV3.user, authKey: olt.snmpV3.authKey, privKey: olt.snmpV3.privKey },
      },
      olt.name,
    );
    const pon = olt.pons[0];
    const ont = pon.onts[7];
    lab.fault({ kind: 'reboot', olt: olt.name, pon: pon.port, ont: ont.id, value: 60_000 });
    const log = await waitForOnu(trapd, pon.port, ont.id);
    expect(log).toContain(`.${notif.ontOffline}`);
    const sender = lab.labOlt(olt.name)!.traps;
    await expect.poll(() => sender.acked, { timeout: 5000 }).toBe(1);
    lab.removeTrapReceiver('127.0.0.1', trapd.port);
  });
  it('v2c: an RX level crossing the critical threshold (rx-degrade) sends ontOpticalLevel with the new rxPower; recovery sends another', async () => {
    const olt = inv.olts[1];
    lab.addTrapReceiver(
      { host: '127.0.0.1', port: trapd.port, version: 'v2c', community: 'public' },
      olt.name,
    );
    try {
      const pon = olt.pons[1];
      const ont = pon.onts[2];
      const sim = lab.findOlt(olt.name)!.ont(pon.port, ont.id)!;
      lab.fault({
        kind: 'rx-degrade',
        olt: olt.name,
        pon: pon.port,
        ont: ont.id,
        value: Math.round((sim.baseRxPowerDbm + 29) * 100) / 100,
      });
      const log = await trapd.waitFor(
        new RegExp(
          // −29 dBm = raw 500 (raw × 0.002 − 30)
          `\\.${q(notif.ontOpticalLevel!)}[\\s\\S]*\\.${q(cell('rxPower', pon.port, ont.id))} = INTEGER: 500\\b`,
        ),
      );
      // the varbinds of that notification (one line of snmptrapd's log)
      const trap = log.slice(log.lastIndexOf(`.${notif.ontOpticalLevel!}`)).split('\n')[0];
      expect(serialAt(trap, cell('serial', pon.port, ont.id))).toBe(ont.serial);
      expect(has(trap, cell('phaseState', pon.port, ont.id), 3)).toBe(true); // still working
      lab.fault({ kind: 'rx-degrade', olt: olt.name, pon: pon.port, ont: ont.id, clear: true });
      const raw = Math.round((sim.baseRxPowerDbm + 30) / 0.002);
      await trapd.waitFor(`.${cell('rxPower', pon.port, ont.id)} = INTEGER: ${raw}`);
    } finally {
      lab.removeTrapReceiver('127.0.0.1', trapd.port);
    }
  });
});

/**
 * The lab's ONT state notifications received by net-snmp's own `snmptrapd` (design §9, issue 4
 * "What must be shown"): v2c traps after a PON cut, v3 authPriv traps after a dying gasp, informs,
 * and the ONT coming back up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, startSnmptrapd, type TrapDaemon } from '../helpers/lab.ts';
import { loadOltSnmpProfile } from '../../src/protocols/snmp/olt-snmp-profile.ts';
import type { LabInventory } from '../../simulators/lab/inventory.ts';

const profile = loadOltSnmpProfile('zxa10-c300');
const col = profile.ontTable.columns;
const notif = profile.notifications;

let lab: Lab;
let inv: LabInventory;
let trapd: TrapDaemon;

beforeAll(async () => {
  lab = await Lab.start({ olts: 2, pons: 2, onts: 8, profiles: ['zxa10-c300'] });
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
    const log = await trapd.waitFor(last.serial);
    for (const ont of pon.onts) {
      const inst = `${pon.ifIndex}.${ont.id}`;
      expect(has(log, `${col.serial.oid}.${inst}`, ont.serial)).toBe(true);
      expect(has(log, `${col.phaseState.oid}.${inst}`, 2)).toBe(true); // los
      expect(has(log, `${col.onuId.oid}.${inst}`, ont.id)).toBe(true);
    }
    expect(log).toContain(`.${notif.ontLos}`);
    expect(log).toContain(`.${profile.ifTable.ifIndex}.${pon.ifIndex} = INTEGER: ${pon.ifIndex}`);
    // the other PON's ONTs are untouched
    expect(log).not.toContain(olt.pons[0].onts[0].serial);
    lab.fault({ kind: 'pon-cut', olt: olt.name, pon: pon.port, clear: true });
    await trapd.waitFor(new RegExp(`\\.${notif.ontUp.replace(/\./g, '\\.')}[\\s\\S]*${last.serial}`));
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
    const log = await trapd.waitFor(ont.serial);
    expect(log).toContain(`.${notif.ontDyingGasp}`);
    expect(has(log, `${col.phaseState.oid}.${pon.ifIndex}.${ont.id}`, 5)).toBe(true);
    expect(has(log, `${col.lastDownCause.oid}.${pon.ifIndex}.${ont.id}`, 3)).toBe(true);
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
    const serial = pon.onts[5].serial;
    const log = await trapd.waitFor(serial);
    expect(log).toContain(`.${notif.ontLos}`);
    const sender = lab.labOlt(olt.name)!.traps;
    await expect.poll(() => sender.acked, { timeout: 5000 }).toBe(1);
    expect(sender.unacked).toBe(0);
    lab.fault({ kind: 'olt-down', olt: olt.name });
    lab.fault({ kind: 'drop-cut', olt: olt.name, pon: pon.port, ont: 7 });
    await new Promise((r) => setTimeout(r, 500));
    expect(trapd.output()).not.toContain(pon.onts[6].serial);
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
    const log = await trapd.waitFor(ont.serial);
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
      const inst = `${pon.ifIndex}.${ont.id}`;
      const q = (oid: string) => oid.replace(/\./g, '\\.');
      lab.fault({
        kind: 'rx-degrade',
        olt: olt.name,
        pon: pon.port,
        ont: ont.id,
        value: Math.round((sim.baseRxPowerDbm + 29) * 100) / 100,
      });
      const log = await trapd.waitFor(
        new RegExp(
          `\\.${q(notif.ontOpticalLevel!)}[\\s\\S]*\\.${q(col.rxPower.oid)}\\.${q(inst)} = INTEGER: -29000`,
        ),
      );
      expect(has(log, `${col.serial.oid}.${inst}`, ont.serial)).toBe(true);
      expect(has(log, `${col.phaseState.oid}.${inst}`, 4)).toBe(true); // still working
      lab.fault({ kind: 'rx-degrade', olt: olt.name, pon: pon.port, ont: ont.id, clear: true });
      await trapd.waitFor(`.${col.rxPower.oid}.${inst} = INTEGER: ${Math.round(sim.baseRxPowerDbm * 1000)}`);
    } finally {
      lab.removeTrapReceiver('127.0.0.1', trapd.port);
    }
  });
});

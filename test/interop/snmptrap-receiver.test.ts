/**
 * net-snmp's `snmptrap` (a client no one here wrote, design §9) sends a v2c and a v3 authPriv
 * notification in the lab OLT's ONT-LOS format to our receiver; the monitoring service turns each
 * into an `ont-los` alarm for the right ONT. Varbinds are cells of ZTE's C3xx tables at their `.1012`
 * instances (8-byte serial, 0-based phase; docs/zxa10-dialect.md §9.2), as the lab's legacy ZXA10 OLT
 * (profile zxa10-c300, simulators/snmp) serves them; the trap OID is the lab's own (dialect §9.4).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab, authoriseZxa10Onts, runTool } from '../helpers/lab.ts';
import type { LabInventory } from '../../simulators/lab/inventory.ts';

import type { MonitoringService } from '../../src/application/monitoring/index.ts';
import { EventLog, OPERATOR, monitoringFor, until } from '../helpers/monitoring.ts';
import { cellInstance, loadOltSnmpProfile, ponIfIndexOf } from '../../src/protocols/snmp/olt-snmp-profile.ts';

const PROFILE = 'zxa10-c300';
const profile = loadOltSnmpProfile(PROFILE);
let lab: Lab;
let inv: LabInventory;
let mon: MonitoringService;
let log: EventLog;

beforeAll(async () => {
  lab = await Lab.start({ olts: 1, pons: 2, onts: 4, profiles: [PROFILE] });
  authoriseZxa10Onts(lab); // in service: a ZXA10 has SNMP rows for configured ONUs only
  inv = lab.inventory();
  mon = monitoringFor(inv, undefined, { pollMs: 60_000 });
  log = new EventLog(mon.events);
  await mon.start();
  await log.waitFor(() => mon.summary(OPERATOR)[0]?.onts === 8, 10_000); // first poll: ONTs known and working
}, 30_000);

afterAll(async () => {
  await mon?.stop();
  await lab?.close();
});

/** snmptrap arguments of an ontLos notification for ONT `onu` on PON `pon` (OIDs from the profile). */
function losTrap(pon: string, onu: number, serial: string): string[] {
  const ix = ponIfIndexOf(profile, pon);
  const c = profile.ontTable.columns;
  // 8 bytes: the 4 vendor letters, then the 8 hex digits as 4 bytes
  const hex = Buffer.from(serial.slice(0, 4), 'latin1').toString('hex') + serial.slice(4);
  return [
    '',
    profile.notifications.ontLos,
    `${profile.ifTable.ifIndex}.${ix}`,
    'i',
    String(ix),
    `${c.serial!.oid}.${cellInstance(profile, c.serial!, pon, onu)}`,
    'x',
    hex,
    `${c.phaseState.oid}.${cellInstance(profile, c.phaseState, pon, onu)}`,
    'i',
    '1', // LOS, 0-based
  ];
}

describe('snmptrap → our receiver → alarm', () => {
  it('v2c trap from snmptrap raises ont-los for that ONT', async () => {
    const o = inv.olts[0];
    const ont = o.pons[0].onts[1];
    const m = log.mark();
    const r = await runTool('snmptrap', [
      '-v2c',
      '-c',
      'public',
      `127.0.0.1:${mon.trapSource!.port}`,
      ...losTrap(o.pons[0].port, ont.id, ont.serial),
    ]);
    expect(r.code, r.stderr).toBe(0);
    const ev = await log.waitFor((e) => e.type === 'alarm' && e.alarm.type === 'ont-los', 5000, m);
    expect(ev.type === 'alarm' && ev.alarm).toMatchObject({
      resource: `${o.name}/${o.pons[0].port}:${ont.id}`,
      severity: 'major',
      isCleared: false,
    });
  });

  it('v3 authPriv (SHA/AES) trap from snmptrap raises ont-los; a wrong privacy key is rejected', async () => {
    const o = inv.olts[0];
    const ont = o.pons[1].onts[2];
    const v3 = o.snmpV3;
    const base = [
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
      '-e',
      `0x${v3.engineID}`,
    ];
    const m = log.mark();
    const rejectedBefore = mon.trapSource!.rejected;
    const bad = await runTool('snmptrap', [
      ...base,
      '-X',
      'not-the-priv-key',
      `127.0.0.1:${mon.trapSource!.port}`,
      ...losTrap(o.pons[1].port, ont.id, ont.serial),
    ]);
    expect(bad.code).toBe(0); // a trap is fire-and-forget: the receiver drops it
    await until(() => mon.trapSource!.rejected > rejectedBefore, 'the receiver to refuse the bad trap');
    expect(log.events.slice(m).filter((e) => e.type === 'alarm')).toEqual([]);
    const good = await runTool('snmptrap', [
      ...base,
      '-X',
      v3.privKey,
      `127.0.0.1:${mon.trapSource!.port}`,
      ...losTrap(o.pons[1].port, ont.id, ont.serial),
    ]);
    expect(good.code, good.stderr).toBe(0);
    const ev = await log.waitFor((e) => e.type === 'alarm' && e.alarm.type === 'ont-los', 5000, m);
    expect(ev.type === 'alarm' && ev.alarm.resource).toBe(`${o.name}/${o.pons[1].port}:${ont.id}`);
    expect(mon.trapSource!.rejected).toBeGreaterThan(0);
  });
  it("the lab's ontOpticalLevel trap (rx-degrade below −28 dBm) raises a critical ont-low-rx without waiting for a poll; recovery clears it", async () => {
    const o = inv.olts[0];
    const pon = o.pons[1];
    const ont = pon.onts[3];
    const base = lab.findOlt(o.name)!.ont(pon.port, ont.id)!.baseRxPowerDbm;
    lab.addTrapReceiver(
      { host: '127.0.0.1', port: mon.trapSource!.port, version: 'v2c', community: 'public' },
      o.name,
    );
    try {
      const m = log.mark();
      lab.fault({
        kind: 'rx-degrade',
        olt: o.name,
        pon: pon.port,
        ont: ont.id,
        value: Math.round((base + 29) * 100) / 100,
      });
      const ev = await log.waitFor(
        (e) => e.type === 'alarm' && e.alarm.type === 'ont-low-rx' && e.alarm.onuId === ont.id,
        5000,
        m,
      );
      expect(ev.type === 'alarm' && ev.alarm).toMatchObject({ severity: 'critical', isCleared: false });
      expect(mon.onts.get(`${o.name}|${pon.port}|${ont.id}`)).toMatchObject({
        state: 'low-optical',
        rxDbm: -29,
      });
      lab.fault({ kind: 'rx-degrade', olt: o.name, pon: pon.port, ont: ont.id, clear: true });
      await log.waitFor(
        (e) =>
          e.type === 'alarm' &&
          e.action === 'cleared' &&
          e.alarm.type === 'ont-low-rx' &&
          e.alarm.onuId === ont.id,
        5000,
        m,
      );
      expect(mon.onts.get(`${o.name}|${pon.port}|${ont.id}`)!.state).toBe('working');
    } finally {
      lab.removeTrapReceiver('127.0.0.1', mon.trapSource!.port);
    }
  });
});

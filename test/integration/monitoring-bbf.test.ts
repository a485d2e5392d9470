/**
 * Monitoring of the lab's BBF OLT (olt-1, device profile bbf-tr385) against its faults, as
 * monitoring.test.ts does for the ZXA10 OLTs: the ONT table is read over NETCONF from the OLT's
 * operational datastore (issue 12 item 3), and the xPON defects it reports (bbf-xpon-defects: the
 * channel termination's `los`, the v-ANIs' `lobi` and `dgi`) make a PON cut read as loss of signal on
 * every ONU of the PON — ONE `pon-fibre-cut` incident (issue 6 §4) —, a drop cut as one ONU's loss of
 * signal (`drop-fibre`) and a power-off as a dying gasp, not as ONUs merely offline. The OLT's ONUs are configured through the NETCONF driver first (one
 * v-ANI per ONU: the table has a row per configured v-ANI).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../simulators/lab/index.ts';
import type { LabInventory, LabInventoryOlt } from '../../simulators/lab/inventory.ts';
import type { Store } from '../../src/application/ports/store/index.ts';
import { NetconfOltDriver } from '../../src/adapters/driven/olt/netconf/index.ts';
import { desiredOltConfig, vlanPlanFor, type SubscriberIntent } from '../../src/domain/provisioning/index.ts';
import {
  incidentToOutage,
  type IncidentEvent,
  type MonitoringService,
} from '../../src/application/monitoring/index.ts';
import {
  EventLog,
  OPERATOR,
  adapterIdOf,
  monitoringFor,
  pollRounds,
  seededStore,
} from '../helpers/monitoring.ts';

let lab: Lab;
let inv: LabInventory;
let store: Store;
let cleanup: () => Promise<void>;
let mon: MonitoringService;
let log: EventLog;

const isIncident = (e: { type: string }): e is IncidentEvent => e.type === 'incident';

/** Every ONT of the OLT configured at its place (a v-ANI expecting its serial), through the driver. */
async function configureOnts(o: LabInventoryOlt): Promise<void> {
  const intents: SubscriberIntent[] = o.pons.flatMap((p, k) =>
    p.onts.map((t) => ({
      adapterId: `A-${String((k + 1) * 100 + t.id).padStart(8, '0')}`,
      port: { olt: o.name, pon: p.port, onuId: t.id },
      ontSerial: t.serial,
      onuType: 'ZXHN-F601',
      services: { internet: '300/150' },
      vlans: vlanPlanFor(1000),
      suspended: false,
    })),
  );
  const d = new NetconfOltDriver({
    host: o.host,
    port: o.ports.netconf,
    username: o.credentials.username,
    password: o.credentials.password,
  });
  await d.connect();
  try {
    const scope = { onus: intents.map((i) => ({ port: i.port.pon, onuId: i.port.onuId })) };
    const r = await d.apply(d.plan(desiredOltConfig(intents), await d.readConfig(), scope), {
      dryRun: false,
    });
    expect(r.verified).toBe(true);
  } finally {
    await d.close();
  }
}

beforeAll(async () => {
  lab = await Lab.start({ olts: 1, pons: 2, onts: 4, profiles: ['bbf-tr385'] });
  inv = lab.inventory();
  await configureOnts(inv.olts[0]);
  ({ store, cleanup } = await seededStore(inv));
  mon = monitoringFor(inv, store, { traps: false });
  log = new EventLog(mon.events);
  await mon.start();
  await log.waitFor(() => [...mon.onts.values()].filter((o) => o.state === 'working').length === 8, 15_000);
}, 60_000);

afterAll(async () => {
  await mon?.stop();
  await lab?.close();
  await cleanup?.();
});

describe("monitoring the lab's BBF OLT (olt-1, bbf-tr385) through its xPON defects", () => {
  it('a PON cut → loss of signal on every ONU of the PON: exactly one fibre-cut incident naming them all', async () => {
    const olt = inv.olts[0];
    expect(olt.profile).toBe('bbf-tr385');
    const pon = olt.pons[1];
    const m = log.mark();
    lab.fault({ kind: 'pon-cut', olt: olt.name, pon: pon.port });
    const opened = await log.waitFor(
      (e): e is IncidentEvent =>
        isIncident(e) && e.action === 'opened' && e.incident.cause === 'pon-fibre-cut',
      5000,
      m,
    );
    expect(opened.incident.pon).toBe(pon.port);
    expect(opened.incident.affected.map((a) => a.adapterId).sort()).toEqual(
      pon.onts.map((t) => adapterIdOf(olt.name, pon.port, t.id)).sort(),
    );
    expect(opened.incident.countsForSla).toBe(true);
    // the ONUs read as loss of signal, not offline
    for (const t of pon.onts) expect(mon.onts.get(`${olt.name}|${pon.port}|${t.id}`)?.state).toBe('los');
    // a few poll rounds later: still one incident, no drop-fibre incidents for its ONTs
    await pollRounds(mon, olt.name, 3);
    const open = await mon.listIncidents(OPERATOR, { status: 'open', olt: olt.name });
    expect(open.map((i) => i.cause)).toEqual(['pon-fibre-cut']);
    const alarms = await mon.listAlarms(OPERATOR, { olt: olt.name, pon: pon.port, cleared: false });
    expect(alarms.filter((a) => a.type === 'ont-los')).toHaveLength(pon.onts.length);
    expect(alarms.filter((a) => a.type === 'pon-los')).toHaveLength(1);
    // the other PON is untouched
    expect(await mon.listAlarms(OPERATOR, { olt: olt.name, pon: olt.pons[0].port, cleared: false })).toEqual(
      [],
    );

    const m2 = log.mark();
    lab.fault({ kind: 'pon-cut', olt: olt.name, pon: pon.port, clear: true });
    const resolved = await log.waitFor(
      (e): e is IncidentEvent =>
        isIncident(e) && e.action === 'resolved' && e.incident.id === opened.incident.id,
      5000,
      m2,
    );
    expect(resolved.incident.end! >= resolved.incident.start).toBe(true);
    const stored = await store.incidents.get(opened.incident.id);
    expect(stored).toMatchObject({ status: 'resolved', cause: 'pon-fibre-cut' });
    const outage = incidentToOutage(stored!)!;
    expect(outage.cause).toBe('pon-fibre-cut');
    expect(outage.adapterIds.sort()).toEqual(
      pon.onts.map((t) => adapterIdOf(olt.name, pon.port, t.id)).sort(),
    );
  });

  it('an ONU powered off → a dying gasp (dgi), a subscriber-power incident that is not an SLA outage', async () => {
    const olt = inv.olts[0];
    const m = log.mark();
    lab.fault({ kind: 'dying-gasp', olt: olt.name, pon: '1/1/1', ont: 2 });
    const ev = await log.waitFor(
      (e): e is IncidentEvent => isIncident(e) && e.action === 'opened' && e.incident.cause === 'dying-gasp',
      5000,
      m,
    );
    expect(ev.incident.countsForSla).toBe(false);
    expect(ev.incident.affected.map((a) => a.adapterId)).toEqual([adapterIdOf(olt.name, '1/1/1', 2)]);
    expect(mon.onts.get(`${olt.name}|1/1/1|2`)?.state).toBe('dying-gasp');
    const m2 = log.mark();
    lab.fault({ kind: 'dying-gasp', olt: olt.name, pon: '1/1/1', ont: 2, clear: true });
    await log.waitFor(
      (e) => isIncident(e) && e.action === 'resolved' && e.incident.id === ev.incident.id,
      5000,
      m2,
    );
  });

  it('a drop-fibre cut of one ONU (lobi on its v-ANI alone) → one drop-fibre incident for that AdapterID', async () => {
    const olt = inv.olts[0];
    const m = log.mark();
    lab.fault({ kind: 'drop-cut', olt: olt.name, pon: '1/1/1', ont: 3 });
    const ev = (await log.waitFor((e) => isIncident(e) && e.action === 'opened', 5000, m)) as IncidentEvent;
    expect(ev.incident.cause).toBe('drop-fibre');
    expect(ev.incident.affected.map((a) => a.adapterId)).toEqual([adapterIdOf(olt.name, '1/1/1', 3)]);
    lab.fault({ kind: 'drop-cut', olt: olt.name, pon: '1/1/1', ont: 3, clear: true });
    await log.waitFor(
      (e) => isIncident(e) && e.action === 'resolved' && e.incident.id === ev.incident.id,
      5000,
      m,
    );
    expect(log.events.slice(m).filter((e) => isIncident(e) && e.action === 'opened')).toHaveLength(1);
  });
});

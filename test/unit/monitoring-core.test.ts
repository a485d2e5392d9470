/**
 * The monitoring core on fake ports (issue 11: "MonitoringCore has unit tests with fake ports"): ONT
 * tables and notifications from a fake telemetry, timers on a manual scheduler, a manual clock. The
 * correlator's window, the poll interval and an unreachable OLT are exercised without a socket and
 * without sleeping.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock, ManualScheduler } from '../../src/adapters/driven/time/manual-time.ts';
import {
  MonitoringEvents,
  MonitoringService,
  type MonitoringEvent,
} from '../../src/application/monitoring/index.ts';
import type { DeviceCatalogue } from '../../src/application/ports/device-catalogue.ts';
import type { OltTarget } from '../../src/application/ports/telemetry.ts';
import type { RelayedTrapRecord, TrapRelayRepository } from '../../src/application/ports/store/index.ts';
import { FakeTelemetry, FakeTimeout, ponRows } from '../helpers/fake-telemetry.ts';
import { reachabilityLog } from '../../src/main/services.ts';

const OPERATOR = { role: 'operator', keyId: 'k' } as const;
const devices: DeviceCatalogue = {
  profile: (name) =>
    name === 'zxhn-f601'
      ? { name, kind: 'ont', optics: { rxWarningDbm: -27, rxCriticalDbm: -28 } }
      : undefined,
};
const target = (name: string, host: string): OltTarget => ({
  name,
  profile: 'zxa10-c300',
  host,
  snmp: { port: 161, version: 'v2c', community: 'public' },
  ssh: { port: 22 },
});

interface Rig {
  mon: MonitoringService;
  telemetry: FakeTelemetry;
  scheduler: ManualScheduler;
  clock: ManualClock;
  events: MonitoringEvent[];
}

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.mon.stop();
  rig = undefined;
});

/** The store's relay table in memory: what one instance relays, another drains (issue 16 item 3). */
class MemoryRelay implements TrapRelayRepository {
  rows: RelayedTrapRecord[] = [];
  private id = 0;
  async relay(t: Omit<RelayedTrapRecord, 'id'>): Promise<void> {
    this.rows.push({ ...t, id: ++this.id });
  }
  async drain(olts: readonly string[], limit: number): Promise<RelayedTrapRecord[]> {
    const out = this.rows.filter((r) => olts.includes(r.olt)).slice(0, limit);
    this.rows = this.rows.filter((r) => !out.includes(r));
    return out;
  }
}

function build(
  o: {
    windowMs?: number;
    pollMs?: number;
    traps?: boolean;
    relay?: { id: string; traps: TrapRelayRepository };
    scheduler?: ManualScheduler;
  } = {},
): Rig {
  const scheduler = o.scheduler ?? new ManualScheduler(new ManualClock('2026-03-02T08:00:00.000Z'));
  const clock = scheduler.clock;
  const telemetry = new FakeTelemetry();
  const bus = new MonitoringEvents();
  const events: MonitoringEvent[] = [];
  bus.subscribe((e) => events.push(e));
  const mon = new MonitoringService({
    targets: [target('olt-1', '10.0.0.1'), target('olt-2', '10.0.0.2')],
    clock,
    scheduler,
    telemetry,
    devices,
    events: bus,
    pollMs: o.pollMs ?? 5000,
    tickMs: 250,
    correlation: { windowMs: o.windowMs ?? 1500 },
    traps: o.traps === false ? false : { port: 0 },
    ...(o.relay ? { watchAll: false, relay: { instanceId: o.relay.id, traps: o.relay.traps } } : {}),
  });
  rig = { mon, telemetry, scheduler, clock, events };
  return rig;
}

const ontEvents = (r: Rig) => r.events.filter((e) => e.type === 'ont');
const incidents = (r: Rig) => r.events.filter((e) => e.type === 'incident');

describe('monitoring core on fake ports', () => {
  it('polls every OLT at start and then every pollMs of the scheduler, never on its own', async () => {
    const r = build({ pollMs: 5000 });
    r.telemetry.tables.set('olt-1', ponRows('1/1/1', [1, 2]));
    await r.mon.start();
    await r.scheduler.advance(0);
    expect(r.telemetry.reads.map((x) => x.olt).sort()).toEqual(['olt-1', 'olt-2']);
    expect(r.telemetry.reads.every((x) => x.identity)).toBe(true); // the first round reads serials too
    await r.scheduler.advance(4999);
    expect(r.telemetry.reads).toHaveLength(2);
    await r.scheduler.advance(1);
    expect(r.telemetry.reads).toHaveLength(4);
    expect(r.mon.summary(OPERATOR).find((s) => s.olt === 'olt-1')).toMatchObject({
      onts: 2,
      down: 0,
      snmp: true,
    });
    expect(ontEvents(r)).toHaveLength(2);
    expect(ontEvents(r)[0]).toMatchObject({ from: 'unknown', to: 'working', source: 'snmp-poll' });
  });

  it('holds a PON-wide LOS for the correlation window, then opens ONE fibre-cut incident', async () => {
    const r = build({ windowMs: 1500 });
    r.telemetry.tables.set('olt-1', ponRows('1/1/1', [1, 2, 3, 4]));
    await r.mon.start();
    await r.scheduler.advance(0);
    r.telemetry.tables.set('olt-1', ponRows('1/1/1', [1, 2, 3, 4], 'los'));
    await r.mon.pollNow('olt-1');
    expect(incidents(r)).toEqual([]); // within the window a LOS is not yet classified
    await r.scheduler.advance(1500 + 250);
    const opened = incidents(r).filter((e) => e.type === 'incident' && e.action === 'opened');
    expect(opened).toHaveLength(1);
    expect(opened[0]).toMatchObject({ incident: { cause: 'pon-fibre-cut', olt: 'olt-1', pon: '1/1/1' } });
    const alarms = await r.mon.listAlarms(OPERATOR, { cleared: false });
    expect(alarms.map((a) => a.type)).toContain('pon-los');
  });

  it('tells an OLT that answers no protocol (critical) from one whose SSH still answers (major)', async () => {
    const r = build();
    r.telemetry.tables.set('olt-2', new FakeTimeout('SNMP timeout'));
    await r.mon.start();
    await r.scheduler.advance(0);
    let alarm = (await r.mon.listAlarms(OPERATOR, { olt: 'olt-2' })).find(
      (a) => a.type === 'olt-unreachable',
    );
    expect(alarm).toMatchObject({ severity: 'critical', isCleared: false });
    expect(r.telemetry.resets).toContain('olt-2'); // the next round starts with a fresh session
    r.telemetry.sshAnswer = true;
    await r.mon.pollNow('olt-2');
    alarm = (await r.mon.listAlarms(OPERATOR, { olt: 'olt-2' })).find((a) => a.type === 'olt-unreachable');
    expect(alarm?.severity).toBe('major');
    r.telemetry.tables.set('olt-2', ponRows('1/1/1', [1]));
    await r.mon.pollNow('olt-2');
    alarm = (await r.mon.listAlarms(OPERATOR, { olt: 'olt-2' })).find((a) => a.type === 'olt-unreachable');
    expect(alarm?.isCleared).toBe(true);
  });

  it('an unreadable OLT makes its ONTs unknown with last-seen and stale values; a good round makes them current', async () => {
    const r = build();
    r.telemetry.tables.set('olt-2', ponRows('1/1/1', [1, 2]));
    await r.mon.start();
    await r.scheduler.advance(0);
    const seen = r.clock.now().toISOString();
    let d = await r.mon.ontDetail(OPERATOR, 'olt-2', '1/1/1', 1);
    expect(d).toMatchObject({ state: 'working', stale: false, lastKnownState: 'working', lastSeenAt: seen });
    const rx = d.rxDbm;
    r.telemetry.tables.set('olt-2', new FakeTimeout('SNMP timeout'));
    await r.scheduler.advance(5000);
    d = await r.mon.ontDetail(OPERATOR, 'olt-2', '1/1/1', 1);
    expect(d).toMatchObject({ state: 'unknown', stale: true, lastKnownState: 'working', lastSeenAt: seen });
    expect(d.rxDbm).toBe(rx); // the last known level, marked stale
    const s = r.mon.summary(OPERATOR).find((x) => x.olt === 'olt-2')!;
    expect(s).toMatchObject({ reachable: false, onts: 2, online: 0, down: 0, unknown: 2 });
    expect(s.pons[0]).toMatchObject({ pon: '1/1/1', onts: 2, online: 0, unknown: 2 });
    // the ONT's own state machine is untouched: no ONT event, no per-ONT alarm
    expect(ontEvents(r).filter((e) => e.type === 'ont' && e.to === 'unknown')).toEqual([]);
    r.telemetry.tables.set('olt-2', ponRows('1/1/1', [1, 2]));
    await r.scheduler.advance(5000);
    d = await r.mon.ontDetail(OPERATOR, 'olt-2', '1/1/1', 1);
    expect(d).toMatchObject({ state: 'working', stale: false, lastSeenAt: r.clock.now().toISOString() });
    expect(r.mon.summary(OPERATOR).find((x) => x.olt === 'olt-2')).toMatchObject({
      reachable: true,
      online: 2,
      unknown: 0,
    });
  });

  it('logs an unreachable OLT at warn once, and at info when it answers again (issue 15 item 1)', async () => {
    const r = build();
    const lines: { level: string; o: Record<string, unknown>; msg: string }[] = [];
    const log = {
      error: (o: object, msg: string) => lines.push({ level: 'error', o: o as never, msg }),
      warn: (o: object, msg: string) => lines.push({ level: 'warn', o: o as never, msg }),
      info: (o: object, msg: string) => lines.push({ level: 'info', o: o as never, msg }),
    };
    const worker = reachabilityLog(r.mon, log);
    worker.start();
    r.telemetry.tables.set('olt-2', new FakeTimeout('SNMP timeout'));
    await r.mon.start();
    await r.scheduler.advance(0);
    await r.scheduler.advance(5000); // a second failed round: no second line
    expect(lines).toEqual([
      {
        level: 'warn',
        o: expect.objectContaining({ olt: 'olt-2', severity: 'critical' }),
        msg: expect.stringMatching(/^OLT unreachable: OLT answers no protocol/),
      },
    ]);
    r.telemetry.tables.set('olt-2', ponRows('1/1/1', [1]));
    await r.scheduler.advance(5000);
    expect(lines.map((l) => [l.level, l.o.olt, l.msg])).toEqual([
      ['warn', 'olt-2', expect.any(String)],
      ['info', 'olt-2', 'OLT answers again'],
    ]);
    await worker.stop();
  });

  it('applies a notification to the ONT it names, and ignores one from an address no OLT has', async () => {
    const r = build();
    r.telemetry.tables.set('olt-1', ponRows('1/1/1', [1, 2]));
    await r.mon.start();
    await r.scheduler.advance(0);
    const source = r.telemetry.trapSources[0];
    expect(source.options.communities).toEqual(['public']);
    source.deliver({ address: '10.9.9.9', trapOid: 'ont:los:1/1/1:1' });
    await r.scheduler.advance(0);
    expect(ontEvents(r).filter((e) => e.type === 'ont' && e.source === 'trap')).toEqual([]);
    source.deliver({ address: '10.0.0.1', trapOid: 'ont:dying-gasp:1/1/1:2' });
    await r.scheduler.advance(0);
    expect(ontEvents(r).at(-1)).toMatchObject({
      onuId: 2,
      from: 'working',
      to: 'dying-gasp',
      source: 'trap',
    });
    expect(incidents(r).at(-1)).toMatchObject({ action: 'opened', incident: { cause: 'dying-gasp' } });
  });

  it('stop() cancels every timer and closes the trap source and the table readers', async () => {
    const r = build();
    await r.mon.start();
    await r.scheduler.advance(0);
    expect(r.scheduler.armed).toBeGreaterThan(0);
    await r.mon.stop();
    expect(r.scheduler.armed).toBe(0);
    expect(r.telemetry.trapSources[0].closed).toBe(true);
    expect(r.telemetry.closedReaders.sort()).toEqual(['olt-1', 'olt-2']);
    const before = r.telemetry.reads.length;
    await r.scheduler.advance(60_000);
    expect(r.telemetry.reads).toHaveLength(before);
  });

  it('several instances: a notification for an OLT watched elsewhere is relayed and applied by its owner', async () => {
    const relay = new MemoryRelay();
    const scheduler = new ManualScheduler(new ManualClock('2026-03-02T08:00:00.000Z'));
    const a = build({ relay: { id: 'a', traps: relay }, scheduler });
    const b = build({ relay: { id: 'b', traps: relay }, scheduler });
    for (const r of [a, b]) r.telemetry.tables.set('olt-2', ponRows('1/1/1', [1, 2]));
    await a.mon.start();
    await b.mon.start();
    await a.mon.startWatching('olt-1');
    await b.mon.startWatching('olt-2');
    await scheduler.advance(0);
    expect([a.mon.watchedHere(), b.mon.watchedHere()]).toEqual([['olt-1'], ['olt-2']]);
    // the OLT behind 10.0.0.2 sends to instance a, which does not watch it
    a.telemetry.trapSources[0].deliver({ address: '10.0.0.2', trapOid: 'ont:dying-gasp:1/1/1:2' });
    await scheduler.advance(0);
    expect(ontEvents(a)).toEqual([]);
    await scheduler.advance(200); // b's drain
    expect(relay.rows).toEqual([]);
    expect(ontEvents(b).at(-1)).toMatchObject({ olt: 'olt-2', onuId: 2, to: 'dying-gasp', source: 'trap' });
    expect(incidents(b).at(-1)).toMatchObject({ action: 'opened', incident: { cause: 'dying-gasp' } });
    // while nobody watches it, notifications wait in the relay; the next owner takes them up on watch
    await b.mon.stopWatching('olt-2');
    b.telemetry.trapSources[0].deliver({ address: '10.0.0.2', trapOid: 'ont:los:1/1/1:1' });
    await scheduler.advance(400);
    expect(relay.rows.map((r) => [r.olt, r.receivedBy])).toEqual([['olt-2', 'b']]);
    await a.mon.startWatching('olt-2');
    expect(relay.rows).toEqual([]);
    expect(ontEvents(a).at(-1)).toMatchObject({ olt: 'olt-2', onuId: 1, to: 'los', source: 'trap' });
    await a.mon.stop();
    await b.mon.stop();
  });
});

/**
 * Monitoring blind spot (issue 6 §4): the controller loses its own path to an OLT (its SNMP and SSH
 * go through a relay on 127.0.0.1 that the test can cut) while the OLT is fine and its traps still
 * arrive. Result: a `monitoring-blind-spot` incident that does not count for the SLA, resolved
 * when the path is back — never an OLT-down outage.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../simulators/lab/index.ts';
import { authoriseZxa10Onts } from '../helpers/lab.ts';
import type { LabInventory } from '../../simulators/lab/inventory.ts';
import { type IncidentEvent, type MonitoringService } from '../../src/application/monitoring/index.ts';
import { EventLog, monitoringFor, OPERATOR } from '../helpers/monitoring.ts';
import { targetsFromInventory } from '../../src/main/lab.ts';

/** A UDP + TCP relay to one OLT whose path can be cut (datagrams dropped, connections refused). */
class Path {
  blocked = false;
  udpPort = 0;
  tcpPort = 0;
  private udp = dgram.createSocket('udp4');
  private tcp?: net.Server;
  private readonly clients = new Map<string, dgram.Socket>();

  async start(snmpPort: number, sshPort: number): Promise<void> {
    await new Promise<void>((r) => this.udp.bind(0, '127.0.0.1', () => r()));
    this.udpPort = this.udp.address().port;
    this.udp.on('message', (msg, from) => {
      if (this.blocked) return;
      const key = `${from.address}:${from.port}`;
      let up = this.clients.get(key);
      if (!up) {
        up = dgram.createSocket('udp4');
        up.on('message', (reply) => {
          if (!this.blocked) this.udp.send(reply, from.port, from.address);
        });
        this.clients.set(key, up);
      }
      up.send(msg, snmpPort, '127.0.0.1');
    });
    this.tcp = net.createServer((c) => {
      if (this.blocked) {
        c.destroy();
        return;
      }
      const up = net.connect(sshPort, '127.0.0.1');
      c.pipe(up).pipe(c);
      c.on('error', () => up.destroy());
      up.on('error', () => c.destroy());
    });
    await new Promise<void>((r) => this.tcp!.listen(0, '127.0.0.1', () => r()));
    this.tcpPort = (this.tcp.address() as net.AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const s of this.clients.values()) s.close();
    this.udp.close();
    await new Promise<void>((r) => this.tcp?.close(() => r()) ?? r());
  }
}

let lab: Lab;
let inv: LabInventory;
let mon: MonitoringService;
let log: EventLog;
const path = new Path();

beforeAll(async () => {
  lab = await Lab.start({ olts: 1, pons: 2, onts: 4, profiles: ['zxa10-c300'] });
  authoriseZxa10Onts(lab); // in service: every ONU configured, so the ZXA10's tables have its row
  inv = lab.inventory();
  const o = inv.olts[0];
  await path.start(o.ports.snmp, o.ports.netconf);
  const [t] = targetsFromInventory(inv.olts, { timeoutMs: 300 });
  mon = monitoringFor(inv, undefined, {
    targets: [{ ...t, snmp: { ...t.snmp, port: path.udpPort }, ssh: { ...t.ssh!, port: path.tcpPort } }],
  });
  log = new EventLog(mon.events);
  await mon.start();
  lab.addTrapReceiver({
    host: '127.0.0.1',
    port: mon.trapSource!.port,
    version: 'v2c',
    community: 'public',
  });
  await log.waitFor(() => mon.summary(OPERATOR)[0]?.onts === 8, 10_000);
}, 30_000);

afterAll(async () => {
  await mon?.stop();
  await lab?.close();
  await path.close();
});

describe('monitoring blind spot', () => {
  it('path cut while traps still arrive → blind spot (not an SLA outage); resolved when the path is back', async () => {
    const o = inv.olts[0];
    const m = log.mark();
    path.blocked = true;
    // the poller first sees an OLT that answers nothing…
    await log.waitFor((e) => e.type === 'alarm' && e.alarm.type === 'olt-unreachable', 5000, m);
    // …then a trap arrives from it (an ONT reboots): the OLT is alive, we are blind
    lab.fault({ kind: 'reboot', olt: o.name, pon: o.pons[0].port, ont: 2, value: 400 });
    const blind = (await log.waitFor(
      (e) => e.type === 'incident' && e.incident.cause === 'monitoring-blind-spot',
      5000,
      m,
    )) as IncidentEvent;
    expect(blind.incident.countsForSla).toBe(false);
    expect(blind.incident.affected).toEqual([]);
    const open = await mon.listIncidents(OPERATOR, { status: 'open' });
    expect(open.map((i) => i.cause)).toEqual(['monitoring-blind-spot']);
    path.blocked = false;
    const done = (await log.waitFor(
      (e) => e.type === 'incident' && e.action === 'resolved' && e.incident.id === blind.incident.id,
      5000,
      m,
    )) as IncidentEvent;
    expect(done.incident.cause).toBe('monitoring-blind-spot');
    // one incident throughout (first seen as OLT-down, re-classified by the trap), and it never counts
    expect(
      new Set(log.events.slice(m).flatMap((e) => (e.type === 'incident' ? [e.incident.id] : []))),
    ).toEqual(new Set([blind.incident.id]));
    expect(
      (await mon.outages()).filter((x) => x.cause !== 'monitoring-blind-spot' && x.cause !== 'drop-fibre'),
    ).toEqual([]);
    await log.waitFor(
      (e) => e.type === 'alarm' && e.alarm.type === 'olt-unreachable' && e.action === 'cleared',
      5000,
      m,
    );
  });
});

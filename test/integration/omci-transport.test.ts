/**
 * OMCI end to end over UDP: the controller's client (MIB-driven OmciOnus → OmciClient →
 * UdpOmciTransport) against the simulated OLT's OMCI endpoint and its F601s. PON 1/1/1 is G-PON
 * (baseline set), PON 1/1/2 XGS-PON (extended set, every message with its MIC). Nothing is mocked
 * below the socket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimOlt } from '../../simulators/core/topology.ts';
import { OltOmciEndpoint, type OmciChannel } from '../../simulators/omci/index.ts';
import { OmciClient, type OmciNotification } from '../../src/adapters/driven/telemetry/omci/omci-client.ts';
import { OmciOnus } from '../../src/adapters/driven/telemetry/omci/omci-onus.ts';
import { UdpOmciTransport } from '../../src/adapters/driven/telemetry/omci/udp-transport.ts';
import {
  OmciAttributeFailedError,
  OmciNotSupportedError,
  OmciUnknownInstanceError,
} from '../../src/adapters/driven/telemetry/omci/omci-errors.ts';
import type { OnuAlarmEvent } from '../../src/adapters/driven/telemetry/omci/alarm-tracker.ts';
import { MeClass } from '../../src/protocols/omci/me-defs.ts';
import { labPonTag } from '../../src/protocols/omci/omci-profile.ts';
import { RpcTimeoutError } from '../../src/application/ports/olt-driver/errors.ts';
import { configWithOnu } from '../helpers/omci.ts';

const G = 'ct-1.1.1';
const X = 'ct-1.1.2';
/** Generous for answers (the lab shares 2 cores with other work); `quick` is for expected silence. */
const TIMEOUT = 1500;
const SILENCE = 300;
let olt: SimOlt;
let ep: OltOmciEndpoint;
let onus: OmciOnus;
let quick: OmciOnus;
const addr = (channelTermination: string, onuId: number) => ({
  channelTermination,
  onuId,
  serial: olt.ont(channelTermination === G ? '1/1/1' : '1/1/2', onuId)?.serial,
});

async function open(ponTag: Buffer, requestTimeoutMs = TIMEOUT, retries = 1): Promise<OmciOnus> {
  const transport = await UdpOmciTransport.open({
    host: '127.0.0.1',
    port: ep.port,
    micChannels: new Map([[X, { ponTag }]]),
  });
  return new OmciOnus(new OmciClient(transport, { requestTimeoutMs, retries }));
}

beforeAll(async () => {
  olt = new SimOlt({ name: 'olt-omci', profile: 'zxa10-c300', pons: 2, ontsPerPon: 8, index: 3 });
  olt.config.setRunning(configWithOnu(olt, '1/1/1', 1));
  const channels: OmciChannel[] = [
    { pon: '1/1/1', name: G, ponType: 'gpon' },
    { pon: '1/1/2', name: X, ponType: 'xgs-pon', mic: { ponTag: labPonTag(3, 1) } },
  ];
  ep = new OltOmciEndpoint(olt, channels);
  await ep.listen(0, '127.0.0.1');
  onus = await open(labPonTag(3, 1));
  quick = await open(labPonTag(3, 1), SILENCE, 0);
});

afterAll(async () => {
  for (const c of [onus, quick]) {
    c?.close();
    await c?.client.close();
  }
  await ep?.close();
});

describe('OMCI over the TR-451-style UDP transport', () => {
  it('ANI-G optical levels of 16 ONTs at once (ANI-G instance from each MIB) equal the physical model', async () => {
    const onts = [...olt.pon('1/1/1')!.onts, ...olt.pon('1/1/2')!.onts];
    const levels = await Promise.all(
      onts.map((o) => onus.getOpticalLevels(addr(o.pon === '1/1/1' ? G : X, o.id))),
    );
    onts.forEach((o, i) => {
      expect(Math.abs(levels[i].rxDbm! - olt.rxPowerDbm(o)!)).toBeLessThanOrEqual(0.001);
      expect(Math.abs(levels[i].txDbm! - olt.txPowerDbm(o)!)).toBeLessThanOrEqual(0.001);
    });
    expect(new Set(levels.map((l) => l.rxDbm)).size).toBeGreaterThan(8); // a mixed-up TCI would show
    expect(onus.extendedFor(addr(G, 1))).toBe(false); // F601 on G-PON: OMCC 0xA3, baseline only
    expect(onus.extendedFor(addr(X, 1))).toBe(true); // XGS-PON ONT: 0xB4, extended
  });

  it('ONU-G reports the serial and operational state, on both channels', async () => {
    for (const [ct, pon] of [
      [G, '1/1/1'],
      [X, '1/1/2'],
    ])
      expect(await onus.getOnuState(addr(ct, 2))).toEqual({
        vendorId: 'ZTEG',
        serial: olt.ont(pon, 2)!.serial,
        administrativeState: 'unlocked',
        operationalState: 'enabled',
      });
  });

  it('MIB upload: the F601 template plus the MEs of the provisioned services; extended in a few messages', async () => {
    const up = (c: string) => onus.mibUpload(addr(c, 1));
    const mib = await up(G);
    const count = (c: number) => mib.instances(c).length;
    expect(mib.size).toBe(102 + 29);
    expect([count(MeClass.tcont), count(MeClass.priorityQueue), count(MeClass.trafficScheduler)]).toEqual([
      8, 72, 8,
    ]);
    expect(count(MeClass.gemPortNetworkCtp)).toBe(5); // four unicast GEM ports and the multicast one
    expect(count(MeClass.macBridgePortConfigData)).toBe(6); // UNI side, one per GEM port, multicast
    expect([count(84), count(130), count(266), count(171), count(281), count(309), count(310)]).toEqual([
      4, 4, 4, 1, 1, 1, 1,
    ]);
    expect(mib.get(MeClass.onuG, 0)!.attributes).toMatchObject({ vendorId: 'ZTEG', version: 'V6.0' });
    const allocs = mib.tconts.map((t) => t.attributes.allocId);
    expect(allocs.filter((a) => a !== 0xff)).toHaveLength(2); // two T-CONTs provisioned, six unassigned
    const voip = mib
      .instances(84)
      .find((e) => (e.attributes.vlanFilterList as Buffer).readUInt16BE(0) === ((5 << 13) | 30));
    expect(voip, 'VoIP VLAN 30 with dot1p 5 in a VLAN filter').toBeDefined();
    // an ONT not authorised answers on its lab position with only what the ONU creates
    expect((await up(X)).size).toBe(102);
    const sent = onus.client.requestTimeoutMs && (await countMessages(() => up(X)));
    expect(sent).toBeLessThan(6); // ONU2-G, MIB upload and its few extended next commands
  });

  it('table attributes by Get + Get next: extended VLAN rules, the OMCI ME lists, the multicast ACL', async () => {
    const a = addr(G, 1);
    expect(await onus.getTable(a, 171, 1, 'receivedFrameVlanTaggingOperationTable')).toHaveLength(4);
    const types = await onus.getTable(a, MeClass.omci, 0, 'meTypeTable');
    expect(types.map((r) => r.readUInt16BE(0))).toContain(MeClass.aniG);
    expect(types).toHaveLength(25);
    const acl = await onus.getTable(a, 309, 1, 'dynamicAccessControlListTable');
    expect(acl[0].readUInt16BE(2)).toBe(4095);
    const extTypes = await onus.getTable(addr(X, 1), MeClass.omci, 0, 'messageTypeTable'); // extended: one Get next
    expect(extTypes).toHaveLength(23);
  });

  it('Set, Create, Delete, MIB reset; each failure its own typed error', async () => {
    const a = addr(G, 3);
    const ani = (await onus.mib(a)).aniG[0].meInstance;
    await onus.set(a, MeClass.aniG, ani, { lowerOpticalThreshold: 50 });
    expect((await onus.get(a, MeClass.aniG, ani, ['lowerOpticalThreshold'])).lowerOpticalThreshold).toBe(50);
    await expect(onus.set(a, MeClass.aniG, ani, { opticalSignalLevel: 1 })).rejects.toBeInstanceOf(
      OmciAttributeFailedError,
    );
    await expect(onus.get(a, MeClass.aniG, 0x8007, ['opticalSignalLevel'])).rejects.toMatchObject({
      code: 'omci-unknown-instance',
    });
    const created = await onus.client.request(a, {
      type: 'create-request',
      meClass: MeClass.galEthernetProfile,
      meInstance: 9,
      attributes: { maximumGemPayloadSize: 48 },
    });
    expect(created.result).toBe(0);
    expect(
      (
        await onus.client.request(a, {
          type: 'create-request',
          meClass: MeClass.galEthernetProfile,
          meInstance: 9,
          attributes: { maximumGemPayloadSize: 48 },
        })
      ).result,
    ).toBe(7);
    expect(
      (
        await onus.client.request(a, {
          type: 'delete-request',
          meClass: MeClass.galEthernetProfile,
          meInstance: 9,
        })
      ).result,
    ).toBe(0);
    await expect(
      onus.get(a, MeClass.galEthernetProfile, 9, ['maximumGemPayloadSize']),
    ).rejects.toBeInstanceOf(OmciUnknownInstanceError);
    await onus.mibReset(a); // forgets the controller's Set
    expect((await onus.get(a, MeClass.aniG, ani, ['lowerOpticalThreshold'])).lowerOpticalThreshold).toBe(255);
  });

  it('ANI-G self test (Test + Test result); Reboot of a circuit pack is not supported (result 2)', async () => {
    const o = olt.ont('1/1/1', 4)!;
    const r = await onus.selfTest(addr(G, 4));
    expect(r.rxDbm).toBeCloseTo(olt.rxPowerDbm(o)!, 2);
    expect(r.temperatureC).toBe(41.5);
    const reboot = await onus.client.request(addr(G, 4), {
      type: 'reboot-request',
      meClass: 6,
      meInstance: 0x0180,
      condition: 0,
    });
    expect(reboot.result).toBe(2);
    await expect(onus.selfTest(addr(X, 4))).resolves.toMatchObject({ txDbm: expect.any(Number) });
    expect(OmciNotSupportedError).toBeDefined();
  });

  it('rx-degrade raises then clears ANI-G alarm 0 in sequence; LOS numbers alarms it cannot send → gap → resync', async () => {
    const a = addr(G, 5);
    const ont = olt.ont('1/1/1', 5)!;
    const events: OnuAlarmEvent[] = [];
    const stop = onus.alarms.on((e) => events.push(e));
    await onus.getOpticalLevels(a); // a request makes this client a peer of the endpoint
    ont.rxDegradeDb = 15; // about −35 dBm: below the −28 dBm critical level
    olt.refresh();
    await until(() => events.length >= 1);
    // the ONU's first notification is number 1: in sequence (the numbering starts at 0, G.988 §A.1.4)
    expect(events[0]).toMatchObject({
      via: 'notification',
      raised: [{ meClass: MeClass.aniG, alarms: [0] }],
      sequence: 1,
    });
    ont.rxDegradeDb = 0;
    olt.refresh();
    await until(() => events.length >= 2);
    expect(events[1]).toMatchObject({
      via: 'notification',
      cleared: [{ meClass: MeClass.aniG, alarms: [0] }],
      sequence: 2,
    });
    const resyncs = onus.alarms.resyncs;
    ont.dropFibreOk = false; // LOS: ANI-G alarm 0 raised as sequence 3, but no light, no upstream
    olt.refresh();
    await expect(quick.getOpticalLevels(a)).rejects.toBeInstanceOf(RpcTimeoutError);
    ont.dropFibreOk = true; // back: the clear comes as sequence 4 → a gap → Get all alarms
    olt.refresh();
    await until(() => onus.alarms.resyncs > resyncs);
    expect(events.at(-1)).toMatchObject({ via: 'resync', sequence: 4, raised: [], cleared: [] });
    expect(onus.alarms.active(a)).toEqual([]);
    stop();
  });

  it('dying gasp: ONU-G alarm 7 gets out, then the ONT is silent', async () => {
    const events = onus.client.notifications();
    await onus.getOnuState(addr(X, 6));
    const ont = olt.ont('1/1/2', 6)!;
    ont.powered = false;
    olt.refresh();
    const n = (await events.next()).value as OmciNotification;
    expect(n).toMatchObject({
      address: { channelTermination: X, onuId: 6 },
      message: { type: 'alarm-notification', meClass: MeClass.onuG, alarms: [7] },
    });
    await expect(quick.getOnuState(addr(X, 6))).rejects.toBeInstanceOf(RpcTimeoutError);
    ont.powered = true;
    olt.refresh();
    await events.return!();
  });

  it('latency, OLT down, unknown ONU ids and channel terminations; a wrong MIC key is dropped by the ONU', async () => {
    olt.faults.latencyMs = 150;
    const t0 = Date.now();
    await onus.getOnuState(addr(G, 2));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(145);
    olt.faults.latencyMs = 0;
    olt.faults.down = true;
    const timeouts = quick.client.timeouts;
    await expect(quick.getOnuState(addr(G, 2))).rejects.toBeInstanceOf(RpcTimeoutError);
    expect(quick.client.timeouts).toBe(timeouts + 1);
    expect(quick.client.retransmissions).toBe(0); // quick: no retries
    olt.faults.down = false;
    await expect(quick.getOnuState({ channelTermination: G, onuId: 99 })).rejects.toBeInstanceOf(
      RpcTimeoutError,
    );
    await expect(quick.getOnuState({ channelTermination: 'ct-9.9.9', onuId: 1 })).rejects.toBeInstanceOf(
      RpcTimeoutError,
    );
    const wrong = await open(Buffer.from('0000000000000000', 'hex'), SILENCE, 0);
    const mic0 = ep.dropped.mic;
    await expect(wrong.getOnuState(addr(X, 2))).rejects.toBeInstanceOf(RpcTimeoutError);
    expect(ep.dropped.mic).toBe(mic0 + 1);
    wrong.close();
    await wrong.client.close();
    expect(onus.client.decodeErrors).toBe(0);
  });

  it('Reboot: answered, offline, back with a fresh MIB', async () => {
    const a = addr(G, 7);
    const ont = olt.ont('1/1/1', 7)!;
    await onus.mib(a);
    await onus.reboot(a);
    await until(() => olt.phaseOf(ont) === 'offline');
    await expect(quick.getOnuState(a)).rejects.toBeInstanceOf(RpcTimeoutError);
    ont.rebootingUntil = 0; // do not wait the full reboot in a test
    olt.refresh();
    expect((await onus.getOpticalLevels(a)).rxDbm).toBeCloseTo(olt.rxPowerDbm(ont)!, 2); // MIB uploaded again
  });
});

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Requests sent while `fn` runs. */
async function countMessages(fn: () => Promise<unknown>): Promise<number> {
  const t = (onus.client as unknown as { transport: UdpOmciTransport }).transport;
  const before = t.stats.sent;
  await fn();
  return t.stats.sent - before;
}

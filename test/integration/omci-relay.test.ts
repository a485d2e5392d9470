/**
 * OMCI end to end over a real SSH connection: the controller's OmciClient → SimSshServer subsystem
 * `omci` → simulated ONT MIBs. Nothing is mocked below the socket.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SimOlt } from '../../simulators/core/topology.ts';
import { SimSshServer } from '../../simulators/ssh/server.ts';
import { omciRelayHandler } from '../../simulators/omci/index.ts';
import { OmciClient, type OmciNotification } from '../../src/adapters/driven/telemetry/omci/omci-client.ts';
import { MeClass } from '../../src/protocols/omci/me-defs.ts';

import { RpcTimeoutError, ConnectAuthError } from '../../src/application/ports/olt-driver/errors.ts';
import type { OltConfig, VlanSubInterface, Channel } from '../../src/domain/olt-config/model.ts';
import { OmciResultError } from '../../src/adapters/driven/telemetry/omci/omci-errors.ts';

const credentials = { username: 'ponctl', password: 'lab-secret' };
const PON = '1/1/1';
const TIMEOUT = 400;

function vlan(channel: Channel, gemport: number, userVlan: number, dot1p: number): VlanSubInterface {
  return {
    channel,
    gemport,
    servicePort: gemport,
    userVlan,
    vlan: 100 + userVlan,
    dot1p,
    downstreamProfile: 'd',
    upstreamProfile: 'u',
    macLimit: 4,
    dhcpSnooping: true,
    antiSpoofing: true,
    pppoeFilter: channel === 'internet',
    macForcedForwarding: false,
    multicast: channel === 'iptv',
    adminState: 'enabled',
  };
}

/** ONT 1 of PON 1/1/1 authorised as ONU id 1 with the four channels of spec §2. */
function configWithOnu(olt: SimOlt): OltConfig {
  const ont = olt.ont(PON, 1)!;
  return {
    trafficProfiles: [
      { name: 'd', cirKbps: 1000, pirKbps: 300000 },
      { name: 'u', cirKbps: 1000, pirKbps: 150000 },
    ],
    channelTerminations: [
      {
        name: PON,
        onus: [
          {
            onuId: 1,
            onuType: 'ZXHN-F601',
            expectedSerial: ont.serial,
            description: 'A-1',
            tconts: [
              { id: 1, trafficProfile: 'u' },
              { id: 2, trafficProfile: 'u' },
            ],
            gemports: [
              { id: 1, tcont: 1 },
              { id: 2, tcont: 1 },
              { id: 3, tcont: 2 },
              { id: 4, tcont: 2 },
            ],
            vlans: [
              vlan('internet', 1, 10, 0),
              vlan('management', 2, 20, 0),
              vlan('voip', 3, 30, 5),
              vlan('iptv', 4, 40, 2),
            ],
          },
        ],
      },
    ],
  };
}

let olt: SimOlt;
let server: SimSshServer;
let client: OmciClient;

beforeAll(async () => {
  olt = new SimOlt({ name: 'olt-omci', profile: 'zxa10-c300', pons: 2, ontsPerPon: 8, index: 3 });
  olt.config.setRunning(configWithOnu(olt));
  server = new SimSshServer({ olt, credentials, subsystems: { omci: omciRelayHandler(olt) } });
  const port = await server.listen(0);
  client = await OmciClient.connect({ host: '127.0.0.1', port, ...credentials, requestTimeoutMs: TIMEOUT });
});

afterAll(async () => {
  await client?.close();
  await server?.close();
});

describe('OMCI relay over SSH', () => {
  it('rejects wrong credentials with ConnectAuthError', async () => {
    await expect(
      OmciClient.connect({ host: '127.0.0.1', port: server.port, username: 'ponctl', password: 'nope' }),
    ).rejects.toBeInstanceOf(ConnectAuthError);
  });

  it('ANI-G optical levels equal the physical model within the 0.002 dB encoding step', async () => {
    const onts = [...olt.pon(PON)!.onts, ...olt.pon('1/1/2')!.onts];
    // all 16 ONTs at once: TCI matching must route every answer to its own request
    const levels = await Promise.all(onts.map((o) => client.getOpticalLevels(o.pon, o.id)));
    onts.forEach((o, i) => {
      expect(Math.abs(levels[i].rxDbm! - olt.rxPowerDbm(o)!)).toBeLessThanOrEqual(0.001);
      expect(Math.abs(levels[i].txDbm! - olt.txPowerDbm(o)!)).toBeLessThanOrEqual(0.001);
    });
    // levels differ per ONT, so a mixed-up TCI would have shown
    expect(new Set(levels.map((l) => l.rxDbm)).size).toBeGreaterThan(8);
  });

  it('ONU-G reports the serial and operational state', async () => {
    const s = await client.getOnuState(PON, 1);
    expect(s).toEqual({
      vendorId: 'ZTEG',
      serial: olt.ont(PON, 1)!.serial,
      administrativeState: 'unlocked',
      operationalState: 'enabled',
    });
  });

  it('MIB upload returns the G.988 MEs, provisioned ones derived from the running config', async () => {
    const mib = await client.mibUpload(PON, 1);
    const count = (c: number) => mib.filter((e) => e.classId === c).length;
    expect(count(MeClass.onuData)).toBe(1);
    expect(count(MeClass.onuG)).toBe(1);
    expect(count(MeClass.onu2G)).toBe(1);
    expect(count(MeClass.aniG)).toBe(1);
    expect(count(MeClass.pptpEthernetUni)).toBe(1);
    expect(count(MeClass.tcont)).toBe(8);
    expect(count(MeClass.gemPortNetworkCtp)).toBe(4);
    expect(count(MeClass.macBridgePortConfigData)).toBe(5); // UNI side + one per GEM port
    expect(count(MeClass.vlanTaggingFilterData)).toBe(4);
    expect(count(MeClass.extVlanTaggingOpConfigData)).toBe(1);
    expect(count(MeClass.multicastOperationsProfile)).toBe(1);
    const onuG = mib.find((e) => e.classId === MeClass.onuG)!;
    expect(onuG.attributes.vendorId).toBe('ZTEG');
    expect(onuG.attributes.version).toBe('V6.0.10P1N12'); // ONU-G spans two upload messages; merged
    const voip = mib.find(
      (e) =>
        e.classId === MeClass.vlanTaggingFilterData &&
        (e.attributes.vlanFilterList as Buffer).readUInt16BE(0) === ((5 << 13) | 30),
    );
    expect(voip, 'VoIP VLAN 30 with dot1p 5 in a VLAN filter').toBeDefined();
    const ext = mib.find((e) => e.classId === MeClass.extVlanTaggingOpConfigData)!;
    expect(ext.tables.receivedFrameVlanTaggingOperationTable).toHaveLength(4);
    const tconts = mib.filter((e) => e.classId === MeClass.tcont).map((e) => e.attributes.allocId);
    expect(tconts.filter((a) => a !== 0xff)).toHaveLength(2); // two T-CONTs provisioned, six unassigned
    // an ONT not authorised answers on its lab position with only its autonomous MEs
    const bare = await client.mibUpload(PON, 2);
    expect(bare.some((e) => e.classId === MeClass.gemPortNetworkCtp)).toBe(false);
    expect(bare.filter((e) => e.classId === MeClass.tcont)).toHaveLength(8);
  });

  it('Set, Create, Delete and their result codes', async () => {
    await client.set(PON, 3, MeClass.aniG, 0x8001, { lowerOpticalThreshold: 50 });
    expect(
      (await client.get(PON, 3, MeClass.aniG, 0x8001, ['lowerOpticalThreshold'])).lowerOpticalThreshold,
    ).toBe(50);
    // optical signal level is read-only: attribute(s) failed (9)
    await expect(client.set(PON, 3, MeClass.aniG, 0x8001, { opticalSignalLevel: 1 })).rejects.toMatchObject({
      result: 9,
    });
    const gem = {
      portId: 1234,
      tcontPointer: 0x8000,
      direction: 3,
      trafficManagementPointerUpstream: 0x8000,
      trafficDescriptorProfilePointerUpstream: 0,
      priorityQueuePointerDownstream: 0,
      trafficDescriptorProfilePointerDownstream: 0,
      encryptionKeyRing: 0,
    };
    const created = await client.request(PON, 3, {
      type: 'create-request',
      meClass: MeClass.gemPortNetworkCtp,
      meInstance: 7,
      attributes: gem,
    });
    expect(created.result).toBe(0);
    expect((await client.get(PON, 3, MeClass.gemPortNetworkCtp, 7, ['portId'])).portId).toBe(1234);
    const again = await client.request(PON, 3, {
      type: 'create-request',
      meClass: MeClass.gemPortNetworkCtp,
      meInstance: 7,
      attributes: gem,
    });
    expect(again.result).toBe(7); // instance exists
    expect(
      (
        await client.request(PON, 3, {
          type: 'delete-request',
          meClass: MeClass.gemPortNetworkCtp,
          meInstance: 7,
        })
      ).result,
    ).toBe(0);
    await expect(client.get(PON, 3, MeClass.gemPortNetworkCtp, 7, ['portId'])).rejects.toBeInstanceOf(
      OmciResultError,
    );
    // MIB reset forgets the controller's Set
    await client.mibReset(PON, 3);
    expect(
      (await client.get(PON, 3, MeClass.aniG, 0x8001, ['lowerOpticalThreshold'])).lowerOpticalThreshold,
    ).toBe(56);
  });

  it('Set of a table attribute adds a row; Get answers the table size in bytes', async () => {
    const row = Buffer.alloc(16, 0x11);
    await client.set(PON, 1, MeClass.extVlanTaggingOpConfigData, 0x0101, {
      receivedFrameVlanTaggingOperationTable: row,
    });
    const size = await client.get(PON, 1, MeClass.extVlanTaggingOpConfigData, 0x0101, [
      'receivedFrameVlanTaggingOperationTable',
    ]);
    expect(size.receivedFrameVlanTaggingOperationTable).toBe(5 * 16); // four derived rules + the new one
    const ext = (await client.mibUpload(PON, 1)).find(
      (e) => e.classId === MeClass.extVlanTaggingOpConfigData,
    )!;
    expect(ext.tables.receivedFrameVlanTaggingOperationTable.at(-1)).toEqual(row);
    await client.mibReset(PON, 1);
    expect(
      (
        await client.get(PON, 1, MeClass.extVlanTaggingOpConfigData, 0x0101, [
          'receivedFrameVlanTaggingOperationTable',
        ])
      ).receivedFrameVlanTaggingOperationTable,
    ).toBe(64);
  });

  it('Get all alarms reports a low RX level below the ANI-G lower threshold', async () => {
    const ont = olt.ont(PON, 4)!;
    expect(await client.getAllAlarms(PON, 4)).toEqual([]);
    ont.rxDegradeDb = 15; // about −33..−39 dBm: below −28 dBm
    try {
      expect(await client.getAllAlarms(PON, 4)).toEqual([
        { classId: MeClass.aniG, instance: 0x8001, alarms: [0] },
      ]);
    } finally {
      ont.rxDegradeDb = 0;
    }
  });

  it('drop-cut: alarm notification, then Gets time out; repair clears the alarm', async () => {
    const events = client.notifications();
    const ont = olt.ont(PON, 5)!;
    const others = olt.ont(PON, 6)!;
    ont.dropFibreOk = false;
    olt.refresh();
    const got: OmciNotification[] = [];
    while (got.length < 2) got.push((await events.next()).value as OmciNotification);
    expect(got[0]).toMatchObject({
      pon: PON,
      onuId: 5,
      message: { type: 'alarm-notification', meClass: MeClass.aniG, meInstance: 0x8001, alarms: [0] },
    });
    expect(got[1]).toMatchObject({
      pon: PON,
      onuId: 5,
      message: { type: 'avc-notification', meClass: MeClass.onuG, attributes: { operationalState: 1 } },
    });
    const t0 = Date.now();
    await expect(client.getOpticalLevels(PON, 5)).rejects.toBeInstanceOf(RpcTimeoutError);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(TIMEOUT - 20);
    // the rest of the PON still answers on the same session
    expect((await client.getOpticalLevels(PON, others.id)).rxDbm).not.toBeNull();

    ont.dropFibreOk = true;
    olt.refresh();
    const clear = (await events.next()).value as OmciNotification;
    expect(clear.message).toMatchObject({ type: 'alarm-notification', meClass: MeClass.aniG, alarms: [] });
    expect(
      clear.message.type === 'alarm-notification' &&
        got[0].message.type === 'alarm-notification' &&
        clear.message.sequence === got[0].message.sequence + 1,
    ).toBe(true);
    await events.return!();
    expect((await client.getOpticalLevels(PON, 5)).rxDbm).toBeCloseTo(olt.rxPowerDbm(ont)!, 2);
  });

  it('dying gasp raises ONU-G alarm 7', async () => {
    const events = client.notifications();
    const ont = olt.ont('1/1/2', 2)!;
    ont.powered = false;
    olt.refresh();
    const n = (await events.next()).value as OmciNotification;
    expect(n).toMatchObject({
      pon: '1/1/2',
      onuId: 2,
      message: { type: 'alarm-notification', meClass: MeClass.onuG, alarms: [7] },
    });
    await expect(client.getOnuState('1/1/2', 2)).rejects.toBeInstanceOf(RpcTimeoutError);
    ont.powered = true;
    olt.refresh();
    await events.return!();
  });

  it('honours latency, OLT down, and unknown ONU ids', async () => {
    olt.faults.latencyMs = 150;
    const t0 = Date.now();
    await client.getOnuState(PON, 2);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(145);
    olt.faults.latencyMs = 0;
    olt.faults.down = true;
    await expect(client.getOnuState(PON, 2)).rejects.toBeInstanceOf(RpcTimeoutError);
    olt.faults.down = false;
    await expect(client.getOnuState(PON, 99)).rejects.toBeInstanceOf(RpcTimeoutError);
    await expect(client.getOnuState('9/9/9', 1)).rejects.toBeInstanceOf(RpcTimeoutError);
    expect((await client.getOnuState(PON, 2)).operationalState).toBe('enabled');
  });

  it('Reboot: answered, then the ONT is offline until it comes back', async () => {
    const ont = olt.ont('1/1/2', 5)!;
    await client.reboot('1/1/2', 5);
    await new Promise((r) => setTimeout(r, 50));
    expect(olt.phaseOf(ont)).toBe('offline');
    await expect(client.getOnuState('1/1/2', 5)).rejects.toBeInstanceOf(RpcTimeoutError);
    ont.rebootingUntil = 0; // do not wait the full reboot in a test
    olt.refresh();
    expect((await client.getOnuState('1/1/2', 5)).operationalState).toBe('enabled');
  });
});

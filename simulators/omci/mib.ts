/**
 * The OMCI MIB of one simulated ONT (G.988 clause 9 MEs), created lazily when an OMCI message or a
 * notification first needs it: a lab may hold 4 096 ONTs, so nothing is stored per ONT until then and
 * even then only what the controller changed (Create/Set/Delete overlays) plus counters.
 *
 * Every read is derived on the spot from two sources the other protocols share:
 *  - the physical model (SimOlt/SimOnt): serial, phase, live RX/TX optical levels → ONU-G, ONU2-G, ANI-G;
 *  - the OLT's running configuration (OltConfigStore) when the ONT is authorised: T-CONTs, GEM ports,
 *    VLANs, multicast → T-CONT alloc-ids, GEM port network CTPs, MAC bridge ports, VLAN tagging
 *    filter data, extended VLAN tagging rules, multicast operations profile. On a real PON the OLT
 *    writes those MEs with OMCI Create/Set when it provisions the ONT; the simulator shows their result.
 */
import type { SimOlt, SimOnt } from '../core/topology.ts';
import type { VAni } from '../../src/domain/olt-config/model.ts';
import type { AttrValues } from '../../src/protocols/omci/attributes.ts';
import { MeClass, meDef } from '../../src/protocols/omci/me-defs.ts';
import { dbmToOpticalLevel, dbmToRxThreshold, rxThresholdToDbm } from '../../src/protocols/omci/optics.ts';
import { ontOpticsOf } from '../core/ont-optics.ts';

export interface MeInstance {
  classId: number;
  instance: number;
  values: AttrValues;
  /** Rows of table attributes, by attribute name. */
  tables?: Record<string, Buffer[]>;
}

/** ANI-G instance: slot 0x80 (the PON card of an ONT, G.988 §9.1.5), port 1. */
export const ANI_G_INSTANCE = 0x8001;
/** The F601's one GE UNI: slot 1, port 1. */
export const UNI_INSTANCE = 0x0101;
const TCONT_BASE = 0x8000;
/** ZXHN F601: 8 T-CONTs (design §6). */
const TCONT_COUNT = 8;

const key = (c: number, i: number) => `${c}:${i}`;

/** Classes the MIB derives (autonomous ones, then those the OLT provisions), in upload order. */
const DERIVED_CLASSES = [
  MeClass.onuData,
  MeClass.pptpEthernetUni,
  MeClass.macBridgePortConfigData,
  MeClass.vlanTaggingFilterData,
  MeClass.extVlanTaggingOpConfigData,
  MeClass.onuG,
  MeClass.onu2G,
  MeClass.tcont,
  MeClass.aniG,
  MeClass.gemPortNetworkCtp,
  MeClass.multicastOperationsProfile,
];

/** GEM port-id the OLT assigns for a GEM port of an ONU (12-bit GPON space above the OMCC range). */
function gemPortId(onuId: number, gem: number): number {
  return 256 + (((onuId - 1) * 16 + gem) % 3840);
}

/** One extended VLAN tagging rule (G.988 §9.3.13 attr 6, 16 bytes): single-tagged frames with VID `vid` pass unchanged. */
function passSingleTagged(vid: number): Buffer {
  const b = Buffer.alloc(16);
  // word 1: filter outer priority 15 (no outer tag: single-tagged rule), outer VID 4096 (don't filter), TPID/DE 0
  b.writeUInt32BE(((15 << 28) | (4096 << 15)) >>> 0, 0);
  // word 2: filter inner priority 8 (any), inner VID, inner TPID/DE 0, ethertype 0 (any)
  b.writeUInt32BE(((8 << 28) | ((vid & 0x1fff) << 15)) >>> 0, 4);
  // word 3: remove 0 tags; treatment outer priority 15 (add no outer tag)
  b.writeUInt32BE((15 << 16) >>> 0, 8);
  // word 4: treatment inner priority 15 (add no inner tag)
  b.writeUInt32BE((15 << 16) >>> 0, 12);
  return b;
}

/** Multicast dynamic access control row (§9.3.27 attr 7, 24 bytes): all IPv4 groups on one GEM port and VLAN. */
function multicastAclRow(gemPort: number, vlan: number): Buffer {
  const b = Buffer.alloc(24);
  b.writeUInt16BE(0x4001, 0); // set-control 01 (write) | row key 1
  b.writeUInt16BE(gemPort, 2);
  b.writeUInt16BE(vlan, 4);
  b.writeUInt32BE(0, 6); // source IP: any
  b.writeUInt32BE(0xe0000000, 10); // 224.0.0.0
  b.writeUInt32BE(0xefffffff, 14); // 239.255.255.255
  b.writeUInt32BE(0, 18); // imputed group bandwidth
  return b;
}

/** The active alarms of one ME: alarm numbers of its G.988 alarm list (ANI-G 0 = low received optical power). */
export interface MeAlarms {
  classId: number;
  instance: number;
  alarms: number[];
}

export class OntMib {
  /** ME instances the controller created (OLT-created classes) since the last MIB reset. */
  private readonly created = new Map<string, MeInstance>();
  private readonly deleted = new Set<string>();
  /** Attribute values the controller set, over the derived ones. */
  private readonly overrides = new Map<string, AttrValues>();
  /** Table rows the controller wrote with Set, after the derived rows. */
  private readonly addedRows = new Map<string, Record<string, Buffer[]>>();
  mibDataSync = 0;
  /** Alarm sequence number of the last alarm notification (1..255, wraps to 1; G.988 §A.1.4.2). */
  alarmSequence = 0;
  /** Snapshot taken by MIB upload / Get all alarms, read by the "next" commands (G.988 §I.1.2). */
  uploadSnapshot: AttrUpload[] = [];
  alarmSnapshot: MeAlarms[] = [];
  /** Alarm bit maps last sent in alarm notifications, per ME; kept across MIB reset (alarms are not MIB data). */
  private readonly notified = new Map<string, MeAlarms>();

  constructor(
    readonly olt: SimOlt,
    readonly ont: SimOnt,
    readonly onuId: number,
  ) {}

  /** MIB reset (G.988 §I.1.1): forget everything the controller changed; autonomous MEs remain. */
  reset(): void {
    this.created.clear();
    this.deleted.clear();
    this.overrides.clear();
    this.addedRows.clear();
    this.mibDataSync = 0;
    this.alarmSequence = 0;
    this.uploadSnapshot = [];
    this.alarmSnapshot = [];
  }

  nextAlarmSequence(): number {
    this.alarmSequence = this.alarmSequence >= 255 ? 1 : this.alarmSequence + 1;
    return this.alarmSequence;
  }

  private authorised(): VAni | undefined {
    return this.olt.authorised.findOnuBySerial(this.ont.serial)?.onu;
  }

  /** Every ME instance of the MIB now, in class order (the order a MIB upload walks). */
  instances(now = Date.now()): MeInstance[] {
    const all = new Map<string, MeInstance>();
    for (const c of DERIVED_CLASSES)
      for (const m of this.derive(c, now)) all.set(key(m.classId, m.instance), m);
    for (const [k, m] of this.created) all.set(k, m);
    for (const k of this.deleted) all.delete(k);
    return [...all.values()]
      .map((m) => this.withOverrides(m))
      .sort((a, b) => a.classId - b.classId || a.instance - b.instance);
  }

  /** One ME instance; derives only its class (a Get on a 4 096-ONT poll must stay cheap). */
  find(classId: number, instance: number, now = Date.now()): MeInstance | undefined {
    const k = key(classId, instance);
    if (this.deleted.has(k)) return undefined;
    const m = this.created.get(k) ?? this.derive(classId, now).find((x) => x.instance === instance);
    return m && this.withOverrides(m);
  }

  private withOverrides(m: MeInstance): MeInstance {
    const k = key(m.classId, m.instance);
    const o = this.overrides.get(k);
    const rows = this.addedRows.get(k);
    if (!o && !rows) return m;
    const tables = { ...m.tables };
    for (const [name, r] of Object.entries(rows ?? {})) tables[name] = [...(tables[name] ?? []), ...r];
    return { ...m, values: { ...m.values, ...o }, tables };
  }

  create(m: MeInstance): void {
    const k = key(m.classId, m.instance);
    this.deleted.delete(k);
    this.overrides.delete(k);
    this.addedRows.delete(k);
    this.created.set(k, m);
  }

  delete(classId: number, instance: number): void {
    const k = key(classId, instance);
    this.created.delete(k);
    this.overrides.delete(k);
    this.addedRows.delete(k);
    this.deleted.add(k);
  }

  set(classId: number, instance: number, values: AttrValues): void {
    const k = key(classId, instance);
    if (classId === MeClass.onuData && typeof values.mibDataSync === 'number')
      this.mibDataSync = values.mibDataSync;
    const def = meDef(classId);
    const plain: AttrValues = {};
    for (const [name, v] of Object.entries(values)) {
      // a Set of a table attribute writes one row (G.988 §11.2.4); simplified here to appending it
      if (def?.attributes.find((a) => a.name === name)?.type === 'table' && Buffer.isBuffer(v)) {
        const rows = this.addedRows.get(k) ?? {};
        (rows[name] ??= []).push(Buffer.from(v));
        this.addedRows.set(k, rows);
      } else plain[name] = v;
    }
    if (Object.keys(plain).length) this.overrides.set(k, { ...this.overrides.get(k), ...plain });
  }

  /**
   * Alarms active now, per ME (for Get all alarms and for alarm notifications). ANI-G alarm 0 (low
   * received optical power) below the ANI-G lower optical threshold, alarm 1 (high) above the upper
   * one (G.988 §9.2.1); the thresholds default to the ONT model's critical and overload levels and
   * 0xFF ("ONU internal policy") means those too.
   */
  activeAlarms(now = Date.now()): MeAlarms[] {
    const out: MeAlarms[] = [];
    const phase = this.olt.phaseOf(this.ont, now);
    if (phase === 'dying-gasp') out.push({ classId: MeClass.onuG, instance: 0, alarms: [7] }); // ONU-G alarm 7: dying gasp
    const ani = this.find(MeClass.aniG, ANI_G_INSTANCE, now);
    const rx = this.olt.rxPowerDbm(this.ont, now);
    const optics = ontOpticsOf(this.ont.model);
    const low = rxThresholdToDbm(Number(ani?.values.lowerOpticalThreshold ?? 0xff)) ?? optics.rxCriticalDbm;
    const high = rxThresholdToDbm(Number(ani?.values.upperOpticalThreshold ?? 0xff)) ?? optics.rxOverloadDbm;
    // no light at all (LOS) is the extreme of "low received optical power" (ANI-G alarm 0)
    if (phase === 'los' || (rx !== null && rx < low))
      out.push({ classId: MeClass.aniG, instance: ANI_G_INSTANCE, alarms: [0] });
    else if (rx !== null && rx > high)
      out.push({ classId: MeClass.aniG, instance: ANI_G_INSTANCE, alarms: [1] });
    return out;
  }

  /**
   * The MEs whose active alarms differ from what was last notified — G.988 §A.1.4: the ONU sends an
   * alarm notification at every change of an ME's alarm state, raise or clear — in class order; from
   * now on they count as notified.
   */
  alarmChanges(now = Date.now()): MeAlarms[] {
    const out: MeAlarms[] = [];
    const active = new Map(this.activeAlarms(now).map((a) => [key(a.classId, a.instance), a]));
    for (const [k, a] of active) {
      if (!sameAlarms(this.notified.get(k)?.alarms ?? [], a.alarms)) out.push(a);
      this.notified.set(k, a);
    }
    for (const [k, n] of this.notified) {
      if (active.has(k)) continue;
      if (n.alarms.length) out.push({ ...n, alarms: [] });
      this.notified.delete(k);
    }
    return out.sort((a, b) => a.classId - b.classId || a.instance - b.instance);
  }

  /** The instances of one class as the physical model and the running config make them now. */
  private derive(classId: number, now: number): MeInstance[] {
    switch (classId) {
      case MeClass.onuData:
        return [{ classId, instance: 0, values: { mibDataSync: this.mibDataSync } }];
      case MeClass.onuG:
      case MeClass.onu2G:
      case MeClass.aniG:
      case MeClass.pptpEthernetUni:
      case MeClass.tcont:
        return this.autonomous(classId, now);
      default:
        return this.fromConfig().filter((m) => m.classId === classId);
    }
  }

  /** The MEs the ONU creates by itself (G.988 "created by the ONU"), one class at a time. */
  private autonomous(classId: number, now: number): MeInstance[] {
    const { ont, olt } = this;
    const working = olt.phaseOf(ont, now) === 'working';
    switch (classId) {
      case MeClass.onuG: {
        const serial = Buffer.alloc(8);
        serial.write(ont.serial.slice(0, 4), 0, 'ascii');
        serial.writeUInt32BE(Number.parseInt(ont.serial.slice(4), 16) >>> 0, 4);
        return [
          {
            classId,
            instance: 0,
            values: {
              vendorId: ont.serial.slice(0, 4),
              version: 'V6.0.10P1N12',
              serialNumber: serial,
              trafficManagementOption: 0,
              deprecated: 0,
              batteryBackup: 0,
              administrativeState: 0,
              operationalState: working ? 0 : 1,
              onuSurvivalTime: 0,
              logicalOnuId: '',
              logicalPassword: '',
              credentialsStatus: 0,
              extendedTcLayerOptions: 0,
            },
          },
        ];
      }
      case MeClass.onu2G:
        return [
          {
            classId,
            instance: 0,
            values: {
              equipmentId: ont.model,
              omccVersion: 0xa3,
              vendorProductCode: 0,
              securityCapability: 1,
              securityMode: 1,
              totalPriorityQueueNumber: 8,
              totalTrafficSchedulerNumber: 8,
              deprecated: 1,
              totalGemPortIdNumber: 32,
              // sysUpTime counts 10 ms since the ONT last came up
              sysUpTime: Math.max(0, Math.floor((now - ont.lastChange) / 10)) % 2 ** 32,
              connectivityCapability: 1,
              currentConnectivityMode: 0,
              qosConfigurationFlexibility: 0,
              priorityQueueScaleFactor: 1,
            },
          },
        ];
      case MeClass.aniG: {
        const rx = olt.rxPowerDbm(ont, now);
        const tx = olt.txPowerDbm(ont, now);
        const optics = ontOpticsOf(ont.model);
        return [
          {
            classId,
            instance: ANI_G_INSTANCE,
            values: {
              srIndication: 1,
              totalTcontNumber: TCONT_COUNT,
              gemBlockLength: 48,
              piggybackDbaReporting: 0,
              deprecated: 0,
              sfThreshold: 5,
              sdThreshold: 9,
              arc: 0,
              arcInterval: 0,
              // a dark receiver reads the bottom of the scale (the ONT would not be answering anyway)
              opticalSignalLevel: rx === null ? -32768 : dbmToOpticalLevel(rx),
              // the model's limits (profile `optics`): critical −28 dBm → 56, overload −8 dBm → 16 (0.5 dB units)
              lowerOpticalThreshold: dbmToRxThreshold(optics.rxCriticalDbm),
              upperOpticalThreshold: dbmToRxThreshold(optics.rxOverloadDbm),
              onuResponseTime: 35000,
              transmitOpticalLevel: tx === null ? -32768 : dbmToOpticalLevel(tx),
              lowerTransmitPowerThreshold: -127,
              upperTransmitPowerThreshold: -127,
            },
          },
        ];
      }
      case MeClass.pptpEthernetUni:
        return [
          {
            classId,
            instance: UNI_INSTANCE,
            values: {
              expectedType: 0,
              sensedType: 47 /* 10/100/1000BASE-T */,
              autoDetectionConfiguration: 0,
              ethernetLoopbackConfiguration: 0,
              administrativeState: 0,
              operationalState: working ? 0 : 1,
              configurationInd: 3 /* 1000 full duplex */,
              maxFrameSize: 2000,
              dteOrDceInd: 0,
              pauseTime: 0,
              bridgedOrIpInd: 2,
              arc: 0,
              arcInterval: 0,
              pppoeFilter: this.authorised()?.vlans.some((v) => v.pppoeFilter) ? 1 : 0,
              powerControl: 0,
            },
          },
        ];
      case MeClass.tcont: {
        const vani = this.authorised();
        const list: MeInstance[] = [];
        for (let k = 1; k <= TCONT_COUNT; k++) {
          const assigned = vani?.tconts.some((t) => t.id === k);
          list.push({
            classId,
            instance: TCONT_BASE + k - 1,
            values: {
              allocId: assigned ? 256 + ((this.onuId * 8 + k) % 3840) : 0x00ff,
              deprecated: 1,
              policy: assigned ? 1 : 0,
            },
          });
        }
        return list;
      }
      default:
        return [];
    }
  }

  private fromConfig(): MeInstance[] {
    const vani = this.authorised();
    if (!vani) return [];
    const out: MeInstance[] = [];
    const uniPort: MeInstance = {
      classId: MeClass.macBridgePortConfigData,
      instance: 0x0101,
      values: this.bridgePort(1, 1, UNI_INSTANCE),
    };
    out.push(uniPort);
    vani.gemports.forEach((g, i) => {
      const portId = gemPortId(this.onuId, g.id);
      out.push({
        classId: MeClass.gemPortNetworkCtp,
        instance: g.id,
        values: {
          portId,
          tcontPointer: TCONT_BASE + g.tcont - 1,
          direction: 3,
          trafficManagementPointerUpstream: TCONT_BASE + g.tcont - 1,
          trafficDescriptorProfilePointerUpstream: 0,
          uniCounter: 0,
          priorityQueuePointerDownstream: 0,
          encryptionState: 0,
          trafficDescriptorProfilePointerDownstream: 0,
          encryptionKeyRing: 0,
        },
      });
      const bp = 0x0102 + i;
      // tpType 5: GEM interworking termination point (the ANI side of the bridge)
      out.push({
        classId: MeClass.macBridgePortConfigData,
        instance: bp,
        values: this.bridgePort(2 + i, 5, g.id),
      });
      const vlans = vani.vlans.filter((v) => v.gemport === g.id);
      if (vlans.length) {
        const list = Buffer.alloc(24);
        vlans
          .slice(0, 12)
          .forEach((v, j) => list.writeUInt16BE(((v.dot1p & 7) << 13) | (v.userVlan & 0xfff), j * 2));
        // forward operation 0x10: tagged frames bridged on VID match, untagged discarded (G.988 Table 9.3.11-1)
        out.push({
          classId: MeClass.vlanTaggingFilterData,
          instance: bp,
          values: {
            vlanFilterList: list,
            forwardOperation: 0x10,
            numberOfEntries: Math.min(12, vlans.length),
          },
        });
      }
    });
    if (vani.vlans.length) {
      out.push({
        classId: MeClass.extVlanTaggingOpConfigData,
        instance: UNI_INSTANCE,
        values: {
          associationType: 2 /* PPTP Ethernet UNI */,
          receivedFrameVlanTaggingOperationTableMaxSize: 16,
          inputTpid: 0x8100,
          outputTpid: 0x8100,
          downstreamMode: 0,
          receivedFrameVlanTaggingOperationTable: Buffer.alloc(16),
          associatedMePointer: UNI_INSTANCE,
          dscpToPbitMapping: Buffer.alloc(24),
        },
        tables: {
          receivedFrameVlanTaggingOperationTable: vani.vlans.map((v) => passSingleTagged(v.userVlan)),
        },
      });
    }
    const mc = vani.vlans.find((v) => v.multicast);
    if (mc) {
      const row = multicastAclRow(gemPortId(this.onuId, mc.gemport), mc.userVlan);
      out.push({
        classId: MeClass.multicastOperationsProfile,
        instance: 1,
        values: {
          igmpVersion: 2,
          igmpFunction: 0,
          immediateLeave: 0,
          upstreamIgmpTci: 0,
          upstreamIgmpTagControl: 0,
          upstreamIgmpRate: 0,
          dynamicAccessControlListTable: row,
          staticAccessControlListTable: Buffer.alloc(24),
          lostGroupsListTable: Buffer.alloc(10),
          robustness: 2,
          querierIpAddress: 0,
          queryInterval: 125,
          queryMaxResponseTime: 100,
          lastMemberQueryInterval: 10,
          unauthorizedJoinRequestBehaviour: 0,
          downstreamIgmpAndMulticastTci: Buffer.alloc(3),
        },
        tables: {
          dynamicAccessControlListTable: [row],
          staticAccessControlListTable: [],
          lostGroupsListTable: [],
        },
      });
    }
    return out;
  }

  private bridgePort(portNum: number, tpType: number, tpPointer: number): AttrValues {
    return {
      bridgeIdPointer: 1,
      portNum,
      tpType,
      tpPointer,
      portPriority: 0,
      portPathCost: 1,
      portSpanningTreeInd: 0,
      deprecated1: 0,
      deprecated2: 0,
      portMacAddress: Buffer.alloc(6),
      outboundTdPointer: 0,
      inboundTdPointer: 0,
      macLearningDepth: 0,
      laspIdPointer: 0,
    };
  }
}

function sameAlarms(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** One MIB upload next body: an ME instance, an attribute mask and the values it selects. */
export interface AttrUpload {
  classId: number;
  instance: number;
  mask: number;
  values: AttrValues;
}

/**
 * Split the MIB into MIB upload next bodies: each ME's attributes in attribute order, as many per
 * message as fit the 26 value bytes; a table attribute uploads one message per row (G.988 §I.1.2).
 */
export function uploadBodies(mes: readonly MeInstance[]): AttrUpload[] {
  const out: AttrUpload[] = [];
  for (const m of mes) {
    const def = meDef(m.classId);
    if (!def) continue;
    let mask = 0;
    let used = 0;
    let values: AttrValues = {};
    const flush = () => {
      if (mask) out.push({ classId: m.classId, instance: m.instance, mask, values });
      mask = 0;
      used = 0;
      values = {};
    };
    for (const a of def.attributes) {
      const bit = 0x8000 >>> (a.index - 1);
      if (a.type === 'table') {
        for (const row of m.tables?.[a.name] ?? [])
          out.push({ classId: m.classId, instance: m.instance, mask: bit, values: { [a.name]: row } });
        continue;
      }
      const v = m.values[a.name];
      if (v === undefined) continue;
      if (used + a.size > 26) flush();
      mask |= bit;
      used += a.size;
      values[a.name] = v;
    }
    flush();
  }
  return out;
}

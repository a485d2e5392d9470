/**
 * The MEs the OLT creates on an F601 for the services of its running configuration, in the G.988
 * §8.2.2 IEEE 802.1p mapper model the F601 fixture's example subscriber uses (f601-mib.json):
 *
 *   PPTP 11/0x0101 ← 47/1 (UNI side, TP type 1) ─┐ MAC bridge 45/1
 *   per unicast GEM port g:  47/(1+k) (TP type 3) → 130/g mapper (every p-bit) → 266/g GEM IWTP
 *                            → 268/g GEM port network CTP (T-CONT, upstream priority queue, downstream
 *                              queue) · 84/(47 id) VLAN filter of the VLANs on g · 266 → 272/1 GAL
 *   multicast (IPTV):        47/(last) (TP type 6) → 281/0x0FFF → 268/0x0FFF (GEM 4095, ANI→UNI)
 *                            309/1 multicast operations profile (ACL: GEM 4095, IPTV VLAN) ← 310/1
 *                            (ME id = the UNI-side bridge port)
 *   171/1 extended VLAN tagging on the PPTP: each VLAN passes single-tagged
 *
 * On a real PON the OLT writes these with Create/Set when it provisions the ONT; the simulator shows
 * their result, recomputed from the configuration each time it is read.
 */
import type { VAni } from '../../src/domain/olt-config/model.ts';
import type { AttrValues } from '../../src/protocols/omci/attributes.ts';
import { MeClass } from '../../src/protocols/omci/me-defs.ts';
import type { TemplateMe } from './f601-template.ts';

export const UNI_INSTANCE = 0x0101;
export const TCONT_BASE = 0x8000;
/** Multicast GEM port (the fixture's; one per PON) and the ME id of its CTP / IWTP. */
export const MULTICAST_GEM_PORT = 4095;
const MULTICAST_ME = 0x0fff;
const NULL_POINTER = 0xffff;

/** GEM port-id the OLT assigns for a GEM port of an ONU (12-bit G-PON space above the OMCC range). */
export function gemPortId(onuId: number, gem: number): number {
  return 256 + (((onuId - 1) * 16 + gem) % 3840);
}

/** Alloc-id of T-CONT k (1-based) of an ONU (the lab's formula, f601-mib.json `sources.lab`). */
export function allocId(onuId: number, k: number): number {
  return 256 + ((onuId * 8 + k) % 3840);
}

/** One extended VLAN tagging rule (G.988 §9.3.13 attr 6, 16 bytes): single-tagged frames with VID `vid` pass unchanged. */
export function passSingleTagged(vid: number): Buffer {
  const b = Buffer.alloc(16);
  // word 1: filter outer priority 15 (no outer tag: a single-tagged rule), outer VID 4096 (don't filter)
  b.writeUInt32BE(((15 << 28) | (4096 << 15)) >>> 0, 0);
  // word 2: filter inner priority 8 (any), inner VID, TPID/DE 0, ethertype 0 (any)
  b.writeUInt32BE(((8 << 28) | ((vid & 0x1fff) << 15)) >>> 0, 4);
  // words 3, 4: remove 0 tags; treatment priorities 15: add no tag
  b.writeUInt32BE(15 << 16, 8);
  b.writeUInt32BE(15 << 16, 12);
  return b;
}

/** Multicast dynamic access control row (§9.3.27 attr 7, 24 bytes): all IPv4 groups on one GEM port and VLAN. */
export function multicastAclRow(gemPort: number, vlan: number): Buffer {
  const b = Buffer.alloc(24);
  b.writeUInt16BE(0x4001, 0); // set-control 01 (write) | row key 1
  b.writeUInt16BE(gemPort, 2);
  b.writeUInt16BE(vlan, 4);
  b.writeUInt32BE(0xe0000000, 10); // 224.0.0.0
  b.writeUInt32BE(0xefffffff, 14); // 239.255.255.255
  return b;
}

/** IPv4 multicast address table row (§9.2.5 attr 9, 12 bytes): GEM port, key, 224/4. */
function multicastAddressRow(gemPort: number): Buffer {
  const b = Buffer.alloc(12);
  b.writeUInt16BE(gemPort, 0);
  b.writeUInt32BE(0xe0000000, 4);
  b.writeUInt32BE(0xefffffff, 8);
  return b;
}

function bridgePort(instance: number, portNum: number, tpType: number, tpPointer: number): TemplateMe {
  return me(MeClass.macBridgePortConfigData, instance, {
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
  });
}

function me(
  classId: number,
  instance: number,
  values: AttrValues,
  tables: Record<string, Buffer[]> = {},
): TemplateMe {
  return { classId, instance, values, tables };
}

function gemCtp(
  instance: number,
  portId: number,
  tcont: number | null,
  upstreamQueue: number,
  downstreamQueue: number,
): TemplateMe {
  return me(MeClass.gemPortNetworkCtp, instance, {
    portId,
    tcontPointer: tcont ?? 0,
    direction: tcont === null ? 2 : 3, // 2 = ANI-to-UNI only (multicast), 3 = bidirectional
    trafficManagementPointerForUpstream: tcont === null ? 0 : upstreamQueue,
    trafficDescriptorProfilePointerForUpstream: 0,
    uniCounter: 1,
    priorityQueuePointerForDownStream: downstreamQueue,
    encryptionState: 0,
    trafficDescriptorProfilePointerForDownstream: 0,
    encryptionKeyRing: 0,
  });
}

/** The OLT-created MEs for one authorised ONU (none when it has no service). */
export function serviceMes(vani: VAni): TemplateMe[] {
  if (!vani.vlans.length) return [];
  const out: TemplateMe[] = [];
  out.push(
    me(MeClass.macBridgeServiceProfile, 1, {
      spanningTreeInd: 0,
      learningInd: 1,
      portBridgingInd: 0,
      priority: 32768,
      maxAge: 5120,
      helloTime: 512,
      forwardDelay: 3840,
      unknownMacAddressDiscard: 0,
      macLearningDepth: 0,
      dynamicFilteringAgeingTime: 300,
    }),
    bridgePort(1, 1, 1, UNI_INSTANCE),
    me(MeClass.galEthernetProfile, 1, { maximumGemPayloadSize: 48 }),
  );
  let port = 2;
  for (const g of vani.gemports) {
    const vlans = vani.vlans.filter((v) => v.gemport === g.id);
    if (!vlans.length) continue;
    // G.988 §9.2.10: PQ related port = T-CONT | priority, 0 highest; the channel's dot1p picks it
    const priority = 7 - Math.max(...vlans.map((v) => v.dot1p & 7));
    const tcont = TCONT_BASE + g.tcont - 1;
    out.push(
      gemCtp(g.id, gemPortId(vani.onuId, g.id), tcont, TCONT_BASE + (g.tcont - 1) * 8 + priority, priority),
    );
    out.push(
      me(MeClass.gemInterworkingTp, g.id, {
        gemPortNetworkCtpConnectivityPointer: g.id,
        interworkingOption: 5,
        serviceProfilePointer: g.id,
        interworkingTerminationPointPointer: 0,
        pptpCounter: 1,
        operationalState: 0,
        galProfilePointer: 1,
        galLoopbackConfiguration: 0,
      }),
    );
    const mapper: AttrValues = { tpPointer: NULL_POINTER };
    for (let p = 0; p < 8; p++) mapper[`interworkTpPointerForPBitPriority${p}`] = g.id;
    Object.assign(mapper, {
      unmarkedFrameOption: 1,
      dscpToPBitMapping: Buffer.alloc(24),
      defaultPBitAssumption: 0,
      tpType: 0,
    });
    out.push(me(MeClass.ieee8021pMapper, g.id, mapper));
    out.push(bridgePort(port, port, 3, g.id));
    const list = Buffer.alloc(24);
    vlans
      .slice(0, 12)
      .forEach((v, j) => list.writeUInt16BE(((v.dot1p & 7) << 13) | (v.userVlan & 0xfff), j * 2));
    // forward operation 0x10: tagged frames bridged on VID match, untagged discarded (Table 9.3.11-1)
    out.push(
      me(MeClass.vlanTaggingFilterData, port, {
        vlanFilterList: list,
        forwardOperation: 0x10,
        numberOfEntries: Math.min(12, vlans.length),
      }),
    );
    port++;
  }
  out.push(
    me(
      MeClass.extVlanTaggingOpConfigData,
      1,
      {
        associationType: 2,
        receivedFrameVlanTaggingOperationTableMaxSize: 16,
        inputTpid: 0x8100,
        outputTpid: 0x8100,
        downstreamMode: 0,
        associatedMePointer: UNI_INSTANCE,
        dscpToPBitMapping: Buffer.alloc(24),
      },
      { receivedFrameVlanTaggingOperationTable: vani.vlans.map((v) => passSingleTagged(v.userVlan)) },
    ),
  );
  const mc = vani.vlans.find((v) => v.multicast);
  if (mc) {
    out.push(gemCtp(MULTICAST_ME, MULTICAST_GEM_PORT, null, 0, 0));
    out.push(
      me(
        MeClass.multicastGemInterworkingTp,
        MULTICAST_ME,
        {
          gemPortNetworkCtpConnectivityPointer: MULTICAST_ME,
          interworkingOption: 0,
          serviceProfilePointer: 0,
          notUsed1: 0,
          pptpCounter: 1,
          operationalState: 0,
          galProfilePointer: 0,
          notUsed2: 0,
        },
        { ipv4MulticastAddressTable: [multicastAddressRow(MULTICAST_GEM_PORT)] },
      ),
    );
    out.push(bridgePort(port, port, 6, MULTICAST_ME));
    out.push(
      me(
        MeClass.multicastOperationsProfile,
        1,
        {
          igmpVersion: 2,
          igmpFunction: 0,
          immediateLeave: 0,
          upstreamIgmpTci: 0,
          upstreamIgmpTagControl: 0,
          upstreamIgmpRate: 0,
          robustness: 0,
          querierIpAddress: 0,
          queryInterval: 125,
          queryMaxResponseTime: 100,
          lastMemberQueryInterval: 10,
          unauthorizedJoinRequestBehaviour: 0,
          downstreamIgmpAndMulticastTci: Buffer.alloc(3),
        },
        {
          dynamicAccessControlListTable: [multicastAclRow(MULTICAST_GEM_PORT, mc.userVlan)],
          staticAccessControlListTable: [],
          lostGroupsListTable: [],
        },
      ),
    );
    out.push(
      me(MeClass.multicastSubscriberConfigInfo, 1, {
        meType: 0,
        multicastOperationsProfilePointer: 1,
        maxSimultaneousGroups: 256,
        maxMulticastBandwidth: 0,
        bandwidthEnforcement: 0,
      }),
    );
  }
  return out;
}

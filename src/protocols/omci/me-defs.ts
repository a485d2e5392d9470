/**
 * Managed entity definitions (ITU-T G.988 clause 9) for every class the ZXHN F601 reports in a MIB
 * upload (test/fixtures/omci/f601-mib.json), every class the Broadband Forum's ONU simulator
 * instantiates, and those ponctl reads. The classes themselves live in me-classes/; this is the
 * registry and the attribute-mask helpers (G.988 §11.2.5: attribute n is bit 16−n).
 */
import type { AttributeDef, MeDef } from './me-classes/define.ts';
import {
  CARDHOLDER,
  CIRCUIT_PACK,
  OLT_G,
  OMCI_ME,
  ONU2_G,
  ONU_DATA,
  ONU_G,
  SOFTWARE_IMAGE,
  UNI_G,
} from './me-classes/equipment.ts';
import {
  EXT_VLAN_TAGGING_OP_CONFIG_DATA,
  IEEE_8021P_MAPPER,
  MAC_BRIDGE_PORT_CONFIG_DATA,
  MAC_BRIDGE_SERVICE_PROFILE,
  MULTICAST_OPERATIONS_PROFILE,
  MULTICAST_SUBSCRIBER_CONFIG_INFO,
  PPTP_ETHERNET_UNI,
  VLAN_TAGGING_FILTER_DATA,
} from './me-classes/layer2.ts';
import {
  ANI_G,
  GAL_ETHERNET_PROFILE,
  GEM_INTERWORKING_TP,
  GEM_PORT_NETWORK_CTP,
  MULTICAST_GEM_INTERWORKING_TP,
  PRIORITY_QUEUE,
  TCONT,
  TRAFFIC_SCHEDULER,
} from './me-classes/pon.ts';

export type { AttrType, AttributeDef, MeDef } from './me-classes/define.ts';
export * from './me-classes/equipment.ts';
export * from './me-classes/layer2.ts';
export * from './me-classes/pon.ts';

/** Class ids, G.988 Table 11.2.4-1. */
export const MeClass = {
  onuData: 2,
  cardholder: 5,
  circuitPack: 6,
  softwareImage: 7,
  pptpEthernetUni: 11,
  macBridgeServiceProfile: 45,
  macBridgePortConfigData: 47,
  vlanTaggingFilterData: 84,
  ieee8021pMapper: 130,
  oltG: 131,
  extVlanTaggingOpConfigData: 171,
  onuG: 256,
  onu2G: 257,
  tcont: 262,
  aniG: 263,
  uniG: 264,
  gemInterworkingTp: 266,
  gemPortNetworkCtp: 268,
  galEthernetProfile: 272,
  priorityQueue: 277,
  trafficScheduler: 278,
  multicastGemInterworkingTp: 281,
  omci: 287,
  multicastOperationsProfile: 309,
  multicastSubscriberConfigInfo: 310,
} as const;

export const ME_DEFS: readonly MeDef[] = [
  ONU_DATA,
  CARDHOLDER,
  CIRCUIT_PACK,
  SOFTWARE_IMAGE,
  PPTP_ETHERNET_UNI,
  MAC_BRIDGE_SERVICE_PROFILE,
  MAC_BRIDGE_PORT_CONFIG_DATA,
  VLAN_TAGGING_FILTER_DATA,
  IEEE_8021P_MAPPER,
  OLT_G,
  EXT_VLAN_TAGGING_OP_CONFIG_DATA,
  ONU_G,
  ONU2_G,
  TCONT,
  ANI_G,
  UNI_G,
  GEM_INTERWORKING_TP,
  GEM_PORT_NETWORK_CTP,
  GAL_ETHERNET_PROFILE,
  PRIORITY_QUEUE,
  TRAFFIC_SCHEDULER,
  MULTICAST_GEM_INTERWORKING_TP,
  OMCI_ME,
  MULTICAST_OPERATIONS_PROFILE,
  MULTICAST_SUBSCRIBER_CONFIG_INFO,
];

const BY_CLASS = new Map(ME_DEFS.map((d) => [d.classId, d]));

/** The definition of a class, or undefined for a class this codec does not know (its bytes stay raw). */
export function meDef(classId: number): MeDef | undefined {
  return BY_CLASS.get(classId);
}

/** Attribute-mask bit of attribute `index` (1..16). */
export function attrBit(index: number): number {
  return 0x8000 >>> (index - 1);
}

/** The mask selecting the named attributes of `def` (throws on an unknown name: a programming error). */
export function maskOf(def: MeDef, names: readonly string[]): number {
  let m = 0;
  for (const n of names) {
    const a = def.attributes.find((x) => x.name === n);
    if (!a) throw new Error(`${def.name} has no attribute ${n}`);
    m |= attrBit(a.index);
  }
  return m;
}

/** Every attribute bit `def` defines. */
export function definedMask(def: MeDef): number {
  return def.attributes.reduce((m, a) => m | attrBit(a.index), 0);
}

/** Attributes of `def` selected by `mask`, in attribute order (the order their values travel in). */
export function attrsInMask(def: MeDef, mask: number): AttributeDef[] {
  return def.attributes.filter((a) => (mask & attrBit(a.index)) !== 0);
}

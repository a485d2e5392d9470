/**
 * Managed entity definitions (ITU-T G.988 clause 9) for the MEs ponctl reads and the simulated ONT
 * holds. Attribute numbers, sizes and access follow G.988 (checked against opencord/omci-lib-go's
 * generated definitions). Attribute 0 (the ME id) is not listed: it travels in the message header.
 * Attribute n (1..16) is bit 16-n of a 16-bit attribute mask: attribute 1 is 0x8000 (G.988 §11.2.5).
 */

/** How an attribute's bytes are read: unsigned / two's complement big-endian integer, NUL-padded ASCII, raw octets, or a table row. */
export type AttrType = 'uint' | 'int' | 'string' | 'bytes' | 'table';

export interface AttributeDef {
  /** 1..16, the attribute number in G.988. */
  index: number;
  name: string;
  /** Size in bytes; for a table, the size of one row (the table itself is read with Get next). */
  size: number;
  type: AttrType;
  writable: boolean;
  /** Set-by-create: carried, in attribute order, in a Create request (G.988 §11.2.4, Create). */
  setByCreate: boolean;
}

export interface MeDef {
  classId: number;
  name: string;
  /** Who instantiates it: the ONU autonomously, or the OLT with Create. */
  createdBy: 'onu' | 'olt';
  attributes: readonly AttributeDef[];
  /** Alarm number (bit in the 28-byte alarm bit map, 0 = MSB of the first byte) → name. */
  alarms: Readonly<Record<number, string>>;
}

type Spec = [name: string, size: number, type: AttrType, access?: 'R' | 'RW' | 'RWC'];

function me(
  classId: number,
  name: string,
  createdBy: 'onu' | 'olt',
  specs: Spec[],
  alarms: Record<number, string> = {},
): MeDef {
  return {
    classId,
    name,
    createdBy,
    alarms,
    attributes: specs.map(([n, size, type, access = 'R'], i) => ({
      index: i + 1,
      name: n,
      size,
      type,
      writable: access !== 'R',
      setByCreate: access === 'RWC',
    })),
  };
}

/** Class ids, G.988 Table 11.2.4-1. */
export const MeClass = {
  onuData: 2,
  pptpEthernetUni: 11,
  macBridgePortConfigData: 47,
  vlanTaggingFilterData: 84,
  extVlanTaggingOpConfigData: 171,
  onuG: 256,
  onu2G: 257,
  tcont: 262,
  aniG: 263,
  gemPortNetworkCtp: 268,
  multicastOperationsProfile: 309,
} as const;

/** §9.1.3 ONU data: the MIB as a whole; MIB reset/upload and Get all alarms address it. */
export const ONU_DATA = me(MeClass.onuData, 'ONU data', 'onu', [['mibDataSync', 1, 'uint', 'RW']]);

/** §9.1.1 ONU-G. Alarm 7 is dying gasp. Operational state: 0 enabled, 1 disabled. */
export const ONU_G = me(
  MeClass.onuG,
  'ONU-G',
  'onu',
  [
    ['vendorId', 4, 'string'],
    ['version', 14, 'string'],
    ['serialNumber', 8, 'bytes'],
    ['trafficManagementOption', 1, 'uint'],
    ['deprecated', 1, 'uint'],
    ['batteryBackup', 1, 'uint', 'RW'],
    ['administrativeState', 1, 'uint', 'RW'],
    ['operationalState', 1, 'uint'],
    ['onuSurvivalTime', 1, 'uint'],
    ['logicalOnuId', 24, 'string'],
    ['logicalPassword', 12, 'string'],
    ['credentialsStatus', 1, 'uint', 'RW'],
    ['extendedTcLayerOptions', 2, 'uint'],
  ],
  {
    0: 'Equipment alarm',
    1: 'Powering alarm',
    2: 'Battery missing',
    3: 'Battery failure',
    4: 'Battery low',
    5: 'Physical intrusion',
    6: 'ONU self-test failure',
    7: 'Dying gasp',
    8: 'Temperature yellow',
    9: 'Temperature red',
    10: 'Voltage yellow',
    11: 'Voltage red',
    12: 'ONU manual power off',
    13: 'Inv-Image',
    14: 'PSE overload yellow',
    15: 'PSE overload red',
  },
);

/** §9.1.2 ONU2-G. */
export const ONU2_G = me(MeClass.onu2G, 'ONU2-G', 'onu', [
  ['equipmentId', 20, 'string'],
  ['omccVersion', 1, 'uint'],
  ['vendorProductCode', 2, 'uint'],
  ['securityCapability', 1, 'uint'],
  ['securityMode', 1, 'uint', 'RW'],
  ['totalPriorityQueueNumber', 2, 'uint'],
  ['totalTrafficSchedulerNumber', 1, 'uint'],
  ['deprecated', 1, 'uint'],
  ['totalGemPortIdNumber', 2, 'uint'],
  ['sysUpTime', 4, 'uint'],
  ['connectivityCapability', 2, 'uint'],
  ['currentConnectivityMode', 1, 'uint', 'RW'],
  ['qosConfigurationFlexibility', 2, 'uint'],
  ['priorityQueueScaleFactor', 2, 'uint', 'RW'],
]);

/**
 * §9.2.1 ANI-G. Optical signal level (attr 10) and transmit optical level (attr 14): two's complement,
 * dBm, 0.002 dB per unit (optics.ts). Lower/upper optical threshold: unsigned, −0.5 dB units (0xFF =
 * ONU policy). Lower/upper transmit power threshold: two's complement, 0.5 dB units (0x81 = policy).
 */
export const ANI_G = me(
  MeClass.aniG,
  'ANI-G',
  'onu',
  [
    ['srIndication', 1, 'uint'],
    ['totalTcontNumber', 2, 'uint'],
    ['gemBlockLength', 2, 'uint', 'RW'],
    ['piggybackDbaReporting', 1, 'uint'],
    ['deprecated', 1, 'uint'],
    ['sfThreshold', 1, 'uint', 'RW'],
    ['sdThreshold', 1, 'uint', 'RW'],
    ['arc', 1, 'uint', 'RW'],
    ['arcInterval', 1, 'uint', 'RW'],
    ['opticalSignalLevel', 2, 'int'],
    ['lowerOpticalThreshold', 1, 'uint', 'RW'],
    ['upperOpticalThreshold', 1, 'uint', 'RW'],
    ['onuResponseTime', 2, 'uint'],
    ['transmitOpticalLevel', 2, 'int'],
    ['lowerTransmitPowerThreshold', 1, 'int', 'RW'],
    ['upperTransmitPowerThreshold', 1, 'int', 'RW'],
  ],
  {
    0: 'Low received optical power',
    1: 'High received optical power',
    2: 'SF',
    3: 'SD',
    4: 'Low transmit optical power',
    5: 'High transmit optical power',
    6: 'Laser bias current',
  },
);

/** §9.5.1 Physical path termination point Ethernet UNI. Alarm 0 = LAN-LOS. */
export const PPTP_ETHERNET_UNI = me(
  MeClass.pptpEthernetUni,
  'PPTP Ethernet UNI',
  'onu',
  [
    ['expectedType', 1, 'uint', 'RW'],
    ['sensedType', 1, 'uint'],
    ['autoDetectionConfiguration', 1, 'uint', 'RW'],
    ['ethernetLoopbackConfiguration', 1, 'uint', 'RW'],
    ['administrativeState', 1, 'uint', 'RW'],
    ['operationalState', 1, 'uint'],
    ['configurationInd', 1, 'uint'],
    ['maxFrameSize', 2, 'uint', 'RW'],
    ['dteOrDceInd', 1, 'uint', 'RW'],
    ['pauseTime', 2, 'uint', 'RW'],
    ['bridgedOrIpInd', 1, 'uint', 'RW'],
    ['arc', 1, 'uint', 'RW'],
    ['arcInterval', 1, 'uint', 'RW'],
    ['pppoeFilter', 1, 'uint', 'RW'],
    ['powerControl', 1, 'uint', 'RW'],
  ],
  { 0: 'LAN-LOS' },
);

/** §9.2.2 T-CONT: created by the ONU; the OLT assigns an alloc-id (0xFFFF = unassigned, GPON 0x00FF). */
export const TCONT = me(MeClass.tcont, 'T-CONT', 'onu', [
  ['allocId', 2, 'uint', 'RW'],
  ['deprecated', 1, 'uint'],
  ['policy', 1, 'uint', 'RW'],
]);

/** §9.2.3 GEM port network CTP. */
export const GEM_PORT_NETWORK_CTP = me(
  MeClass.gemPortNetworkCtp,
  'GEM port network CTP',
  'olt',
  [
    ['portId', 2, 'uint', 'RWC'],
    ['tcontPointer', 2, 'uint', 'RWC'],
    ['direction', 1, 'uint', 'RWC'],
    ['trafficManagementPointerUpstream', 2, 'uint', 'RWC'],
    ['trafficDescriptorProfilePointerUpstream', 2, 'uint', 'RWC'],
    ['uniCounter', 1, 'uint'],
    ['priorityQueuePointerDownstream', 2, 'uint', 'RWC'],
    ['encryptionState', 1, 'uint'],
    ['trafficDescriptorProfilePointerDownstream', 2, 'uint', 'RWC'],
    ['encryptionKeyRing', 1, 'uint', 'RWC'],
  ],
  { 5: 'End-to-end loss of continuity' },
);

/** §9.3.4 MAC bridge port configuration data. */
export const MAC_BRIDGE_PORT_CONFIG_DATA = me(
  MeClass.macBridgePortConfigData,
  'MAC bridge port configuration data',
  'olt',
  [
    ['bridgeIdPointer', 2, 'uint', 'RWC'],
    ['portNum', 1, 'uint', 'RWC'],
    ['tpType', 1, 'uint', 'RWC'],
    ['tpPointer', 2, 'uint', 'RWC'],
    ['portPriority', 2, 'uint', 'RWC'],
    ['portPathCost', 2, 'uint', 'RWC'],
    ['portSpanningTreeInd', 1, 'uint', 'RWC'],
    ['deprecated1', 1, 'uint', 'RWC'],
    ['deprecated2', 1, 'uint', 'RWC'],
    ['portMacAddress', 6, 'bytes'],
    ['outboundTdPointer', 2, 'uint', 'RW'],
    ['inboundTdPointer', 2, 'uint', 'RW'],
    ['macLearningDepth', 1, 'uint', 'RWC'],
    ['laspIdPointer', 2, 'uint', 'RWC'],
  ],
  { 0: 'Port blocking' },
);

/** §9.3.11 VLAN tagging filter data: up to 12 two-byte TCIs (PCP 3 | DEI 1 | VID 12) in attribute 1. */
export const VLAN_TAGGING_FILTER_DATA = me(MeClass.vlanTaggingFilterData, 'VLAN tagging filter data', 'olt', [
  ['vlanFilterList', 24, 'bytes', 'RWC'],
  ['forwardOperation', 1, 'uint', 'RWC'],
  ['numberOfEntries', 1, 'uint', 'RWC'],
]);

/** §9.3.13 Extended VLAN tagging operation configuration data; attribute 6 is a table of 16-byte rules. */
export const EXT_VLAN_TAGGING_OP_CONFIG_DATA = me(
  MeClass.extVlanTaggingOpConfigData,
  'Extended VLAN tagging operation configuration data',
  'olt',
  [
    ['associationType', 1, 'uint', 'RWC'],
    ['receivedFrameVlanTaggingOperationTableMaxSize', 2, 'uint'],
    ['inputTpid', 2, 'uint', 'RW'],
    ['outputTpid', 2, 'uint', 'RW'],
    ['downstreamMode', 1, 'uint', 'RW'],
    ['receivedFrameVlanTaggingOperationTable', 16, 'table', 'RW'],
    ['associatedMePointer', 2, 'uint', 'RWC'],
    ['dscpToPbitMapping', 24, 'bytes', 'RW'],
  ],
);

/** §9.3.27 Multicast operations profile. */
export const MULTICAST_OPERATIONS_PROFILE = me(
  MeClass.multicastOperationsProfile,
  'Multicast operations profile',
  'olt',
  [
    ['igmpVersion', 1, 'uint', 'RWC'],
    ['igmpFunction', 1, 'uint', 'RWC'],
    ['immediateLeave', 1, 'uint', 'RWC'],
    ['upstreamIgmpTci', 2, 'uint', 'RWC'],
    ['upstreamIgmpTagControl', 1, 'uint', 'RWC'],
    ['upstreamIgmpRate', 4, 'uint', 'RWC'],
    ['dynamicAccessControlListTable', 24, 'table', 'RW'],
    ['staticAccessControlListTable', 24, 'table', 'RW'],
    ['lostGroupsListTable', 10, 'table'],
    ['robustness', 1, 'uint', 'RWC'],
    ['querierIpAddress', 4, 'uint', 'RWC'],
    ['queryInterval', 4, 'uint', 'RWC'],
    ['queryMaxResponseTime', 4, 'uint', 'RWC'],
    ['lastMemberQueryInterval', 4, 'uint', 'RW'],
    ['unauthorizedJoinRequestBehaviour', 1, 'uint', 'RW'],
    ['downstreamIgmpAndMulticastTci', 3, 'bytes', 'RWC'],
  ],
);

export const ME_DEFS: readonly MeDef[] = [
  ONU_DATA,
  ONU_G,
  ONU2_G,
  ANI_G,
  PPTP_ETHERNET_UNI,
  TCONT,
  GEM_PORT_NETWORK_CTP,
  MAC_BRIDGE_PORT_CONFIG_DATA,
  VLAN_TAGGING_FILTER_DATA,
  EXT_VLAN_TAGGING_OP_CONFIG_DATA,
  MULTICAST_OPERATIONS_PROFILE,
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

/** Attributes of `def` selected by `mask`, in attribute order (the order their values travel in). */
export function attrsInMask(def: MeDef, mask: number): AttributeDef[] {
  return def.attributes.filter((a) => (mask & attrBit(a.index)) !== 0);
}

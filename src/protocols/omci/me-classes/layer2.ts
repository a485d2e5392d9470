/**
 * The UNI and layer-2 service MEs (G.988 §9.5 Ethernet UNI, §9.3 layer 2 data services): PPTP
 * Ethernet UNI, MAC bridge service profile and port, 802.1p mapper, VLAN tagging filter, extended
 * VLAN tagging, multicast operations profile and subscriber config. Numbers/sizes/access per G.988.
 */
import { me } from './define.ts';

/** §9.5.1 Physical path termination point Ethernet UNI. Alarm 0 = LAN-LOS. ME id = slot | port. */
export const PPTP_ETHERNET_UNI = me(
  11,
  'Physical path termination point Ethernet UNI',
  '9.5.1',
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

/** §9.3.1 MAC bridge service profile (timers in 1/256 s). */
export const MAC_BRIDGE_SERVICE_PROFILE = me(45, 'MAC bridge service profile', '9.3.1', 'olt', [
  ['spanningTreeInd', 1, 'uint', 'RWC'],
  ['learningInd', 1, 'uint', 'RWC'],
  ['portBridgingInd', 1, 'uint', 'RWC'],
  ['priority', 2, 'uint', 'RWC'],
  ['maxAge', 2, 'uint', 'RWC'],
  ['helloTime', 2, 'uint', 'RWC'],
  ['forwardDelay', 2, 'uint', 'RWC'],
  ['unknownMacAddressDiscard', 1, 'uint', 'RWC'],
  ['macLearningDepth', 1, 'uint', 'RWC'],
  ['dynamicFilteringAgeingTime', 4, 'uint', 'RWC'],
]);

/** §9.3.4 MAC bridge port configuration data: attr 4 points at the TP named by attr 3 (TP type). */
export const MAC_BRIDGE_PORT_CONFIG_DATA = me(
  47,
  'MAC bridge port configuration data',
  '9.3.4',
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

/** §9.3.10 IEEE 802.1p mapper service profile: one GEM interworking TP per p-bit (0xFFFF = none). */
export const IEEE_8021P_MAPPER = me(130, 'IEEE 802.1p mapper service profile', '9.3.10', 'olt', [
  ['tpPointer', 2, 'uint', 'RWC'],
  ['interworkTpPointerForPBitPriority0', 2, 'uint', 'RWC'],
  ['interworkTpPointerForPBitPriority1', 2, 'uint', 'RWC'],
  ['interworkTpPointerForPBitPriority2', 2, 'uint', 'RWC'],
  ['interworkTpPointerForPBitPriority3', 2, 'uint', 'RWC'],
  ['interworkTpPointerForPBitPriority4', 2, 'uint', 'RWC'],
  ['interworkTpPointerForPBitPriority5', 2, 'uint', 'RWC'],
  ['interworkTpPointerForPBitPriority6', 2, 'uint', 'RWC'],
  ['interworkTpPointerForPBitPriority7', 2, 'uint', 'RWC'],
  ['unmarkedFrameOption', 1, 'uint', 'RWC'],
  ['dscpToPBitMapping', 24, 'bytes', 'RW'],
  ['defaultPBitAssumption', 1, 'uint', 'RWC'],
  ['tpType', 1, 'uint', 'RWC'],
]);

/** §9.3.11 VLAN tagging filter data: ME id = the MAC bridge port; up to 12 two-byte TCIs in attr 1. */
export const VLAN_TAGGING_FILTER_DATA = me(84, 'VLAN tagging filter data', '9.3.11', 'olt', [
  ['vlanFilterList', 24, 'bytes', 'RWC'],
  ['forwardOperation', 1, 'uint', 'RWC'],
  ['numberOfEntries', 1, 'uint', 'RWC'],
]);

/** §9.3.13 Extended VLAN tagging operation configuration data; attr 6 is a table of 16-byte rules. */
export const EXT_VLAN_TAGGING_OP_CONFIG_DATA = me(
  171,
  'Extended VLAN tagging operation configuration data',
  '9.3.13',
  'olt',
  [
    ['associationType', 1, 'uint', 'RWC'],
    ['receivedFrameVlanTaggingOperationTableMaxSize', 2, 'uint'],
    ['inputTpid', 2, 'uint', 'RW'],
    ['outputTpid', 2, 'uint', 'RW'],
    ['downstreamMode', 1, 'uint', 'RW'],
    ['receivedFrameVlanTaggingOperationTable', 16, 'table', 'RW'],
    ['associatedMePointer', 2, 'uint', 'RWC'],
    ['dscpToPBitMapping', 24, 'bytes', 'RW'],
    ['enhancedMode', 1, 'uint', 'RC'],
    ['enhancedReceivedFrameClassificationAndProcessingTable', 28, 'table', 'RW'],
  ],
);

/** §9.3.27 Multicast operations profile; attr 7 rows carry a GEM port id in bytes 2-3. */
export const MULTICAST_OPERATIONS_PROFILE = me(
  309,
  'Multicast operations profile',
  '9.3.27',
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
  { 0: 'Lost multicast group' },
);

/** §9.3.28 Multicast subscriber config info: ME id = the MAC bridge port (type 0) or 802.1p mapper (1). */
export const MULTICAST_SUBSCRIBER_CONFIG_INFO = me(310, 'Multicast subscriber config info', '9.3.28', 'olt', [
  ['meType', 1, 'uint', 'RWC'],
  ['multicastOperationsProfilePointer', 2, 'uint', 'RWC'],
  ['maxSimultaneousGroups', 2, 'uint', 'RWC'],
  ['maxMulticastBandwidth', 4, 'uint', 'RWC'],
  ['bandwidthEnforcement', 1, 'uint', 'RWC'],
  ['multicastServicePackageTable', 20, 'table', 'RW'],
  ['allowedPreviewGroupsTable', 22, 'table', 'RW'],
]);

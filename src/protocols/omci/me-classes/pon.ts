/**
 * The PON side of the ONU (G.988 §9.2, ANI management): ANI-G, T-CONT, GEM port network CTP, GEM
 * interworking termination points (unicast and multicast), GAL Ethernet profile, priority queues and
 * traffic schedulers. Attribute numbers, sizes and access as G.988 gives them.
 */
import { me } from './define.ts';

/**
 * §9.2.1 ANI-G. Optical signal level (attr 10) and transmit optical level (attr 14): two's complement,
 * dBm, 0.002 dB per unit (optics.ts). Lower/upper optical threshold: unsigned, −0.5 dB units (0xFF =
 * ONU policy). Lower/upper transmit power threshold: two's complement, 0.5 dB units (0x81 = policy).
 * ME id = slot (high byte) | port: 0x8001 on a single-PON ONU, but only the MIB upload says so.
 */
export const ANI_G = me(
  263,
  'ANI-G',
  '9.2.1',
  'onu',
  [
    ['srIndication', 1, 'uint'],
    ['totalTcontNumber', 2, 'uint'],
    ['gemBlockLength', 2, 'uint', 'RW'],
    ['piggybackDbaReporting', 1, 'uint'],
    ['deprecated', 1, 'uint'],
    ['signalFailThreshold', 1, 'uint', 'RW'],
    ['signalDegradeThreshold', 1, 'uint', 'RW'],
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

/** §9.2.2 T-CONT: created by the ONU; the OLT assigns an alloc-id (G-PON 0x00FF / XG(S)-PON 0xFFFF = none). */
export const TCONT = me(262, 'T-CONT', '9.2.2', 'onu', [
  ['allocId', 2, 'uint', 'RW'],
  ['deprecated', 1, 'uint'],
  ['policy', 1, 'uint', 'RW'],
]);

/** §9.2.3 GEM port network CTP. Attr 4 points at a priority queue or a T-CONT per ONU-G attr 4. */
export const GEM_PORT_NETWORK_CTP = me(
  268,
  'GEM port network CTP',
  '9.2.3',
  'olt',
  [
    ['portId', 2, 'uint', 'RWC'],
    ['tcontPointer', 2, 'uint', 'RWC'],
    ['direction', 1, 'uint', 'RWC'],
    ['trafficManagementPointerForUpstream', 2, 'uint', 'RWC'],
    ['trafficDescriptorProfilePointerForUpstream', 2, 'uint', 'RWC'],
    ['uniCounter', 1, 'uint'],
    ['priorityQueuePointerForDownStream', 2, 'uint', 'RWC'],
    ['encryptionState', 1, 'uint'],
    ['trafficDescriptorProfilePointerForDownstream', 2, 'uint', 'RWC'],
    ['encryptionKeyRing', 1, 'uint', 'RWC'],
  ],
  { 5: 'End-to-end loss of continuity' },
);

/** §9.2.4 GEM interworking termination point: attr 3 points per interworking option (5 = 802.1p mapper). */
export const GEM_INTERWORKING_TP = me(
  266,
  'GEM interworking termination point',
  '9.2.4',
  'olt',
  [
    ['gemPortNetworkCtpConnectivityPointer', 2, 'uint', 'RWC'],
    ['interworkingOption', 1, 'uint', 'RWC'],
    ['serviceProfilePointer', 2, 'uint', 'RWC'],
    ['interworkingTerminationPointPointer', 2, 'uint', 'RWC'],
    ['pptpCounter', 1, 'uint'],
    ['operationalState', 1, 'uint'],
    ['galProfilePointer', 2, 'uint', 'RWC'],
    ['galLoopbackConfiguration', 1, 'uint', 'RW'],
  ],
  { 6: 'End-to-end loss of continuity' },
);

/** §9.2.5 Multicast GEM interworking termination point; attr 9 rows: GEM port id (2), key (2), IPv4 range (8). */
export const MULTICAST_GEM_INTERWORKING_TP = me(
  281,
  'Multicast GEM interworking termination point',
  '9.2.5',
  'olt',
  [
    ['gemPortNetworkCtpConnectivityPointer', 2, 'uint', 'RWC'],
    ['interworkingOption', 1, 'uint', 'RWC'],
    ['serviceProfilePointer', 2, 'uint', 'RWC'],
    ['notUsed1', 2, 'uint', 'RWC'],
    ['pptpCounter', 1, 'uint'],
    ['operationalState', 1, 'uint'],
    ['galProfilePointer', 2, 'uint', 'RWC'],
    ['notUsed2', 1, 'uint', 'RWC'],
    ['ipv4MulticastAddressTable', 12, 'table', 'RW'],
    ['ipv6MulticastAddressTable', 24, 'table', 'RW'],
  ],
  { 0: 'Deprecated' },
);

/** §9.2.7 GAL Ethernet profile. */
export const GAL_ETHERNET_PROFILE = me(272, 'GAL Ethernet profile', '9.2.7', 'olt', [
  ['maximumGemPayloadSize', 2, 'uint', 'RWC'],
]);

/**
 * §9.2.10 Priority queue: ME id MSB set = upstream. Related port (attr 6) = T-CONT ME id (upstream) or
 * PPTP ME id (downstream) in the upper 16 bits, priority in the lower 16.
 */
export const PRIORITY_QUEUE = me(
  277,
  'Priority queue',
  '9.2.10',
  'onu',
  [
    ['queueConfigurationOption', 1, 'uint'],
    ['maximumQueueSize', 2, 'uint'],
    ['allocatedQueueSize', 2, 'uint', 'RW'],
    ['discardBlockCounterResetInterval', 2, 'uint', 'RW'],
    ['thresholdValueForDiscardedBlocksDueToBufferOverflow', 2, 'uint', 'RW'],
    ['relatedPort', 4, 'uint', 'RW'],
    ['trafficSchedulerPointer', 2, 'uint', 'RW'],
    ['weight', 1, 'uint', 'RW'],
    ['backPressureOperation', 2, 'uint', 'RW'],
    ['backPressureTime', 4, 'uint', 'RW'],
    ['backPressureOccurQueueThreshold', 2, 'uint', 'RW'],
    ['backPressureClearQueueThreshold', 2, 'uint', 'RW'],
    ['packetDropQueueThresholds', 8, 'bytes', 'RW'],
    ['packetDropMaxP', 2, 'uint', 'RW'],
    ['queueDropWQ', 1, 'uint', 'RW'],
    ['dropPrecedenceColourMarking', 1, 'uint', 'RW'],
  ],
  { 0: 'Block loss' },
);

/** §9.2.11 Traffic scheduler. */
export const TRAFFIC_SCHEDULER = me(278, 'Traffic scheduler', '9.2.11', 'onu', [
  ['tcontPointer', 2, 'uint', 'RW'],
  ['trafficSchedulerPointer', 2, 'uint'],
  ['policy', 1, 'uint', 'RW'],
  ['priorityWeight', 1, 'uint', 'RW'],
]);

/**
 * Equipment management MEs (G.988 §9.1) and the ONU-wide ones of §9.12: ONU data, ONU-G, ONU2-G,
 * cardholder, circuit pack, software image, OLT-G, UNI-G, OMCI. Attribute numbers, sizes and access
 * as G.988 gives them (checked against opencord/omci-lib-go's generated definitions).
 */
import { me } from './define.ts';

/** §9.1.3 ONU data: the MIB as a whole; MIB reset/upload and Get all alarms address it (ME id 0). */
export const ONU_DATA = me(2, 'ONU data', '9.1.3', 'onu', [['mibDataSync', 1, 'uint', 'RW']]);

/** §9.1.5 Cardholder: ME id = 0x01 (integrated ONU) | slot. */
export const CARDHOLDER = me(
  5,
  'Cardholder',
  '9.1.5',
  'onu',
  [
    ['actualPlugInUnitType', 1, 'uint'],
    ['expectedPlugInUnitType', 1, 'uint', 'RW'],
    ['expectedPortCount', 1, 'uint', 'RW'],
    ['expectedEquipmentId', 20, 'string', 'RW'],
    ['actualEquipmentId', 20, 'string'],
    ['protectionProfilePointer', 1, 'uint'],
    ['invokeProtectionSwitch', 1, 'uint', 'RW'],
    ['alarmReportingControl', 1, 'uint', 'RW'],
    ['arcInterval', 1, 'uint', 'RW'],
  ],
  {
    0: 'Plug-in circuit pack missing',
    1: 'Plug-in type mismatch alarm',
    2: 'Improper card removal',
    3: 'Plug-in equipment ID mismatch alarm',
    4: 'Protection switch',
  },
);

/** §9.1.6 Circuit pack: ME id = its cardholder's. */
export const CIRCUIT_PACK = me(
  6,
  'Circuit pack',
  '9.1.6',
  'onu',
  [
    ['type', 1, 'uint', 'RC'],
    ['numberOfPorts', 1, 'uint'],
    ['serialNumber', 8, 'bytes'],
    ['version', 14, 'string'],
    ['vendorId', 4, 'string'],
    ['administrativeState', 1, 'uint', 'RW'],
    ['operationalState', 1, 'uint'],
    ['bridgedOrIpInd', 1, 'uint', 'RW'],
    ['equipmentId', 20, 'string'],
    ['cardConfiguration', 1, 'uint', 'RWC'],
    ['totalTcontBufferNumber', 1, 'uint'],
    ['totalPriorityQueueNumber', 1, 'uint'],
    ['totalTrafficSchedulerNumber', 1, 'uint'],
    ['powerShedOverride', 4, 'uint', 'RW'],
  ],
  {
    0: 'Equipment alarm',
    1: 'Powering alarm',
    2: 'Self-test failure',
    3: 'Laser end of life',
    4: 'Temperature yellow',
    5: 'Temperature red',
  },
);

/** §9.1.4 Software image: ME id high byte 0 = ONU-G hosted, else the circuit pack's slot; low byte = image 0/1. */
export const SOFTWARE_IMAGE = me(7, 'Software image', '9.1.4', 'onu', [
  ['version', 14, 'string'],
  ['isCommitted', 1, 'uint'],
  ['isActive', 1, 'uint'],
  ['isValid', 1, 'uint'],
  ['productCode', 25, 'string'],
  ['imageHash', 16, 'bytes'],
]);

/** §9.12.2 OLT-G: ONU-created, written by the OLT. */
export const OLT_G = me(131, 'OLT-G', '9.12.2', 'onu', [
  ['oltVendorId', 4, 'string', 'RW'],
  ['equipmentId', 20, 'string', 'RW'],
  ['version', 14, 'string', 'RW'],
  ['timeOfDayInformation', 14, 'bytes', 'RW'],
]);

/** §9.1.1 ONU-G. Alarm 7 is dying gasp. Operational state: 0 enabled, 1 disabled. */
export const ONU_G = me(
  256,
  'ONU-G',
  '9.1.1',
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

/** §9.1.2 ONU2-G. Attribute 2, OMCC version, tells which message sets the ONU speaks (omcc-version.ts). */
export const ONU2_G = me(257, 'ONU2-G', '9.1.2', 'onu', [
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

/** §9.12.1 UNI-G: ME id = the PPTP it augments. */
export const UNI_G = me(264, 'UNI-G', '9.12.1', 'onu', [
  ['deprecated', 2, 'uint', 'RW'],
  ['administrativeState', 1, 'uint', 'RW'],
  ['managementCapability', 1, 'uint'],
  ['nonOmciManagementIdentifier', 2, 'uint', 'RW'],
  ['relayAgentOptions', 2, 'uint', 'RW'],
]);

/** §9.12.8 OMCI: the ME classes (2-byte rows) and message types (1-byte rows) the ONU supports. */
export const OMCI_ME = me(287, 'OMCI', '9.12.8', 'onu', [
  ['meTypeTable', 2, 'table'],
  ['messageTypeTable', 1, 'table'],
]);

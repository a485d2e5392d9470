/** Public surface of the simulated lab (design §3, issue 4). */
export {
  Lab,
  DEFAULT_PROFILES,
  DEFAULT_CREDENTIALS,
  DEFAULT_SNMP_V3_USER,
  type LabOptions,
  type LabOlt,
  type LabProgress,
  type LabCredentials,
} from './lab.ts';
export {
  applyFault,
  isFaultKind,
  FaultError,
  type FaultRequest,
  type FaultResult,
  type ActiveFault,
  type FaultTarget,
} from './faults.ts';
export {
  registerProtocol,
  protocolFactory,
  loadDefaultProtocols,
  type HandlerFactory,
  type ProtocolContext,
  type ProtocolName,
} from './protocols.ts';
export type { LabInventory, LabInventoryOlt, LabInventoryPon, LabInventoryOnt } from './inventory.ts';
export { startControlServer, type ControlServer } from './control.ts';
export { progressPrinter, renderProgress, LARGE_LAB_ONTS, type ProgressOutput } from './progress.ts';

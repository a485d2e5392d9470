/** Provisioning's public surface (design §1: intent → device plan → diff → apply → verify). */
export {
  ProvisioningService,
  type ProvisioningOptions,
  type ProvisioningDeps,
  type ProvisioningLogger,
  type OrderOutcome,
  type PlanView,
  type ConvergeResult,
  type OltView,
} from './provisioning-service.ts';
export { ProvisioningWorker, type ProvisioningWorkerOptions } from './worker.ts';
export { DevicePool, type DriverMaker } from './device-pool.ts';
export { LocalOltLocks, PgOltLocks, OltLockTimeoutError, type OltLocks } from './olt-locks.ts';
export { LabFieldWork, awaitingFieldWork, type FieldWorkStandIn } from './field-work.ts';
export { registerLabOlts, LAB_CREDENTIALS_REF, type LabInventoryLike } from '../../main/lab-olts.ts';
export {
  PROVISIONED_CATEGORIES,
  planOrder,
  type OrderPlan,
  type OnuTarget,
  type FieldWorkRecord,
} from './order-plan.ts';
export { managedState } from './managed-state.ts';
export { recordFieldWork, type FieldWorkInput } from './field-work-record.ts';

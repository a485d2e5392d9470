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
export { DevicePool } from './device-pool.ts';
export { awaitingFieldWork } from './field-work.ts';
export {
  PROVISIONED_CATEGORIES,
  planOrder,
  type OrderPlan,
  type OnuTarget,
  type FieldWorkRecord,
  type PlanDevices,
} from './order-plan.ts';
export { managedState } from './managed-state.ts';
export { recordFieldWork, type FieldWorkInput } from './field-work-record.ts';

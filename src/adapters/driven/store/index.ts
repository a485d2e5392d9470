/** Public surface of the store adapter (design §8). */
export { openStore, bindStore, type Store, type OpenStoreOptions } from './store.ts';
export type { Db, Dialect, SqlValue } from './db.ts';
export { UniqueViolation } from './db.ts';
export { migrate, loadMigrations } from './migrate.ts';
export { REPOSITORIES, type Repositories } from './repositories/index.ts';
export type { SpRecord } from './repositories/sps.ts';
export type { ApiKeyRecord, KeyRole } from './repositories/keys.ts';
export {
  addressKey,
  type CoverageRecord,
  type Technology,
  type AddressParts,
} from './repositories/coverage.ts';
export { LIVE_ACCESS_STATES, type AccessRecord, type AccessPatch } from './repositories/accesses.ts';
export type { StockRecord, StockState } from './repositories/stock.ts';
export {
  OPEN_ORDER_STATES,
  type OrderRecord,
  type OrderPatch,
  type OrderQuery,
} from './repositories/orders.ts';
export type { OrderEventRecord } from './repositories/order-events.ts';
export type { IdempotencyRecord } from './repositories/idempotency.ts';
export type {
  WebhookEndpointRecord,
  WebhookEventRecord,
  WebhookDeliveryRecord,
  DueDelivery,
  DeliveryState,
} from './repositories/webhooks.ts';
export type { SlPeriodRecord, BillingSpanRecord, UnbilledKind } from './repositories/billing.ts';
export type { OntReturnRecord, OntReturnReason, OntReturnState } from './repositories/ont-returns.ts';

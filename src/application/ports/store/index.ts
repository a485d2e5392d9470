/**
 * The Store port (design §8): everything the application keeps, as one set of repositories plus
 * `transaction`. The application owns this interface and the record types; the SQL adapter
 * (adapters/driven/store: SQLite by default, PostgreSQL for several instances) implements it, and
 * one contract suite (test/integration/store-contract.ts) holds both dialects to it.
 */
import type { AccessRepository } from './accesses.ts';
import type { AlarmRepository } from './alarms.ts';
import type { BillingRepository } from './billing.ts';
import type { InstanceRepository, OltLeaseRepository, TrapRelayRepository } from './cluster.ts';
import type { CoverageRepository } from './coverage.ts';
import type { FaultTicketRepository } from './fault-tickets.ts';
import type { IdempotencyRepository } from './idempotency.ts';
import type { IncidentRepository } from './incidents.ts';
import type { KeyRepository } from './keys.ts';
import type { OltRepository } from './olts.ts';
import type { SealedSecretRepository } from './sealed-secrets.ts';
import type { OntMonitoringRepository } from './ont-monitoring.ts';
import type { OntReturnRepository } from './ont-returns.ts';
import type { OrderEventRepository } from './order-events.ts';
import type { OrderRepository } from './orders.ts';
import type { PlannedWorksRepository } from './planned-works.ts';
import type { ProvisioningRepository } from './provisioning.ts';
import type { SequenceRepository } from './sequences.ts';
import type { SlaAccessRepository } from './sla-accesses.ts';
import type { SnapshotRepository } from './snapshots.ts';
import type { SpRepository } from './sps.ts';
import type { StockRepository } from './stock.ts';
import type { WebhookRepository } from './webhooks.ts';

/** The repositories, one a concept; `store.<name>` on every implementation. */
export interface Repositories {
  readonly sps: SpRepository;
  readonly keys: KeyRepository;
  readonly coverage: CoverageRepository;
  readonly accesses: AccessRepository;
  readonly stock: StockRepository;
  readonly orders: OrderRepository;
  readonly orderEvents: OrderEventRepository;
  readonly idempotency: IdempotencyRepository;
  readonly sequences: SequenceRepository;
  // issue 8: port unblocking, webhooks outbox, SL/billing, ONT returns
  readonly snapshots: SnapshotRepository;
  readonly webhooks: WebhookRepository;
  readonly billing: BillingRepository;
  readonly ontReturns: OntReturnRepository;
  // issue 6: monitoring
  readonly alarms: AlarmRepository;
  readonly incidents: IncidentRepository;
  readonly onts: OntMonitoringRepository;
  // issue 5: provisioning (OLT registry, SP VLANs, device-write log)
  readonly olts: OltRepository;
  /** Every sealed value of the store, for `ponctl secrets rotate` (issue 14 item 3). */
  readonly sealedSecrets: SealedSecretRepository;
  readonly provisioning: ProvisioningRepository;
  // issue 7: SLA (fault tickets with their repair clock, planned works, the accesses' fee basis)
  readonly faultTickets: FaultTicketRepository;
  readonly plannedWorks: PlannedWorksRepository;
  readonly slaAccesses: SlaAccessRepository;
  // issue 16: the cluster (instances registry, per-OLT monitoring leases, relayed notifications)
  readonly instances: InstanceRepository;
  readonly oltLeases: OltLeaseRepository;
  readonly relayedTraps: TrapRelayRepository;
}

export interface Store extends Repositories {
  /**
   * Runs `fn` in one transaction: it commits when `fn` resolves and rolls back when it throws. Inside
   * `fn` use only `tx` and do no other I/O (on SQLite the whole database waits). Nested calls join.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /** Answers when the store can serve a query (readiness, design §4 `GET /readyz`). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A row with the same unique key exists (an id, an idempotency key, an SP's VLAN), whatever the
 * dialect. Stable `code` so a caller can tell it from a failure of the store itself.
 */
export class UniqueViolation extends Error {
  readonly code = 'unique-violation' as const;
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'UniqueViolation';
  }
}

export type { AccessRecord, AccessPatch } from './accesses.ts';
export { LIVE_ACCESS_STATES } from './accesses.ts';
export type { AlarmQuery } from './alarms.ts';
export type {
  InstanceRecord,
  InstanceRepository,
  OltLeaseRecord,
  OltLeaseRepository,
  RelayedTrapRecord,
  TrapRelayRepository,
} from './cluster.ts';
export type { SlPeriodRecord, BillingSpanRecord, UnbilledKind } from './billing.ts';
export { addressKey, type CoverageRecord, type Technology, type AddressParts } from './coverage.ts';
export type { FaultTicketRecord, FaultTicketEventRecord, FaultTicketQuery } from './fault-tickets.ts';
export type { IdempotencyRecord } from './idempotency.ts';
export type { IncidentQuery } from './incidents.ts';
export type { ApiKeyRecord, KeyRole } from './keys.ts';
export type {
  OltRecord,
  OltPorts,
  DriftReport,
  OltRegistration,
  OltSecrets,
  OltSnmpSettings,
  OltPollSettings,
  OltHostKey,
} from './olts.ts';
export type { SealedValue, SealedSecretRepository } from './sealed-secrets.ts';
export type { OntStatusRecord, OpticalSample } from './ont-monitoring.ts';
export type { OntReturnRecord, OntReturnReason, OntReturnState } from './ont-returns.ts';
export type { OrderEventRecord } from './order-events.ts';
export {
  OPEN_ORDER_STATES,
  type FieldWorkRecord,
  type OrderDetail,
  type OrderDetailCommon,
  type OrderPatch,
  type OrderQuery,
  type OrderRecord,
  type ProvisioningAttempts,
  type TakenOverAccess,
} from './orders.ts';
export type { PlannedWorksRecord, PlannedWorksScope } from './planned-works.ts';
export {
  BACKOFF_OWNER,
  type ClaimOltOptions,
  type ProvisioningRun,
  type RunKind,
  type RunOutcome,
} from './provisioning.ts';
export type { SlaAccessRow, SlaAttributes } from './sla-accesses.ts';
export type { SnapshotState } from './snapshots.ts';
export type { SpRecord } from './sps.ts';
export type { StockRecord, StockState } from './stock.ts';
export type {
  WebhookEndpointRecord,
  WebhookEventRecord,
  WebhookDeliveryRecord,
  DueDelivery,
  DeliveryState,
  DeadLetterRecord,
} from './webhooks.ts';

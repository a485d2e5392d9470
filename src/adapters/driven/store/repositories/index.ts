/**
 * The repository registry: the ONE list of what the Store holds. To add a repository, write
 * `repositories/<concept>.ts` (a class taking a `Db`), add a migration `migrations/NNN_<concept>.sql`,
 * and add one line below; `Store` gains a typed `store.<name>` on both dialects.
 */
import type { Db } from '../db.ts';
import { AccessRepository } from './accesses.ts';
import { AlarmRepository } from './alarms.ts';
import { IncidentRepository } from './incidents.ts';
import { OntMonitoringRepository } from './ont-monitoring.ts';
import { CoverageRepository } from './coverage.ts';
import { IdempotencyRepository } from './idempotency.ts';
import { KeyRepository } from './keys.ts';
import { OrderEventRepository } from './order-events.ts';
import { OrderRepository } from './orders.ts';
import { OltRepository } from './olts.ts';
import { ProvisioningRepository } from './provisioning.ts';
import { SequenceRepository } from './sequences.ts';
import { SpRepository } from './sps.ts';
import { StockRepository } from './stock.ts';
import { SnapshotRepository } from './snapshots.ts';
import { WebhookRepository } from './webhooks.ts';
import { BillingRepository } from './billing.ts';
import { OntReturnRepository } from './ont-returns.ts';
import { FaultTicketRepository } from './fault-tickets.ts';
import { PlannedWorksRepository } from './planned-works.ts';
import { SlaAccessRepository } from './sla-accesses.ts';

export const REPOSITORIES = {
  sps: (db: Db) => new SpRepository(db),
  keys: (db: Db) => new KeyRepository(db),
  coverage: (db: Db) => new CoverageRepository(db),
  accesses: (db: Db) => new AccessRepository(db),
  stock: (db: Db) => new StockRepository(db),
  orders: (db: Db) => new OrderRepository(db),
  orderEvents: (db: Db) => new OrderEventRepository(db),
  idempotency: (db: Db) => new IdempotencyRepository(db),
  sequences: (db: Db) => new SequenceRepository(db),
  // issue 8: port unblocking, webhooks outbox, SL/billing, ONT returns
  snapshots: (db: Db) => new SnapshotRepository(db),
  webhooks: (db: Db) => new WebhookRepository(db),
  billing: (db: Db) => new BillingRepository(db),
  ontReturns: (db: Db) => new OntReturnRepository(db),
  alarms: (db: Db) => new AlarmRepository(db),
  incidents: (db: Db) => new IncidentRepository(db),
  onts: (db: Db) => new OntMonitoringRepository(db),
  // issue 5: provisioning (OLT registry, SP VLANs, device-write log)
  olts: (db: Db) => new OltRepository(db),
  provisioning: (db: Db) => new ProvisioningRepository(db),
  // issue 7: SLA (fault tickets with their repair clock, planned works, the accesses' fee basis)
  faultTickets: (db: Db) => new FaultTicketRepository(db),
  plannedWorks: (db: Db) => new PlannedWorksRepository(db),
  slaAccesses: (db: Db) => new SlaAccessRepository(db),
} as const;

export type Repositories = {
  readonly [K in keyof typeof REPOSITORIES]: ReturnType<(typeof REPOSITORIES)[K]>;
};

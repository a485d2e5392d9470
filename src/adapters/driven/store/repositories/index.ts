/**
 * The repository registry: the SQL implementation of each repository the Store port names. To add
 * a repository, declare it in application/ports/store/<concept>.ts (records + interface) and in the
 * port's `Repositories`, write `repositories/<concept>.ts` (a class taking a `Db`), add a migration
 * `migrations/NNN_<concept>.sql`, and add one line below.
 */
import type { Repositories } from '../../../../application/ports/store/index.ts';
import type { Db } from '../db.ts';
import { SqlAccessRepository } from './accesses.ts';
import { SqlAlarmRepository } from './alarms.ts';
import { SqlIncidentRepository } from './incidents.ts';
import { SqlOntMonitoringRepository } from './ont-monitoring.ts';
import { SqlCoverageRepository } from './coverage.ts';
import { SqlIdempotencyRepository } from './idempotency.ts';
import { SqlKeyRepository } from './keys.ts';
import { SqlOrderEventRepository } from './order-events.ts';
import { SqlOrderRepository } from './orders.ts';
import { SqlOltRepository } from './olts.ts';
import { SqlSealedSecretRepository } from './sealed-secrets.ts';
import { SqlProvisioningRepository } from './provisioning.ts';
import { SqlSequenceRepository } from './sequences.ts';
import { SqlSpRepository } from './sps.ts';
import { SqlStockRepository } from './stock.ts';
import { SqlSnapshotRepository } from './snapshots.ts';
import { SqlWebhookRepository } from './webhooks.ts';
import { SqlBillingRepository } from './billing.ts';
import { SqlOntReturnRepository } from './ont-returns.ts';
import { SqlFaultTicketRepository } from './fault-tickets.ts';
import { SqlPlannedWorksRepository } from './planned-works.ts';
import { SqlSlaAccessRepository } from './sla-accesses.ts';
import { SqlInstanceRepository } from './instances.ts';
import { SqlOltLeaseRepository } from './olt-leases.ts';
import { SqlTrapRelayRepository } from './relayed-traps.ts';

export const REPOSITORIES = {
  sps: (db: Db) => new SqlSpRepository(db),
  keys: (db: Db) => new SqlKeyRepository(db),
  coverage: (db: Db) => new SqlCoverageRepository(db),
  accesses: (db: Db) => new SqlAccessRepository(db),
  stock: (db: Db) => new SqlStockRepository(db),
  orders: (db: Db) => new SqlOrderRepository(db),
  orderEvents: (db: Db) => new SqlOrderEventRepository(db),
  idempotency: (db: Db) => new SqlIdempotencyRepository(db),
  sequences: (db: Db) => new SqlSequenceRepository(db),
  // issue 8: port unblocking, webhooks outbox, SL/billing, ONT returns
  snapshots: (db: Db) => new SqlSnapshotRepository(db),
  webhooks: (db: Db) => new SqlWebhookRepository(db),
  billing: (db: Db) => new SqlBillingRepository(db),
  ontReturns: (db: Db) => new SqlOntReturnRepository(db),
  alarms: (db: Db) => new SqlAlarmRepository(db),
  incidents: (db: Db) => new SqlIncidentRepository(db),
  onts: (db: Db) => new SqlOntMonitoringRepository(db),
  // issue 5: provisioning (OLT registry, SP VLANs, device-write log)
  olts: (db: Db) => new SqlOltRepository(db),
  sealedSecrets: (db: Db) => new SqlSealedSecretRepository(db),
  provisioning: (db: Db) => new SqlProvisioningRepository(db),
  // issue 7: SLA (fault tickets with their repair clock, planned works, the accesses' fee basis)
  faultTickets: (db: Db) => new SqlFaultTicketRepository(db),
  plannedWorks: (db: Db) => new SqlPlannedWorksRepository(db),
  slaAccesses: (db: Db) => new SqlSlaAccessRepository(db),
  // issue 16: the cluster (instances registry, per-OLT monitoring leases, relayed notifications)
  instances: (db: Db) => new SqlInstanceRepository(db),
  oltLeases: (db: Db) => new SqlOltLeaseRepository(db),
  relayedTraps: (db: Db) => new SqlTrapRelayRepository(db),
} as const satisfies { [K in keyof Repositories]: (db: Db) => Repositories[K] };

/**
 * The application as the driving adapters see it (design §1): one service a concept. The API's
 * routes, the NOC's event stream and tests call these; src/main builds them from the ports.
 */
import type { KeyVerifier } from './access/api-keys.ts';
import type { ClusterService } from './cluster/cluster-service.ts';
import type { LifecycleService } from './lifecycle/lifecycle-service.ts';
import type { MonitoringService } from './monitoring/monitoring-service.ts';
import type { OltService } from './olts/olt-service.ts';
import type { OntDirectory } from './noc/ont-directory.ts';
import type { WebhookService } from './notifications/webhook-service.ts';
import type { OrderService } from './orders/order-service.ts';
import type { ReportService } from './orders/reports.ts';
import type { ProvisioningService } from './provisioning/provisioning-service.ts';
import type { FaultService } from './sla/fault-tickets.ts';
import type { PlannedWorksService } from './sla/planned-works.ts';
import type { SlaReportService } from './sla/sla-reports.ts';
import type { StockService } from './stock/stock-service.ts';
import type { UnblockingService } from './unblocking/unblocking-service.ts';

export interface ApplicationServices {
  /** Who is calling: an API key → its principal (design §4). */
  keys: KeyVerifier;
  /** Intake, reads, storno, the scheduler's tick (spec §3). */
  orders: OrderService;
  /** Coverage, availability, subscriber reports (spec §8). */
  reports: ReportService;
  /** Due orders → verified OLT configuration; plan, apply, reconcile (issue 5). */
  provisioning: ProvisioningService;
  /** The OLT registry, host-key trust, unconfigured ONUs (issue 14). */
  olts: OltService;
  /** Pollers, traps, alarms, incidents; `monitoring.events` is the dashboard's bus (issue 6). */
  monitoring: MonitoringService;
  /** SLA credits and statements (spec §5, §6). */
  sla: SlaReportService;
  /** Fault tickets with their repair clock (spec §4). */
  faults: FaultService;
  /** Announced planned works (spec §5). */
  plannedWorks: PlannedWorksService;
  /** Webhook endpoints of SPs (design §4). */
  webhooks: WebhookService;
  /** An SP's ONT stock (spec §7). */
  stock: StockService;
  /** Forced orders, disputes, snapshot release (spec port unblocking). */
  unblocking: UnblockingService;
  /** Temporary-disconnection expiry, ONT returns, billing days (spec §3, §7). */
  lifecycle: LifecycleService;
  /** The instances sharing the store and the OLTs each one monitors (design §8, issue 16). */
  cluster: ClusterService;
  /** The NOC's ONT search, inventory drill-down and ONT customer context (issue 15). */
  onts: OntDirectory;
}

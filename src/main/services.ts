/**
 * The application built from its ports (design §1): every use-case service and the background jobs
 * that drive them. Nothing here opens a socket or reads configuration files: controller.ts chooses
 * the adapters and hands them in, tests may hand in others.
 */
import type { SecretBox } from '../application/ports/secret-box.ts';
import type { OltProbe } from '../application/ports/olt-probe.ts';
import type { Registry } from 'prom-client';
import { KeyVerifier } from '../application/access/api-keys.ts';
import { Membership } from '../application/cluster/membership.ts';
import { ClusterMetrics } from '../application/cluster/cluster-metrics.ts';
import { ClusterService } from '../application/cluster/cluster-service.ts';
import { OltOwnership } from '../application/cluster/olt-ownership.ts';
import { LifecycleService } from '../application/lifecycle/lifecycle-service.ts';
import { isForcedActivation } from '../application/lifecycle/order-hooks.ts';
import {
  MonitoringEvents,
  MonitoringService,
  type MonitoringOptions,
  type MonitoringStore,
} from '../application/monitoring/index.ts';
import { OntDirectory } from '../application/noc/ont-directory.ts';
import { WebhookDeliveryWorker } from '../application/notifications/delivery-worker.ts';
import { StockService } from '../application/stock/stock-service.ts';
import { enqueueRejectionNotices } from '../application/notifications/rejection-notices.ts';
import { WebhookService } from '../application/notifications/webhook-service.ts';
import { profileCapabilities } from '../application/orders/capabilities.ts';
import { OrderBus } from '../application/orders/order-bus.ts';
import { OrderService, type OrderOutcomeCounter } from '../application/orders/order-service.ts';
import { ReportService } from '../application/orders/reports.ts';
import { Ticker } from '../application/orders/scheduler.ts';
import type { Clock } from '../application/ports/clock.ts';
import type { DeviceCatalogue } from '../application/ports/device-catalogue.ts';
import type { FieldWorkStandIn } from '../application/ports/field-work.ts';
import type { OltDriverFactory } from '../application/ports/olt-driver/olt-driver.ts';
import type { OltLocks } from '../application/ports/olt-locks.ts';
import type { Scheduler } from '../application/ports/scheduler.ts';
import type { OrderRecord, Store } from '../application/ports/store/index.ts';
import type { Telemetry } from '../application/ports/telemetry.ts';
import type { WebhookSender, WebhookTargetPolicy } from '../application/ports/webhook-sender.ts';
import {
  DevicePool,
  ProvisioningService,
  ProvisioningWorker,
  type ProvisioningOptions,
} from '../application/provisioning/index.ts';
import { onuTypeOf } from '../application/provisioning/order-plan.ts';
import { OltService } from '../application/olts/olt-service.ts';
import type { ApplicationServices } from '../application/services.ts';
import { FaultService } from '../application/sla/fault-tickets.ts';
import { PlannedWorksService } from '../application/sla/planned-works.ts';
import { SlaReportService } from '../application/sla/sla-reports.ts';
import { desiredFromIntent } from '../application/unblocking/desired-port.ts';
import {
  DriverPortConfigurator,
  type PortConfigurator,
} from '../application/unblocking/port-configurator.ts';
import { UnblockingService } from '../application/unblocking/unblocking-service.ts';
import { DEFAULT_RETRY_POLICY } from '../domain/notifications/webhooks.ts';
import type { Config } from './config.ts';

/** A background activity of the controller (scheduler, pollers, webhook delivery, …). */
export interface Worker {
  name: string;
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

export interface ErrorLog {
  error(o: object, msg: string): void;
  warn?(o: object, msg: string): void;
  info?(o: object, msg: string): void;
}

/** Every port the application needs, with the adapters controller.ts chose. */
export interface ApplicationPorts {
  config: Config;
  store: Store;
  clock: Clock;
  scheduler: Scheduler;
  devices: DeviceCatalogue;
  drivers: OltDriverFactory;
  locks: OltLocks;
  telemetry: Telemetry;
  webhookSender: WebhookSender;
  /** Seals secrets at rest (issue 14 item 3): webhook signing secrets, OLT credentials. */
  secrets: SecretBox;
  /** Registration's URL check (issue 17 item 3); absent: every http(s) URL is accepted. */
  webhookTargets?: WebhookTargetPolicy;
  /** `ponctl olt test` / `--detect` (issue 14 item 1). */
  probe?: OltProbe;
  /** The lab's field-work stand-in (design §3); absent against real networks. */
  fieldWork?: FieldWorkStandIn;
  /** OLT name → device profile name (the lab inventory or the OLT registry). */
  oltProfiles: ReadonlyMap<string, string>;
  /** How this instance announces itself in the cluster registry (issue 16). */
  instance: { host: string; version: string };
}

export interface ServiceOptions {
  provisioning?: Partial<ProvisioningOptions>;
  monitoring?: Partial<Omit<MonitoringOptions, 'clock' | 'scheduler' | 'telemetry' | 'devices' | 'store'>>;
  /** The device seam of forced orders and disputes (default: drivers from the device pool). */
  portConfigurator?: PortConfigurator;
  registry?: Registry;
  orderOutcomes?: OrderOutcomeCounter;
}

export interface BuiltApplication {
  services: ApplicationServices;
  /** Who shares the store and is alive (issue 16): order and OLT leases build on it. */
  membership: Membership;
  /** The OLTs whose monitoring this instance holds (per-OLT leases, design §8). */
  ownership: OltOwnership;
  bus: OrderBus;
  pool: DevicePool;
  /** The background jobs, given where their errors go; started after the API listens. */
  workers(log: ErrorLog, o: { driftCheckMs: number }): Worker[];
  /** Stops listening to the order bus (the rejection notices). */
  unlisten(): void;
}

/** The monitoring service over the given ports (a bus of its own unless one is given). */
export function buildMonitoring(
  p: Pick<ApplicationPorts, 'clock' | 'scheduler' | 'telemetry' | 'devices'> & { store?: MonitoringStore },
  o: Partial<Omit<MonitoringOptions, 'clock' | 'scheduler' | 'telemetry' | 'devices' | 'store'>> = {},
): MonitoringService {
  return new MonitoringService({
    ...o,
    targets: o.targets ?? [],
    // a bus per service: several controllers in one process (tests) must not see each other's events
    events: o.events ?? new MonitoringEvents(),
    clock: p.clock,
    scheduler: p.scheduler,
    telemetry: p.telemetry,
    devices: p.devices,
    store: p.store,
  });
}

export function buildApplication(p: ApplicationPorts, o: ServiceOptions = {}): BuiltApplication {
  const { config, store, clock } = p;
  const errors: { log?: ErrorLog } = {};
  const membership = new Membership({
    instances: store.instances,
    scheduler: p.scheduler,
    id: config.instanceId,
    host: p.instance.host,
    version: p.instance.version,
    leaseMs: config.cluster.leaseMs,
    onError: (e, where) => errors.log?.error({ err: e }, `${where} failed`),
  });
  const bus = new OrderBus();
  const pool = new DevicePool(store, p.drivers);
  const provisioning = new ProvisioningService(
    { store, clock, bus, pool, locks: p.locks, devices: p.devices, fieldWork: p.fieldWork },
    {
      instanceId: config.instanceId,
      oltConcurrency: config.oltConcurrency,
      leaseMs: config.cluster.leaseMs,
      ...o.provisioning,
    },
  );
  // crash recovery (issue 17 item 6, application/provisioning/crash-recovery.ts): order leases live
  // with the registration the heartbeat keeps, abandoned runs swept; a dead instance's work freed at
  // once — registered before the membership starts, so a restart with the same id recovers its own
  // previous incarnation
  const worker: { kick?: () => void } = {};
  membership.onBeat(async () => {
    if (membership.registered) await provisioning.leases.sweep(membership.live().map((i) => i.id));
  });
  membership.onDead(async (dead) => {
    const r = await provisioning.leases.recoverFrom(dead.id);
    if (r.orders || r.runs) worker.kick?.();
    // its webhook deliveries in flight too: sent again now, not after their 30 s lease
    await store.webhooks.releaseLeasesOf(dead.id);
  });
  const configurator =
    o.portConfigurator ??
    new DriverPortConfigurator({
      driverFor: (olt) => pool.driver(olt),
      withOlt: (olt, fn) => p.locks.withOlt(olt, fn),
    });
  const unblocking = new UnblockingService({
    store,
    clock,
    configurator,
    desired: desiredFromIntent(store, onuTypeOf(p.devices)),
    disputeWindowDays: config.disputeWindowDays,
    instanceId: config.instanceId,
    // a forced order's start, completion or failure: on the bus like every order change (GET /v1/events)
    bus,
  });
  const lifecycle = new LifecycleService({ store, clock, configurator, unblocking });
  // the SBSN order follows its ticket: its changes go on the bus like the order service's (GET /v1/events)
  const faults = new FaultService({ store, clock, bus });
  // design §8: every instance monitors the OLTs whose leases it holds; notifications for the others
  // are relayed through the store to their owners
  const monitoring = buildMonitoring(
    { ...p, store },
    {
      pollMs: config.poll.snmpMs,
      watchAll: false,
      relay: { instanceId: config.instanceId, traps: store.relayedTraps },
      ...o.monitoring,
      registry: o.registry,
    },
  );
  const ownership = new OltOwnership(
    {
      membership,
      leases: store.oltLeases,
      olts: () => monitoring.watched(),
      onError: (e, where) => errors.log?.error({ err: e }, `${where} failed`),
    },
    { gained: (olt) => monitoring.startWatching(olt), lost: (olt) => monitoring.stopWatching(olt) },
  );
  const services: ApplicationServices = {
    keys: new KeyVerifier(store),
    orders: new OrderService({
      store,
      clock,
      bus,
      caps: profileCapabilities(() => p.oltProfiles, p.devices),
      outcomes: o.orderOutcomes,
      maxOpenOrders: (sp) => config.fairness.maxOpenOrdersBySp[sp] ?? config.fairness.maxOpenOrdersPerSp,
    }),
    reports: new ReportService(store),
    provisioning,
    olts: new OltService({
      store,
      clock,
      devices: p.devices,
      secrets: p.secrets,
      probe: p.probe,
      driver: (olt) => pool.driver(olt),
      withOlt: (olt, fn) => p.locks.withOlt(olt, fn),
      dropSession: (olt) => pool.drop(olt),
      alarm: (olt, type, s) => monitoring.oltAlarm(olt, type, s),
      watch: (t) => monitoring.watch(t),
      unwatch: (name) => monitoring.unwatch(name),
    }),
    monitoring,
    sla: new SlaReportService({ store }),
    faults,
    plannedWorks: new PlannedWorksService({ store, clock }),
    stock: new StockService(store),
    webhooks: new WebhookService(store, clock, p.secrets, {
      targets: p.webhookTargets,
      maxEndpointsPerSp: config.webhooks.maxEndpointsPerSp,
    }),
    unblocking,
    lifecycle,
    cluster: new ClusterService({ store, membership, watched: () => monitoring.watched() }),
    onts: new OntDirectory(store, monitoring),
  };
  if (o.registry)
    new ClusterMetrics(o.registry, {
      instance: () => membership.self.id,
      version: p.instance.version,
      live: () => membership.live().length,
      owned: () => ownership.owned().length,
    });
  const unlistenRejections = enqueueRejectionNotices(bus, store);

  return {
    services,
    membership,
    ownership,
    bus,
    pool,
    unlisten() {
      unlistenRejections();
    },
    workers: (log, w) => {
      errors.log = log;
      const list: Worker[] = [
        // first to start, last to stop: every lease holder stops (and releases) before the instance leaves
        { name: 'cluster', start: () => membership.start(), stop: () => membership.stop() },
        ...backgroundWorkers(p, services, bus, pool, log, w.driftCheckMs, worker),
        reachabilityLog(monitoring, log),
      ];
      // after provisioning, as before: the OLTs this instance's leases give it, watched until stop
      list.splice(3, 0, {
        name: 'monitoring',
        start: async () => {
          await monitoring.start();
          await ownership.start();
        },
        stop: async () => {
          await ownership.stop();
          await monitoring.stop();
        },
      });
      return list;
    },
  };
}

function backgroundWorkers(
  p: ApplicationPorts,
  s: ApplicationServices,
  bus: OrderBus,
  pool: DevicePool,
  log: ErrorLog,
  driftCheckMs: number,
  hooks: { kick?: () => void },
): Worker[] {
  const { config, scheduler } = p;
  const every = config.poll.schedulerMs;
  const ticker = (name: string, fn: () => Promise<unknown>, ms: number, failed: string): Worker => {
    const t = new Ticker(scheduler, fn, ms, (e) => log.error({ err: e }, failed));
    return {
      name,
      start: () => {
        t.start();
        void t.runOnce();
      },
      stop: () => t.stop(),
    };
  };
  const provisioning = new ProvisioningWorker(s.provisioning, bus, scheduler, {
    pollMs: every,
    // idle: looks for work other instances left at the heartbeat's pace (L/4), not every tick
    idlePollMs: Math.max(every, config.cluster.leaseMs / 4),
    driftCheckMs,
    onError: (e) => log.error({ err: e }, 'provisioning pass failed'),
  });
  hooks.kick = () => provisioning.kick();
  const delivery = new WebhookDeliveryWorker({
    store: p.store,
    sender: p.webhookSender,
    secrets: p.secrets,
    scheduler,
    owner: config.instanceId,
    timeoutMs: config.webhooks.timeoutMs,
    retry: {
      ...DEFAULT_RETRY_POLICY,
      baseMs: config.webhooks.retryBaseMs,
      maxAttempts: config.webhooks.maxAttempts,
    },
    pollMs: Math.min(500, every),
    onError: (e) => log.error({ err: e }, 'webhook delivery pass failed'),
    // the network's own words stay in the operator's log; the SP sees the category
    onFailure: (f) => log.warn?.(f, 'webhook delivery failed'),
  });
  const forced = new Ticker(
    scheduler,
    () => s.unblocking.processForcedOrders(),
    every,
    (e) => log.error({ err: e }, 'forced orders pass failed'),
  );
  // only a forced activation has anything for this pass (the interval catches any missed): a flood
  // of other due orders (fault tickets) does not become a claim write per order (docs/fairness.md)
  const onDue = (o: OrderRecord) => {
    if (isForcedActivation(o)) void forced.runOnce();
  };
  return [
    ticker('order-scheduler', () => s.orders.tick(), every, 'scheduler tick failed'),
    {
      name: 'provisioning',
      start: () => provisioning.start(),
      stop: async () => {
        await provisioning.stop();
        await pool.closeAll();
        await p.locks.close();
      },
    },
    { name: 'webhook-delivery', start: () => delivery.start(), stop: () => delivery.stop() },
    {
      name: 'forced-orders',
      start: () => {
        bus.on('due', onDue);
        forced.start();
        void forced.runOnce();
      },
      stop: async () => {
        bus.off('due', onDue);
        await forced.stop();
      },
    },
    ticker('lifecycle', () => s.lifecycle.tick(), Math.max(every, 1000), 'lifecycle tick failed'),
  ];
}

/**
 * An OLT that cannot be read is logged at warn (issue 15 item 1: 90 s of SNMP timeouts used to log
 * nothing at the default level) — once when its `olt-unreachable` alarm is raised or changes
 * severity, at info when it answers again; the alarm itself is the NOC's.
 */
export function reachabilityLog(monitoring: MonitoringService, log: ErrorLog): Worker {
  let unsubscribe = (): void => undefined;
  return {
    name: 'reachability-log',
    start: () => {
      unsubscribe = monitoring.events.subscribe((e) => {
        if (e.type !== 'alarm' || e.alarm.type !== 'olt-unreachable') return;
        const o = { olt: e.alarm.olt, severity: e.alarm.severity, alarm: e.alarm.id };
        if (e.action === 'raised' || e.action === 'changed')
          log.warn?.(o, `OLT unreachable: ${e.alarm.text}`);
        else if (e.action === 'cleared') log.info?.(o, 'OLT answers again');
      });
    },
    stop: async () => unsubscribe(),
  };
}

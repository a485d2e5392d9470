/**
 * The composition root: builds the store, the clock, the services and the API, and runs the
 * background workers. It owns nothing but wiring (style.md: "a handler owns nothing but wiring").
 *
 * To plug a service in: construct it in `createController` (it gets store, clock, config, bus…),
 * add it to `ControllerServices` (routes reach it as `ctx.services.<name>`), and if it runs in the
 * background, push a `Worker` onto `workers` — started after the API listens, stopped in reverse
 * order on close.
 */
import type { Config } from './config.ts';
import { buildApi } from '../adapters/driving/api/server.ts';
import type { ApiApp } from '../adapters/driving/api/context.ts';
import { ApiMetrics } from '../adapters/driving/api/metrics.ts';
import { openStore } from '../adapters/driven/store/index.ts';
import type { Store } from '../application/ports/store/index.ts';
import { clockFrom, type Clock } from '../application/ports/clock.ts';
import { profileCapabilities } from '../application/orders/capabilities.ts';
import { OrderBus } from '../application/orders/order-bus.ts';
import { OrderService } from '../application/orders/order-service.ts';
import { ReportService } from '../application/orders/reports.ts';
import { Ticker } from '../application/orders/scheduler.ts';
import { CredentialVault } from '../adapters/driven/olt/registry.ts';
import {
  DevicePool,
  LocalOltLocks,
  PgOltLocks,
  ProvisioningService,
  ProvisioningWorker,
  type FieldWorkStandIn,
  type ProvisioningOptions,
} from '../application/provisioning/index.ts';
import { wireLifecycle, type LifecycleServices } from './lifecycle-wiring.ts';
import {
  DriverPortConfigurator,
  type PortConfigurator,
} from '../application/unblocking/port-configurator.ts';
import {
  MonitoringEvents,
  MonitoringService,
  type MonitoringOptions,
  type OltTarget,
} from '../application/monitoring/index.ts';
import { wireSla, type SlaServices } from './sla-wiring.ts';
import { PgLeaderLease } from '../adapters/driven/locks/pg-leader-lease.ts';

/** Issue 8: `webhooks`, `unblocking` (forced orders, disputes), `lifecycle` (SL expiry, ONT returns, billing days). */
export interface ControllerServices extends LifecycleServices, SlaServices {
  orders: OrderService;
  reports: ReportService;
  provisioning: ProvisioningService;
  /** Issue 6: pollers, traps, alarms, incidents; `monitoring.events` is the dashboard's bus. */
  monitoring: MonitoringService;
}

/** A background activity of the controller (scheduler, pollers, webhook delivery, …). */
export interface Worker {
  name: string;
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

export interface Controller {
  readonly config: Config;
  readonly clock: Clock;
  readonly store: Store;
  readonly services: ControllerServices;
  readonly bus: OrderBus;
  readonly metrics: ApiMetrics;
  readonly app: ApiApp;
  readonly workers: Worker[];
  /** OLT name → device profile name (from the lab inventory or the OLT registry). */
  readonly oltProfiles: Map<string, string>;
  /** OLT credentials by reference (provisioning's drivers; never logged). */
  readonly vault: CredentialVault;
  readonly provisioningWorker: ProvisioningWorker;
  /** Listens on config.listen (port 0 = ephemeral), starts the workers; returns the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface ControllerOptions {
  config: Config;
  /** An already open store (tests); otherwise opened from config.store. */
  store?: Store;
  clock?: Clock;
  logger?: boolean | { level: string };
  oltProfiles?: Map<string, string>;
  /** Provisioning (issue 5): credential vault, the lab's field-work stand-in, tuning. */
  provisioning?: {
    vault?: CredentialVault;
    fieldWork?: FieldWorkStandIn;
    driftCheckMs?: number;
    options?: Partial<ProvisioningOptions>;
  };
  /** Monitoring (issue 6): the OLTs to poll (e.g. `targetsFromInventory(lab.olts)`), tuning. */
  monitoring?: { targets: OltTarget[]; leaderRetryMs?: number } & Partial<
    Omit<MonitoringOptions, 'targets' | 'clock' | 'store' | 'registry'>
  >;
  /** Issue 8: the device seam of forced orders and disputes (default: drivers from the device pool). */
  portConfigurator?: PortConfigurator;
  /** Issue 8: dispute window in days (default PONCTL_DISPUTE_WINDOW_DAYS or 14). */
  disputeWindowDays?: number;
  /** Start background workers on listen (default true). */
  workers?: boolean;
}

export async function createController(opts: ControllerOptions): Promise<Controller> {
  const { config } = opts;
  const clock = opts.clock ?? clockFrom(config.clockStart);
  const store = opts.store ?? (await openStore(config.store));
  const metrics = new ApiMetrics({ defaultMetrics: true });
  const bus = new OrderBus();
  const oltProfiles = opts.oltProfiles ?? new Map<string, string>();
  const caps = profileCapabilities(() => oltProfiles);

  const vault = opts.provisioning?.vault ?? new CredentialVault();
  const pool = new DevicePool(store, vault, { connectTimeoutMs: 10_000, rpcTimeoutMs: 60_000 });
  const locks =
    config.store.kind === 'postgres'
      ? new PgOltLocks({ url: config.store.url, schema: config.store.schema })
      : new LocalOltLocks();
  const provisioning = new ProvisioningService(
    { store, clock, bus, pool, locks, fieldWork: opts.provisioning?.fieldWork },
    { instanceId: config.instanceId, ...opts.provisioning?.options },
  );

  const lifecycle = wireLifecycle({
    store,
    clock,
    config,
    bus,
    disputeWindowDays: opts.disputeWindowDays,
    configurator:
      opts.portConfigurator ??
      new DriverPortConfigurator({
        driverFor: (o) => pool.driver(o),
        withOlt: (o, fn) => locks.withOlt(o, fn),
      }),
  });

  const sla = wireSla({ store, clock, bus });

  const services: ControllerServices = {
    ...lifecycle.services,
    ...sla.services,
    provisioning,
    orders: new OrderService({ store, clock, caps, bus, outcomes: metrics.orderOutcomes }),
    reports: new ReportService(store),
    monitoring: new MonitoringService({
      pollMs: config.poll.snmpMs,
      ...opts.monitoring,
      targets: opts.monitoring?.targets ?? [],
      traps: opts.monitoring?.targets.length ? opts.monitoring.traps : false,
      // a bus per controller: several controllers in one process (tests) must not see each other's events
      events: opts.monitoring?.events ?? new MonitoringEvents(),
      clock,
      store,
      registry: metrics.registry,
    }),
  };

  const app = await buildApi({ services, clock, metrics }, { store, logger: opts.logger });

  const workers: Worker[] = [];
  const scheduler = new Ticker(
    () => services.orders.tick(),
    config.poll.schedulerMs,
    (e) => app.log.error({ err: e }, 'scheduler tick failed'),
  );
  workers.push({
    name: 'order-scheduler',
    start: () => {
      scheduler.start();
      void scheduler.runOnce();
    },
    stop: () => scheduler.stop(),
  });

  const provisioningWorker = new ProvisioningWorker(provisioning, bus, {
    pollMs: config.poll.schedulerMs,
    driftCheckMs: opts.provisioning?.driftCheckMs ?? 60_000,
    onError: (e) => app.log.error({ err: e }, 'provisioning pass failed'),
  });
  workers.push({
    name: 'provisioning',
    start: () => provisioningWorker.start(),
    stop: async () => {
      await provisioningWorker.stop();
      await pool.closeAll();
      await locks.close();
    },
  });

  // design §8: on PostgreSQL only the leader (advisory-lock lease) monitors; the others take over if it dies
  const mon = services.monitoring;
  const lease =
    config.store.kind === 'postgres'
      ? new PgLeaderLease(
          {
            url: config.store.url,
            schema: config.store.schema,
            retryMs: opts.monitoring?.leaderRetryMs,
            onError: (e) => app.log.error({ err: e }, 'monitoring leader lease failed'),
          },
          { onGain: () => mon.start(), onLose: () => mon.stop() },
        )
      : undefined;
  if (lease) mon.isLeader = () => lease.leader;
  workers.push(
    lease
      ? { name: 'monitoring', start: () => lease.start(), stop: () => lease.stop() }
      : { name: 'monitoring', start: () => mon.start(), stop: () => mon.stop() },
  );

  workers.push(...lifecycle.workers(app.log));

  let closed = false;
  return {
    config,
    clock,
    store,
    services,
    bus,
    metrics,
    app,
    workers,
    oltProfiles,
    vault,
    provisioningWorker,
    async listen() {
      const url = await app.listen({ host: config.listen.host, port: config.listen.port });
      if (opts.workers !== false) for (const w of workers) await w.start();
      return url.replace('[::1]', '127.0.0.1');
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const w of [...workers].reverse()) await w.stop().catch(() => undefined);
      await app.close();
      if (!opts.store) await store.close();
    },
  };
}

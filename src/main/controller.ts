/**
 * The composition root (design §2 `src/main/`): the ONE place that chooses an adapter for every port
 * the application owns and wires the system — store, clock, timers, device profiles, OLT drivers,
 * OLT write locks, telemetry, webhook sending, the lab's field work — then the use-case services
 * (services.ts), the HTTP API and the background workers. `ponctl start` (start.ts), the tests
 * (test/helpers) and the benchmarks build the controller here; a test may hand in a port of its own.
 *
 * Workers start after the API listens and stop in reverse order on close.
 */
import { hostname } from 'node:os';
import { ApiMetrics } from '../adapters/driving/api/metrics.ts';
import { buildApi } from '../adapters/driving/api/server.ts';
import type { ApiApp } from '../adapters/driving/api/context.ts';
import { DeviceProfileCatalogue } from '../adapters/driven/device-profiles/device-profile-catalogue.ts';
import { HttpWebhookSender } from '../adapters/driven/http/http-webhook-sender.ts';
import { WebhookAddressGuard } from '../adapters/driven/http/webhook-address-guard.ts';
import { InProcessOltLocks } from '../adapters/driven/locks/in-process-olt-locks.ts';
import { PgOltLocks } from '../adapters/driven/locks/pg-olt-locks.ts';
import { CredentialVault } from '../adapters/driven/olt/credential-vault.ts';
import { driverFactory } from '../adapters/driven/olt/registry.ts';
import { oltProbe } from '../adapters/driven/olt/olt-probe.ts';
import { openStore } from '../adapters/driven/store/index.ts';
import { loadSecretBox } from '../adapters/driven/secrets/secret-key.ts';
import type { SecretBox } from '../application/ports/secret-box.ts';
import { NetworkTelemetry } from '../adapters/driven/telemetry/network-telemetry.ts';
import { nodeScheduler } from '../adapters/driven/time/node-scheduler.ts';
import { clockFrom } from '../adapters/driven/time/system-time.ts';
import type { ClusterMembership } from '../application/cluster/membership.ts';
import type { MonitoringOptions, OltTarget } from '../application/monitoring/index.ts';
import type { Clock } from '../application/ports/clock.ts';
import type { DeviceCatalogue } from '../application/ports/device-catalogue.ts';
import type { FieldWorkStandIn } from '../application/ports/field-work.ts';
import type { OltDriverFactory } from '../application/ports/olt-driver/olt-driver.ts';
import type { Scheduler } from '../application/ports/scheduler.ts';
import type { Store } from '../application/ports/store/index.ts';
import type { Telemetry } from '../application/ports/telemetry.ts';
import type { WebhookSender, WebhookTargetPolicy } from '../application/ports/webhook-sender.ts';
import type { ProvisioningOptions } from '../application/provisioning/index.ts';
import type { ApplicationServices } from '../application/services.ts';
import type { PortConfigurator } from '../application/unblocking/port-configurator.ts';
import type { Config } from './config.ts';
import { buildApplication, type Worker } from './services.ts';
import { PONCTL_VERSION } from './version.ts';

export interface Controller {
  readonly config: Config;
  readonly clock: Clock;
  readonly store: Store;
  readonly services: ApplicationServices;
  /** This instance in the cluster (issue 16): who is alive, the dead-instance hook. */
  readonly membership: ClusterMembership;
  readonly app: ApiApp;
  /** Listens on config.listen (port 0 = ephemeral), starts the workers; returns the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export interface ControllerOptions {
  config: Config;
  /** An already open store (tests, `ponctl start`), left open on close; otherwise opened from config.store. */
  store?: Store;
  clock?: Clock;
  scheduler?: Scheduler;
  logger?: boolean | { level: string };
  /** OLT name → device profile name (from the lab inventory or the OLT registry). */
  oltProfiles?: Map<string, string>;
  /** Provisioning (issue 5): credentials of the OLTs, the lab's field-work stand-in, tuning. */
  provisioning?: {
    vault?: CredentialVault;
    fieldWork?: FieldWorkStandIn;
    driftCheckMs?: number;
    options?: Partial<ProvisioningOptions>;
  };
  /** Monitoring (issue 6): the OLTs to poll (e.g. lab.ts `targetsFromInventory`), tuning. */
  monitoring?: { targets: OltTarget[] } & Partial<
    Omit<
      MonitoringOptions,
      'targets' | 'clock' | 'store' | 'registry' | 'scheduler' | 'telemetry' | 'devices'
    >
  >;
  /** Issue 8: the device seam of forced orders and disputes (default: drivers from the device pool). */
  portConfigurator?: PortConfigurator;
  /** Start background workers on listen (default true). */
  workers?: boolean;
  /** Ports a test may replace (default: the network adapters). */
  adapters?: {
    devices?: DeviceCatalogue;
    drivers?: OltDriverFactory;
    telemetry?: Telemetry;
    webhookSender?: WebhookSender;
    /** Registration's URL check (default: the address guard of config.webhooks). */
    webhookTargets?: WebhookTargetPolicy;
  };
  /** Seals secrets at rest (default: the key of config.secrets). */
  secrets?: SecretBox;
}

export async function createController(opts: ControllerOptions): Promise<Controller> {
  const { config } = opts;
  const clock = opts.clock ?? clockFrom(config.clockStart);
  const scheduler = opts.scheduler ?? nodeScheduler;
  const store = opts.store ?? (await openStore(config.store));
  const metrics = new ApiMetrics({ defaultMetrics: true });
  const secrets = opts.secrets ?? loadSecretBox(config.secrets);
  const vault = opts.provisioning?.vault ?? new CredentialVault();
  // a refused host key goes to the registry (pending, or the changed-key alarm); bound once built
  const hostKeys: { heard?: (olt: string, fp: string, pinned?: string) => void } = {};
  const driverOptions = {
    connectTimeoutMs: 10_000,
    rpcTimeoutMs: 60_000,
    secrets,
    onHostKey: (olt: string, fp: string, pinned?: string) => hostKeys.heard?.(olt, fp, pinned),
  };
  const locks =
    config.store.kind === 'postgres'
      ? new PgOltLocks({ url: config.store.url, schema: config.store.schema })
      : new InProcessOltLocks();
  // webhooks reach only the outside (issue 17 item 3): one guard for registration and delivery
  const httpSender = new HttpWebhookSender(
    new WebhookAddressGuard({ allow: config.webhooks.allow, ownAddresses: config.webhooks.ownAddresses }),
  );
  const built = buildApplication(
    {
      config,
      store,
      clock,
      scheduler,
      devices: opts.adapters?.devices ?? new DeviceProfileCatalogue(),
      drivers: opts.adapters?.drivers ?? driverFactory(vault, driverOptions),
      probe: oltProbe(vault, driverOptions),
      locks,
      telemetry:
        opts.adapters?.telemetry ??
        new NetworkTelemetry({
          onHostKey: driverOptions.onHostKey,
          registeredHostKey: async (olt) => (await store.olts.get(olt))?.hostKey,
        }),
      webhookSender: opts.adapters?.webhookSender ?? httpSender,
      webhookTargets: opts.adapters?.webhookTargets ?? httpSender,
      secrets,
      fieldWork: opts.provisioning?.fieldWork,
      oltProfiles: opts.oltProfiles ?? new Map<string, string>(),
      instance: { host: hostname(), version: PONCTL_VERSION },
    },
    {
      provisioning: opts.provisioning?.options,
      monitoring: {
        ...opts.monitoring,
        targets: opts.monitoring?.targets ?? [],
        traps: opts.monitoring?.targets.length ? opts.monitoring.traps : false,
      },
      portConfigurator: opts.portConfigurator,
      registry: metrics.registry,
      orderOutcomes: metrics.orderOutcomes,
    },
  );
  const { services } = built;
  hostKeys.heard = (olt, fp, pinned) =>
    void services.olts
      .hostKeyPresented(olt, fp, pinned)
      .catch((e) => app.log.error({ err: e, olt }, 'host key not recorded'));
  // which workers run now (GET /readyz): filled on listen, emptied on close
  const running = new Set<string>();
  const app = await buildApi(
    {
      services,
      clock,
      metrics,
      limits: config.api,
      workers: () => workers.map((w) => ({ name: w.name, running: running.has(w.name) })),
    },
    { logger: opts.logger, serverUrl: `http://${config.listen.host}:${config.listen.port || 8080}` },
  );

  const workers: Worker[] = built.workers(app.log, {
    driftCheckMs: opts.provisioning?.driftCheckMs ?? 60_000,
  });
  let closed = false;
  return {
    config,
    clock,
    store,
    services,
    membership: built.membership,
    app,
    async listen() {
      const url = await app.listen({ host: config.listen.host, port: config.listen.port });
      if (opts.workers !== false)
        for (const w of workers) {
          await w.start();
          running.add(w.name);
        }
      return url.replace('[::1]', '127.0.0.1');
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const w of [...workers].reverse()) {
        running.delete(w.name);
        await w.stop().catch(() => undefined);
      }
      built.unlisten();
      await app.close();
      if (!opts.store) await store.close();
    },
  };
}

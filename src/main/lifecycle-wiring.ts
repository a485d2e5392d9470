/**
 * Issue 8's services and workers for the composition root (controller.ts): webhooks (endpoints +
 * outbox delivery), unblocking (forced orders, disputes, snapshot release) and the lifecycle jobs
 * (SL expiry, ONT returns). One call, so the root's edit stays one line per concern.
 */
import type { Store } from '../application/ports/store/index.ts';
import type { Config } from './config.ts';
import { DEFAULT_RETRY_POLICY } from '../domain/notifications/webhooks.ts';
import { subscriberTrafficProfiles, subscriberVAni } from '../domain/provisioning/index.ts';
import { DEFAULT_DISPUTE_WINDOW_DAYS } from '../domain/unblocking/index.ts';
import type { Clock } from '../application/ports/clock.ts';
import type { Worker } from './controller.ts';
import { WebhookDeliveryWorker } from '../application/notifications/delivery-worker.ts';
import { WebhookService } from '../application/notifications/webhook-service.ts';
import type { OrderBus } from '../application/orders/order-bus.ts';
import { Ticker } from '../application/orders/scheduler.ts';
import { intentOf } from '../application/provisioning/order-plan.ts';
import type { DesiredPort } from '../application/unblocking/forced-takeover.ts';
import type { PortConfigurator } from '../application/unblocking/port-configurator.ts';
import { UnblockingService } from '../application/unblocking/unblocking-service.ts';
import { enqueueWebhook } from '../application/notifications/outbox.ts';
import { LifecycleService } from '../application/lifecycle/lifecycle-service.ts';

export interface LifecycleServices {
  webhooks: WebhookService;
  unblocking: UnblockingService;
  lifecycle: LifecycleService;
}

export interface LifecycleWiringDeps {
  store: Store;
  clock: Clock;
  config: Config;
  bus: OrderBus;
  configurator: PortConfigurator;
  /** Dispute window in calendar days (default: PONCTL_DISPUTE_WINDOW_DAYS, else 14). */
  disputeWindowDays?: number;
}

/** The v-ANI provisioning would write for an access (its intent rendered, spec §2). */
export function desiredFromIntent(store: Store): DesiredPort {
  return async (a, at) => {
    const intent = await intentOf(store, a, a.services, a.state === 'temporarily-disconnected', at);
    return { vani: subscriberVAni(intent), profiles: subscriberTrafficProfiles(a.services) };
  };
}

export function disputeWindowFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.PONCTL_DISPUTE_WINDOW_DAYS);
  return env.PONCTL_DISPUTE_WINDOW_DAYS && Number.isInteger(n) && n >= 0 ? n : DEFAULT_DISPUTE_WINDOW_DAYS;
}

export function wireLifecycle(d: LifecycleWiringDeps): {
  services: LifecycleServices;
  workers(log: { error(o: object, msg: string): void }): Worker[];
} {
  const { store, clock, config, bus } = d;
  const unblocking = new UnblockingService({
    store,
    clock,
    configurator: d.configurator,
    desired: desiredFromIntent(store),
    disputeWindowDays: d.disputeWindowDays ?? disputeWindowFromEnv(),
    instanceId: config.instanceId,
  });
  const lifecycle = new LifecycleService({ store, clock, configurator: d.configurator, unblocking });
  const services: LifecycleServices = { webhooks: new WebhookService(store, clock), unblocking, lifecycle };

  // design §4: order.rejected — a rejected order is not stored, so its notice is its own transaction
  bus.on('rejected', (r) => {
    void store
      .transaction((tx) =>
        enqueueWebhook(
          tx,
          r.spId,
          'order.rejected',
          { code: r.code, ...(r.field ? { field: r.field } : {}) },
          r.at,
        ),
      )
      .catch(() => undefined);
  });

  return {
    services,
    workers(log) {
      const delivery = new WebhookDeliveryWorker({
        store,
        owner: config.instanceId,
        timeoutMs: config.webhooks.timeoutMs,
        retry: {
          ...DEFAULT_RETRY_POLICY,
          baseMs: config.webhooks.retryBaseMs,
          maxAttempts: config.webhooks.maxAttempts,
        },
        pollMs: Math.min(500, config.poll.schedulerMs),
        onError: (e) => log.error({ err: e }, 'webhook delivery pass failed'),
      });
      const forced = new Ticker(
        () => unblocking.processForcedOrders(),
        config.poll.schedulerMs,
        (e) => log.error({ err: e }, 'forced orders pass failed'),
      );
      const onDue = () => void forced.runOnce();
      const jobs = new Ticker(
        () => lifecycle.tick(),
        Math.max(config.poll.schedulerMs, 1000),
        (e) => log.error({ err: e }, 'lifecycle tick failed'),
      );
      return [
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
        {
          name: 'lifecycle',
          start: () => {
            jobs.start();
            void jobs.runOnce();
          },
          stop: () => jobs.stop(),
        },
      ];
    },
  };
}

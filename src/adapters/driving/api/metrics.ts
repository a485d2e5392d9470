/**
 * Prometheus metrics (design §4 /metrics): a registry per controller, so several controllers in one
 * process (tests) do not mix. Other services register their own metrics on `registry`.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { OrderOutcomeCounter } from '../../../application/orders/order-service.ts';

export class ApiMetrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });
  readonly orders = new Counter({
    name: 'ponctl_orders_total',
    help: 'Orders submitted, by outcome (accepted, rejected with code, replayed)',
    labelNames: ['outcome', 'code'] as const,
    registers: [this.registry],
  });

  /** Set by the API when the fair intake gate is on (intake-gate.ts): its per-SP state when scraped. */
  intakeState?: () => Record<string, { running: number; waiting: number }>;
  readonly intake = new Gauge({
    name: 'ponctl_intake_orders',
    // summed over SPs: /metrics is public and says nothing about who the SPs are
    help: 'Orders in intake (running) and queued for a slot (waiting) at the fair intake gate',
    labelNames: ['state'] as const,
    registers: [this.registry],
    collect: () => {
      const all = Object.values(this.intakeState?.() ?? {});
      this.intake.set(
        { state: 'running' },
        all.reduce((n, s) => n + s.running, 0),
      );
      this.intake.set(
        { state: 'waiting' },
        all.reduce((n, s) => n + s.waiting, 0),
      );
    },
  });

  constructor(opts: { defaultMetrics?: boolean } = {}) {
    if (opts.defaultMetrics) collectDefaultMetrics({ register: this.registry });
  }

  readonly orderOutcomes: OrderOutcomeCounter = {
    inc: ({ outcome, code }) => this.orders.inc({ outcome, code: code ?? '' }),
  };
}

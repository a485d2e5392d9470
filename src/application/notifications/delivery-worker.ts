/**
 * Delivers the outbox (issue 8 §6): claims due deliveries under a lease (so several controller
 * instances on PostgreSQL never send one twice at once, and a crashed instance's claims run out and
 * are taken over), POSTs the stored body signed with the endpoint's secret (HMAC-SHA256,
 * domain/notifications/webhooks.ts), and on failure schedules the next attempt with exponential
 * backoff (`nextAttemptAt`) until `maxAttempts`, then parks it as failed (kept, re-queueable).
 */
import type { DueDelivery, Store } from '../ports/store/index.ts';
import {
  nextAttemptAt,
  signPayload,
  SIGNATURE_HEADER,
  type RetryPolicy,
} from '../../domain/notifications/webhooks.ts';

export interface DeliveryWorkerOptions {
  store: Store;
  /** Lease owner (config.instanceId). */
  owner: string;
  retry: RetryPolicy;
  timeoutMs: number;
  /** How long a claim is held (must exceed timeoutMs). */
  leaseMs?: number;
  pollMs?: number;
  batch?: number;
  /** Wall clock in ms (tests may move it). */
  now?: () => number;
  onError?: (err: unknown) => void;
}

export interface DeliveryOutcome {
  id: string;
  ok: boolean;
  status?: number;
  error?: string;
}

export class WebhookDeliveryWorker {
  private timer?: NodeJS.Timeout;
  private running?: Promise<DeliveryOutcome[]>;
  private readonly now: () => number;

  constructor(private readonly o: DeliveryWorkerOptions) {
    this.now = o.now ?? Date.now;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(
      () => void this.runOnce().catch((e) => this.o.onError?.(e)),
      this.o.pollMs ?? 500,
    );
    this.timer.unref();
    void this.runOnce().catch((e) => this.o.onError?.(e));
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** One pass: claim what is due and try each once. Runs never overlap. */
  async runOnce(): Promise<DeliveryOutcome[]> {
    if (this.running) return this.running;
    this.running = this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<DeliveryOutcome[]> {
    const leaseMs = this.o.leaseMs ?? Math.max(30_000, this.o.timeoutMs * 3);
    const due = await this.o.store.webhooks.claimDue(this.o.owner, leaseMs, this.now(), this.o.batch ?? 50);
    return Promise.all(due.map((d) => this.deliver(d)));
  }

  private async deliver(d: DueDelivery): Promise<DeliveryOutcome> {
    const t = Math.floor(this.now() / 1000);
    let status: number | undefined;
    let error: string | undefined;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signPayload(d.secret, d.payload, t),
          'x-ponctl-event': d.event,
          'x-ponctl-delivery': d.id,
          'user-agent': 'ponctl-webhooks/1',
        },
        body: d.payload,
        signal: AbortSignal.timeout(this.o.timeoutMs),
        redirect: 'manual',
      });
      status = res.status;
      await res.arrayBuffer().catch(() => undefined);
      if (res.status >= 200 && res.status < 300) {
        await this.o.store.webhooks.finish(d.id, this.o.owner, 'delivered', {
          at: new Date(this.now()).toISOString(),
        });
        return { id: d.id, ok: true, status };
      }
      error = `HTTP ${res.status}`;
    } catch (err) {
      error = (err as Error).message || String(err);
      const cause = (err as { cause?: { code?: string } }).cause?.code;
      if (cause) error += ` (${cause})`;
    }
    const retryAt = nextAttemptAt(new Date(this.now()), d.attempts + 1, this.o.retry);
    await this.o.store.webhooks.finish(d.id, this.o.owner, retryAt ? 'pending' : 'failed', {
      error,
      retryAt: retryAt?.getTime(),
    });
    return { id: d.id, ok: false, status, error };
  }
}

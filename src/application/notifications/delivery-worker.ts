/**
 * Delivers the outbox (issue 8 §6): claims due deliveries under a lease (so several controller
 * instances on PostgreSQL never send one twice at once, and a crashed instance's claims run out and
 * are taken over), POSTs (through the webhook sender port) the stored body signed with the endpoint's secret (HMAC-SHA256,
 * domain/notifications/webhooks.ts), and on failure schedules the next attempt with exponential
 * backoff (`nextAttemptAt`) until `maxAttempts`, then parks it as failed (kept, re-queueable).
 */
import type { SecretBox } from '../ports/secret-box.ts';
import type { Cancel, Scheduler } from '../ports/scheduler.ts';
import type { DueDelivery, Store } from '../ports/store/index.ts';
import { WebhookSendFailure, type WebhookSender } from '../ports/webhook-sender.ts';
import {
  nextAttemptAt,
  signPayload,
  SIGNATURE_HEADER,
  type RetryPolicy,
} from '../../domain/notifications/webhooks.ts';

export interface DeliveryWorkerOptions {
  /** Opens the endpoints' sealed signing secrets (issue 17 item 7); a never-sealed one is used as is. */
  secrets?: SecretBox;
  store: Store;
  sender: WebhookSender;
  scheduler: Scheduler;
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
  /** A failed attempt with the network's own message (the operator's log; the SP sees only the category). */
  onFailure?: (f: {
    delivery: string;
    endpoint: string;
    event: string;
    category: string;
    detail: string;
  }) => void;
}

export interface DeliveryOutcome {
  id: string;
  ok: boolean;
  status?: number;
  error?: string;
}

export class WebhookDeliveryWorker {
  private cancel?: Cancel;
  private running?: Promise<DeliveryOutcome[]>;
  private readonly now: () => number;

  constructor(private readonly o: DeliveryWorkerOptions) {
    this.now = o.now ?? Date.now;
  }

  start(): void {
    if (this.cancel) return;
    this.cancel = this.o.scheduler.every(
      this.o.pollMs ?? 500,
      () => void this.runOnce().catch((e) => this.o.onError?.(e)),
    );
    void this.runOnce().catch((e) => this.o.onError?.(e));
  }

  async stop(): Promise<void> {
    this.cancel?.();
    this.cancel = undefined;
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
    let error: string;
    let detail: string;
    try {
      const res = await this.o.sender.post({
        url: d.url,
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signPayload(
            this.o.secrets ? this.o.secrets.open(d.secret) : d.secret,
            d.payload,
            t,
          ),
          'x-ponctl-event': d.event,
          'x-ponctl-delivery': d.id,
          'user-agent': 'ponctl-webhooks/1',
        },
        body: d.payload,
        timeoutMs: this.o.timeoutMs,
      });
      status = res.status;
      if (res.status >= 200 && res.status < 300) {
        await this.o.store.webhooks.finish(d.id, this.o.owner, 'delivered', {
          at: new Date(this.now()).toISOString(),
        });
        return { id: d.id, ok: true, status };
      }
      // what the SP is shown is a category (issue 17 item 3), never the receiver's or the socket's text
      error = `http-${Math.floor(res.status / 100)}xx`;
      detail = `HTTP ${res.status}`;
    } catch (err) {
      error = err instanceof WebhookSendFailure ? err.category : 'network';
      detail = err instanceof WebhookSendFailure ? err.detail : (err as Error).message || String(err);
    }
    this.o.onFailure?.({ delivery: d.id, endpoint: d.endpointId, event: d.event, category: error, detail });
    const retryAt = nextAttemptAt(new Date(this.now()), d.attempts + 1, this.o.retry);
    await this.o.store.webhooks.finish(d.id, this.o.owner, retryAt ? 'pending' : 'failed', {
      error,
      retryAt: retryAt?.getTime(),
    });
    return { id: d.id, ok: false, status, error };
  }
}

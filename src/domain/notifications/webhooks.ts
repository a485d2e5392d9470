/**
 * Webhook notifications to SPs (design §4 "Webhooks"; issue 8 §6): the event kinds, the signature an
 * SP verifies, and the retry schedule. Pure: the outbox service persists and delivers.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const WEBHOOK_EVENTS = [
  'order.accepted',
  'order.rejected',
  'order.completed',
  'order.failed',
  'order.cancelled',
  'service.deactivated',
  'service.restored',
  'service.reactivated',
  'fault.closed',
  'ont.return_started',
  'ont.return_due',
  'ont.return_missed',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Header carrying `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` (replay-safe, Stripe-style). */
export const SIGNATURE_HEADER = 'X-Ponctl-Signature';

export function signPayload(secret: string, body: string, unixSeconds: number): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

/** What an SP's receiver does: check the MAC and that the timestamp is recent. */
export function verifySignature(
  secret: string,
  body: string,
  header: string,
  nowSeconds: number,
  toleranceS = 300,
): boolean {
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const t = Number(parts.t);
  if (!Number.isFinite(t) || !parts.v1 || Math.abs(nowSeconds - t) > toleranceS) return false;
  const expected = Buffer.from(signPayload(secret, body, t).split('v1=')[1], 'hex');
  const got = Buffer.from(parts.v1, 'hex');
  return got.length === expected.length && timingSafeEqual(got, expected);
}

/**
 * Exponential backoff with a cap: 5 s, 10 s, 20 s … up to 1 h between attempts; after `maxAttempts`
 * the delivery is parked as failed (still kept, visible to the operator, re-queueable).
 */
export interface RetryPolicy {
  baseMs: number;
  maxDelayMs: number;
  maxAttempts: number;
}
export const DEFAULT_RETRY_POLICY: RetryPolicy = { baseMs: 5_000, maxDelayMs: 3_600_000, maxAttempts: 20 };

/** When attempt number `attempt` (1 = the first retry) may run, after a failure at `failedAt`. */
export function nextAttemptAt(
  failedAt: Date,
  attempt: number,
  p: RetryPolicy = DEFAULT_RETRY_POLICY,
): Date | null {
  if (attempt >= p.maxAttempts) return null;
  const delay = Math.min(p.maxDelayMs, p.baseMs * 2 ** Math.max(0, attempt - 1));
  return new Date(failedAt.getTime() + delay);
}

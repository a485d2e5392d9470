/**
 * The webhook outbox (design §4 "Webhooks … kept until delivered"; issue 8 §6): a notification is
 * written in the SAME transaction as the state change that causes it, so it exists exactly when the
 * change does — nothing is lost across a crash or restart, and nothing is announced that rolled back.
 * The delivery worker (delivery-worker.ts) sends it later.
 */
import type { OrderRecord, Store, WebhookEventRecord } from '../ports/store/index.ts';
import type { WebhookEvent } from '../../domain/notifications/webhooks.ts';
import type { OrderState } from '../../domain/orders/types.ts';
import { newTimePrefixedId } from '../ids/random-id.ts';

/** The JSON body every webhook carries. */
export interface WebhookPayload {
  id: string;
  event: WebhookEvent;
  /** Business time of the change (the controller's clock). */
  occurredAt: string;
  sp: string;
  data: Record<string, unknown>;
}

/**
 * Enqueues `event` for the SP `spId` inside the caller's transaction `tx`. The first attempt is due at
 * once (wall clock: delivery timing is transport, not a business rule). Returns the event id.
 */
export async function enqueueWebhook(
  tx: Store,
  spId: string,
  event: WebhookEvent,
  data: Record<string, unknown>,
  occurredAt: string,
): Promise<string> {
  // every event about one of the SP's orders carries the SP's own reference (issue 14 §7)
  if (typeof data.orderId === 'string' && data.reference === undefined) {
    const o = await tx.orders.get(data.orderId);
    if (o && o.spId === spId && o.input.reference !== undefined)
      data = { ...data, reference: o.input.reference };
  }
  return writeWebhook(tx, spId, event, data, occurredAt);
}

/** `enqueueWebhook` with the data complete already (an order's own event: no read of the order). */
async function writeWebhook(
  tx: Store,
  spId: string,
  event: WebhookEvent,
  data: Record<string, unknown>,
  occurredAt: string,
): Promise<string> {
  const id = newTimePrefixedId('evt');
  const payload: WebhookPayload = { id, event, occurredAt, sp: spId, data };
  await tx.webhooks.enqueue(
    { id, spId, event, payload: JSON.stringify(payload), createdAt: occurredAt },
    () => newTimePrefixedId('dlv'),
    Date.now(),
  );
  return id;
}

/** Which order state changes SPs are told about (design §4 event list). */
const ORDER_EVENTS: Partial<Record<OrderState, WebhookEvent>> = {
  accepted: 'order.accepted',
  completed: 'order.completed',
  failed: 'order.failed',
  cancelled: 'order.cancelled',
};

export function orderEventData(o: OrderRecord): Record<string, unknown> {
  return {
    orderId: o.id,
    form: o.form,
    category: o.category,
    status: o.state,
    ...(o.input.reference !== undefined ? { reference: o.input.reference } : {}),
    ...(o.adapterId ? { adapterId: o.adapterId } : {}),
    ...(o.plannedDate ? { plannedDate: o.plannedDate } : {}),
    ...(o.deadline ? { deadline: o.deadline } : {}),
    ...(o.feeCents !== undefined ? { feeCents: o.feeCents, feeEur: o.feeCents / 100 } : {}),
  };
}

/**
 * Called by the order service inside the transaction that moved `order` to `to` (transitions.ts,
 * intake.ts): enqueues the matching webhook for the order's SP, if that state is announced.
 */
export async function enqueueOrderWebhook(
  tx: Store,
  order: OrderRecord,
  to: OrderState,
  at: string,
  extra: Record<string, unknown> = {},
): Promise<void> {
  const event = ORDER_EVENTS[to];
  if (!event) return;
  // the reference comes from the order's own record (orderEventData): it is not read again
  await writeWebhook(tx, order.spId, event, { ...orderEventData({ ...order, state: to }), ...extra }, at);
}

/**
 * `enqueueOrderWebhook` for many orders' changes at once (provisioning's batches, issue 16 item 3):
 * one multi-row write. The data comes from each order's own record, so the SP's reference is there
 * already (no read per order).
 */
export async function enqueueOrderWebhooks(
  tx: Store,
  changes: readonly { order: OrderRecord; to: OrderState; at: string; extra?: Record<string, unknown> }[],
): Promise<void> {
  const events: WebhookEventRecord[] = [];
  for (const c of changes) {
    const event = ORDER_EVENTS[c.to];
    if (!event) continue;
    const id = newTimePrefixedId('evt');
    const data = { ...orderEventData({ ...c.order, state: c.to }), ...c.extra };
    const payload: WebhookPayload = { id, event, occurredAt: c.at, sp: c.order.spId, data };
    events.push({ id, spId: c.order.spId, event, payload: JSON.stringify(payload), createdAt: c.at });
  }
  if (events.length) await tx.webhooks.enqueueMany(events, () => newTimePrefixedId('dlv'), Date.now());
}

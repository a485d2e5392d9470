/**
 * What follows an order's state change INSIDE the transaction that makes it (issue 8): the SP's
 * webhook (persisted outbox), the forced order's reservation for the unblocking service, the billing /
 * ONT-return bookkeeping of completed orders, and an SBSN order's fault ticket (opened with the
 * accepted order, cancelled with the cancelled one: sla/ticket-records.ts). Called by application/orders (transitions.ts
 * and intake.ts); store writes only, no other I/O (Db.transaction rule).
 */
import type { AccessRecord, OrderRecord, Store } from '../ports/store/index.ts';
import { addDays, zagrebDate } from '../../domain/calendar/local-date.ts';
import { SL_DAYS } from '../../domain/orders/deadlines.ts';
import type { OrderState } from '../../domain/orders/types.ts';
import { enqueueOrderWebhook, enqueueOrderWebhooks, enqueueWebhook } from '../notifications/outbox.ts';
import { slEndsOnOf, takesOverOf } from '../orders/order-detail.ts';
import { cancelTicketOf, openTicketOf } from '../sla/ticket-records.ts';
import { openOntReturn } from './ont-returns.ts';

/** Lease owner that keeps provisioning's claim off a forced order (unblocking carries it out). */
export const UNBLOCKING_RESERVED = 'unblocking';
/** Far future (epoch ms): the reservation never runs out by itself. */
export const RESERVED_UNTIL = 8_000_000_000_000_000;

export function isForcedActivation(o: OrderRecord): boolean {
  return (
    o.category === 'activation' &&
    o.input.category === 'activation' &&
    o.input.forced === true &&
    takesOverOf(o).length > 0
  );
}

async function reserveIfForced(tx: Store, o: OrderRecord): Promise<void> {
  if (!isForcedActivation(o)) return;
  await tx.orders.holdLease(o.id, UNBLOCKING_RESERVED, RESERVED_UNTIL);
}

/**
 * intake.ts: the order was accepted (and may already be due). `access`: the access it names, as
 * intake read it (an SBSN order's ticket needs its activation).
 */
export async function onOrderAccepted(
  tx: Store,
  order: OrderRecord,
  at: string,
  access?: AccessRecord,
): Promise<void> {
  await enqueueOrderWebhook(tx, order, 'accepted', at);
  await openTicketOf(tx, order, access); // an SBSN order's ticket (nothing for other forms)
  if (order.state === 'due') await reserveIfForced(tx, order);
}

/** transitions.ts: `order` (already updated) has just moved to `to`. */
export async function onOrderTransition(
  tx: Store,
  order: OrderRecord,
  to: OrderState,
  at: string,
  extra: Record<string, unknown>,
): Promise<void> {
  await enqueueOrderWebhook(tx, order, to, at, extra);
  if (to === 'due') await reserveIfForced(tx, order);
  if (to === 'completed') await afterCompletion(tx, order, at);
  if (to === 'cancelled') await cancelTicketOf(tx, order, at);
}

/**
 * `onOrderTransition` for many orders moved in one transaction (provisioning's batches, issue 16
 * item 3): the webhooks in one write, the billing spans of completed activations in one; anything
 * else order by order, as onOrderTransition does it.
 */
export async function onOrderTransitions(
  tx: Store,
  changes: readonly { order: OrderRecord; to: OrderState; at: string; extra: Record<string, unknown> }[],
): Promise<void> {
  await enqueueOrderWebhooks(tx, changes);
  const billed: { adapterId: string; startDate: string }[] = [];
  for (const c of changes) {
    if (c.to === 'due') await reserveIfForced(tx, c.order);
    if (c.to === 'cancelled') await cancelTicketOf(tx, c.order, c.at);
    if (c.to !== 'completed') continue;
    if (c.order.category === 'activation' && c.order.adapterId)
      billed.push({ adapterId: c.order.adapterId, startDate: zagrebDate(new Date(c.at)) });
    else await afterCompletion(tx, c.order, c.at);
  }
  if (billed.length) await tx.billing.startBillingMany(billed);
}

/** Billing spans, SL periods and ONT returns follow completed orders (spec §3, §6, §7). */
async function afterCompletion(tx: Store, o: OrderRecord, at: string): Promise<void> {
  const today = zagrebDate(new Date(at));
  const input = o.input;
  if (o.category === 'activation' && o.adapterId) {
    await tx.billing.startBilling(o.adapterId, today);
    return;
  }
  if (input.form === 'BSND' && (input.category === 'temporary-3m' || input.category === 'temporary-6m')) {
    const start = o.plannedDate && o.plannedDate > today ? o.plannedDate : today;
    const plannedEnd = slEndsOnOf(o) ?? addDays(start, SL_DAYS[input.category]);
    if (!(await tx.billing.openSl(input.adapterId)))
      await tx.billing.startSl({ adapterId: input.adapterId, startDate: start, plannedEnd, orderId: o.id });
    return;
  }
  if (input.form === 'BSND' && input.category === 'permanent') {
    await tx.billing.endBilling(input.adapterId, addDays(today, -1), today);
    const a = await tx.accesses.get(input.adapterId);
    if (a?.ontSerial)
      await openOntReturn(
        tx,
        { serial: a.ontSerial, spId: a.spId, adapterId: a.adapterId, reason: 'deactivation' },
        at,
      );
    return;
  }
  // spec §3: any BSNA order carried out on a line in SL leaves it active (sl-reactivation is the explicit one)
  if (input.form === 'BSNA' && 'adapterId' in input && input.adapterId) {
    const sl = await tx.billing.openSl(input.adapterId);
    if (sl) {
      await tx.billing.endSl(input.adapterId, sl.startDate, today);
      await enqueueWebhook(
        tx,
        o.spId,
        'service.reactivated',
        {
          adapterId: input.adapterId,
          reason: `order ${o.id} (${o.category})`,
          since: sl.startDate,
          orderId: o.id,
          ...(input.reference !== undefined ? { reference: input.reference } : {}),
        },
        at,
      );
    }
  }
}

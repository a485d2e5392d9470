/**
 * The one way an order's state changes: through the domain transition table
 * (domain/orders/lifecycle.ts), with the row update and the appended event in the same transaction
 * (design §8: every state change is an appended event).
 */
import type { OrderPatch, OrderRecord, Store } from '../ports/store/index.ts';
import { DomainError } from '../../domain/errors.ts';
import { transitionOrder, type OrderTrigger } from '../../domain/orders/lifecycle.ts';
import type { OrderState } from '../../domain/orders/types.ts';
import type { OrderChange } from './order-bus.ts';
import { onOrderTransition } from '../lifecycle/order-hooks.ts';

/** The states a new order passes through at intake, each an edge of the table (received → …). */
export function pathOf(
  triggers: readonly OrderTrigger[],
  from: OrderState = 'received',
): { from: OrderState; to: OrderState; trigger: OrderTrigger }[] {
  const out: { from: OrderState; to: OrderState; trigger: OrderTrigger }[] = [];
  let s = from;
  for (const t of triggers) {
    const v = transitionOrder(s, t);
    if (!v.ok) throw new DomainError(v.code, v.message);
    out.push({ from: s, to: v.value, trigger: t });
    s = v.value;
  }
  return out;
}

export interface TransitionOptions {
  at: string;
  reason: string;
  patch?: OrderPatch;
  details?: Record<string, unknown>;
}

/**
 * Applies `trigger` to the stored order `order` (as read in this transaction). Throws INVALID_STATE
 * when the table has no such edge, or when the order changed under us (a concurrent transition).
 */
export async function applyTrigger(
  tx: Store,
  order: OrderRecord,
  trigger: OrderTrigger,
  o: TransitionOptions,
): Promise<OrderChange> {
  const v = transitionOrder(order.state, trigger);
  if (!v.ok)
    throw new DomainError(v.code, v.message, undefined, { orderId: order.id, state: order.state, trigger });
  const to = v.value;
  if (!(await tx.orders.setState(order.id, order.state, to, o.at, o.patch ?? {}))) {
    throw new DomainError('INVALID_STATE', `order ${order.id} changed concurrently`, undefined, {
      orderId: order.id,
    });
  }
  await tx.orderEvents.append({
    orderId: order.id,
    at: o.at,
    from: order.state,
    to,
    reason: o.reason,
    details: { trigger, ...o.details },
  });
  const updated: OrderRecord = { ...order, ...o.patch, state: to, updatedAt: o.at };
  if (to !== 'in-progress') {
    updated.leaseOwner = undefined;
    updated.leaseUntil = undefined;
  }
  // issue 8: the SP's webhook (persisted outbox), billing and ONT-return records, in this same transaction
  await onOrderTransition(tx, updated, to, o.at, {
    reason: o.reason,
    ...(o.details?.rule ? { rule: o.details.rule } : {}),
  });
  return { order: updated, from: order.state, to, at: o.at, reason: o.reason };
}

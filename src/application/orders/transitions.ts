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
import { onOrderTransition, onOrderTransitions } from '../lifecycle/order-hooks.ts';

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

/** One order's trigger in a batch (applyTriggers). */
export interface TriggerOf {
  order: OrderRecord;
  trigger: OrderTrigger;
  o: TransitionOptions;
}

/**
 * `applyTrigger` for many orders in one transaction, with one statement per kind of row instead of
 * several per order (provisioning's batches, issue 16 item 3): every edge is checked against the
 * table first (INVALID_STATE thrown as by applyTrigger), then the rows move together. An order no
 * longer in the state it was read in (a storno, another instance) is left out, not thrown: the
 * changes returned are the ones made. Patches other than the detail go through applyTrigger.
 * `skipLocked`: a batched move of an order another transaction holds is left out too
 * (OrderRepository.setStates).
 */
export async function applyTriggers(
  tx: Store,
  items: readonly TriggerOf[],
  o: { skipLocked?: boolean } = {},
): Promise<OrderChange[]> {
  const batched: (TriggerOf & { to: OrderState })[] = [];
  const single: TriggerOf[] = [];
  for (const it of items) {
    const v = transitionOrder(it.order.state, it.trigger);
    if (!v.ok)
      throw new DomainError(v.code, v.message, undefined, {
        orderId: it.order.id,
        state: it.order.state,
        trigger: it.trigger,
      });
    if (Object.keys(it.o.patch ?? {}).some((k) => k !== 'detail')) single.push(it);
    else batched.push({ ...it, to: v.value });
  }
  const moved = new Set(
    await tx.orders.setStates(
      batched.map((b) => ({
        id: b.order.id,
        from: b.order.state,
        to: b.to,
        at: b.o.at,
        ...(b.o.patch?.detail !== undefined ? { detail: b.o.patch.detail } : {}),
      })),
      o,
    ),
  );
  const made = batched.filter((b) => moved.has(b.order.id));
  await tx.orderEvents.appendMany(
    made.map((b) => ({
      orderId: b.order.id,
      at: b.o.at,
      from: b.order.state,
      to: b.to,
      reason: b.o.reason,
      details: { trigger: b.trigger, ...b.o.details },
    })),
  );
  const changes: OrderChange[] = made.map((b) => {
    const updated: OrderRecord = { ...b.order, ...b.o.patch, state: b.to, updatedAt: b.o.at };
    if (b.to !== 'in-progress') {
      updated.leaseOwner = undefined;
      updated.leaseUntil = undefined;
    }
    return { order: updated, from: b.order.state, to: b.to, at: b.o.at, reason: b.o.reason };
  });
  await onOrderTransitions(
    tx,
    changes.map((c, i) => ({
      order: c.order,
      to: c.to,
      at: c.at,
      extra: { reason: c.reason, ...(made[i].o.details?.rule ? { rule: made[i].o.details?.rule } : {}) },
    })),
  );
  for (const it of single) changes.push(await applyTrigger(tx, it.order, it.trigger, it.o));
  return changes;
}

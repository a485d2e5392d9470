/**
 * The SBSN order follows its ticket (spec §4; order table in domain/orders/lifecycle.ts): the first
 * thing the operator does on a ticket starts the order (due → in-progress); a resolved ticket
 * completes it (`order.completed` to the SP via the order hooks), a ticket rejected for missing
 * contact data fails it (spec §4: "else the order is rejected"). Runs in the ticket's transaction.
 */
import type { Store } from '../ports/store/index.ts';
import { isFinalOrderState, type OrderTrigger } from '../../domain/orders/lifecycle.ts';
import type { ClockState } from '../../domain/sla/repair-clock/index.ts';
import type { OrderChange } from '../orders/order-bus.ts';
import { applyTrigger } from '../orders/transitions.ts';

const FINISH: Partial<Record<ClockState, { trigger: OrderTrigger; reason: string }>> = {
  resolved: {
    trigger: 'complete',
    reason: 'fault ticket resolved (positive verification, window lapsed, or joint visit done; spec §4)',
  },
  rejected: { trigger: 'fail', reason: 'no contact data by 16:00 of the next working day (spec §4)' },
};

export async function orderFollowsTicket(
  tx: Store,
  ticketId: string,
  state: ClockState,
  at: string,
): Promise<OrderChange[]> {
  let order = await tx.orders.get(ticketId);
  if (!order || order.form !== 'SBSN' || isFinalOrderState(order.state) || state === 'cancelled') return [];
  const changes: OrderChange[] = [];
  if (order.state === 'due') {
    const c = await applyTrigger(tx, order, 'start', {
      at,
      reason: 'fault ticket worked on by the network owner',
    });
    changes.push(c);
    order = c.order;
  }
  const finish = FINISH[state];
  if (finish && order.state === 'in-progress')
    changes.push(await applyTrigger(tx, order, finish.trigger, { at, reason: finish.reason }));
  return changes;
}

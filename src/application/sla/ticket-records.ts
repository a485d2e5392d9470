/**
 * A fault ticket follows its SBSN order inside the order's own transaction (spec §4: a fault is filed
 * as an SBSN order and its acceptance opens the ticket; spec §3: a storno cancels it): the ticket is
 * written with the accepted order and cancelled with the cancelled order, so an accepted ticket
 * never exists without its repair clock, and there is no second transaction per order (issue 17
 * item 4: a flood of tickets was two extra commits and their reads per order, outside the intake
 * gate, docs/fairness.md). Store writes only (Db.transaction rule); called by lifecycle/order-hooks.ts,
 * and by fault-tickets.ts for tickets of orders accepted before this (read paths open those).
 */
import type { AccessRecord, OrderRecord, Store } from '../ports/store/index.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  applyClockEvent,
  openTicket,
  TERMINAL_STATES,
  type FaultTicket,
} from '../../domain/sla/repair-clock/index.ts';

/**
 * When the access was activated: its activation order's completion (Table 8: a fault within 72 h of
 * it is an activation fault); for an access without one, its creation unless it is still pending.
 */
export async function activatedAtOf(
  tx: Store,
  access: AccessRecord | undefined,
): Promise<number | undefined> {
  if (!access) return undefined;
  if (access.orderId) {
    const done = (await tx.orderEvents.list(access.orderId)).find((e) => e.to === 'completed');
    if (done) return Date.parse(done.at);
  }
  return access.state === 'pending' ? undefined : Date.parse(access.createdAt);
}

/** Inserts the ticket of an accepted SBSN order (opened at its receipt time) unless it exists. */
export async function insertTicket(
  tx: Store,
  order: OrderRecord,
  activatedAt: number | undefined,
): Promise<void> {
  const ticket = openTicket({
    id: order.id,
    category: order.input.category as FaultTicket['category'],
    reportedAt: Date.parse(order.receivedAt),
    activatedAt,
  });
  if (
    await tx.faultTickets.insert({
      id: order.id,
      spId: order.spId,
      adapterId: order.adapterId!,
      ticket,
      updatedAt: order.receivedAt,
    })
  ) {
    await tx.faultTickets.appendEvent({
      ticketId: order.id,
      at: order.receivedAt,
      event: 'open',
      to: ticket.state,
      details: { category: ticket.category, activationFault: ticket.activationFault },
    });
  }
}

/**
 * The accepted SBSN order's ticket, in the intake transaction. `access` is the access the order
 * names as intake read it (locked there); read again when not given.
 */
export async function openTicketOf(tx: Store, order: OrderRecord, access?: AccessRecord): Promise<void> {
  if (order.form !== 'SBSN' || !order.adapterId) return;
  const a = access?.adapterId === order.adapterId ? access : await tx.accesses.get(order.adapterId);
  await insertTicket(tx, order, await activatedAtOf(tx, a));
}

/**
 * spec §3: the storno of an SBSN order cancels its ticket (never refused: any state but a final one),
 * in the transaction that cancels the order; a ticket already final, or none, is left alone.
 */
export async function cancelTicketOf(tx: Store, order: OrderRecord, at: string): Promise<void> {
  if (order.form !== 'SBSN') return;
  const cur = await tx.faultTickets.get(order.id);
  if (!cur || TERMINAL_STATES.includes(cur.ticket.state)) return;
  const last = cur.ticket.history[cur.ticket.history.length - 1]?.at ?? cur.ticket.reportedAt;
  const when = Math.max(Date.parse(at), last);
  const next = applyClockEvent(cur.ticket, { type: 'cancel', at: when });
  const iso = new Date(when).toISOString();
  if (!(await tx.faultTickets.update(order.id, next, cur.version, iso)))
    // PostgreSQL: the operator moved the clock between the read and the write; the storno is retried
    throw new DomainError('INVALID_STATE', `fault ${order.id} changed concurrently; retry`);
  await tx.faultTickets.appendEvent({
    ticketId: order.id,
    at: iso,
    event: 'cancel',
    from: cur.ticket.state,
    to: next.state,
    details: {},
  });
}

/**
 * SBSN fault tickets and their repair clock (spec §4, Table 8; issue 7). A fault is filed as an SBSN
 * order (POST /v1/orders); its acceptance opens a ticket with the same id, in the same transaction
 * (ticket-records.ts), and its storno cancels it in the storno's. The operator parks and
 * resumes the clock (legal reasons only) and closes the ticket with measurements, which tells the SP
 * (`fault.closed`, webhook outbox, same transaction); the SP verifies within 24 h of the close.
 * Rules live in src/domain/sla/repair-clock; this service reads the clock, persists, and isolates SPs.
 *
 * Time-driven transitions (the verification window lapsing, the contact-data deadline passing) are
 * applied when a ticket is next read or changed (`settle`), at the instant they became due, so the
 * history shows when they happened whatever the read time.
 */
import type { OrderRecord, Store } from '../ports/store/index.ts';
import type { FaultTicketRecord } from '../ports/store/index.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  applyClockEvent,
  TERMINAL_STATES,
  VERIFICATION_WINDOW_MS,
  type ClockEvent,
  type FaultTicket,
} from '../../domain/sla/repair-clock/index.ts';
import type { Clock } from '../ports/clock.ts';
import { enqueueWebhook } from '../notifications/outbox.ts';
import { canSee, notFound, requireOperator, requireSp, type Principal } from '../access/principal.ts';
import { toFaultView, type FaultView } from './fault-view.ts';
import { orderFollowsTicket } from './order-follows-ticket.ts';
import { insertTicket, openTicketOf } from './ticket-records.ts';
import type { OrderChange, OrderChangePublisher } from '../orders/order-bus.ts';
import { decodeCursor, pageLimit, toPage, type Page, type PageRequest } from '../pagination.ts';

export interface FaultServiceDeps {
  store: Store;
  clock: Clock;
  /**
   * Order changes made here (the SBSN order following its ticket) are published on it after commit:
   * the live event stream (GET /v1/events) hears of them only from the bus; the SP's webhooks are
   * in the outbox of the same transaction.
   */
  bus: OrderChangePublisher;
}

export type ClockAction =
  { action: 'park'; reason: string; message?: string } | { action: 'resume'; message?: string };

const OPEN_ORDER = new Set(['accepted', 'scheduled', 'due', 'in-progress', 'completed']);

/** Time-driven events due at `now` (spec §4), oldest first. */
function dueEvents(t: FaultTicket, now: number): ClockEvent[] {
  if (t.state === 'closed' && t.closedAt !== undefined && now > t.closedAt + VERIFICATION_WINDOW_MS) {
    return [{ type: 'verification-lapsed', at: t.closedAt + VERIFICATION_WINDOW_MS }];
  }
  if (
    t.state === 'parked' &&
    t.parkedReason === 'awaiting-contact-data' &&
    t.contactDeadline !== undefined &&
    now >= t.contactDeadline
  ) {
    return [{ type: 'contact-deadline-passed', at: t.contactDeadline }];
  }
  return [];
}

export class FaultService {
  constructor(private readonly deps: FaultServiceDeps) {}

  private get store(): Store {
    return this.deps.store;
  }
  private now(): number {
    return this.deps.clock.now().getTime();
  }

  /**
   * The ticket of an accepted SBSN order accepted before tickets were opened in its intake
   * transaction (ticket-records.ts), created if missing.
   */
  private async openFor(order: OrderRecord): Promise<FaultTicketRecord | undefined> {
    if (order.form !== 'SBSN' || !order.adapterId) return undefined;
    await this.store.transaction((tx) => openTicketOf(tx, order));
    return this.store.faultTickets.get(order.id);
  }

  /** The ticket record, opened from its order if it has none (an older order); 404 for another SP's. */
  private async load(p: Principal, id: string): Promise<FaultTicketRecord> {
    let rec = await this.store.faultTickets.get(id);
    if (!rec) {
      const order = await this.store.orders.get(id);
      if (order && order.form === 'SBSN' && OPEN_ORDER.has(order.state) && canSee(p, order.spId))
        rec = await this.openFor(order);
    }
    if (!rec || !canSee(p, rec.spId)) throw notFound(`fault ${id}`);
    return this.followStorno(rec);
  }

  /** spec §3: a cancelled SBSN order cancels its ticket (backstop for an order cancelled before the storno did it in its transaction). */
  private async followStorno(rec: FaultTicketRecord): Promise<FaultTicketRecord> {
    if (TERMINAL_STATES.includes(rec.ticket.state)) return rec;
    const order = await this.store.orders.get(rec.id);
    if (order?.state !== 'cancelled') return rec;
    return this.change(
      rec.id,
      (at) => ({ type: 'cancel', at: Math.max(at, Date.parse(order.updatedAt)) }),
      undefined,
    );
  }

  /** Applies the time-driven events that are due and saves them; returns the current record. */
  private async settle(rec: FaultTicketRecord): Promise<FaultTicketRecord> {
    if (dueEvents(rec.ticket, this.now()).length === 0) return rec;
    // the changes come out of the transaction with its result: published only once it has committed
    const { saved, orderChanges } = await this.store.transaction(async (tx) => {
      const cur = (await tx.faultTickets.get(rec.id))!;
      let t = cur.ticket;
      const now = this.now();
      for (let e = dueEvents(t, now); e.length; e = dueEvents(t, now)) {
        const next = applyClockEvent(t, e[0]);
        await tx.faultTickets.appendEvent({
          ticketId: cur.id,
          at: new Date(e[0].at).toISOString(),
          event: e[0].type,
          from: t.state,
          to: next.state,
        });
        t = next;
      }
      if (!(await tx.faultTickets.update(cur.id, t, cur.version, new Date(now).toISOString())))
        throw conflict(cur.id);
      const changes = await orderFollowsTicket(tx, cur.id, t.state, new Date(lastAt(t)).toISOString());
      return { saved: (await tx.faultTickets.get(cur.id))!, orderChanges: changes };
    });
    this.deps.bus.publish(orderChanges);
    return saved;
  }

  async get(p: Principal, id: string): Promise<FaultView> {
    const rec = await this.settle(await this.load(p, id));
    return toFaultView(rec, this.now());
  }

  /** Tickets the caller may see (SP: its own; operator: all, or `sp`), newest report first. */
  async list(
    p: Principal,
    q: { sp?: string; adapterId?: string; state?: string } & PageRequest = {},
  ): Promise<Page<FaultView>> {
    const spId = p.role === 'sp' ? p.spId : q.sp;
    const limit = pageLimit(q, { defaultLimit: 500, maxLimit: 5000 });
    const rows = await this.store.faultTickets.list({
      spId,
      adapterId: q.adapterId,
      state: q.state,
      after: decodeCursor(q.cursor, 2) as [string, string] | undefined,
      limit: limit + 1,
    });
    const page = toPage(rows, limit, (r) => [new Date(r.ticket.reportedAt).toISOString(), r.id]);
    const now = this.now();
    const items = await Promise.all(page.items.map(async (r) => toFaultView(await this.settle(r), now)));
    return { items, ...(page.next ? { next: page.next } : {}) };
  }

  /** Operator: stop or restart the clock by a message to the SP (spec §4: legal reasons only). */
  async moveClock(p: Principal, id: string, body: ClockAction): Promise<FaultView> {
    requireOperator(p, `fault ${id}`);
    // lapses that fell due are applied first; the domain refuses an illegal stop (CLOCK_STOP_NOT_ALLOWED)
    await this.settle(await this.load(p, id));
    const message =
      body.message ??
      (body.action === 'park' ? `repair clock stopped: ${body.reason}` : 'repair clock restarted');
    const e = (at: number): ClockEvent =>
      body.action === 'park'
        ? { type: 'park', at, reason: body.reason as never, message }
        : { type: 'resume', at, message };
    return toFaultView(await this.change(id, e, p.keyId), this.now());
  }

  /**
   * Operator: the repair is done (or the fault is outside the owner's domain), with measurements as
   * proof (spec §4). Tells the SP (`fault.closed`) in the same transaction. During a joint visit this
   * ends the ticket without SP verification.
   */
  async close(
    p: Principal,
    id: string,
    body: { measurements: string; outsideOwnerDomain?: boolean },
  ): Promise<FaultView> {
    requireOperator(p, `fault ${id}`);
    await this.settle(await this.load(p, id));
    const rec = await this.change(
      id,
      (at, t) =>
        t.state === 'joint-visit' || t.state === 'joint-visit-parked'
          ? { type: 'joint-visit-done', at }
          : {
              type: 'close',
              at,
              outsideOwnerDomain: body.outsideOwnerDomain ?? false,
              measurements: body.measurements,
            },
      p.keyId,
      body.measurements,
      (tx, r) => enqueueFaultClosed(tx, r, body.measurements),
    );
    return toFaultView(rec, this.now());
  }

  /**
   * SP: positive or negative verification within 24 h of the close (spec §4). Late → 422
   * VERIFICATION_WINDOW_CLOSED (the ticket is then resolved by the lapse). A first negative repeats
   * the repair; a second opens a joint visit within 48 h.
   */
  async verify(p: Principal, id: string, result: 'positive' | 'negative'): Promise<FaultView> {
    requireSp(p, 'a fault verification');
    const rec = await this.settle(await this.load(p, id));
    const t = rec.ticket;
    if (t.state !== 'closed') {
      if (
        t.closedAt !== undefined &&
        this.now() > t.closedAt + VERIFICATION_WINDOW_MS &&
        t.history.some((h) => h.event === 'verification-lapsed' && h.at > t.closedAt!)
      ) {
        throw new DomainError(
          'VERIFICATION_WINDOW_CLOSED',
          `the verification window closed at ${new Date(t.closedAt + VERIFICATION_WINDOW_MS).toISOString()} (24 h after the close, spec §4)`,
          'result',
        );
      }
      throw new DomainError(
        'INVALID_STATE',
        `fault ${id} is ${t.state}: only a closed fault can be verified`,
        'result',
      );
    }
    return toFaultView(await this.change(id, (at) => ({ type: 'verify', at, result }), p.keyId), this.now());
  }

  /**
   * One clock event in one transaction: read, apply (domain table), save with a version check,
   * append the event, run `after` (e.g. the webhook) — all or nothing.
   */
  private async change(
    id: string,
    make: (at: number, t: FaultTicket) => ClockEvent,
    byKey: string | undefined,
    measurements?: string,
    after?: (tx: Store, rec: FaultTicketRecord) => Promise<void>,
  ): Promise<FaultTicketRecord> {
    const { saved, orderChanges } = await this.store.transaction((tx) =>
      changeInTx(tx, id, make, this.now(), byKey, measurements, after),
    );
    this.deps.bus.publish(orderChanges);
    return saved;
  }
}

/** One clock event inside `tx` (FaultService.change); the SBSN order follows (changes returned for the bus). */
async function changeInTx(
  tx: Store,
  id: string,
  make: (at: number, t: FaultTicket) => ClockEvent,
  nowMs: number,
  byKey: string | undefined,
  measurements?: string,
  after?: (tx: Store, rec: FaultTicketRecord) => Promise<void>,
): Promise<{ saved: FaultTicketRecord; orderChanges: OrderChange[] }> {
  const cur = await tx.faultTickets.get(id);
  if (!cur) throw notFound(`fault ${id}`);
  const at = Math.max(nowMs, lastAt(cur.ticket));
  const e = make(at, cur.ticket);
  const next = applyClockEvent(cur.ticket, e);
  const iso = new Date(at).toISOString();
  if (!(await tx.faultTickets.update(id, next, cur.version, iso, measurements))) throw conflict(id);
  const details: Record<string, unknown> = {};
  if (e.type === 'park') {
    details.reason = e.reason;
    details.message = e.message;
  }
  if (e.type === 'resume') details.message = e.message;
  if (e.type === 'verify') details.result = e.result;
  if (e.type === 'close') {
    details.outsideOwnerDomain = e.outsideOwnerDomain;
    details.measurements = e.measurements;
  }
  await tx.faultTickets.appendEvent({
    ticketId: id,
    at: iso,
    event: e.type,
    from: cur.ticket.state,
    to: next.state,
    details,
    byKey,
  });
  const orderChanges = await orderFollowsTicket(tx, id, next.state, iso);
  const saved = (await tx.faultTickets.get(id))!;
  if (after) await after(tx, saved);
  return { saved, orderChanges };
}

/** Tells the SP the repair is done (`fault.closed`, outbox, same transaction). */
async function enqueueFaultClosed(tx: Store, r: FaultTicketRecord, measurements: string): Promise<void> {
  const t = r.ticket;
  await enqueueWebhook(
    tx,
    r.spId,
    'fault.closed',
    {
      faultId: r.id,
      orderId: r.id,
      adapterId: r.adapterId,
      category: t.category,
      state: t.state,
      closedAt: new Date(lastAt(t)).toISOString(),
      measurements,
      outsideOwnerDomain: t.outsideOwnerDomain ?? false,
      ...(t.state === 'closed'
        ? { verificationDueBy: new Date(t.closedAt! + VERIFICATION_WINDOW_MS).toISOString() }
        : { jointVisit: true }),
    },
    new Date(lastAt(t)).toISOString(),
  );
}

/**
 * The network owner's part of a fault was done on the device by provisioning (spec §4 ONT
 * replacement: the new serial authorised and verified): the ticket closes with the read-back as its
 * measurements, inside the transaction that completes the order, and the SP is told (`fault.closed`;
 * it may verify within 24 h). Opens the ticket first if its order was accepted before intake opened it.
 */
export async function closeTicketAfterDeviceWork(
  tx: Store,
  order: OrderRecord,
  at: string,
  measurements: string,
): Promise<OrderChange[]> {
  if (order.form !== 'SBSN' || !order.adapterId) return [];
  // no activation fact needed: an ONT replacement is never an activation fault (repair-clock/transitions.ts)
  if (!(await tx.faultTickets.get(order.id))) await insertTicket(tx, order, undefined);
  const cur = (await tx.faultTickets.get(order.id))!;
  if (cur.ticket.state !== 'repairing') return []; // cancelled, or already closed by the operator
  const r = await changeInTx(
    tx,
    order.id,
    (t) => ({ type: 'close', at: t, outsideOwnerDomain: false, measurements }),
    Date.parse(at),
    undefined,
    measurements,
    (t, rec) => enqueueFaultClosed(t, rec, measurements),
  );
  return r.orderChanges;
}

const lastAt = (t: FaultTicket): number => t.history[t.history.length - 1]?.at ?? t.reportedAt;
const conflict = (id: string) =>
  new DomainError('INVALID_STATE', `fault ${id} changed concurrently; retry`, undefined);

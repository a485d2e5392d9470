/**
 * The order service (issue 3 §4): intake, reads with SP isolation, storno, the scheduler's tick
 * (scheduled → due when the planned date arrives by the injectable clock), and `transition` for the
 * services that carry orders out (provisioning: due → in-progress → completed | failed). Until
 * provisioning exists, a due order stays due: nothing here pretends to complete it.
 */
import { OPEN_ORDER_STATES, type OrderRecord, type Store } from '../ports/store/index.ts';
import { zagrebDate } from '../../domain/calendar/local-date.ts';
import { referenceOf } from '../../domain/orders/parse.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  cancellationFee,
  needsTechnicianVisit,
  type CancellationFee,
} from '../../domain/orders/cancellation.ts';
import type { OrderTrigger } from '../../domain/orders/lifecycle.ts';
import { ORDER_STATES, reservedOntSerial, type OrderState } from '../../domain/orders/types.ts';
import { reservationsAfter, type ReservationTrigger } from '../../domain/orders/reservations.ts';
import { transitionAccess } from '../../domain/subscribers/access-lifecycle.ts';
import type { Clock } from '../ports/clock.ts';
import { canSee, notFound, requireOperator, requireSp, type Principal } from '../access/principal.ts';
import { BACKOFF_OWNER } from '../ports/store/provisioning.ts';
import { detailWith } from './order-detail.ts';
import type { DeviceCapabilities } from './capabilities.ts';
import { submitOrder, type SubmitResult } from './intake.ts';
import { OrderBus, type OrderChange } from './order-bus.ts';
import { applyTrigger, type TransitionOptions } from './transitions.ts';
import { toOrderView, type OrderView } from './views.ts';
import { decodeCursor, mapPage, pageLimit, toPage, type Page, type PageRequest } from '../pagination.ts';

export interface OrderOutcomeCounter {
  inc(labels: { outcome: 'accepted' | 'rejected' | 'replayed'; code?: string }): void;
}

export interface OrderServiceDeps {
  store: Store;
  clock: Clock;
  caps: DeviceCapabilities;
  /** Open orders an SP may hold (intake.ts IntakeDeps.maxOpenOrders). */
  maxOpenOrders?: (spId: string) => number | undefined;
  bus?: OrderBus;
  outcomes?: OrderOutcomeCounter;
}

export interface OrderListQuery extends PageRequest {
  status?: string;
  /** Only the orders of this access (AdapterID). */
  adapterId?: string;
  /** Only open orders (received … in progress), e.g. an access's rest after GET /v1/subscribers/:id. */
  open?: boolean;
  from?: string;
  to?: string;
  sp?: string;
}

export class OrderService {
  readonly bus: OrderBus;
  private readonly store: Store;
  private readonly clock: Clock;

  constructor(private readonly deps: OrderServiceDeps) {
    this.store = deps.store;
    this.clock = deps.clock;
    this.bus = deps.bus ?? new OrderBus();
  }

  /** POST /v1/orders. Throws DomainError with the reason code when the order is rejected. */
  async submit(p: Principal, body: unknown, idempotencyKey?: string): Promise<SubmitResult> {
    const spId = requireSp(p, 'placing an order');
    try {
      const r = await submitOrder(this.deps, spId, body, idempotencyKey);
      this.deps.outcomes?.inc({ outcome: r.replayed ? 'replayed' : 'accepted' });
      this.bus.publish(r.changes);
      return r;
    } catch (err) {
      if (err instanceof DomainError) {
        this.deps.outcomes?.inc({ outcome: 'rejected', code: err.code });
        // a limit's refusal says nothing about the order and is answered in the response only: a
        // flood of refused orders must not become a flood of order.rejected webhooks (docs/fairness.md)
        if (err.code === 'TOO_MANY_OPEN_ORDERS' || err.code === 'RATE_LIMITED') throw err;
        this.bus.emit('rejected', {
          spId,
          code: err.code,
          field: err.field,
          ...(referenceOf(body) !== undefined ? { reference: referenceOf(body) } : {}),
          at: this.clock.now().toISOString(),
        });
      }
      throw err;
    }
  }

  private async visible(p: Principal, id: string): Promise<OrderRecord> {
    const o = await this.store.orders.get(id);
    if (!o || !canSee(p, o.spId)) throw notFound(`order ${id}`);
    return o;
  }

  /** GET /v1/orders/:id, with its history. */
  async get(p: Principal, id: string): Promise<OrderView> {
    const o = await this.visible(p, id);
    return toOrderView(o, await this.store.orderEvents.list(id));
  }

  /** GET /v1/orders?status=&from=&to= (received between the dates, Zagreb time), oldest first, a page. */
  async list(p: Principal, q: OrderListQuery = {}): Promise<Page<OrderView>> {
    if (q.status !== undefined && !(ORDER_STATES as readonly string[]).includes(q.status)) {
      throw new DomainError(
        'INVALID_REQUEST',
        `unknown status ${q.status}; one of ${ORDER_STATES.join(', ')}`,
        'status',
      );
    }
    const spId = p.role === 'sp' ? p.spId : q.sp;
    const limit = pageLimit(q, { defaultLimit: 1000, maxLimit: 10_000 });
    const rows = await this.store.orders.list({
      spId,
      states: q.status ? [q.status as OrderState] : q.open ? OPEN_ORDER_STATES : undefined,
      adapterId: q.adapterId,
      from: q.from,
      to: q.to,
      after: decodeCursor(q.cursor, 2) as [string, string] | undefined,
      limit: limit + 1,
    });
    return mapPage(
      toPage(rows, limit, (o) => [o.receivedAt, o.id]),
      (o) => toOrderView(o),
    );
  }

  /**
   * POST /v1/orders/:id/cancel — storno (spec §3): the owner never refuses it for activation and
   * fault orders; the fee comes from domain/orders/cancellation.ts. An activation's pending access
   * is abandoned and its ONT serial goes back to the SP's stock.
   */
  async cancel(p: Principal, id: string): Promise<{ order: OrderView; fee: CancellationFee }> {
    const { changes, fee } = await this.store.transaction(async (tx) => {
      const o = await tx.orders.get(id);
      if (!o || !canSee(p, o.spId)) throw notFound(`order ${id}`);
      requireSp(p, 'cancelling an order');
      const installation = o.detail?.installation ?? 'existing';
      const v = cancellationFee({
        order: o.input,
        state: o.state,
        technicianVisitNeeded: needsTechnicianVisit(o.input, installation),
        fieldVisitDone: o.detail?.fieldVisitDone === true,
      });
      if (!v.ok) throw new DomainError(v.code, v.message, undefined, { orderId: id, state: o.state });
      const at = this.clock.now().toISOString();
      const change = await applyTrigger(tx, o, 'cancel', {
        at,
        reason: `cancelled by the service provider (${v.value.rule})`,
        patch: { feeCents: v.value.feeCents },
        details: { feeCents: v.value.feeCents, rule: v.value.rule },
      });
      await releaseReservations(tx, o, 'cancel', at);
      return { changes: [change], fee: v.value };
    });
    this.bus.publish(changes);
    return { order: await this.get(p, id), fee };
  }

  /**
   * POST /v1/orders/:id/retry (operator, issue 17 item 1): a failed order is due again, its attempts
   * counted afresh and its reservations kept (domain/orders/reservations.ts); an order waiting out a
   * retry backoff is tried at once. Anything else answers INVALID_STATE.
   */
  async retry(p: Principal, id: string, note?: string): Promise<OrderView> {
    requireOperator(p, `order ${id}`);
    const at = this.clock.now().toISOString();
    const o = await this.store.orders.get(id);
    if (!o) throw notFound(`order ${id}`);
    if (o.state === 'due') {
      if (o.leaseOwner !== BACKOFF_OWNER)
        throw new DomainError('INVALID_STATE', `order ${id} is due and not waiting for a retry`, undefined, {
          orderId: id,
          state: o.state,
        });
      await this.store.orders.releaseLease(id, BACKOFF_OWNER);
      this.bus.emit('due', o);
      return this.get(p, id);
    }
    const change = await this.store.transaction(async (tx) => {
      const cur = await tx.orders.get(id);
      if (!cur) throw notFound(`order ${id}`);
      const last = cur.detail?.provisioning;
      return applyTrigger(tx, cur, 'resume', {
        at,
        reason: `retried by the operator${note ? `: ${note}` : ''}; reservations kept (${reservationsAfter('resume').why})`,
        patch: { detail: detailWith(cur, { provisioning: undefined }) },
        details: last ? { previousAttempts: last.attempts, previousError: last.lastError } : {},
      });
    });
    this.bus.publish([change]);
    return this.get(p, id);
  }

  /**
   * Moves an order along the transition table (for provisioning and field work): throws
   * INVALID_STATE when the edge does not exist. The change is published after commit.
   */
  async transition(
    id: string,
    trigger: OrderTrigger,
    o: Omit<TransitionOptions, 'at'> & { at?: string },
  ): Promise<OrderChange> {
    const change = await this.store.transaction(async (tx) => {
      const order = await tx.orders.get(id);
      if (!order) throw notFound(`order ${id}`);
      return applyTrigger(tx, order, trigger, { ...o, at: o.at ?? this.clock.now().toISOString() });
    });
    this.bus.publish([change]);
    return change;
  }

  /** Store reachability (GET /healthz). */
  async ping(): Promise<void> {
    await this.store.ping();
  }

  /** Scheduler tick: every scheduled order whose planned date has arrived becomes due. */
  async tick(): Promise<OrderRecord[]> {
    const now = this.clock.now();
    const today = zagrebDate(now);
    const due: OrderRecord[] = [];
    for (const o of await this.store.orders.scheduledUpTo(today)) {
      try {
        const change = await this.store.transaction(async (tx) => {
          const cur = await tx.orders.get(o.id);
          if (!cur || cur.state !== 'scheduled') return undefined; // another instance or a storno got there first
          return applyTrigger(tx, cur, 'become-due', {
            at: now.toISOString(),
            reason: `planned date ${cur.plannedDate} reached`,
          });
        });
        if (change) {
          this.bus.publish([change]);
          due.push(change.order);
        }
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
      }
    }
    return due;
  }
}

/**
 * What leaving an order frees, by the rule of domain/orders/reservations.ts: the pending access of an
 * activation is abandoned, its reserved ONT serial goes back to the SP's stock (or both are kept).
 */
async function releaseReservations(
  tx: Store,
  o: OrderRecord,
  trigger: ReservationTrigger,
  at: string,
): Promise<void> {
  const rule = reservationsAfter(trigger);
  const abandoned = transitionAccess('pending', 'abandon');
  if (rule.access === 'abandon' && o.category === 'activation' && o.adapterId && abandoned.ok) {
    await tx.accesses.update(o.adapterId, { state: abandoned.value }, at, 'pending');
  }
  const serial = reservedOntSerial(o.input);
  if (rule.serial === 'return-to-stock' && serial)
    await tx.stock.setState(serial, 'in-stock', at, { adapterId: null, expect: 'reserved' });
}

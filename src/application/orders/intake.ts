/**
 * Order intake (spec §3; design §4 POST /v1/orders): parse → gather facts → validate → accepted with
 * planned date, deadline and AdapterID, or rejected with a reason code. A rejected order is NOT
 * stored (issue 3: "no stored row for a rejected order"); it is counted in metrics and published on
 * the bus. An accepted order is written with its path through the transition table (received →
 * accepted → scheduled [→ due]) as appended events, its access (activation: a new pending AdapterID
 * on the port) and its reserved ONT serial, all in one transaction.
 */
import {
  UniqueViolation,
  addressKey,
  type OrderDetail,
  type OrderRecord,
  type Store,
} from '../ports/store/index.ts';
import { zagrebDate } from '../../domain/calendar/local-date.ts';
import { effectiveAccessLevel, type Region } from '../../domain/catalogue/regions.ts';
import { DomainError, OrderRejection } from '../../domain/errors.ts';
import {
  capacityExtensionDays,
  computeSchedule,
  INSTALL_CATEGORIES,
  type Schedule,
  type ScheduleInput,
} from '../../domain/orders/deadlines.ts';
import type { OrderTrigger } from '../../domain/orders/lifecycle.ts';
import { parseOrder } from '../../domain/orders/parse.ts';
import { reservedOntSerial, SBSN_CATEGORIES, type OrderInput } from '../../domain/orders/types.ts';
import { validateOrder } from '../../domain/orders/validate.ts';
import { adapterIdAfter, formatAdapterId } from '../../domain/subscribers/adapter-id.ts';
import type { Clock } from '../ports/clock.ts';
import { newTimePrefixedId } from '../ids/random-id.ts';
import { bodyHash } from './body-hash.ts';
import type { DeviceCapabilities } from './capabilities.ts';
import { gatherFacts } from './facts.ts';
import type { OrderChange } from './order-bus.ts';
import { pathOf } from './transitions.ts';
import { onOrderAccepted } from '../lifecycle/order-hooks.ts';

export interface IntakeDeps {
  store: Store;
  clock: Clock;
  caps: DeviceCapabilities;
  /**
   * The open orders an SP may hold (issue 17 item 4, docs/fairness.md); undefined or 0: no limit.
   * Read from one aggregate row (OrderRepository.openCount) before the order's transaction, so a
   * refused order costs no write; concurrent requests may overshoot by the number in flight.
   */
  maxOpenOrders?: (spId: string) => number | undefined;
}

/** How long an SP at its open-order limit is told to wait before asking again (Retry-After). */
export const OPEN_ORDER_LIMIT_RETRY_S = 60;

async function checkOpenOrderLimit(deps: IntakeDeps, spId: string): Promise<void> {
  const max = deps.maxOpenOrders?.(spId);
  if (!max) return;
  const open = await deps.store.orders.openCount(spId);
  if (open < max) return;
  throw new DomainError(
    'TOO_MANY_OPEN_ORDERS',
    `this service provider has ${open} open orders, the most it may hold is ${max}; new orders are accepted as open ones complete or are cancelled`,
    undefined,
    { openOrders: open, limit: max, retryAfterSeconds: OPEN_ORDER_LIMIT_RETRY_S },
  );
}

export interface SubmitResult {
  order: OrderRecord;
  /** True when an earlier request with the same Idempotency-Key created it. */
  replayed: boolean;
  changes: OrderChange[];
}

/** Order ids: `ord_` + 10 bytes, time-prefixed random (see application/ids/random-id.ts for why). */
export const newOrderId = (): string => newTimePrefixedId('ord');

const rejection = (code: DomainError['code'], message: string, field?: string) =>
  new OrderRejection(code, message, field);

/** Thrown inside the transaction when a concurrent request took the Idempotency-Key first. */
class KeyTaken extends Error {}

async function replay(
  store: Store,
  spId: string,
  key: string,
  hash: string,
): Promise<OrderRecord | undefined> {
  const prior = await store.idempotency.get(spId, key);
  if (!prior) return undefined;
  if (prior.bodyHash !== hash) {
    throw new DomainError(
      'IDEMPOTENCY_KEY_REUSED',
      'this Idempotency-Key was used with a different body',
      'Idempotency-Key',
    );
  }
  const order = await store.orders.get(prior.orderId);
  if (!order) throw new Error(`idempotency record points at missing order ${prior.orderId}`);
  return order;
}

export async function submitOrder(
  deps: IntakeDeps,
  spId: string,
  body: unknown,
  idempotencyKey?: string,
): Promise<SubmitResult> {
  const { store, clock, caps } = deps;
  const parsed = parseOrder(body);
  if (!parsed.ok) throw rejection(parsed.code, parsed.message, parsed.field);
  const order = parsed.value;
  const hash = idempotencyKey ? bodyHash(body) : '';
  if (idempotencyKey) {
    const prior = await replay(store, spId, idempotencyKey, hash);
    if (prior) return { order: prior, replayed: true, changes: [] };
  }
  // after the replay: a retried request for an order already accepted still gets its answer
  await checkOpenOrderLimit(deps, spId);

  try {
    return await store.transaction((tx) => accept(tx, clock.now(), spId, order, caps, idempotencyKey, hash));
  } catch (err) {
    if ((err instanceof KeyTaken || err instanceof UniqueViolation) && idempotencyKey) {
      const prior = await replay(store, spId, idempotencyKey, hash);
      if (prior) return { order: prior, replayed: true, changes: [] };
    }
    throw err;
  }
}

/**
 * computeSchedule, memoised for day-based orders: their result depends only on the category,
 * installation, day of receipt, requested date and capacity extension (domain/orders/deadlines.ts),
 * and intake asks the same question thousands of times a day. Fault tickets (hour deadlines) are not.
 */
const scheduleMemo = new Map<string, Schedule>();
function scheduleFor(input: ScheduleInput): Schedule {
  if ((SBSN_CATEGORIES as readonly string[]).includes(input.category)) return computeSchedule(input);
  const ext = capacityExtensionDays((input.activationsReceivedEarlierThatDay ?? 0) + 1);
  const key = `${input.category}|${input.installation ?? ''}|${zagrebDate(input.receivedAt)}|${input.requestedDate ?? ''}|${ext}`;
  let s = scheduleMemo.get(key);
  if (!s) {
    s = computeSchedule(input);
    if (scheduleMemo.size > 10_000) scheduleMemo.clear();
    scheduleMemo.set(key, s);
  }
  return s;
}

async function accept(
  tx: Store,
  now: Date,
  spId: string,
  order: OrderInput,
  caps: DeviceCapabilities,
  idempotencyKey: string | undefined,
  hash: string,
): Promise<SubmitResult> {
  const at = now.toISOString();
  const id = newOrderId();
  // claim the Idempotency-Key first: a concurrent request with the same key waits here (PostgreSQL:
  // on the unique index) and then finds it taken and replays, instead of racing for the same ONT/port
  if (
    idempotencyKey &&
    !(await tx.idempotency.put({ spId, key: idempotencyKey, bodyHash: hash, orderId: id, createdAt: at }))
  ) {
    throw new KeyTaken();
  }
  const facts = await gatherFacts(tx, spId, order, now, caps);
  const verdict = validateOrder(order, facts.ctx);
  if (!verdict.ok) throw rejection(verdict.code, verdict.message, verdict.field);

  const isInstall = INSTALL_CATEGORIES.includes(order.category);
  const receivedDate = zagrebDate(now);
  const schedule = scheduleFor({
    category: order.category,
    installation: facts.installation,
    receivedAt: now,
    requestedDate: 'requestedDate' in order ? order.requestedDate : undefined,
    // capacity rule (spec §3): this order's position among the day's install orders, from a per-day
    // counter (O(1), rolled back with a rejected order) rather than a COUNT over the day's orders
    activationsReceivedEarlierThatDay: isInstall
      ? (await tx.sequences.next(`install-orders:${receivedDate}`)) - 1
      : 0,
    accessActivatedAt: order.form === 'SBSN' && facts.target ? new Date(facts.target.createdAt) : undefined,
  });

  const adapterId =
    adapterIdAfter(order) === 'new'
      ? formatAdapterId(await tx.sequences.next('adapter-id'))
      : 'adapterId' in order
        ? order.adapterId
        : undefined;

  const triggers: OrderTrigger[] = ['accept', 'schedule'];
  // SBSN tickets are planned for the day received: due at once (Table 8 hour deadlines)
  if (schedule.plannedDate <= receivedDate) triggers.push('become-due');
  const steps = pathOf(triggers);
  const state = steps[steps.length - 1].to;

  const common = {
    installation: facts.installation,
    capacityExtensionDays: schedule.capacityExtensionDays,
    ...(schedule.feasibilityBy ? { feasibilityBy: schedule.feasibilityBy } : {}),
  };
  const { servicesAfter } = verdict.value;
  const detail: OrderDetail =
    order.form === 'BSNA'
      ? {
          form: 'BSNA',
          ...common,
          ...(servicesAfter ? { servicesAfter } : {}),
          ...(facts.blocking.length
            ? { takesOver: facts.blocking.map((a) => ({ adapterId: a.adapterId, spId: a.spId })) }
            : {}),
        }
      : order.form === 'BSND'
        ? { form: 'BSND', ...common, ...(schedule.slEndsOn ? { slEndsOn: schedule.slEndsOn } : {}) }
        : {
            form: 'SBSN',
            ...common,
            ...(schedule.deadlineAt ? { deadlineAt: schedule.deadlineAt.toISOString() } : {}),
          };

  const record: OrderRecord = {
    id,
    spId,
    form: order.form,
    category: order.category,
    state,
    adapterId,
    // the OLT it writes: the address's port, or the named access's (provisioning claims by OLT)
    ...((facts.coverage?.olt ?? facts.target?.olt) ? { olt: facts.coverage?.olt ?? facts.target?.olt } : {}),
    input: order,
    receivedAt: at,
    receivedDate,
    plannedDate: schedule.plannedDate,
    deadline: schedule.deadline,
    detail,
    updatedAt: at,
  };
  await tx.orders.insert(record);
  await tx.orderEvents.appendNew(id, [
    { at, to: 'received', reason: 'order received' },
    ...steps.map((s) => {
      const reason =
        s.trigger === 'accept'
          ? 'all contract rules passed (spec §3)'
          : s.trigger === 'schedule'
            ? `planned for ${schedule.plannedDate}, deadline ${schedule.deadline} (Table 8)`
            : 'planned date reached';
      const details =
        s.trigger === 'accept'
          ? { adapterId, plannedDate: schedule.plannedDate, deadline: schedule.deadline }
          : undefined;
      return { at, from: s.from, to: s.to, reason, details: { trigger: s.trigger, ...details } };
    }),
  ]);

  if (order.category === 'activation' && facts.coverage && adapterId) {
    const c = facts.coverage;
    await tx.accesses.insert({
      adapterId,
      spId,
      addressKey: c.addressKey ?? addressKey(order.address),
      olt: c.olt,
      pon: c.pon,
      onuId: c.onuId,
      technology: c.technology,
      state: 'pending',
      services: verdict.value.servicesAfter ?? order.services,
      accessLevel: effectiveAccessLevel(order.accessLevel, facts.spRegion as Region | undefined, c.county),
      ontSerial: order.ontSerial?.toUpperCase(),
      slStarts: [],
      orderId: id,
      createdAt: at,
      updatedAt: at,
    });
  }
  const serial = reservedOntSerial(order);
  if (
    serial &&
    !(await tx.stock.setState(serial, 'reserved', at, { adapterId: adapterId ?? null, expect: 'in-stock' }))
  ) {
    throw rejection(
      'ONT_SERIAL_NOT_IN_STOCK',
      `ONT ${serial} is no longer in stock`,
      order.category === 'ont-replacement' ? 'newOntSerial' : 'ontSerial',
    );
  }
  // issue 8: order.accepted is written in the acceptance transaction (persisted outbox), a fault
  // ticket's repair clock opened; a forced order is reserved for unblocking
  await onOrderAccepted(tx, record, at, facts.target);
  const changes = steps.map((s) => ({ order: record, from: s.from, to: s.to, at, reason: s.trigger }));
  return { order: record, replayed: false, changes };
}

/**
 * The contract's order rules that need facts (spec §3), all passed in as plain data: the receipt
 * instant, the SP's ONT stock, the access an order names, earlier pending orders on it, the
 * address's coverage and port, the OLT's and ONT's capabilities. Pure; the first failing rule wins.
 *
 * A fact group may be `'unchecked'` (e.g. `ponctl order check`, which has no store): that rule is
 * then skipped, explicitly — never by forgetting a field.
 */
import { MULTI_GIG_RATE, parseRate, type ServiceSelection } from '../catalogue/catalogue.ts';
import { daysBetween, yearOf, zagrebDate, type LocalDate } from '../calendar/local-date.ts';
import { accept, reject, type Verdict } from '../errors.ts';
import type { AccessState } from '../subscribers/access-lifecycle.ts';
import { applyOrderToServices } from '../subscribers/services.ts';
import { computeSchedule } from './deadlines.ts';
import type { Category, Form, OrderInput } from './types.ts';

/** The access (AdapterID) an order names, as the store knows it — whichever SP owns it. */
export interface AccessFacts {
  adapterId: string;
  spId: string;
  state: AccessState;
  technology: 'gpon' | 'xgs-pon';
  services: ServiceSelection;
  /** Start dates of the temporary disconnections (SL) this access has had or has planned. */
  temporaryDisconnections: readonly LocalDate[];
}

/** An order on the same AdapterID that is not final yet (received … in progress), any SP or channel. */
export interface PendingOrderFact {
  id: string;
  form: Form;
  category: Category;
  receivedAt: Date;
}

/** The address an activation or move targets. */
export interface AddressFacts {
  covered: boolean;
  /** Active services on the port (any SP, BSN or NN) — they block an activation unless forced. */
  blockedBy: readonly { spId: string; service: 'bsn' | 'nn' }[];
}

export interface OltCapability {
  /** Migrated equipment able to carry 2000/1000 (spec §2 footnote). */
  supportsMultiGig: boolean;
}
export interface OntCapability {
  model?: string;
  /** Customer-side interface speed in Mbit/s (F601: 1 GE = 1000). */
  uniMaxMbps: number;
}

export type Unchecked = 'unchecked';

export interface OrderContext {
  receivedAt: Date;
  spId: string;
  /** This order's own id, when re-validating a stored order (so it does not block itself). */
  orderId?: string;
  /** Serials this SP drew from the owner's ONT stock that are allowed for activation (spec §3, §7). */
  ontStock: readonly string[] | ReadonlySet<string> | Unchecked;
  /** The access named by `adapterId`; undefined when no access has that id. */
  target: AccessFacts | undefined | Unchecked;
  /**
   * Non-final orders on `adapterId` (store filter), in any order. The rules look only at the earliest
   * service order (BSNA/BSND) and the earliest fault ticket of the order's own category, so a store
   * may pass just those (application/orders/facts.ts does: intake does not read every open order).
   */
  pendingOrders: readonly PendingOrderFact[];
  /** The (new) address of an activation or move. */
  address: AddressFacts | Unchecked;
  /** The OLT serving the address/access. */
  olt: OltCapability | Unchecked;
  /** The ONT that will carry the service (the serial's model, or the access's ONT). */
  ont: OntCapability | Unchecked;
}

export interface ValidOrder {
  order: OrderInput;
  receivedOn: LocalDate;
  /** Services of the access once the order is carried out (BSNA); undefined for BSND/SBSN or unchecked target. */
  servicesAfter?: ServiceSelection;
}

/** Context that checks only the contract's fact-free rules (`ponctl order check`). */
export function permissiveContext(receivedAt: Date, spId = 'unknown'): OrderContext {
  return {
    receivedAt,
    spId,
    ontStock: 'unchecked',
    target: 'unchecked',
    pendingOrders: [],
    address: 'unchecked',
    olt: 'unchecked',
    ont: 'unchecked',
  };
}

type Rule = (order: OrderInput, ctx: OrderContext, receivedOn: LocalDate) => Verdict<unknown> | undefined;

const MAX_DAYS_AHEAD = 60;

/** spec §3: "Requested date in the past (before the day the order was sent) or more than 60 days after receipt → reject." */
const requestedDateRule: Rule = (order, _ctx, receivedOn) => {
  if (order.form === 'SBSN' || !order.requestedDate) return undefined;
  const ahead = daysBetween(receivedOn, order.requestedDate);
  if (ahead < 0)
    return reject(
      'REQUESTED_DATE_IN_PAST',
      `requested date ${order.requestedDate} is before the day of receipt ${receivedOn}`,
      'requestedDate',
    );
  if (ahead > MAX_DAYS_AHEAD)
    return reject(
      'REQUESTED_DATE_TOO_FAR',
      `requested date ${order.requestedDate} is more than ${MAX_DAYS_AHEAD} days after receipt ${receivedOn}`,
      'requestedDate',
    );
  return undefined;
};

/** spec §8 coverage: an activation or move needs a covered address. */
const coverageRule: Rule = (order, ctx) => {
  if ((order.category !== 'activation' && order.category !== 'move') || ctx.address === 'unchecked')
    return undefined;
  return ctx.address.covered
    ? undefined
    : reject('ADDRESS_NOT_COVERED', 'the address is not covered by the fibre network', 'address');
};

/**
 * design §4: another SP's resource is as good as absent — an AdapterID that belongs to another SP is
 * ADAPTER_ID_UNKNOWN, so an SP cannot learn which AdapterIDs exist.
 */
const adapterIdRule: Rule = (order, ctx) => {
  if (order.category === 'activation' || ctx.target === 'unchecked') return undefined;
  if (!ctx.target || ctx.target.spId !== ctx.spId || ctx.target.adapterId !== order.adapterId) {
    return reject(
      'ADAPTER_ID_UNKNOWN',
      `no access ${order.adapterId} for this service provider`,
      'adapterId',
    );
  }
  return undefined;
};

/**
 * spec §3 priority rule: "for orders on an existing AdapterID, the earlier-received order wins; a later
 * order on the same AdapterID (wholesale or retail) is rejected with a detailed reason." Applied to
 * BSNA and BSND orders; fault tickets (SBSN) are not service orders and neither block nor are blocked.
 */
const priorityRule: Rule = (order, ctx) => {
  if (order.category === 'activation' || order.form === 'SBSN') return undefined;
  const earlier = ctx.pendingOrders
    .filter(
      (p) => p.form !== 'SBSN' && p.id !== ctx.orderId && p.receivedAt.getTime() <= ctx.receivedAt.getTime(),
    )
    .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())[0];
  if (!earlier) return undefined;
  return reject(
    'EARLIER_ORDER_PENDING',
    `order ${earlier.id} on ${order.adapterId}, received ${earlier.receivedAt.toISOString()}, is still pending`,
    'adapterId',
  );
};

/**
 * Fault tickets under the priority rule (spec §3, docs/fairness.md; issue 17 item 4): an SBSN order is
 * an order on an existing AdapterID, so the earlier-received one wins and a later one is rejected with
 * a detailed reason — but only against an open ticket of the **same category**:
 * - two open tickets of one category on one access report the same fault: the earlier's repair clock
 *   already runs from its report (Table 8: "48 h from the report"), a second adds only another clock
 *   for the same outage (a double SLA claim) and work for nobody. A closed ticket awaiting the SP's
 *   verification is still open (its order is not final): spec §4 makes a negative verification the way
 *   to say the fault is back, and that repeats the repair on the same ticket;
 * - other categories are other faults or other work and are not blocked: an interruption after a
 *   degradation is the fault getting worse, an ONT replacement is often a degradation's repair (0.5 h),
 *   a joint visit or home installation is different work. Refusing them would keep a real fault from
 *   being reported and its SLA clock from starting;
 * - service orders (BSNA/BSND) and fault tickets do not block each other (priorityRule).
 */
const openFaultRule: Rule = (order, ctx) => {
  if (order.form !== 'SBSN') return undefined;
  const earlier = ctx.pendingOrders
    .filter(
      (p) =>
        p.form === 'SBSN' &&
        p.category === order.category &&
        p.id !== ctx.orderId &&
        p.receivedAt.getTime() <= ctx.receivedAt.getTime(),
    )
    .sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime())[0];
  if (!earlier) return undefined;
  return reject(
    'FAULT_ALREADY_OPEN',
    `fault ticket ${earlier.id} (${order.category}) on ${order.adapterId}, received ${earlier.receivedAt.toISOString()}, is still open: ` +
      'add to it, or verify it negatively once it is closed (spec §4)',
    'category',
  );
};

/**
 * The access must be in a state the order applies to. spec §3: an order on an AdapterID in SL is
 * treated as on an active one; only sl-reactivation requires SL.
 */
const stateRule: Rule = (order, ctx) => {
  if (order.category === 'activation' || ctx.target === 'unchecked' || !ctx.target) return undefined;
  const s = ctx.target.state;
  if (order.category === 'sl-reactivation') {
    return s === 'temporarily-disconnected'
      ? undefined
      : reject(
          'INVALID_STATE',
          `access ${order.adapterId} is ${s}, not in temporary disconnection`,
          'adapterId',
        );
  }
  if (s === 'active' || s === 'temporarily-disconnected') return undefined;
  return reject('INVALID_STATE', `access ${order.adapterId} is ${s}`, 'adapterId');
};

/**
 * spec §3 BSND: temporary disconnection "once per calendar year per access". The year is that of the
 * day the SL would start (the planned date of this order, Table 8: 3 RD or the requested date).
 */
const temporaryOncePerYearRule: Rule = (order, ctx) => {
  if (
    (order.category !== 'temporary-3m' && order.category !== 'temporary-6m') ||
    ctx.target === 'unchecked' ||
    !ctx.target
  )
    return undefined;
  const start = computeSchedule({
    category: order.category,
    receivedAt: ctx.receivedAt,
    requestedDate: order.requestedDate,
  }).plannedDate;
  const used = ctx.target.temporaryDisconnections.find((d) => yearOf(d) === yearOf(start));
  if (!used) return undefined;
  return reject(
    'TEMPORARY_DISCONNECTION_ALREADY_USED',
    `access ${order.adapterId} already had a temporary disconnection in ${yearOf(start)} (from ${used})`,
    'category',
  );
};

function inStock(stock: OrderContext['ontStock'], serial: string): boolean {
  if (stock === 'unchecked') return true;
  const s = serial.toUpperCase();
  return Array.isArray(stock)
    ? stock.some((x) => x.toUpperCase() === s)
    : (stock as ReadonlySet<string>).has(s);
}

/**
 * spec §3: home installation by the network owner = yes → the owner installs the ONT and the order
 * must not carry a serial; = no → the SP installs the ONT, the order must carry a serial, and the
 * serial must be one this SP drew from the owner's stock, allowed for activation (spec §7). An ONT
 * replacement (spec §4) must carry the new serial, also from the SP's stock.
 */
const ontSerialRule: Rule = (order, ctx) => {
  if (order.category === 'ont-replacement') {
    if (!order.newOntSerial)
      return reject('ONT_SERIAL_REQUIRED', 'an ONT replacement carries the new ONT serial', 'newOntSerial');
    return inStock(ctx.ontStock, order.newOntSerial)
      ? undefined
      : reject(
          'ONT_SERIAL_NOT_IN_STOCK',
          `ONT ${order.newOntSerial} was not drawn by this service provider or is not allowed for activation`,
          'newOntSerial',
        );
  }
  if (order.category !== 'activation' && order.category !== 'move' && order.category !== 'technology-change')
    return undefined;
  if (order.ownerInstallsHome) {
    return order.ontSerial
      ? reject(
          'ONT_SERIAL_NOT_ALLOWED',
          'the network owner installs the ONT when it builds the home installation: omit ontSerial',
          'ontSerial',
        )
      : undefined;
  }
  if (!order.ontSerial)
    return reject(
      'ONT_SERIAL_REQUIRED',
      'the service provider installs the ONT: ontSerial is required',
      'ontSerial',
    );
  return inStock(ctx.ontStock, order.ontSerial)
    ? undefined
    : reject(
        'ONT_SERIAL_NOT_IN_STOCK',
        `ONT ${order.ontSerial} was not drawn by this service provider or is not allowed for activation`,
        'ontSerial',
      );
};

/** The services of the access after the order, where they can be known (BSNA only). */
function servicesAfter(order: OrderInput, ctx: OrderContext): Verdict<ServiceSelection> | undefined {
  if (order.form !== 'BSNA') return undefined;
  if (order.category === 'activation') return applyOrderToServices({}, order);
  if (ctx.target === 'unchecked' || !ctx.target) {
    // without the access, only what the order itself restates can be checked
    return 'services' in order && order.services && order.category !== 'remove-service'
      ? accept(order.services)
      : undefined;
  }
  return applyOrderToServices(ctx.target.services, order);
}

/**
 * spec §2 footnote: 2000/1000 only on OLTs migrated to new equipment; a 1 GE ONT such as the F601
 * cannot deliver it. Checked on the services the access will have.
 */
function multiGigRule(after: ServiceSelection, ctx: OrderContext): Verdict<unknown> | undefined {
  if (after.internet !== MULTI_GIG_RATE) return undefined;
  if (ctx.olt !== 'unchecked' && !ctx.olt.supportsMultiGig) {
    return reject(
      'RATE_NOT_SUPPORTED_BY_OLT',
      'this OLT has not been migrated to equipment that carries 2000/1000',
      'services.internet',
    );
  }
  if (ctx.ont !== 'unchecked' && ctx.ont.uniMaxMbps < parseRate(MULTI_GIG_RATE).downMbps) {
    return reject(
      'RATE_NOT_SUPPORTED_BY_OLT',
      `the ONT${ctx.ont.model ? ` ${ctx.ont.model}` : ''} has a ${ctx.ont.uniMaxMbps} Mbit/s interface and cannot deliver 2000/1000`,
      'services.internet',
    );
  }
  return undefined;
}

/**
 * port-unblocking.md steps 4–7: active services on the port block an activation (or a move to that
 * address) unless the activation is marked forced.
 */
const portRule: Rule = (order, ctx) => {
  if ((order.category !== 'activation' && order.category !== 'move') || ctx.address === 'unchecked')
    return undefined;
  if (ctx.address.blockedBy.length === 0) return undefined;
  if (order.category === 'activation' && order.forced) return undefined;
  const kinds = [...new Set(ctx.address.blockedBy.map((b) => b.service))].join(', ');
  return reject(
    'PORT_BLOCKED',
    `the port has an active ${kinds} service; mark the order forced to take it over`,
    order.category === 'activation' ? 'forced' : 'address',
  );
};

/**
 * Validate a parsed order against the contract (spec §3). Rules run in this order: dates, coverage,
 * AdapterID (before anything that could reveal another SP's access), priority, open fault of the
 * same category, state, SL once a
 * year, ONT serial, resulting services (management-only, empty), 2000/1000 capability, port.
 */
export function validateOrder(order: OrderInput, ctx: OrderContext): Verdict<ValidOrder> {
  const receivedOn = zagrebDate(ctx.receivedAt);
  for (const rule of [
    requestedDateRule,
    coverageRule,
    adapterIdRule,
    priorityRule,
    openFaultRule,
    stateRule,
    temporaryOncePerYearRule,
    ontSerialRule,
  ]) {
    const v = rule(order, ctx, receivedOn);
    if (v && !v.ok) return v;
  }
  const after = servicesAfter(order, ctx);
  if (after && !after.ok) return after;
  if (after) {
    const v = multiGigRule(after.value, ctx);
    if (v && !v.ok) return v;
  }
  const port = portRule(order, ctx, receivedOn);
  if (port && !port.ok) return port;
  const out: ValidOrder = { order, receivedOn };
  if (after) out.servicesAfter = after.value;
  return accept(out);
}

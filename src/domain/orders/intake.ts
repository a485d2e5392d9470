/**
 * One call for the order service's intake (spec §3): parse the untrusted body, apply the contract's
 * rules with the facts in `ctx`, and compute the schedule (Table 8) — the answer acceptance states:
 * planned date, deadline, whether the access gets a new AdapterID.
 */
import { accept, type Verdict } from '../errors.ts';
import { adapterIdAfter } from '../subscribers/adapter-id.ts';
import type { ServiceSelection } from '../catalogue/catalogue.ts';
import type { LocalDate } from '../calendar/local-date.ts';
import { computeSchedule, type Schedule } from './deadlines.ts';
import { parseOrder } from './parse.ts';
import type { InstallationKind, OrderInput } from './types.ts';
import { validateOrder, type OrderContext } from './validate.ts';

export interface IntakeOptions {
  /** Table 6/8 installation kind of an activation, move or technology change (default 'existing'). */
  installation?: InstallationKind;
  /** Activation-family orders (all SPs) already received on the same Zagreb day (capacity rule). */
  activationsReceivedEarlierThatDay?: number;
  /** SBSN: when the access was activated (activation fault → 24 h). */
  accessActivatedAt?: Date;
}

export interface AcceptedOrder {
  order: OrderInput;
  receivedOn: LocalDate;
  schedule: Schedule;
  /** 'new': the store allocates an AdapterID (nextAdapterId); 'kept': the order's adapterId stays. */
  adapterId: 'new' | 'kept';
  servicesAfter?: ServiceSelection;
}

export function evaluateOrder(
  body: unknown,
  ctx: OrderContext,
  opts: IntakeOptions = {},
): Verdict<AcceptedOrder> {
  const parsed = parseOrder(body);
  if (!parsed.ok) return parsed;
  const valid = validateOrder(parsed.value, ctx);
  if (!valid.ok) return valid;
  const order = parsed.value;
  const schedule = computeSchedule({
    category: order.category,
    installation: opts.installation,
    receivedAt: ctx.receivedAt,
    requestedDate: order.form === 'SBSN' ? undefined : order.requestedDate,
    activationsReceivedEarlierThatDay: opts.activationsReceivedEarlierThatDay,
    accessActivatedAt: opts.accessActivatedAt,
  });
  const out: AcceptedOrder = {
    order,
    receivedOn: valid.value.receivedOn,
    schedule,
    adapterId: adapterIdAfter(order),
  };
  if (valid.value.servicesAfter) out.servicesAfter = valid.value.servicesAfter;
  return accept(out);
}

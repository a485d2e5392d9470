/**
 * When work happens (design §3, issue 5 item 9). An order that needs a technician (spec §3: the
 * owner builds the home installation, or a new installation) waits until field work is recorded —
 * `POST /v1/orders/:id/field-work` against real networks. The lab treats field work as done at
 * once: its stand-in (ports/field-work.ts) installs the ONT at the port and the visit is recorded.
 */
import { needsTechnicianVisit } from '../../domain/orders/cancellation.ts';
import type { OrderRecord } from '../ports/store/index.ts';
import { fieldWorkOf } from '../orders/order-detail.ts';

/** Does the order need field work before it may be applied, and is it still missing? */
export function awaitingFieldWork(order: OrderRecord): boolean {
  if (fieldWorkOf(order)) return false;
  const installation = order.detail?.installation ?? 'existing';
  return needsTechnicianVisit(order.input, installation);
}

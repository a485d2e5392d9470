/**
 * POST /v1/orders/:id/field-work (design §3): the network owner records a technician's completed
 * visit; until then an order needing one (spec §3: owner-built home installation, new installation)
 * is not applied. An owner-installed ONT is known by its serial only now, so the record carries it.
 */
import type { Store } from '../ports/store/index.ts';
import { DomainError } from '../../domain/errors.ts';
import type { Clock } from '../ports/clock.ts';
import { notFound, requireOperator, type Principal } from '../access/principal.ts';
import type { FieldWorkRecord } from './order-plan.ts';
import { detailWith } from '../orders/order-detail.ts';

export interface FieldWorkInput {
  ontSerial?: string;
  technician?: string;
  note?: string;
  /** When the work was done (default now). */
  completedAt?: string;
}

const SERIAL = /^[A-Z]{4}[0-9A-F]{8}$/;

export async function recordFieldWork(
  store: Store,
  clock: Clock,
  p: Principal,
  orderId: string,
  body: FieldWorkInput,
): Promise<FieldWorkRecord> {
  requireOperator(p, `order ${orderId}`);
  const serial = body.ontSerial?.toUpperCase();
  if (serial !== undefined && !SERIAL.test(serial))
    throw new DomainError('INCOMPLETE_ORDER', 'ontSerial must be 4 letters + 8 hex digits', 'ontSerial');
  const at = clock.now().toISOString();
  return store.transaction(async (tx) => {
    const o = await tx.orders.get(orderId);
    if (!o) throw notFound(`order ${orderId}`);
    if (!['accepted', 'scheduled', 'due'].includes(o.state)) {
      throw new DomainError(
        'INVALID_STATE',
        `field work can only be recorded before the order is carried out (order is ${o.state})`,
      );
    }
    const input = o.input;
    const ownerInstallsOnt =
      'ownerInstallsHome' in input && input.ownerInstallsHome && !('ontSerial' in input && input.ontSerial);
    if (ownerInstallsOnt && !serial)
      throw new DomainError(
        'ONT_SERIAL_REQUIRED',
        'the network owner installed the ONT: its serial is needed',
        'ontSerial',
      );
    const rec: FieldWorkRecord = {
      at: body.completedAt ?? at,
      by: body.technician ?? 'technician',
      ...(serial ? { ontSerial: serial } : {}),
      ...(body.note ? { note: body.note } : {}),
    };
    // not a state change: the order keeps its state (and becomes workable once due)
    await tx.orders.setState(o.id, o.state, o.state, at, {
      detail: detailWith(o, { fieldWork: rec, fieldVisitDone: true }),
    });
    await tx.orderEvents.append({
      orderId: o.id,
      at,
      from: o.state,
      to: o.state,
      reason: `field work recorded by ${rec.by}`,
      details: { fieldWork: rec },
    });
    return rec;
  });
}

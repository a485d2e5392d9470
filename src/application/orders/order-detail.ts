/**
 * Reading and extending an order's detail (ports/store/orders.ts OrderDetail, a union by form) in
 * one place: the facts only one form has are read through these, so no caller casts a bag of
 * unknowns, and what happens while an order is carried out is merged in without losing them.
 */
import type { ServiceSelection } from '../../domain/catalogue/catalogue.ts';
import type {
  FieldWorkRecord,
  OrderDetail,
  OrderDetailCommon,
  OrderRecord,
  TakenOverAccess,
} from '../ports/store/index.ts';

type Execution = Partial<Pick<OrderDetailCommon, 'fieldWork' | 'fieldVisitDone' | 'provisioning'>>;

/** The order's detail with `e` merged in (an order stored without detail gets its form's minimum). */
export function detailWith(o: Pick<OrderRecord, 'form' | 'detail'>, e: Execution): OrderDetail {
  const base: OrderDetail = o.detail ?? { form: o.form, installation: 'existing', capacityExtensionDays: 0 };
  return { ...base, ...e };
}

/** BSNA: the services the access has after the order, when intake could know them. */
export const servicesAfterOf = (o: Pick<OrderRecord, 'detail'>): ServiceSelection | undefined =>
  o.detail?.form === 'BSNA' ? o.detail.servicesAfter : undefined;

/** BSNA forced activation: the accesses it takes over (port unblocking). */
export const takesOverOf = (o: Pick<OrderRecord, 'detail'>): readonly TakenOverAccess[] =>
  (o.detail?.form === 'BSNA' ? o.detail.takesOver : undefined) ?? [];

/** BSND temporary disconnection: the day it ends (spec §3: 92 or 184 days). */
export const slEndsOnOf = (o: Pick<OrderRecord, 'detail'>): string | undefined =>
  o.detail?.form === 'BSND' ? o.detail.slEndsOn : undefined;

/** The recorded field visit, if any. */
export const fieldWorkOf = (o: Pick<OrderRecord, 'detail'>): FieldWorkRecord | undefined =>
  o.detail?.fieldWork;

/** What the API shows of an order (design §4): the order, its dates, and its history. */
import type { OrderEventRecord, OrderRecord } from '../ports/store/index.ts';
import type { OrderInput, OrderState } from '../../domain/orders/types.ts';

export interface OrderHistoryEntry {
  at: string;
  from?: OrderState;
  status: OrderState;
  reason: string;
  details?: Record<string, unknown>;
}

export interface OrderView {
  id: string;
  sp: string;
  form: string;
  category: string;
  status: OrderState;
  adapterId?: string;
  plannedDate?: string;
  deadline?: string;
  receivedAt: string;
  fee?: { cents: number; eur: number };
  order: OrderInput;
  history?: OrderHistoryEntry[];
}

export function toOrderView(o: OrderRecord, events?: readonly OrderEventRecord[]): OrderView {
  const v: OrderView = {
    id: o.id,
    sp: o.spId,
    form: o.form,
    category: o.category,
    status: o.state,
    receivedAt: o.receivedAt,
    order: o.input,
  };
  if (o.adapterId) v.adapterId = o.adapterId;
  if (o.plannedDate) v.plannedDate = o.plannedDate;
  if (o.deadline) v.deadline = o.deadline;
  if (o.feeCents !== undefined) v.fee = { cents: o.feeCents, eur: o.feeCents / 100 };
  if (events) {
    v.history = events.map((e) => {
      const h: OrderHistoryEntry = { at: e.at, status: e.to, reason: e.reason };
      if (e.from) h.from = e.from;
      if (e.details) h.details = e.details;
      return h;
    });
  }
  return v;
}

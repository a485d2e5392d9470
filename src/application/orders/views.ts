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
  /** Provisioning's failures in a row (issue 17 item 1): the NOC's and `ponctl orders`' view. */
  provisioning?: {
    attempts: number;
    lastError: string;
    lastAttemptAt: string;
    failingSince?: string;
    olt?: string;
    nextAttemptAt?: string;
    giveUpAt?: string;
    failedBecause?: 'permanent' | 'deadline-passed';
  };
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
  const pr = o.detail?.provisioning;
  if (pr) {
    v.provisioning = { attempts: pr.attempts, lastError: pr.lastError, lastAttemptAt: pr.at };
    if (pr.since) v.provisioning.failingSince = pr.since;
    if (pr.olt) v.provisioning.olt = pr.olt;
    if (pr.giveUpAt) v.provisioning.giveUpAt = pr.giveUpAt;
    // the next attempt is only pending while the order waits for it
    if (o.state === 'due' && pr.nextAttemptAt) v.provisioning.nextAttemptAt = pr.nextAttemptAt;
    if (o.state === 'failed' && pr.failedBecause) v.provisioning.failedBecause = pr.failedBecause;
  }
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

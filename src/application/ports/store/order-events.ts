/**
 * The append-only history of orders (design §8: "every state change of an order is an appended
 * event"): no update or delete exists here. `seq` numbers an order's events from 1.
 */
import type { OrderState } from '../../../domain/orders/types.ts';

export interface OrderEventRecord {
  orderId: string;
  seq: number;
  at: string;
  from?: OrderState;
  to: OrderState;
  reason: string;
  details?: Record<string, unknown>;
}

export interface OrderEventRepository {
  /** Appends the next event of an order; returns its seq. */
  append(e: Omit<OrderEventRecord, 'seq'>): Promise<number>;

  /**
   * The first events of a brand-new order (seq 1, 2, …): no MAX(seq) lookup, and one multi-row
   * INSERT rather than one statement per event (intake writes 3–4 per order).
   */
  appendNew(orderId: string, events: readonly Omit<OrderEventRecord, 'seq' | 'orderId'>[]): Promise<void>;

  /**
   * One event for each of many existing orders, each with its order's next `seq` (provisioning's
   * batches): multi-row statements; an order named twice gets its events in turn.
   */
  appendMany(events: readonly Omit<OrderEventRecord, 'seq'>[]): Promise<void>;

  list(orderId: string): Promise<OrderEventRecord[]>;

  /** Events of all orders after an instant (feeds, dashboards), oldest first. */
  since(at: string, limit?: number): Promise<OrderEventRecord[]>;
}

/**
 * In-process notifications of order state changes, published after the transaction commits. The
 * provisioning service listens for `due` (and also claims due orders from the store with leases,
 * design §8, so nothing is lost if it missed a notification or the process restarted); the live
 * event stream (GET /v1/events) listens for `change`. Webhooks do not come from here: they are
 * written to the outbox in the transaction of the change (transitions.ts). So every service that
 * moves an order publishes here, or the stream never hears of the change.
 */
import { EventEmitter } from 'node:events';
import type { OrderRecord } from '../ports/store/index.ts';
import type { OrderState } from '../../domain/orders/types.ts';

export interface OrderChange {
  order: OrderRecord;
  from?: OrderState;
  to: OrderState;
  at: string;
  reason: string;
}

export interface OrderRejection {
  spId: string;
  code: string;
  field?: string;
  /** The SP's own reference from the rejected body, when it had a usable one. */
  reference?: string;
  at: string;
}

interface BusEvents {
  change: [OrderChange];
  due: [OrderRecord];
  rejected: [OrderRejection];
}

/**
 * What a service that moves orders needs of the bus: to publish its committed changes (after its
 * transaction, never inside it — a rolled-back change must not reach a listener).
 */
export interface OrderChangePublisher {
  publish(changes: readonly OrderChange[]): void;
}

export class OrderBus extends EventEmitter<BusEvents> implements OrderChangePublisher {
  publish(changes: readonly OrderChange[]): void {
    for (const c of changes) {
      this.emit('change', c);
      if (c.to === 'due') this.emit('due', c.order);
    }
  }
}

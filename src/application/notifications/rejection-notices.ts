/**
 * design §4 `order.rejected`: a rejected order is not stored, so its webhook cannot ride in the
 * order's transaction (outbox.ts); it is enqueued in a transaction of its own when intake announces
 * the rejection on the order bus.
 */
import type { OrderBus, OrderRejection } from '../orders/order-bus.ts';
import type { Store } from '../ports/store/index.ts';
import { enqueueWebhook } from './outbox.ts';

/** Enqueues an `order.rejected` webhook for every rejection on `bus`; returns the unsubscribe. */
export function enqueueRejectionNotices(bus: OrderBus, store: Store): () => void {
  const onRejected = (r: OrderRejection) => {
    void store
      .transaction((tx) =>
        enqueueWebhook(
          tx,
          r.spId,
          'order.rejected',
          {
            code: r.code,
            ...(r.field ? { field: r.field } : {}),
            ...(r.reference !== undefined ? { reference: r.reference } : {}),
          },
          r.at,
        ),
      )
      .catch(() => undefined);
  };
  bus.on('rejected', onRejected);
  return () => bus.off('rejected', onRejected);
}

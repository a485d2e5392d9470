/**
 * Carrying out a forced order (port-unblocking.md steps 7–11; issue 8 §2) as ONE unit that either
 * completes or leaves the port as it was:
 *   1. snapshot the port: the blocking access's v-ANI exactly as read back from the device, the
 *      traffic descriptors it uses, AdapterID, SP, services, billing state — stored BEFORE the device
 *      is touched, so a crash mid-way can still put the port back;
 *   2. write the new SP's v-ANI in place of the old one, verified by read-back;
 *   3. one transaction: old access taken-over, new access active, order completed (order.completed
 *      to the new SP), `service.deactivated` to the existing SP with the AdapterID taken.
 * Any failure after 1: the snapshot's configuration is written back and verified, the snapshot is
 * dropped, the old access stays active and the order fails with the reason.
 */
import type { AccessRecord, OrderRecord, Store } from '../ports/store/index.ts';
import { zagrebDate } from '../../domain/calendar/local-date.ts';
import { DomainError } from '../../domain/errors.ts';
import type { TrafficProfile, VAni } from '../../domain/olt-config/model.ts';
import type { PortRef } from '../../domain/provisioning/subscriber-intent.ts';
import { isEffectivelyActive, transitionAccess } from '../../domain/subscribers/access-lifecycle.ts';
import { disputeDeadline } from '../../domain/unblocking/index.ts';
import { newTimePrefixedId } from '../ids/random-id.ts';
import { enqueueWebhook } from '../notifications/outbox.ts';
import type { OrderChangePublisher } from '../orders/order-bus.ts';
import { applyTrigger } from '../orders/transitions.ts';
import type { PortConfigurator } from './port-configurator.ts';
import { takesOverOf } from '../orders/order-detail.ts';

/** The configuration an access must have on its port (provisioning's intent → v-ANI). */
export type DesiredPort = (
  access: AccessRecord,
  at: string,
) => Promise<{ vani: VAni; profiles: TrafficProfile[] }>;

export interface TakeoverDeps {
  store: Store;
  configurator: PortConfigurator;
  desired: DesiredPort;
  disputeWindowDays: number;
  /** The order's start, completion or failure, published after each transaction commits (GET /v1/events). */
  bus: OrderChangePublisher;
}

export type TakeoverOutcome =
  | { ok: true; orderId: string; snapshotId: string; takenAdapterId: string; newAdapterId: string }
  | { ok: false; orderId: string; reason: string; restored: boolean };

const portOf = (a: AccessRecord): PortRef => ({ olt: a.olt, pon: a.pon, onuId: a.onuId });

async function startIfDue(deps: TakeoverDeps, order: OrderRecord, at: string): Promise<OrderRecord> {
  if (order.state !== 'due') return order;
  const change = await deps.store.transaction((tx) =>
    applyTrigger(tx, order, 'start', {
      at,
      reason: 'forced order: port takeover started (port-unblocking.md step 8)',
    }),
  );
  deps.bus.publish([change]);
  return change.order;
}

export async function carryOutForcedOrder(
  deps: TakeoverDeps,
  orderIn: OrderRecord,
  now: Date,
): Promise<TakeoverOutcome> {
  const { store, configurator } = deps;
  const at = now.toISOString();
  const order = await startIfDue(deps, orderIn, at);
  const taken = takesOverOf(order)[0];
  const fresh = order.adapterId ? await store.accesses.get(order.adapterId) : undefined;
  const old = taken ? await store.accesses.get(taken.adapterId) : undefined;
  if (!fresh) throw new DomainError('ADAPTER_ID_UNKNOWN', `forced order ${order.id}: its access is missing`);
  const port = portOf(fresh);

  // 1. snapshot (or the one a crashed earlier attempt already stored)
  let snap = await store.snapshots.byOrder(order.id);
  const blocking =
    old &&
    isEffectivelyActive(old.state) &&
    old.olt === port.olt &&
    old.pon === port.pon &&
    old.onuId === port.onuId
      ? old
      : undefined;
  if (!snap && blocking) {
    const before = await configurator.readPort(port);
    snap = {
      id: newTimePrefixedId('snp'),
      takenAt: at,
      port,
      adapterId: blocking.adapterId,
      sp: blocking.spId,
      ontSerial: blocking.ontSerial ?? '',
      services: blocking.services,
      accessLevel: blocking.accessLevel,
      billing: {
        state: blocking.state === 'temporarily-disconnected' ? 'temporarily-disconnected' : 'active',
        since: zagrebDate(new Date(blocking.createdAt)),
      },
      device: before.vani ?? null,
      trafficProfiles: before.profiles,
      takenByOrder: order.id,
      newAdapterId: fresh.adapterId,
      newSp: fresh.spId,
      disputeUntil: disputeDeadline(now, deps.disputeWindowDays),
      state: 'held',
    };
    await store.snapshots.insert(snap);
  }

  try {
    // 2. the new SP's services on the port, verified by read-back
    const target = await deps.desired(fresh, at);
    await configurator.writePort(port, target.vani, target.profiles);
    // 3. the store follows, all at once; the order's completion is published once it has committed
    const completed = await store.transaction(async (tx) => {
      const cur = await tx.orders.get(order.id);
      if (!cur || cur.state !== 'in-progress')
        throw new DomainError('INVALID_STATE', `order ${order.id} is ${cur?.state ?? 'gone'}`);
      const today = zagrebDate(now);
      if (snap && old) {
        const v = transitionAccess(old.state, 'take-over');
        if (!v.ok || !(await tx.accesses.update(old.adapterId, { state: v.value }, at, old.state))) {
          throw new DomainError('INVALID_STATE', `access ${old.adapterId} changed during the takeover`);
        }
        await tx.billing.startSl({
          adapterId: old.adapterId,
          kind: 'taken-over',
          startDate: today,
          plannedEnd: snap.disputeUntil,
          orderId: order.id,
        });
        await enqueueWebhook(
          tx,
          old.spId,
          'service.deactivated',
          {
            adapterId: old.adapterId,
            reason: 'forced-order',
            services: Object.keys(old.services).filter((k) => (old.services as Record<string, unknown>)[k]),
            disputeUntil: snap.disputeUntil,
          },
          at,
        );
      }
      const activated = transitionAccess('pending', 'activate');
      if (
        !activated.ok ||
        !(await tx.accesses.update(fresh.adapterId, { state: activated.value }, at, 'pending'))
      ) {
        throw new DomainError('INVALID_STATE', `access ${fresh.adapterId} is no longer pending`);
      }
      if (fresh.ontSerial)
        await tx.stock.setState(fresh.ontSerial, 'installed', at, { adapterId: fresh.adapterId });
      return applyTrigger(tx, cur, 'complete', {
        at,
        reason: snap
          ? 'forced order carried out: blocking service deactivated, new service active and verified'
          : 'activated and verified',
        details: snap ? { snapshot: snap.id, disputeUntil: snap.disputeUntil } : undefined,
      });
    });
    deps.bus.publish([completed]);
    return {
      ok: true,
      orderId: order.id,
      snapshotId: snap?.id ?? '',
      takenAdapterId: snap?.adapterId ?? '',
      newAdapterId: fresh.adapterId,
    };
  } catch (err) {
    const reason = (err as Error).message;
    let restored = false;
    try {
      if (snap) await configurator.writePort(port, snap.device, snap.trafficProfiles);
      restored = true;
    } catch {
      /* device unreachable: the snapshot stays, a retry or an operator restores it */
    }
    if (!restored) throw err;
    const failed = await store.transaction(async (tx) => {
      if (snap) await tx.snapshots.remove(snap.id);
      const cur = await tx.orders.get(order.id);
      if (cur?.state !== 'in-progress') return [];
      const change = await applyTrigger(tx, cur, 'fail', {
        at,
        reason: `forced order failed, port left as it was: ${reason}`,
      });
      const abandoned = transitionAccess('pending', 'abandon');
      if (abandoned.ok) await tx.accesses.update(fresh.adapterId, { state: abandoned.value }, at, 'pending');
      if (fresh.ontSerial)
        await tx.stock.setState(fresh.ontSerial, 'in-stock', at, { adapterId: null, expect: 'reserved' });
      return [change];
    });
    deps.bus.publish(failed);
    return { ok: false, orderId: order.id, reason, restored };
  }
}

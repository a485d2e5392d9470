/**
 * Port unblocking (port-unblocking.md; issue 8 §2–§3): carries out forced orders (forced-takeover.ts),
 * takes the existing SP's dispute within the window (steps 16–19: the port back to EXACTLY the
 * snapshot, verified on read-back; the new SP's service deactivated and `service.restored` sent), and
 * releases snapshots whose window closed (step 15: snapshot gone, old access ended for billing, its
 * ONT due back).
 */
import type { Store } from '../ports/store/index.ts';
import { addDays, zagrebDate } from '../../domain/calendar/local-date.ts';
import { DomainError } from '../../domain/errors.ts';
import { transitionAccess } from '../../domain/subscribers/access-lifecycle.ts';
import { checkDispute, type PortSnapshot } from '../../domain/unblocking/index.ts';
import type { Clock } from '../ports/clock.ts';
import { openOntReturn } from '../lifecycle/ont-returns.ts';
import { UNBLOCKING_RESERVED } from '../lifecycle/order-hooks.ts';
import { enqueueWebhook } from '../notifications/outbox.ts';
import { canSee, notFound, requireSp, type Principal } from '../access/principal.ts';
import { carryOutForcedOrder, type DesiredPort, type TakeoverOutcome } from './forced-takeover.ts';
import type { PortConfigurator } from './port-configurator.ts';
import type { OrderChangePublisher } from '../orders/order-bus.ts';

export interface UnblockingDeps {
  store: Store;
  clock: Clock;
  configurator: PortConfigurator;
  desired: DesiredPort;
  /** Calendar days after the takeover day a dispute is accepted (PONCTL_DISPUTE_WINDOW_DAYS, default 14). */
  disputeWindowDays: number;
  instanceId: string;
  /** A forced order's changes, published after commit (forced-takeover.ts). */
  bus: OrderChangePublisher;
  /** A claimed forced order untouched this long is taken over from a crashed instance. */
  staleMs?: number;
}

export interface DisputeResult {
  adapterId: string;
  state: string;
  restoredAt: string;
  /** Last day of the window the dispute was made in (the new SP's access is never shown here: another SP's data). */
  disputeUntil: string;
}

export interface DisputeView {
  adapterId: string;
  state: PortSnapshot['state'];
  takenAt: string;
  disputeUntil: string;
  /** The snapshot's device configuration is still held (false once released). */
  snapshotHeld: boolean;
}

export class UnblockingService {
  /** Disputes in flight per AdapterID (one device restore at a time). */
  private readonly inFlight = new Set<string>();

  constructor(private readonly deps: UnblockingDeps) {}

  /** The worker's pass: claim reserved forced orders and carry each out. */
  async processForcedOrders(): Promise<TakeoverOutcome[]> {
    const { store, clock } = this.deps;
    const owner = `${UNBLOCKING_RESERVED}@${this.deps.instanceId}`;
    const stale = new Date(clock.now().getTime() - (this.deps.staleMs ?? 10 * 60_000)).toISOString();
    const out: TakeoverOutcome[] = [];
    for (const id of await store.snapshots.claimForcedOrders(UNBLOCKING_RESERVED, owner, stale)) {
      const o = await store.orders.get(id);
      if (!o) continue;
      out.push(await carryOutForcedOrder(this.deps, o, clock.now()));
    }
    return out;
  }

  /** GET /v1/disputes/:adapterId — the existing SP's view of a takeover of its access. */
  async view(p: Principal, adapterId: string): Promise<DisputeView> {
    const s = await this.deps.store.snapshots.latestForAdapter(adapterId);
    if (!s || !canSee(p, s.sp)) throw notFound(`takeover of ${adapterId}`);
    return {
      adapterId,
      state: s.state,
      takenAt: s.takenAt,
      disputeUntil: s.disputeUntil,
      snapshotHeld: s.state === 'held' && s.device !== undefined,
    };
  }

  /** POST /v1/disputes — forced reactivation by the existing SP (steps 16–19). */
  async dispute(p: Principal, adapterId: string): Promise<DisputeResult> {
    const sp = requireSp(p, 'disputing a takeover');
    const { store, clock, configurator } = this.deps;
    const snap = await store.snapshots.latestForAdapter(adapterId);
    const v = checkDispute(snap, sp, clock.now());
    if (!v.ok) throw new DomainError(v.code, v.message, v.field);
    const s = v.value;
    const old = await store.accesses.get(s.adapterId);
    if (!old || old.state !== 'taken-over')
      throw new DomainError('NOTHING_TO_RESTORE', 'the access is not taken over', 'adapterId');
    if (this.inFlight.has(adapterId))
      throw new DomainError('INVALID_STATE', 'a dispute of this access is being carried out', 'adapterId');
    this.inFlight.add(adapterId);
    try {
      // steps 17–18: the port back to exactly the snapshot, verified by read-back (throws if not)
      await configurator.writePort(s.port, s.device, s.trafficProfiles);
      const now = clock.now();
      const at = now.toISOString();
      const today = zagrebDate(now);
      await store.transaction(async (tx) => {
        if (!(await tx.snapshots.setState(s.id, 'held', 'restored', at)))
          throw new DomainError('NOTHING_TO_RESTORE', 'this takeover was already settled', 'adapterId');
        const back = transitionAccess('taken-over', 'restore');
        if (!back.ok) throw new DomainError(back.code, back.message);
        const state =
          s.billing.state === 'temporarily-disconnected' ? 'temporarily-disconnected' : back.value;
        await tx.accesses.update(s.adapterId, { state }, at, 'taken-over');
        const gap = await tx.billing.openSl(s.adapterId, 'taken-over');
        if (gap) await tx.billing.endSl(s.adapterId, gap.startDate, today, 'taken-over');
        if (s.newAdapterId) {
          const fresh = await tx.accesses.get(s.newAdapterId);
          if (fresh && fresh.state !== 'deactivated') {
            await tx.accesses.update(fresh.adapterId, { state: 'deactivated' }, at);
            await tx.billing.endBilling(
              fresh.adapterId,
              addDays(today, -1),
              zagrebDate(new Date(fresh.createdAt)),
            );
            if (fresh.ontSerial)
              await openOntReturn(
                tx,
                {
                  serial: fresh.ontSerial,
                  spId: fresh.spId,
                  adapterId: fresh.adapterId,
                  reason: 'deactivation',
                },
                at,
              );
          }
          // step 19: the new SP is told its service was deactivated at the existing SP's request
          await enqueueWebhook(
            tx,
            s.newSp,
            'service.restored',
            {
              adapterId: s.newAdapterId,
              reason: 'disputed by the existing service provider',
              orderId: s.takenByOrder,
            },
            at,
          );
        }
        await enqueueWebhook(
          tx,
          s.sp,
          'service.reactivated',
          {
            adapterId: s.adapterId,
            reason: 'dispute accepted: port restored to its state before the forced order',
          },
          at,
        );
      });
      return {
        adapterId: s.adapterId,
        state: s.billing.state === 'temporarily-disconnected' ? 'temporarily-disconnected' : 'active',
        restoredAt: at,
        disputeUntil: s.disputeUntil,
      };
    } finally {
      this.inFlight.delete(adapterId);
    }
  }

  /** Daily job (step 15): snapshots whose window closed are released; the old access ends. */
  async releaseExpired(): Promise<string[]> {
    const { store, clock } = this.deps;
    const now = clock.now();
    const at = now.toISOString();
    const released: string[] = [];
    for (const s of await store.snapshots.expiredHeld(zagrebDate(now))) {
      await store.transaction(async (tx) => {
        if (!(await tx.snapshots.release(s.id, at))) return;
        const old = await tx.accesses.get(s.adapterId);
        if (old?.state === 'taken-over') {
          const v = transitionAccess(old.state, 'release');
          if (v.ok) await tx.accesses.update(old.adapterId, { state: v.value }, at, 'taken-over');
          // billed up to the day before the takeover (its service ended then, port-unblocking.md step 15)
          await tx.billing.endBilling(
            old.adapterId,
            addDays(zagrebDate(new Date(s.takenAt)), -1),
            zagrebDate(new Date(old.createdAt)),
          );
          if (old.ontSerial)
            await openOntReturn(
              tx,
              {
                serial: old.ontSerial,
                spId: old.spId,
                adapterId: old.adapterId,
                reason: 'moved-to-other-sp',
              },
              at,
            );
        }
        released.push(s.id);
      });
    }
    return released;
  }
}

/**
 * The order side of a provisioning run (order table in domain/orders/lifecycle.ts): orders start
 * when their batch is about to touch the device, complete — with their store effects, in one
 * transaction — ONLY after the device configuration was verified (issue 5 item 6), and otherwise go
 * back to due with backoff or fail, the reason in their events. Every change goes out on the bus
 * after commit (order.completed etc. through applyTrigger's outbox).
 */
import type { OrderRecord, Store } from '../ports/store/index.ts';
import { DomainError } from '../../domain/errors.ts';
import { MissingCapabilityError } from '../ports/olt-driver/errors.ts';
import type { OrderTrigger } from '../../domain/orders/lifecycle.ts';
import { retryDecision } from '../../domain/orders/provisioning-retry.ts';
import type { OrderChange } from '../orders/order-bus.ts';
import { applyTrigger, applyTriggers } from '../orders/transitions.ts';
import {
  needsReconciliationAfter,
  reasonOf,
  type OrderOutcome,
  type ProvisioningContext,
} from './context.ts';
import { commitPlans, type OrderPlan } from './order-plan.ts';
import { detailWith } from '../orders/order-detail.ts';

/**
 * The batch's orders as stored now (by id), in one light read (issue 16): a plan's order whose state
 * and `updatedAt` are as the plan has them is the plan's record with the lease as stored (every other
 * write to an order moves its `updatedAt`: OrderRepository.versions); only the others are read whole.
 * Before, start and completion each read every order of the batch whole (input and detail parsed
 * again, twice per order), to compare its state.
 */
async function storedOrders(tx: Store, plans: readonly OrderPlan[]): Promise<Map<string, OrderRecord>> {
  const now = new Map((await tx.orders.versions(plans.map((p) => p.order.id))).map((v) => [v.id, v]));
  const cur = new Map<string, OrderRecord>();
  const changed: string[] = [];
  for (const p of plans) {
    const v = now.get(p.order.id);
    if (!v) continue;
    if (v.state === p.order.state && v.updatedAt === p.order.updatedAt)
      cur.set(v.id, { ...p.order, leaseOwner: v.leaseOwner, leaseUntil: v.leaseUntil });
    else changed.push(v.id);
  }
  if (changed.length) for (const o of await tx.orders.getMany(changed)) cur.set(o.id, o);
  return cur;
}

/**
 * due → in-progress for each plan's order (already in-progress: reclaimed, kept); cancelled ones drop
 * out. One transaction and a few statements for the whole batch (applyTriggers, issue 16 item 3).
 */
export async function startOrders(ctx: ProvisioningContext, plans: OrderPlan[]): Promise<OrderPlan[]> {
  const at = ctx.now();
  const changes: OrderChange[] = [];
  const started = await ctx.store.transaction(async (tx) => {
    const cur = await storedOrders(tx, plans);
    const now = new Map<string, OrderPlan['order']>();
    const due = plans.filter((p) => {
      const c = cur.get(p.order.id);
      if (c?.state === 'in-progress') now.set(c.id, { ...c, detail: p.order.detail });
      return c?.state === 'due'; // otherwise cancelled meanwhile
    });
    const made = await applyTriggers(
      tx,
      due.map((p) => ({
        order: cur.get(p.order.id)!,
        trigger: 'start' as const,
        o: {
          at,
          reason: 'provisioning picked the order up',
          patch: { detail: p.order.detail },
          details: {
            instance: ctx.o.instanceId,
            ...(p.order.detail?.fieldWork ? { fieldWork: p.order.detail.fieldWork } : {}),
          },
        },
      })),
    );
    changes.push(...made);
    for (const c of made) now.set(c.order.id, c.order);
    return plans.flatMap((p) => {
      const o = now.get(p.order.id);
      return o ? [{ ...p, order: o }] : [];
    });
  });
  ctx.deps.bus.publish(changes);
  return started;
}

/**
 * Verified: complete every order with its store effects, in one transaction and a few statements for
 * the whole batch (commitPlans, applyTriggers; issue 16 item 3).
 */
export async function completeOrders(
  ctx: ProvisioningContext,
  olt: string,
  plans: OrderPlan[],
  runId: string,
  changes: number,
): Promise<OrderOutcome[]> {
  const at = ctx.now();
  const published: OrderChange[] = [];
  const out = await ctx.store.transaction(async (tx) => {
    const cur = await storedOrders(tx, plans);
    const ready = plans.filter((p) => cur.get(p.order.id)?.state === 'in-progress');
    // the store effects first (as each order's commit before its transition), then the transitions
    await commitPlans(tx, ready, at);
    const made = await applyTriggers(
      tx,
      ready.map((p) => ({
        order: cur.get(p.order.id)!,
        trigger: 'complete' as const,
        o: {
          at,
          reason: `configuration applied and verified on ${olt}: ${p.summary}`,
          details: { olt, run: runId, deviceChanges: changes, verified: true },
        },
      })),
    );
    // an order moved under us since it was read: nothing of this transaction stands (as applyTrigger)
    if (made.length !== ready.length)
      throw new DomainError('INVALID_STATE', `an order of the batch on ${olt} changed concurrently`);
    published.push(...made);
    await tx.olts.setLastApplied(olt, at);
    return plans.map((p): OrderOutcome => {
      const c = cur.get(p.order.id);
      return c?.state === 'in-progress'
        ? { orderId: p.order.id, outcome: 'completed' }
        : { orderId: p.order.id, outcome: 'skipped', reason: `state ${c?.state}` };
    });
  });
  ctx.deps.bus.publish(published);
  return out;
}

/**
 * A failed attempt (issue 17 item 1): the rule of domain/orders/provisioning-retry.ts decides —
 * back to due with a backoff until the order's deadline has passed (a device failure), or failed
 * (the order cannot be carried out, or the deadline passed), the reason, attempts and next attempt
 * in its detail and events. A failed order keeps its reservations (domain/orders/reservations.ts).
 * `permanent` for errors no retry can fix (the order itself, or a device without a capability the
 * order needs: the reason names the missing modules/features); `olt` where the attempt was made.
 */
export async function settleOrderFailure(
  ctx: ProvisioningContext,
  order: OrderRecord,
  e: unknown,
  permanent: boolean,
  olt?: string,
): Promise<OrderOutcome> {
  const r = reasonOf(e);
  // an OLT that lacks a module / feature the order needs (design §6) will not grow it on a retry
  const isPermanent = permanent || e instanceof DomainError || e instanceof MissingCapabilityError;
  const now = ctx.deps.clock.now();
  const at = now.toISOString();
  const { retryBaseMs, retryMaxMs, retryWindowMs, instanceId } = ctx.o;
  const changes: OrderChange[] = [];
  let attempt = 0;
  const outcome = await ctx.store.transaction(async (tx) => {
    let cur = await tx.orders.get(order.id);
    if (!cur) return { orderId: order.id, outcome: 'skipped' as const };
    if (cur.state === 'due') {
      const c = await applyTrigger(tx, cur, 'start', {
        at,
        reason: 'provisioning picked the order up',
        details: { instance: instanceId },
      });
      changes.push(c);
      cur = c.order;
    }
    if (cur.state !== 'in-progress') return { orderId: order.id, outcome: 'skipped' as const };
    const prev = cur.detail?.provisioning;
    attempt = (prev?.attempts ?? 0) + 1;
    const since = prev?.since ?? prev?.at ?? at;
    const sbsnDeadline = cur.detail?.form === 'SBSN' ? cur.detail.deadlineAt : undefined;
    const d = retryDecision(
      {
        attempts: attempt,
        now,
        failingSince: new Date(since),
        deadline: cur.deadline,
        deadlineAt: sbsnDeadline ? new Date(sbsnDeadline) : undefined,
        permanent: isPermanent,
      },
      { baseMs: retryBaseMs, capMs: retryMaxMs, minWindowMs: retryWindowMs },
    );
    const cause = `${r.code}: ${r.message}`;
    const where = olt ? ` on ${olt}` : '';
    // never "left as it was" when the driver could not say so (the OLT is flagged, olt-batches.ts)
    const left = needsReconciliationAfter(e)
      ? `the device may not be as it was${where} (the OLT is flagged for reconciliation)`
      : `the device was left as it was${where}`;
    const reason =
      d.kind === 'retry'
        ? `device error, ${left}; attempt ${attempt + 1} at ${d.at.toISOString()} (retries until ${d.giveUpAt.toISOString()}): ${cause}`
        : d.why === 'permanent'
          ? `provisioning failed${where}: the order cannot be carried out: ${cause}`
          : `provisioning failed${where} after ${attempt} attempts: the deadline passed (${d.giveUpAt?.toISOString()}): ${cause}`;
    const trigger: OrderTrigger = d.kind === 'retry' ? 'retry' : 'fail';
    const rolledBack = (e as { rolledBack?: boolean })?.rolledBack;
    const c = await applyTrigger(tx, cur, trigger, {
      at,
      reason,
      patch: {
        detail: detailWith(cur, {
          provisioning: {
            attempts: attempt,
            lastError: cause,
            at,
            since,
            ...(olt ? { olt } : {}),
            ...(d.kind === 'retry'
              ? { nextAttemptAt: d.at.toISOString(), giveUpAt: d.giveUpAt.toISOString() }
              : {
                  failedBecause: d.why,
                  ...(d.giveUpAt ? { giveUpAt: d.giveUpAt.toISOString() } : {}),
                }),
          },
        }),
      },
      details: {
        error: r.code,
        message: r.message,
        attempt,
        ...(olt ? { olt } : {}),
        ...(d.kind === 'retry' ? { nextAttemptAt: d.at.toISOString() } : { why: d.why }),
        ...(rolledBack !== undefined ? { rolledBack } : {}),
      },
    });
    changes.push(c);
    // leases are on the wall clock (store port); the delay is the rule's
    if (d.kind === 'retry') await tx.provisioning.backoff(order.id, Date.now() + d.delayMs);
    return {
      orderId: order.id,
      outcome: d.kind === 'retry' ? ('retry' as const) : ('failed' as const),
      reason,
    };
  });
  ctx.deps.bus.publish(changes);
  if (outcome.outcome !== 'skipped')
    ctx.log.warn(
      { order: order.id, olt, attempt, outcome: outcome.outcome, err: r },
      `provisioning attempt failed: ${outcome.outcome === 'retry' ? 'retrying' : 'order failed'}`,
    );
  return outcome;
}

/**
 * The order side of a provisioning run (order table in domain/orders/lifecycle.ts): orders start
 * when their batch is about to touch the device, complete — with their store effects, in one
 * transaction — ONLY after the device configuration was verified (issue 5 item 6), and otherwise go
 * back to due with backoff or fail, the reason in their events. Every change goes out on the bus
 * after commit (order.completed etc. through applyTrigger's outbox).
 */
import type { OrderRecord } from '../ports/store/index.ts';
import { DomainError } from '../../domain/errors.ts';
import { MissingCapabilityError } from '../ports/olt-driver/errors.ts';
import type { OrderTrigger } from '../../domain/orders/lifecycle.ts';
import type { OrderChange } from '../orders/order-bus.ts';
import { applyTrigger } from '../orders/transitions.ts';
import { reasonOf, type OrderOutcome, type ProvisioningContext } from './context.ts';
import type { OrderPlan } from './order-plan.ts';
import { detailWith } from '../orders/order-detail.ts';

/** due → in-progress for each plan's order (already in-progress: reclaimed, kept); cancelled ones drop out. */
export async function startOrders(ctx: ProvisioningContext, plans: OrderPlan[]): Promise<OrderPlan[]> {
  const at = ctx.now();
  const changes: OrderChange[] = [];
  const started = await ctx.store.transaction(async (tx) => {
    const ok: OrderPlan[] = [];
    for (const p of plans) {
      const cur = await tx.orders.get(p.order.id);
      if (!cur) continue;
      if (cur.state === 'in-progress') {
        ok.push({ ...p, order: { ...cur, detail: p.order.detail } });
        continue;
      }
      if (cur.state !== 'due') continue; // cancelled meanwhile
      const c = await applyTrigger(tx, cur, 'start', {
        at,
        reason: 'provisioning picked the order up',
        patch: { detail: p.order.detail },
        details: {
          instance: ctx.o.instanceId,
          ...(p.order.detail?.fieldWork ? { fieldWork: p.order.detail.fieldWork } : {}),
        },
      });
      changes.push(c);
      ok.push({ ...p, order: c.order });
    }
    return ok;
  });
  ctx.deps.bus.publish(changes);
  return started;
}

/** Verified: complete every order with its store effects, in one transaction. */
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
    const r: OrderOutcome[] = [];
    for (const p of plans) {
      const cur = await tx.orders.get(p.order.id);
      if (!cur || cur.state !== 'in-progress') {
        r.push({ orderId: p.order.id, outcome: 'skipped', reason: `state ${cur?.state}` });
        continue;
      }
      await p.commit(tx, at);
      published.push(
        await applyTrigger(tx, cur, 'complete', {
          at,
          reason: `configuration applied and verified on ${olt}: ${p.summary}`,
          details: { olt, run: runId, deviceChanges: changes, verified: true },
        }),
      );
      r.push({ orderId: p.order.id, outcome: 'completed' });
    }
    await tx.olts.setLastApplied(olt, at);
    return r;
  });
  ctx.deps.bus.publish(published);
  return out;
}

/**
 * A failed order: back to due with backoff (transient), or failed (permanent, or attempts used
 * up), the reason in its events. `permanent` for errors no retry can fix (the order itself, or a
 * device without a capability the order needs: the reason names the missing modules/features).
 */
export async function settleOrderFailure(
  ctx: ProvisioningContext,
  order: OrderRecord,
  e: unknown,
  permanent: boolean,
): Promise<OrderOutcome> {
  const r = reasonOf(e);
  // an OLT that lacks a module / feature the order needs (design §6) will not grow it on a retry
  const isPermanent = permanent || e instanceof DomainError || e instanceof MissingCapabilityError;
  const at = ctx.now();
  const { maxAttempts, retryBaseMs, retryMaxMs, instanceId } = ctx.o;
  const changes: OrderChange[] = [];
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
    const prev = cur.detail?.provisioning?.attempts ?? 0;
    const attempts = prev + 1;
    const trigger: OrderTrigger = isPermanent || attempts >= maxAttempts ? 'fail' : 'retry';
    const delay = Math.min(retryMaxMs, retryBaseMs * 2 ** (attempts - 1));
    const rolledBack = (e as { rolledBack?: boolean })?.rolledBack;
    const reason =
      trigger === 'fail'
        ? `provisioning failed${isPermanent ? '' : ` after ${attempts} attempts`}: ${r.code}: ${r.message}`
        : `device error, the device was left as it was; retry ${attempts + 1} of ${maxAttempts} in ${Math.round(delay / 1000)} s: ${r.code}: ${r.message}`;
    const c = await applyTrigger(tx, cur, trigger, {
      at,
      reason,
      patch: {
        detail: detailWith(cur, { provisioning: { attempts, lastError: `${r.code}: ${r.message}`, at } }),
      },
      details: {
        error: r.code,
        message: r.message,
        attempt: attempts,
        ...(rolledBack !== undefined ? { rolledBack } : {}),
      },
    });
    changes.push(c);
    if (trigger === 'retry') await tx.provisioning.backoff(order.id, Date.now() + delay);
    return {
      orderId: order.id,
      outcome: trigger === 'fail' ? ('failed' as const) : ('retry' as const),
      reason,
    };
  });
  ctx.deps.bus.publish(changes);
  ctx.log.warn({ order: order.id, outcome: outcome.outcome, err: r }, 'order not completed');
  return outcome;
}

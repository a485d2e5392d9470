/**
 * Carrying out orders on one OLT as its only writer (design §8, olt-locks.ts; issue 5 item 6): read
 * the device once, then per batch of ≤ batchMax orders: start → desired of their ONUs → minimal diff
 * → driver.apply (NETCONF: candidate + validate + confirmed commit + read-back verify + confirm;
 * CLI: commands + verify, undo on error) → complete (order-settlement.ts), only after verification.
 *
 * OLTs are worked on in parallel (provisioning-service.ts, bounded by `oltConcurrency`); the OLT's
 * write lock makes this instance its only writer across instances too.
 *
 * Failures: a batch that fails is split and each order tried alone (a result per subscriber); a
 * device error leaves the device as it was (driver rollback/undo) and the order is settled (retry
 * or fail). A session lost mid-change (outcome unknown), or a change the driver could not roll back
 * (CommitError, rolledBack false), flags the OLT `needsReconciliation`; the orders of later batches
 * wait for the next run, which reconciles first.
 */
import type { OltDriver } from '../ports/olt-driver/olt-driver.ts';
import { StalePlanError, VerifyError } from '../ports/olt-driver/errors.ts';
import { OltLockTimeoutError } from '../ports/olt-locks.ts';
import { describeChange, type ConfigDiff } from '../../domain/olt-config/diff.ts';
import type { OltConfig } from '../../domain/olt-config/model.ts';
import {
  chunks,
  flagForReconciliation,
  needsReconciliationAfter,
  newRunId,
  outcomeUnknown,
  reasonOf,
  type OrderOutcome,
  type ProvisioningContext,
} from './context.ts';
import type { OltConvergence } from './convergence.ts';
import { overlay, targetsState } from './managed-state.ts';
import { completeOrders, settleOrderFailure, startOrders } from './order-settlement.ts';
import type { OnuTarget, OrderPlan } from './order-plan.ts';

interface BatchResult {
  outcomes: OrderOutcome[];
  /** What the device holds afterwards; undefined = the session is gone or the OLT is flagged. */
  actual?: OltConfig;
}

export class OltBatches {
  constructor(
    private readonly ctx: ProvisioningContext,
    private readonly convergence: OltConvergence,
  ) {}

  private get store() {
    return this.ctx.store;
  }

  /** Carries out plans on one OLT as its only writer (and, for moves across OLTs, the others after). */
  async processOlt(olt: string, plans: OrderPlan[], alsoOlts: string[] = []): Promise<OrderOutcome[]> {
    const out: OrderOutcome[] = [];
    const only = (name: string) =>
      plans.map((p) => ({ ...p, targets: p.targets.filter((t) => t.olt === name) }));
    const steps = [olt, ...alsoOlts];
    for (const [i, name] of steps.entries()) {
      const last = i === steps.length - 1;
      const before = out.length;
      const ok = await this.runOnOlt(name, steps.length > 1 ? only(name) : plans, last, out);
      // intermediate steps of a cross-OLT move report nothing; only the last step completes
      if (!last)
        out.splice(before, out.length - before, ...out.slice(before).filter((x) => x.outcome !== 'skipped'));
      if (!ok) break;
    }
    return out;
  }

  /**
   * One OLT's part of the plans, under its lock; false when the OLT could not be worked (session gone,
   * or another instance kept writing it longer than the lock wait: its orders are released for the
   * next pass, here or there, instead of waiting out their leases).
   */
  private async runOnOlt(
    name: string,
    ps: OrderPlan[],
    finalStep: boolean,
    out: OrderOutcome[],
  ): Promise<boolean> {
    try {
      return await this.runLocked(name, ps, finalStep, out);
    } catch (e) {
      if (!(e instanceof OltLockTimeoutError)) throw e;
      this.ctx.log.warn({ olt: name, orders: ps.length, waitedMs: e.waitedMs }, 'OLT busy; orders released');
      for (const p of ps) {
        await this.store.orders.releaseLease(p.order.id, this.ctx.o.instanceId);
        out.push({ orderId: p.order.id, outcome: 'skipped', reason: 'OLT busy: another instance writes it' });
      }
      return false;
    }
  }

  private runLocked(
    name: string,
    ps: OrderPlan[],
    finalStep: boolean,
    out: OrderOutcome[],
  ): Promise<boolean> {
    return this.ctx.deps.locks.withOlt(name, async () => {
      let driver: OltDriver;
      let actual: OltConfig;
      try {
        driver = await this.ctx.deps.pool.driver(name);
        const rec = await this.store.olts.get(name);
        if (rec?.needsReconciliation) await this.convergence.convergeLocked(name, driver, 'reconcile');
        actual = await driver.readConfig();
      } catch (e) {
        if (needsReconciliationAfter(e)) await flagForReconciliation(this.ctx, name, e);
        for (const p of ps) out.push(await settleOrderFailure(this.ctx, p.order, e, false, name));
        return false;
      }
      for (const batch of chunks(ps, this.ctx.o.batchMax)) {
        const r = await this.applyBatch(name, driver, batch, actual, finalStep);
        out.push(...r.outcomes);
        if (!r.actual) {
          // the session is gone or the OLT flagged: later batches wait for the next run (their leases run out)
          for (const p of ps.slice(ps.indexOf(batch[batch.length - 1]) + 1)) {
            await this.store.orders.releaseLease(p.order.id, this.ctx.o.instanceId);
            out.push({
              orderId: p.order.id,
              outcome: 'skipped',
              reason: 'OLT session lost or flagged for reconciliation',
            });
          }
          return false;
        }
        actual = r.actual;
      }
      return true;
    });
  }

  private async applyBatch(
    olt: string,
    driver: OltDriver,
    plans: OrderPlan[],
    actual: OltConfig,
    finalStep = true,
    retried = false,
  ): Promise<BatchResult> {
    const started = await startOrders(this.ctx, plans);
    if (!started.length)
      return { outcomes: plans.map((p) => ({ orderId: p.order.id, outcome: 'skipped' as const })), actual };
    const targets: OnuTarget[] = started.flatMap((p) => p.targets.filter((t) => t.olt === olt));
    const { desired, scope } = targetsState(targets);
    const runId = newRunId();
    const orderIds = started.map((p) => p.order.id);
    await this.store.provisioning.startRun({
      id: runId,
      olt,
      instance: this.ctx.o.instanceId,
      kind: 'apply',
      startedMs: Date.now(),
      orders: orderIds,
    });
    let diff: ConfigDiff | undefined;
    try {
      diff = driver.plan(desired, actual, scope);
      const res = await driver.apply(diff, { dryRun: false });
      if (!res.verified) {
        const v = await driver.verify(desired, scope);
        if (!v.ok) throw new VerifyError(v.remaining.map(describeChange), { device: olt });
      }
      await this.store.provisioning.finishRun(runId, {
        finishedMs: Date.now(),
        outcome: diff.changes.length ? 'ok' : 'noop',
        changes: diff.changes.length,
        detail: { timingsMs: res.timingsMs },
      });
      const outcomes = finalStep
        ? await completeOrders(this.ctx, olt, started, runId, diff.changes.length)
        : started.map((p) => ({ orderId: p.order.id, outcome: 'skipped' as const }));
      return { outcomes, actual: overlay(actual, desired, scope) };
    } catch (e) {
      const r = reasonOf(e);
      await this.store.provisioning.finishRun(runId, {
        finishedMs: Date.now(),
        outcome: outcomeUnknown(e) ? 'connection-lost' : 'failed',
        changes: diff?.changes.length,
        error: `${r.code}: ${r.message}`,
      });
      if (needsReconciliationAfter(e)) {
        // the device is in a state no one planned: settle these orders, leave the rest to the next run
        await flagForReconciliation(this.ctx, olt, e);
        const outcomes: OrderOutcome[] = [];
        for (const p of started) outcomes.push(await settleOrderFailure(this.ctx, p.order, e, false, olt));
        return { outcomes, actual: undefined };
      }
      if (e instanceof StalePlanError && !retried) {
        // the device moved since we read it: read again and re-plan once
        return this.applyBatch(olt, driver, started, await driver.readConfig(), finalStep, true);
      }
      if (started.length > 1) {
        // a result per subscriber: try each alone, so one bad order does not hold up the others
        this.ctx.log.warn({ olt, orders: started.length, err: r }, 'batch failed; applying one by one');
        const outcomes: OrderOutcome[] = [];
        let cur: OltConfig = await driver.readConfig();
        for (const p of started) {
          const one = await this.applyBatch(olt, driver, [p], cur, finalStep);
          outcomes.push(...one.outcomes);
          if (!one.actual) return { outcomes, actual: undefined };
          cur = one.actual;
        }
        return { outcomes, actual: cur };
      }
      return { outcomes: [await settleOrderFailure(this.ctx, started[0].order, e, false, olt)], actual };
    }
  }
}

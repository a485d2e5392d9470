/**
 * The operator's view of an OLT against intent (issue 5 items 6–7, GenieACS-style declarative
 * state): `plan` shows the minimal diff from the device to what the store says it must carry
 * (managed-state.ts) without touching it; `converge` (ponctl apply / reconcile) applies that diff;
 * the drift check stores what changed behind the controller's back, without repairing it.
 * Callers that already hold the OLT's write lock use `convergeLocked`.
 */
import type { OltDriver } from '../ports/olt-driver/olt-driver.ts';
import { VerifyError, type DriverError } from '../ports/olt-driver/errors.ts';
import { describeChange, type ConfigDiff } from '../../domain/olt-config/diff.ts';
import { DomainError } from '../../domain/errors.ts';
import {
  flagForReconciliation,
  FlaggedForReconciliationError,
  needsReconciliationAfter,
  newRunId,
  outcomeUnknown,
  reasonOf,
  type ProvisioningContext,
} from './context.ts';
import { managedState, targetsState, unmanagedOnus } from './managed-state.ts';
import { intentOf } from './order-plan.ts';

export interface PlanView {
  olt: string;
  protocol: string;
  changes: string[];
  counts: ConfigDiff['counts'];
  /** What would be sent: NETCONF edit-config payloads or CLI lines. */
  payloads: string[];
  diff: ConfigDiff;
  unmanaged: string[];
}

export interface ConvergeResult {
  olt: string;
  kind: 'apply' | 'reconcile';
  changes: string[];
  applied: boolean;
  verified: boolean;
}

export class OltConvergence {
  constructor(private readonly ctx: ProvisioningContext) {}

  private get store() {
    return this.ctx.store;
  }
  private get deps() {
    return this.ctx.deps;
  }

  /** `ponctl plan` / GET /v1/olts/:id/plan: the diff from the device to intent; nothing is changed. */
  async plan(olt: string): Promise<PlanView> {
    return this.deps.locks.withOlt(olt, async () => {
      const driver = await this.deps.pool.driver(olt);
      const ms = await managedState(this.store, this.ctx.onuType, olt, this.ctx.now());
      const actual = await driver.readConfig();
      const diff = driver.plan(ms.desired, actual, ms.scope);
      const dry = await driver.apply(diff, { dryRun: true });
      return {
        olt,
        protocol: driver.capabilities.protocol,
        changes: diff.changes.map(describeChange),
        counts: diff.counts,
        payloads: dry.payloads,
        diff,
        unmanaged: unmanagedOnus(actual, ms.scope),
      };
    });
  }

  /** `ponctl apply`: bring the OLT's managed ONUs to intent (as its only writer). */
  async apply(olt: string): Promise<ConvergeResult> {
    return this.convergeFlagging(olt, 'apply');
  }

  /** `ponctl reconcile` / POST /v1/olts/:id/reconcile: re-read, repair drift of managed ONUs, clear the flag. */
  async reconcile(olt: string): Promise<ConvergeResult> {
    return this.convergeFlagging(olt, 'reconcile');
  }

  /**
   * Under the OLT's lock; a change that failed and was not verifiably rolled back flags the OLT, as
   * a failed order does (design: a device that fails mid-change is rolled back or flagged for
   * reconciliation), and the error thrown says so.
   */
  private async convergeFlagging(olt: string, kind: 'apply' | 'reconcile'): Promise<ConvergeResult> {
    return this.deps.locks.withOlt(olt, async () => {
      try {
        return await this.convergeLocked(olt, await this.deps.pool.driver(olt), kind);
      } catch (e) {
        if (!needsReconciliationAfter(e)) throw e;
        await flagForReconciliation(this.ctx, olt, e);
        throw new FlaggedForReconciliationError(olt, e as DriverError);
      }
    });
  }

  /** Managed ONUs of `olt` to intent; the caller holds the OLT's write lock. */
  async convergeLocked(olt: string, driver: OltDriver, kind: 'apply' | 'reconcile'): Promise<ConvergeResult> {
    const at = this.ctx.now();
    const ms = await managedState(this.store, this.ctx.onuType, olt, at);
    const actual = await driver.readConfig();
    const diff = driver.plan(ms.desired, actual, ms.scope);
    const runId = newRunId();
    await this.store.provisioning.startRun({
      id: runId,
      olt,
      instance: this.ctx.o.instanceId,
      kind,
      startedMs: Date.now(),
      orders: [],
    });
    try {
      const res = await driver.apply(diff, { dryRun: false });
      await this.store.provisioning.finishRun(runId, {
        finishedMs: Date.now(),
        outcome: diff.changes.length ? 'ok' : 'noop',
        changes: diff.changes.length,
      });
      if (kind === 'reconcile') {
        await this.store.olts.setNeedsReconciliation(olt, null, at);
        await this.store.olts.setDrift(olt, {
          checkedAt: at,
          drift: [],
          unmanaged: unmanagedOnus(actual, ms.scope),
        });
      }
      this.ctx.log.info({ olt, kind, changes: diff.changes.length }, 'OLT converged to intent');
      return {
        olt,
        kind,
        changes: diff.changes.map(describeChange),
        applied: res.committed,
        verified: res.verified,
      };
    } catch (e) {
      const r = reasonOf(e);
      await this.store.provisioning.finishRun(runId, {
        finishedMs: Date.now(),
        outcome: outcomeUnknown(e) ? 'connection-lost' : 'failed',
        error: `${r.code}: ${r.message}`,
      });
      throw e;
    }
  }

  /** Drift check (issue 5 item 7): what changed behind the controller's back; stored, not repaired. */
  async driftCheck(olt: string): Promise<void> {
    const at = this.ctx.now();
    try {
      await this.deps.locks.withOlt(olt, async () => {
        const driver = await this.deps.pool.driver(olt);
        const ms = await managedState(this.store, this.ctx.onuType, olt, at);
        const actual = await driver.readConfig();
        const diff = driver.plan(ms.desired, actual, ms.scope);
        await this.store.olts.setDrift(olt, {
          checkedAt: at,
          drift: diff.changes.map(describeChange),
          unmanaged: unmanagedOnus(actual, ms.scope),
        });
        if (diff.changes.length)
          this.ctx.log.warn({ olt, drift: diff.changes.length }, 'configuration drift found');
      });
    } catch (e) {
      const r = reasonOf(e);
      await this.store.olts.setDrift(olt, {
        checkedAt: at,
        drift: [],
        unmanaged: [],
        error: `${r.code}: ${r.message}`,
      });
    }
  }

  /**
   * Reactivation of an access in temporary disconnection without an order (SL expiry at 92/184
   * days, spec §3 BSND; the lifecycle scheduler calls this): channels enabled again, verified, then
   * the access is active.
   */
  async reactivateAccess(adapterId: string): Promise<ConvergeResult> {
    const a = await this.store.accesses.get(adapterId);
    if (!a) throw new DomainError('ADAPTER_ID_UNKNOWN', `no access ${adapterId}`);
    if (a.state !== 'temporarily-disconnected')
      throw new DomainError(
        'NOTHING_TO_RESTORE',
        `${adapterId} is ${a.state}, not in temporary disconnection`,
      );
    return this.deps.locks.withOlt(a.olt, async () => {
      const at = this.ctx.now();
      const driver = await this.deps.pool.driver(a.olt);
      const { desired, scope } = targetsState([
        {
          olt: a.olt,
          pon: a.pon,
          onuId: a.onuId,
          intent: await intentOf(this.store, this.ctx.onuType, a, a.services, false, at),
        },
      ]);
      const diff = driver.plan(desired, await driver.readConfig(), scope);
      const res = await driver.apply(diff, { dryRun: false });
      if (!res.verified && !(await driver.verify(desired, scope)).ok)
        throw new VerifyError(['reactivation not visible on the device'], { device: a.olt });
      await this.store.accesses.update(
        adapterId,
        { state: 'active', slUntil: undefined },
        at,
        'temporarily-disconnected',
      );
      return {
        olt: a.olt,
        kind: 'apply' as const,
        changes: diff.changes.map(describeChange),
        applied: res.committed,
        verified: true,
      };
    });
  }
}

/**
 * Provisioning (design §1, issue 5): due orders become verified OLT configuration.
 *
 *   claim due orders (lease, design §8) → field work (lab: at once; else recorded via the API)
 *   → per OLT, as the only writer (olt-locks.ts): read the device once, then per batch of ≤ batchMax
 *     orders: start → desired of their ONUs → minimal diff → driver.apply (NETCONF: candidate +
 *     validate + confirmed commit + read-back verify + confirm; CLI: commands + verify, undo on error)
 *   → complete every order of the batch in one transaction with its store effects (order-plan.ts)
 *     — ONLY after verification. order.completed goes out through applyTrigger's outbox + the bus.
 *
 * Failures: a batch that fails is split and each order tried alone (a result per subscriber); a
 * device error leaves the device as it was (driver rollback/undo) and the order goes back to due
 * with backoff, or fails after maxAttempts, the reason in its events. A session lost mid-change
 * (outcome unknown) flags the OLT `needsReconciliation`; the next run reconciles it first.
 */
import { randomBytes } from 'node:crypto';
import type { OrderRecord, Store } from '../../adapters/store/index.ts';
import type { OltDriver } from '../../adapters/drivers/olt-driver.ts';
import { ConnectionLostError, DriverError, RpcTimeoutError, StalePlanError, VerifyError } from '../../adapters/drivers/errors.ts';
import { describeChange, type ConfigDiff } from '../../domain/olt-config/diff.ts';
import type { OltConfig } from '../../domain/olt-config/model.ts';
import { DomainError } from '../../domain/errors.ts';
import type { OrderTrigger } from '../../domain/orders/lifecycle.ts';
import type { Clock } from '../clock.ts';
import { zagrebDate } from '../../domain/calendar/local-date.ts';
import type { OrderBus, OrderChange } from '../orders/order-bus.ts';
import { applyTrigger } from '../orders/transitions.ts';
import type { DevicePool } from './device-pool.ts';
import { awaitingFieldWork, type FieldWorkStandIn } from './field-work.ts';
import { managedState, overlay, targetsState, unmanagedOnus } from './managed-state.ts';
import type { OltLocks } from './olt-locks.ts';
import { recordFieldWork, type FieldWorkInput } from './field-work-record.ts';
import type { Principal } from '../principal.ts';
import { protocolFor } from '../../adapters/drivers/registry.ts';
import type { OltRecord } from '../../adapters/store/repositories/olts.ts';
import { PROVISIONED_CATEGORIES, fieldWorkOf, type FieldWorkRecord, intentOf, planOrder, type OnuTarget, type OrderPlan } from './order-plan.ts';

export interface ProvisioningOptions {
  instanceId: string;
  /** Subscribers per device commit (issue 5: one bounded batch). Default 256. */
  batchMax?: number;
  /** Orders claimed per run. Default 8192. */
  claimLimit?: number;
  leaseMs?: number;
  maxAttempts?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /**
   * Lab (design §3: "field work is done at once, so an order due today completes in seconds"): a
   * scheduled order the SP did not ask for at a later date is carried out now instead of at its
   * planned date (the contractual latest). Off against real networks.
   */
  workAhead?: boolean;
}

export interface ProvisioningLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ProvisioningDeps {
  store: Store;
  clock: Clock;
  bus: OrderBus;
  pool: DevicePool;
  locks: OltLocks;
  /** The lab's field-work stand-in (design §3); absent = field work is recorded through the API. */
  fieldWork?: FieldWorkStandIn;
  log?: ProvisioningLogger;
}

export interface OrderOutcome {
  orderId: string;
  outcome: 'completed' | 'retry' | 'failed' | 'waiting-field-work' | 'skipped';
  reason?: string;
}

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

export interface OltView {
  id: string;
  profile: string;
  protocol: 'netconf' | 'cli';
  host: string;
  ports: OltRecord['ports'];
  needsReconciliation: boolean;
  reconciliationReason?: string;
  drift?: OltRecord['drift'];
  lastAppliedAt?: string;
}

export interface ConvergeResult {
  olt: string;
  kind: 'apply' | 'reconcile';
  changes: string[];
  applied: boolean;
  verified: boolean;
}

const silent: ProvisioningLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** The session is gone mid-change: the device's state is unknown (reconcile). */
function outcomeUnknown(e: unknown): boolean {
  return e instanceof ConnectionLostError || e instanceof RpcTimeoutError;
}

function reasonOf(e: unknown): { code: string; message: string } {
  if (e instanceof DriverError || e instanceof DomainError) return { code: e.code, message: e.message };
  return { code: 'internal', message: (e as Error)?.message ?? String(e) };
}

const chunks = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

export class ProvisioningService {
  private readonly o: Required<ProvisioningOptions>;
  private readonly log: ProvisioningLogger;

  constructor(private readonly deps: ProvisioningDeps, opts: ProvisioningOptions) {
    this.o = {
      batchMax: 256, claimLimit: 8192, leaseMs: 120_000, maxAttempts: 5, retryBaseMs: 2000, retryMaxMs: 60_000, workAhead: false, ...opts,
    };
    this.log = deps.log ?? silent;
  }

  private get store(): Store { return this.deps.store; }
  private now(): string { return this.deps.clock.now().toISOString(); }

  private async profiles(): Promise<Map<string, string>> {
    return new Map((await this.store.olts.list()).map((o) => [o.name, o.profile]));
  }

  /** One pass: claim due orders, carry them out per OLT, reconcile flagged OLTs. */
  async runOnce(): Promise<OrderOutcome[]> {
    if (this.o.workAhead) await this.bringForward();
    const ids = await this.store.provisioning.claim(PROVISIONED_CATEGORIES, this.o.claimLimit, this.o.instanceId, this.o.leaseMs);
    const out: OrderOutcome[] = [];
    const profiles = await this.profiles();
    const byOlt = new Map<string, OrderPlan[]>();
    const multi: OrderPlan[] = [];
    const at = this.now();
    const orders: OrderRecord[] = [];
    for (const id of ids) { const o = await this.store.orders.get(id); if (o) orders.push(o); }
    if (this.deps.fieldWork) await this.labFieldWorkAll(orders, profiles, at, out);
    for (const order of orders) {
      if (order.state === 'failed') continue; // settled while planning its field work
      const id = order.id;
      try {
        if (awaitingFieldWork(order)) {
          await this.store.orders.releaseLease(id, this.o.instanceId);
          out.push({ orderId: id, outcome: 'waiting-field-work' });
          continue;
        }
        const plan = await planOrder(this.store, order, (n) => profiles.get(n), at);
        const olts = new Set(plan.targets.map((t) => t.olt));
        if (olts.size > 1) multi.push(plan);
        else {
          const olt = [...olts][0] ?? plan.ont?.olt;
          if (!olt) throw new DomainError('INVALID_STATE', 'the order touches no ONU');
          byOlt.set(olt, [...(byOlt.get(olt) ?? []), plan]);
        }
      } catch (e) {
        out.push(await this.settleFailure(order, e, true));
      }
    }
    const perOlt = await Promise.all([...byOlt].map(([olt, plans]) => this.processOlt(olt, plans)));
    for (const r of perOlt) out.push(...r);
    for (const plan of multi) {
      // a move between OLTs: new position first, then the old one is cleared (each under its OLT's lock)
      const olts = [...new Set(plan.targets.map((t) => t.olt))];
      out.push(...(await this.processOlt(olts[0], [plan], olts.slice(1))));
    }
    for (const olt of await this.store.olts.list()) {
      if (olt.needsReconciliation && !byOlt.has(olt.name)) await this.reconcile(olt.name).catch((e) => this.log.warn({ olt: olt.name, err: reasonOf(e) }, 'reconcile failed'));
    }
    return out;
  }

  /**
   * Lab: every order placing an ONT gets it installed at once (one request for the whole run), and
   * the visit is recorded on the order (persisted with its start). Mutates `orders` in place.
   */
  private async labFieldWorkAll(orders: OrderRecord[], profiles: Map<string, string>, at: string, out: OrderOutcome[]): Promise<void> {
    const standIn = this.deps.fieldWork!;
    const need: { i: number; ont: NonNullable<OrderPlan['ont']> }[] = [];
    for (const [i, order] of orders.entries()) {
      if (fieldWorkOf(order)) continue;
      try {
        const pre = await planOrder(this.store, order, (n) => profiles.get(n), at);
        if (pre.ont) need.push({ i, ont: pre.ont });
      } catch (e) {
        out.push(await this.settleFailure(order, e, true));
        orders[i] = { ...order, state: 'failed' };
      }
    }
    let serials: string[];
    try {
      serials = standIn.installOnts ? await standIn.installOnts(need.map((n) => n.ont)) : await Promise.all(need.map((n) => standIn.installOnt(n.ont)));
    } catch (e) {
      // the lab did not answer: these orders wait for field work (next pass)
      this.log.warn({ err: reasonOf(e) }, 'lab field work failed');
      return;
    }
    need.forEach((n, k) => {
      const fw = { at, by: 'lab', ontSerial: serials[k], note: 'lab: field work done at once (design §3)' };
      orders[n.i] = { ...orders[n.i], detail: { ...orders[n.i].detail, fieldWork: fw, fieldVisitDone: true } };
    });
  }

  /** Lab: scheduled orders without a later requested date become due now (see `workAhead`). */
  private async bringForward(): Promise<void> {
    const now = this.deps.clock.now();
    const today = zagrebDate(now);
    const changes: OrderChange[] = [];
    const ready = (await this.store.orders.list({ states: ['scheduled'], limit: this.o.claimLimit })).filter((o) => {
      const requested = 'requestedDate' in o.input ? o.input.requestedDate : undefined;
      return PROVISIONED_CATEGORIES.includes(o.category) && !(requested && requested > today);
    });
    for (const part of chunks(ready, 256)) {
      // another instance may bring the same orders forward at the same time: its chunk wins, ours is
      // dropped (rolled back) and what is left is picked up on the next pass
      changes.push(...await this.store.transaction(async (tx) => {
        const done: OrderChange[] = [];
        for (const o of part) {
          const cur = await tx.orders.get(o.id);
          if (!cur || cur.state !== 'scheduled') continue; // a storno or another instance got there first
          done.push(await applyTrigger(tx, cur, 'become-due', { at: now.toISOString(), reason: `lab: field work is done at once, carried out before the planned date ${cur.plannedDate} (design §3)` }));
        }
        return done;
      }).catch((e: unknown) => {
        if (e instanceof DomainError) return [] as OrderChange[];
        throw e;
      }));
    }
    this.deps.bus.publish(changes);
  }

  /** Carries out plans on one OLT as its only writer (and, for moves across OLTs, the others after). */
  private async processOlt(olt: string, plans: OrderPlan[], alsoOlts: string[] = []): Promise<OrderOutcome[]> {
    const out: OrderOutcome[] = [];
    const run = async (name: string, ps: OrderPlan[], finalStep: boolean) => this.deps.locks.withOlt(name, async () => {
      let driver: OltDriver;
      let actual: OltConfig;
      try {
        driver = await this.deps.pool.driver(name);
        const rec = await this.store.olts.get(name);
        if (rec?.needsReconciliation) await this.convergeLocked(name, driver, 'reconcile');
        actual = await driver.readConfig();
      } catch (e) {
        if (outcomeUnknown(e)) await this.flag(name, e);
        for (const p of ps) out.push(await this.settleFailure(p.order, e, false));
        return false;
      }
      for (const batch of chunks(ps, this.o.batchMax)) {
        const r = await this.applyBatch(name, driver, batch, actual, finalStep);
        out.push(...r.outcomes);
        if (!r.actual) {
          // the session is gone: later batches wait for the next run (their leases run out)
          for (const p of ps.slice(ps.indexOf(batch[batch.length - 1]) + 1)) {
            await this.store.orders.releaseLease(p.order.id, this.o.instanceId);
            out.push({ orderId: p.order.id, outcome: 'skipped', reason: 'OLT session lost' });
          }
          return false;
        }
        actual = r.actual;
      }
      return true;
    });
    const only = (name: string) => plans.map((p) => ({ ...p, targets: p.targets.filter((t) => t.olt === name) }));
    const steps = [olt, ...alsoOlts];
    for (const [i, name] of steps.entries()) {
      const last = i === steps.length - 1;
      const before = out.length;
      const ok = await run(name, steps.length > 1 ? only(name) : plans, last);
      // intermediate steps of a cross-OLT move report nothing; only the last step completes
      if (!last) out.splice(before, out.length - before, ...out.slice(before).filter((x) => x.outcome !== 'skipped'));
      if (!ok) break;
    }
    return out;
  }

  /** due → in-progress for each plan's order (already in-progress: reclaimed, kept). */
  private async start(plans: OrderPlan[]): Promise<OrderPlan[]> {
    const at = this.now();
    const changes: OrderChange[] = [];
    const started = await this.store.transaction(async (tx) => {
      const ok: OrderPlan[] = [];
      for (const p of plans) {
        const cur = await tx.orders.get(p.order.id);
        if (!cur) continue;
        if (cur.state === 'in-progress') { ok.push({ ...p, order: { ...cur, detail: p.order.detail } }); continue; }
        if (cur.state !== 'due') continue; // cancelled meanwhile
        const c = await applyTrigger(tx, cur, 'start', {
          at, reason: 'provisioning picked the order up', patch: { detail: p.order.detail },
          details: { instance: this.o.instanceId, ...(p.order.detail?.fieldWork ? { fieldWork: p.order.detail.fieldWork } : {}) },
        });
        changes.push(c);
        ok.push({ ...p, order: c.order });
      }
      return ok;
    });
    this.deps.bus.publish(changes);
    return started;
  }

  private async applyBatch(olt: string, driver: OltDriver, plans: OrderPlan[], actual: OltConfig, finalStep = true, retried = false): Promise<{ outcomes: OrderOutcome[]; actual?: OltConfig }> {
    const started = await this.start(plans);
    if (!started.length) return { outcomes: plans.map((p) => ({ orderId: p.order.id, outcome: 'skipped' as const })), actual };
    const targets: OnuTarget[] = started.flatMap((p) => p.targets.filter((t) => t.olt === olt));
    const { desired, scope } = targetsState(targets);
    const runId = `run_${randomBytes(8).toString('hex')}`;
    const orderIds = started.map((p) => p.order.id);
    await this.store.provisioning.startRun({ id: runId, olt, instance: this.o.instanceId, kind: 'apply', startedMs: Date.now(), orders: orderIds });
    let diff: ConfigDiff | undefined;
    try {
      diff = driver.plan(desired, actual, scope);
      const res = await driver.apply(diff, { dryRun: false });
      if (!res.verified) {
        const v = await driver.verify(desired, scope);
        if (!v.ok) throw new VerifyError(v.remaining.map(describeChange), { device: olt });
      }
      await this.store.provisioning.finishRun(runId, { finishedMs: Date.now(), outcome: diff.changes.length ? 'ok' : 'noop', changes: diff.changes.length, detail: { timingsMs: res.timingsMs } });
      const outcomes = finalStep ? await this.complete(olt, started, runId, diff.changes.length) : started.map((p) => ({ orderId: p.order.id, outcome: 'skipped' as const }));
      return { outcomes, actual: overlay(actual, desired, scope) };
    } catch (e) {
      const r = reasonOf(e);
      await this.store.provisioning.finishRun(runId, { finishedMs: Date.now(), outcome: outcomeUnknown(e) ? 'connection-lost' : 'failed', changes: diff?.changes.length, error: `${r.code}: ${r.message}` });
      if (outcomeUnknown(e)) {
        await this.flag(olt, e);
        const outcomes: OrderOutcome[] = [];
        for (const p of started) outcomes.push(await this.settleFailure(p.order, e, false));
        return { outcomes, actual: undefined };
      }
      if (e instanceof StalePlanError && !retried) {
        // the device moved since we read it: read again and re-plan once
        return this.applyBatch(olt, driver, started, await driver.readConfig(), finalStep, true);
      }
      if (started.length > 1) {
        // a result per subscriber: try each alone, so one bad order does not hold up the others
        this.log.warn({ olt, orders: started.length, err: r }, 'batch failed; applying one by one');
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
      return { outcomes: [await this.settleFailure(started[0].order, e, false)], actual };
    }
  }

  /** Verified: complete every order with its store effects, in one transaction. */
  private async complete(olt: string, plans: OrderPlan[], runId: string, changes: number): Promise<OrderOutcome[]> {
    const at = this.now();
    const published: OrderChange[] = [];
    const out = await this.store.transaction(async (tx) => {
      const r: OrderOutcome[] = [];
      for (const p of plans) {
        const cur = await tx.orders.get(p.order.id);
        if (!cur || cur.state !== 'in-progress') { r.push({ orderId: p.order.id, outcome: 'skipped', reason: `state ${cur?.state}` }); continue; }
        await p.commit(tx, at);
        published.push(await applyTrigger(tx, cur, 'complete', {
          at, reason: `configuration applied and verified on ${olt}: ${p.summary}`,
          details: { olt, run: runId, deviceChanges: changes, verified: true },
        }));
        r.push({ orderId: p.order.id, outcome: 'completed' });
      }
      await tx.olts.setLastApplied(olt, at);
      return r;
    });
    this.deps.bus.publish(published);
    return out;
  }

  /**
   * A failed order: back to due with backoff (transient), or failed (permanent, or attempts used
   * up), the reason in its events. `permanent` for errors no retry can fix (the order itself).
   */
  private async settleFailure(order: OrderRecord, e: unknown, permanent: boolean): Promise<OrderOutcome> {
    const r = reasonOf(e);
    const isPermanent = permanent || e instanceof DomainError;
    const at = this.now();
    const changes: OrderChange[] = [];
    const outcome = await this.store.transaction(async (tx) => {
      let cur = await tx.orders.get(order.id);
      if (!cur) return { orderId: order.id, outcome: 'skipped' as const };
      if (cur.state === 'due') {
        const c = await applyTrigger(tx, cur, 'start', { at, reason: 'provisioning picked the order up', details: { instance: this.o.instanceId } });
        changes.push(c);
        cur = c.order;
      }
      if (cur.state !== 'in-progress') return { orderId: order.id, outcome: 'skipped' as const };
      const prev = (cur.detail?.provisioning as { attempts?: number } | undefined)?.attempts ?? 0;
      const attempts = prev + 1;
      const trigger: OrderTrigger = isPermanent || attempts >= this.o.maxAttempts ? 'fail' : 'retry';
      const delay = Math.min(this.o.retryMaxMs, this.o.retryBaseMs * 2 ** (attempts - 1));
      const rolledBack = (e as { rolledBack?: boolean })?.rolledBack;
      const reason = trigger === 'fail'
        ? `provisioning failed${isPermanent ? '' : ` after ${attempts} attempts`}: ${r.code}: ${r.message}`
        : `device error, the device was left as it was; retry ${attempts + 1} of ${this.o.maxAttempts} in ${Math.round(delay / 1000)} s: ${r.code}: ${r.message}`;
      const c = await applyTrigger(tx, cur, trigger, {
        at, reason, patch: { detail: { ...cur.detail, provisioning: { attempts, lastError: `${r.code}: ${r.message}`, at } } },
        details: { error: r.code, message: r.message, attempt: attempts, ...(rolledBack !== undefined ? { rolledBack } : {}) },
      });
      changes.push(c);
      if (trigger === 'retry') await tx.provisioning.backoff(order.id, Date.now() + delay);
      return { orderId: order.id, outcome: trigger === 'fail' ? 'failed' as const : 'retry' as const, reason };
    });
    this.deps.bus.publish(changes);
    this.log.warn({ order: order.id, outcome: outcome.outcome, err: r }, 'order not completed');
    return outcome;
  }

  private async flag(olt: string, e: unknown): Promise<void> {
    const r = reasonOf(e);
    await this.store.olts.setNeedsReconciliation(olt, `${r.code}: ${r.message}`, this.now());
    await this.deps.pool.drop(olt);
    this.log.warn({ olt, err: r }, 'OLT flagged for reconciliation');
  }

  // ── operator actions: plan, apply, reconcile, drift ─────────────────────────────────────────────

  /** `ponctl plan` / GET /v1/olts/:id/plan: the diff from the device to intent; nothing is changed. */
  async plan(olt: string): Promise<PlanView> {
    return this.deps.locks.withOlt(olt, async () => {
      const driver = await this.deps.pool.driver(olt);
      const ms = await managedState(this.store, olt, this.now());
      const actual = await driver.readConfig();
      const diff = driver.plan(ms.desired, actual, ms.scope);
      const dry = await driver.apply(diff, { dryRun: true });
      return {
        olt, protocol: driver.capabilities.protocol, changes: diff.changes.map(describeChange), counts: diff.counts,
        payloads: dry.payloads, diff, unmanaged: unmanagedOnus(actual, ms.scope),
      };
    });
  }

  /** `ponctl apply`: carry out due orders now, then bring the OLT's managed ONUs to intent. */
  async apply(olt: string): Promise<ConvergeResult & { orders: OrderOutcome[] }> {
    const orders = await this.runOnce();
    const r = await this.deps.locks.withOlt(olt, async () => this.convergeLocked(olt, await this.deps.pool.driver(olt), 'apply'));
    return { ...r, orders };
  }

  /** `ponctl reconcile` / POST /v1/olts/:id/reconcile: re-read, repair drift of managed ONUs, clear the flag. */
  async reconcile(olt: string): Promise<ConvergeResult> {
    return this.deps.locks.withOlt(olt, async () => {
      try {
        return await this.convergeLocked(olt, await this.deps.pool.driver(olt), 'reconcile');
      } catch (e) {
        if (outcomeUnknown(e)) await this.flag(olt, e);
        throw e;
      }
    });
  }

  private async convergeLocked(olt: string, driver: OltDriver, kind: 'apply' | 'reconcile'): Promise<ConvergeResult> {
    const at = this.now();
    const ms = await managedState(this.store, olt, at);
    const actual = await driver.readConfig();
    const diff = driver.plan(ms.desired, actual, ms.scope);
    const runId = `run_${randomBytes(8).toString('hex')}`;
    await this.store.provisioning.startRun({ id: runId, olt, instance: this.o.instanceId, kind, startedMs: Date.now(), orders: [] });
    try {
      const res = await driver.apply(diff, { dryRun: false });
      await this.store.provisioning.finishRun(runId, { finishedMs: Date.now(), outcome: diff.changes.length ? 'ok' : 'noop', changes: diff.changes.length });
      if (kind === 'reconcile') {
        await this.store.olts.setNeedsReconciliation(olt, null, at);
        await this.store.olts.setDrift(olt, { checkedAt: at, drift: [], unmanaged: unmanagedOnus(actual, ms.scope) });
      }
      this.log.info({ olt, kind, changes: diff.changes.length }, 'OLT converged to intent');
      return { olt, kind, changes: diff.changes.map(describeChange), applied: res.committed, verified: res.verified };
    } catch (e) {
      const r = reasonOf(e);
      await this.store.provisioning.finishRun(runId, { finishedMs: Date.now(), outcome: outcomeUnknown(e) ? 'connection-lost' : 'failed', error: `${r.code}: ${r.message}` });
      throw e;
    }
  }

  /** GET /v1/olts: the registry as the operator sees it (credentials are a reference, not shown). */
  async listOlts(): Promise<OltView[]> {
    return (await this.store.olts.list()).map((o) => ({
      id: o.name, profile: o.profile, protocol: protocolFor(o), host: o.host, ports: o.ports,
      needsReconciliation: o.needsReconciliation, ...(o.reconciliationReason ? { reconciliationReason: o.reconciliationReason } : {}),
      ...(o.drift ? { drift: o.drift } : {}), ...(o.lastAppliedAt ? { lastAppliedAt: o.lastAppliedAt } : {}),
    }));
  }

  /** POST /v1/orders/:id/field-work (field-work-record.ts); wakes the worker's next pass. */
  async recordFieldWork(p: Principal, orderId: string, body: FieldWorkInput): Promise<FieldWorkRecord> {
    return recordFieldWork(this.store, this.deps.clock, p, orderId, body);
  }

  /** Drift check (issue 5 item 7): what changed behind the controller's back; stored, not repaired. */
  async driftCheck(olt: string): Promise<void> {
    const at = this.now();
    try {
      await this.deps.locks.withOlt(olt, async () => {
        const driver = await this.deps.pool.driver(olt);
        const ms = await managedState(this.store, olt, at);
        const actual = await driver.readConfig();
        const diff = driver.plan(ms.desired, actual, ms.scope);
        await this.store.olts.setDrift(olt, { checkedAt: at, drift: diff.changes.map(describeChange), unmanaged: unmanagedOnus(actual, ms.scope) });
        if (diff.changes.length) this.log.warn({ olt, drift: diff.changes.length }, 'configuration drift found');
      });
    } catch (e) {
      const r = reasonOf(e);
      await this.store.olts.setDrift(olt, { checkedAt: at, drift: [], unmanaged: [], error: `${r.code}: ${r.message}` });
    }
  }

  async driftCheckAll(): Promise<void> {
    for (const o of await this.store.olts.list()) await this.driftCheck(o.name);
  }

  /**
   * Reactivation of an access in temporary disconnection without an order (SL expiry at 92/184
   * days, spec §3 BSND; the lifecycle scheduler calls this): channels enabled again, verified, then
   * the access is active.
   */
  async reactivateAccess(adapterId: string): Promise<ConvergeResult> {
    const a = await this.store.accesses.get(adapterId);
    if (!a) throw new DomainError('ADAPTER_ID_UNKNOWN', `no access ${adapterId}`);
    if (a.state !== 'temporarily-disconnected') throw new DomainError('NOTHING_TO_RESTORE', `${adapterId} is ${a.state}, not in temporary disconnection`);
    return this.deps.locks.withOlt(a.olt, async () => {
      const at = this.now();
      const driver = await this.deps.pool.driver(a.olt);
      const { desired, scope } = targetsState([{ olt: a.olt, pon: a.pon, onuId: a.onuId, intent: await intentOf(this.store, a, a.services, false, at) }]);
      const diff = driver.plan(desired, await driver.readConfig(), scope);
      const res = await driver.apply(diff, { dryRun: false });
      if (!res.verified && !(await driver.verify(desired, scope)).ok) throw new VerifyError(['reactivation not visible on the device'], { device: a.olt });
      await this.store.accesses.update(adapterId, { state: 'active', slUntil: undefined }, at, 'temporarily-disconnected');
      return { olt: a.olt, kind: 'apply' as const, changes: diff.changes.map(describeChange), applied: res.committed, verified: true };
    });
  }
}

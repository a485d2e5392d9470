/**
 * Provisioning (design §1, issue 5): due orders become verified OLT configuration.
 *
 *   claim due orders (lease, design §8) → field work (lab: at once, lab-run.ts; else recorded via
 *   the API, field-work-record.ts) → plan each order (order-plan.ts) → per OLT, as its only writer,
 *   in bounded batches: apply, verify, and only then complete (olt-batches.ts, order-settlement.ts)
 *   → reconcile OLTs flagged by a lost session.
 *
 * The operator's actions on an OLT — plan, apply, reconcile, drift check — are in convergence.ts.
 * This class owns nothing but the wiring and the shape of one pass.
 */
import type { OrderRecord } from '../ports/store/index.ts';
import type { OltRecord } from '../ports/store/index.ts';
import { DomainError } from '../../domain/errors.ts';
import { requireOperator, type Principal } from '../access/principal.ts';
import {
  mapBounded,
  provisioningContext,
  reasonOf,
  type OrderOutcome,
  type ProvisioningContext,
  type ProvisioningDeps,
  type ProvisioningOptions,
} from './context.ts';
import { OltConvergence, type ConvergeResult, type PlanView } from './convergence.ts';
import { awaitingFieldWork } from './field-work.ts';
import { recordFieldWork, type FieldWorkInput } from './field-work-record.ts';
import { BringForwardAhead, bringScheduledOrdersForward, labFieldWorkForRun } from './lab-run.ts';
import { OltBatches } from './olt-batches.ts';
import {
  PROVISIONED_CATEGORIES,
  planOrder,
  type FieldWorkRecord,
  type OrderPlan,
  type PlanDevices,
} from './order-plan.ts';
import { settleOrderFailure } from './order-settlement.ts';
import { ProvisioningLeases } from './crash-recovery.ts';
import { BACKOFF_OWNER } from '../ports/store/provisioning.ts';
import { UNBLOCKING_RESERVED } from '../lifecycle/order-hooks.ts';
import { provisioningPreference } from '../../domain/cluster/olt-assignment.ts';

/** Orders read and planned at once in a pass (store round trips; the PostgreSQL pool holds 10). */
const PLAN_LANES = 8;

export type { OrderOutcome, ProvisioningDeps, ProvisioningLogger, ProvisioningOptions } from './context.ts';
export type { ConvergeResult, PlanView } from './convergence.ts';

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

/** The accesses an order's plan reads (its own and the one its input names). */
const adapterIdsOf = (o: OrderRecord): string[] => [
  ...(o.adapterId ? [o.adapterId] : []),
  ...('adapterId' in o.input && o.input.adapterId ? [o.input.adapterId] : []),
];

/** Lease owners that are not instances: a retry's backoff, a forced order's reservation. */
const NOT_INSTANCES = [BACKOFF_OWNER, UNBLOCKING_RESERVED];

/** What the parts of one pass share: the OLTs it worked on, the registry's OLTs read once. */
interface Pass {
  worked: Set<string>;
  devices(): Promise<PlanDevices>;
}

export class ProvisioningService {
  private readonly ctx: ProvisioningContext;
  private readonly convergence: OltConvergence;
  private readonly batches: OltBatches;
  /** Order leases let go after a pass, and a dead instance's work taken over (crash-recovery.ts). */
  readonly leases: ProvisioningLeases;

  constructor(
    private readonly deps: ProvisioningDeps,
    opts: ProvisioningOptions,
  ) {
    this.ctx = provisioningContext(deps, opts);
    this.convergence = new OltConvergence(this.ctx);
    this.batches = new OltBatches(this.ctx, this.convergence);
    this.leases = new ProvisioningLeases(this.ctx);
  }

  private get store() {
    return this.deps.store;
  }

  /** The registry's OLTs with their device profiles, as planning reads them (read once per pass). */
  private planDevices(olts: readonly OltRecord[]): PlanDevices {
    const profiles = new Map(olts.map((o) => [o.name, o.profile]));
    const devices = this.deps.devices;
    return {
      oltProfile: (olt) => {
        const name = profiles.get(olt);
        return name === undefined ? undefined : devices.profile(name);
      },
      onuType: this.ctx.onuType,
    };
  }

  /**
   * One pass: claim due orders OLT by OLT and carry them out — up to oltConcurrency OLTs at once, each
   * lane claiming the next OLT as soon as it is done with one (issue 16 item 3) — then the orders that
   * name no OLT, then reconcile flagged OLTs.
   */
  async runOnce(): Promise<OrderOutcome[]> {
    const { o } = this.ctx;
    const out: OrderOutcome[] = [];
    const busy = new Set<string>();
    const worked = new Set<string>();
    // the registry's OLTs and the live instances once per pass, not once per claimed OLT
    const [olts, live] = await Promise.all([this.store.olts.list(), this.store.instances.live()]);
    const devices = this.planDevices(olts);
    const pass: Pass = { worked, devices: () => Promise.resolve(devices) };
    // issue 16: each instance first claims the OLTs the monitoring assignment gives it (an even spread,
    // domain/cluster/olt-assignment.ts) and those of other instances only once none of its own is in
    // work here — before, the first instance told to go had its lanes claim an OLT each, whichever,
    // before the others asked (3 instances, 16 OLTs: 8 + 8 + 0)
    const pref = provisioningPreference(
      olts.map((x) => x.name),
      live.map((x) => x.id),
      o.instanceId,
    );
    const others = new Set(olts.map((x) => x.name).filter((x) => !pref.own.has(x)));
    // the lab brings scheduled orders forward while the lanes work, each OLT claimable once all its
    // orders are due (lab-run.ts), and again whenever no OLT is left to claim
    const ahead = new BringForwardAhead(this.ctx, o.workAhead, pref.own);
    ahead.start();
    let ownInWork = 0;
    let claiming = Promise.resolve<unknown>(undefined);
    let exhausted = false;
    const claimAmong = (exclude: ReadonlySet<string>) =>
      this.store.provisioning.claimOlt(PROVISIONED_CATEGORIES, o.oltClaimLimit, o.instanceId, o.leaseMs, {
        busy: exclude,
        notInstances: NOT_INSTANCES,
        rank: pref.rank,
      });
    const claimOlt = async () =>
      (await claimAmong(others.size ? new Set([...busy, ...others]) : busy)) ??
      (others.size && ownInWork === 0 ? await claimAmong(busy) : undefined);
    const claimedHere = (c: { olt: string; ids: string[] }) => {
      busy.add(c.olt);
      if (pref.own.has(c.olt)) ownInWork++;
      return c;
    };
    const claimNext = () => {
      // one claim at a time here, so two lanes never choose the same OLT; once no OLT is left, lanes
      // end without asking again (each ask probes every OLT with open orders) until an OLT is let go
      const next = claiming.then(async () => {
        if (exhausted) return undefined;
        // while the lab's run moves orders, only an OLT of this instance's whose orders it has made
        // due, all of them: an OLT claimed with only some of its orders due is read and written again
        // for the rest (and another instance's OLTs wait for their own instance until the run ends)
        while (ahead.active) {
          const changed = ahead.nextChange();
          const notDue = olts.map((x) => x.name).filter((x) => !ahead.due.has(x));
          const c = await claimAmong(new Set([...busy, ...others, ...notDue]));
          if (c) return claimedHere(c);
          await changed;
        }
        await ahead.settle();
        let c = await claimOlt();
        while (!c && ahead.left) {
          // nothing moved here may mean the rest is in other instances' open transactions (skipped, not
          // waited for): then one call that waits for them, so this instance's OLTs whose orders they
          // made due are claimed now — not after its OLTs in work are done, its other lanes having
          // ended meanwhile (issue 16: 3 instances, 16 OLTs, an instance on one OLT for 20 s)
          ahead.left =
            (await bringScheduledOrdersForward(this.ctx)) > 0 ||
            (others.size > 0 && (await bringScheduledOrdersForward(this.ctx, { waitForOthers: true })) > 0);
          c = await claimOlt();
        }
        if (!c) exhausted = true;
        return c && claimedHere(c);
      });
      claiming = next.catch(() => undefined);
      return next;
    };
    // up to oltConcurrency lanes, each working one OLT at a time; a lane that lets an OLT go asks
    // again and refills the lanes that ended meanwhile (that OLT may have orders beyond the limit)
    let failure: unknown;
    await new Promise<void>((resolve) => {
      let active = 0;
      const lane = async () => {
        for (let c = await claimNext(); c; c = await claimNext()) {
          worked.add(c.olt);
          const done = await this.claimed(c.ids, pass).finally(() => {
            if (pref.own.has(c.olt)) ownInWork--;
          });
          out.push(...done);
          // an OLT whose orders failed here waits for the next pass (their backoff, and a flagged OLT
          // is reconciled first there) instead of being claimed again by a lane of this one
          if (!done.some((x) => x.outcome === 'retry')) busy.delete(c.olt);
          exhausted = false;
          fill();
        }
      };
      const fill = () => {
        while (active < o.oltConcurrency) {
          active++;
          void lane()
            .catch((e: unknown) => {
              failure ??= e;
            })
            .finally(() => {
              if (--active === 0) resolve();
            });
        }
      };
      fill();
    });
    await ahead.settle();
    if (failure) throw failure;
    const ids = await this.store.provisioning.claim(
      PROVISIONED_CATEGORIES,
      o.claimLimit,
      o.instanceId,
      o.leaseMs,
      undefined,
      undefined,
      { withoutOlt: true },
    );
    if (ids.length) out.push(...(await this.claimed(ids, pass)));
    for (const olt of await this.store.olts.list()) {
      if (olt.needsReconciliation && !worked.has(olt.name))
        await this.convergence
          .reconcile(olt.name)
          .catch((e) => this.ctx.log.warn({ olt: olt.name, err: reasonOf(e) }, 'reconcile failed'));
    }
    return out;
  }

  /** Claimed orders carried out (held by this instance's heartbeat meanwhile), then let go. */
  private async claimed(ids: string[], pass: Pass): Promise<OrderOutcome[]> {
    try {
      return await this.carryOut(ids, pass);
    } finally {
      await this.leases.release(ids);
    }
  }

  private async carryOut(ids: string[], pass: Pass): Promise<OrderOutcome[]> {
    const { o } = this.ctx;
    const out: OrderOutcome[] = [];
    const devices = await pass.devices();
    const byOlt = new Map<string, OrderPlan[]>();
    const multi: OrderPlan[] = [];
    const at = this.ctx.now();
    // the claimed orders and their accesses in a few statements (issue 16 item 3), in claim order;
    // planning then reads the store only for what these do not hold
    const got = new Map((await this.store.orders.getMany(ids)).map((x) => [x.id, x]));
    const orders = ids.flatMap((id) => got.get(id) ?? []);
    const known = new Map(
      (await this.store.accesses.getMany([...new Set(orders.flatMap(adapterIdsOf))])).map((a) => [
        a.adapterId,
        a,
      ]),
    );
    if (this.deps.fieldWork)
      await labFieldWorkForRun(this.ctx, this.deps.fieldWork, orders, devices, at, out, known);
    const planned = await mapBounded(orders, PLAN_LANES, async (order) => {
      if (order.state === 'failed') return undefined; // settled while planning its field work
      try {
        if (awaitingFieldWork(order)) {
          await this.store.orders.releaseLease(order.id, o.instanceId);
          return { orderId: order.id, outcome: 'waiting-field-work' } as OrderOutcome;
        }
        return await planOrder(this.store, order, devices, at, known);
      } catch (e) {
        return settleOrderFailure(this.ctx, order, e, true);
      }
    });
    for (const r of planned) {
      if (!r) continue;
      if (!('targets' in r)) {
        out.push(r);
        continue;
      }
      const plan = r;
      const olts = new Set(plan.targets.map((t) => t.olt));
      if (olts.size > 1) multi.push(plan);
      else {
        const olt = [...olts][0] ?? plan.ont?.olt;
        if (!olt) {
          out.push(
            await settleOrderFailure(
              this.ctx,
              plan.order,
              new DomainError('INVALID_STATE', 'the order touches no ONU'),
              true,
            ),
          );
          continue;
        }
        const list = byOlt.get(olt);
        if (list) list.push(plan);
        else byOlt.set(olt, [plan]);
      }
    }
    // in parallel across OLTs, at most oltConcurrency at once here; each under its OLT's write lock
    const perOlt = await mapBounded([...byOlt], o.oltConcurrency, ([olt, plans]) =>
      this.batches.processOlt(olt, plans),
    );
    for (const r of perOlt) out.push(...r);
    for (const plan of multi) {
      // a move between OLTs: new position first, then the old one is cleared (each under its OLT's lock)
      const olts = [...new Set(plan.targets.map((t) => t.olt))];
      out.push(...(await this.batches.processOlt(olts[0], [plan], olts.slice(1))));
    }
    for (const olt of byOlt.keys()) pass.worked.add(olt);
    return out;
  }

  // ── operator actions (convergence.ts); an SP's key is told there is no such OLT ─────────────────

  /** `ponctl plan` / GET /v1/olts/:id/plan: the diff from the device to intent; nothing is changed. */
  plan(p: Principal, olt: string): Promise<PlanView> {
    requireOperator(p, `OLT ${olt}`);
    return this.convergence.plan(olt);
  }

  /** `ponctl apply`: carry out due orders now, then bring the OLT's managed ONUs to intent. */
  async apply(p: Principal, olt: string): Promise<ConvergeResult & { orders: OrderOutcome[] }> {
    requireOperator(p, `OLT ${olt}`);
    const orders = await this.runOnce();
    return { ...(await this.convergence.apply(olt)), orders };
  }

  /** `ponctl reconcile` / POST /v1/olts/:id/reconcile: re-read, repair drift of managed ONUs, clear the flag. */
  reconcile(p: Principal, olt: string): Promise<ConvergeResult> {
    requireOperator(p, `OLT ${olt}`);
    return this.convergence.reconcile(olt);
  }

  /** Drift check (issue 5 item 7): what changed behind the controller's back; stored, not repaired. */
  driftCheck(olt: string): Promise<void> {
    return this.convergence.driftCheck(olt);
  }

  async driftCheckAll(): Promise<void> {
    for (const o of await this.store.olts.list()) await this.driftCheck(o.name);
  }

  /** SL expiry without an order (spec §3 BSND): see OltConvergence.reactivateAccess. */
  reactivateAccess(adapterId: string): Promise<ConvergeResult> {
    return this.convergence.reactivateAccess(adapterId);
  }

  /** GET /v1/olts: the registry as the operator sees it (credentials are a reference, not shown). */
  /** POST /v1/orders/:id/field-work (field-work-record.ts); wakes the worker's next pass. */
  async recordFieldWork(p: Principal, orderId: string, body: FieldWorkInput): Promise<FieldWorkRecord> {
    return recordFieldWork(this.store, this.deps.clock, p, orderId, body);
  }
}

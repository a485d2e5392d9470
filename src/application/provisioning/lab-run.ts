/**
 * What a provisioning run does differently in the lab (design §3: "field work is done at once, so an
 * order due today completes in seconds"): scheduled orders are brought forward (`workAhead`), and
 * every order placing an ONT gets it installed by the lab's stand-in before it is planned.
 */
import type { OrderRecord } from '../ports/store/index.ts';
import { zagrebDate } from '../../domain/calendar/local-date.ts';
import { DomainError } from '../../domain/errors.ts';
import type { OrderChange } from '../orders/order-bus.ts';
import { applyTriggers } from '../orders/transitions.ts';
import { chunks, mapBounded, reasonOf, type OrderOutcome, type ProvisioningContext } from './context.ts';
import type { FieldWorkStandIn } from '../ports/field-work.ts';
import {
  fieldWorkOf,
  planOrder,
  PROVISIONED_CATEGORIES,
  type FieldWorkRecord,
  type KnownAccesses,
  type OrderPlan,
  type PlanDevices,
} from './order-plan.ts';
import { settleOrderFailure } from './order-settlement.ts';
import { detailWith } from '../orders/order-detail.ts';

/**
 * Scheduled orders without a later requested date become due now (see ProvisioningOptions.workAhead),
 * up to claimLimit a call; the number of orders that did (by this call: not those another instance
 * moved, or is moving, meanwhile). Orders another instance's open transaction holds are skipped,
 * unless `waitForOthers`: then this call waits for those transactions to end (and finds the orders
 * due, or moves them if they were rolled back). `onOltDue` is told each OLT whose scheduled orders
 * this call made due, all of them, as soon as their transactions have committed.
 */
export async function bringScheduledOrdersForward(
  ctx: ProvisioningContext,
  o: { waitForOthers?: boolean; onOltDue?: (olt: string) => void; first?: ReadonlySet<string> } = {},
): Promise<number> {
  const now = ctx.deps.clock.now();
  const today = zagrebDate(now);
  let moved = 0;
  const listed = await ctx.store.orders.list({ states: ['scheduled'], limit: ctx.o.claimLimit });
  const ready = listed.filter((o) => {
    const requested = 'requestedDate' in o.input ? o.input.requestedDate : undefined;
    return PROVISIONED_CATEGORIES.includes(o.category) && !(requested && requested > today);
  });
  // OLT by OLT (issue 16): a lane may claim an OLT once all of its orders are due, so the first OLTs
  // are written while the rest is still being moved (the devices waited ~1 s for 8 192 orders before).
  // The OLT of a full list's last order may have more past the limit: it is not told as due. `first`
  // (this instance's own OLTs) go first: instances moving the same OLT's orders at once would each
  // skip the rows the other holds, and neither could tell the OLT as due.
  const byOlt = groupByOlt(ready, o.first);
  const cut = listed.length >= ctx.o.claimLimit ? listed[listed.length - 1].olt : undefined;
  for (const [olt, group] of byOlt) {
    const complete = olt !== undefined && olt !== cut;
    let mine = 0;
    for (const part of chunks(group, 512)) {
      // one transaction and a few statements a chunk (applyTriggers, issue 16 item 3); an order a storno
      // or another instance moved first is left out; a chunk that fails is picked up on the next pass.
      // Every instance reads the same scheduled orders: an order another instance's
      // transaction holds is skipped, not waited for (issue 16: with 3 instances each queued behind the
      // others' chunks, ~3.4 s before the first device write at 8 192 orders), so the instances share
      // the chunks instead and each order is brought forward once
      const changes = await ctx.store
        .transaction((tx) =>
          applyTriggers(
            tx,
            part.map((o) => ({
              order: o,
              trigger: 'become-due' as const,
              o: {
                at: now.toISOString(),
                reason: `lab: field work is done at once, carried out before the planned date ${o.plannedDate} (design §3)`,
              },
            })),
            { skipLocked: !o.waitForOthers },
          ),
        )
        .catch((e: unknown) => {
          if (e instanceof DomainError) return [] as OrderChange[];
          throw e;
        });
      // published as each chunk commits: a lane may complete these orders before the call ends
      ctx.deps.bus.publish(changes);
      mine += changes.length;
    }
    moved += mine;
    if (complete && mine === group.length) o.onOltDue?.(olt);
  }
  return moved;
}

/**
 * Orders by the OLT they write (undefined: orders naming none), in the order each OLT first appears,
 * the OLTs in `first` before the others.
 */
function groupByOlt(
  orders: readonly OrderRecord[],
  first?: ReadonlySet<string>,
): Map<string | undefined, OrderRecord[]> {
  const m = new Map<string | undefined, OrderRecord[]>();
  for (const x of orders) {
    const g = m.get(x.olt);
    if (g) g.push(x);
    else m.set(x.olt, [x]);
  }
  if (!first) return m;
  const isFirst = (olt: string | undefined) => olt !== undefined && first.has(olt);
  return new Map([...[...m].filter(([k]) => isFirst(k)), ...[...m].filter(([k]) => !isFirst(k))]);
}

/**
 * The lab's bring-forward while the lanes work (issue 16). A pass starts it before its lanes, and a
 * lane claims an OLT as soon as the run has made all of that OLT's orders due (onOltDue): the
 * devices no longer wait for the whole first call (claimLimit orders, ~1 s at 8 192), and the run
 * goes on to the rest (all scheduled orders, claimLimit a call) while the first OLTs are written. An
 * OLT that only part of whose orders the run moved (the last of a call, or orders another instance
 * held) is claimed once the run has ended: claimed with part of its orders due, it would be read and
 * written again for the rest. A call that fails ends the run; the lanes' own call then tries again
 * (`left` stays set), and its error ends the pass as before.
 */
export class BringForwardAhead {
  /** The run: at most one a pass (it moves all it can; what others hold, the lanes' calls). */
  private run?: Promise<void>;
  private running = false;
  /** OLTs whose orders the run has made due, all of them, while it runs. */
  readonly due = new Set<string>();
  /** Resolved when the run next tells an OLT as due (a new one each time), or has ended. */
  private next: Promise<void> = Promise.resolve();
  private release: () => void = () => undefined;

  /**
   * `left`: scheduled orders may be left to bring forward (set once the run has moved any); `own`:
   * this instance's OLTs (the run moves their orders first).
   */
  constructor(
    private readonly ctx: ProvisioningContext,
    public left: boolean,
    private readonly own?: ReadonlySet<string>,
  ) {}

  /** Starts the run, unless it has been started or nothing is left. */
  start(): void {
    if (this.run || !this.left) return;
    this.running = true;
    this.next = new Promise((resolve) => (this.release = resolve));
    let movedAny = false;
    const onOltDue = (olt: string) => {
      this.due.add(olt);
      this.notify();
    };
    this.run = (async () => {
      const o = { onOltDue, first: this.own };
      while ((await bringScheduledOrdersForward(this.ctx, o)) > 0) movedAny = true;
    })()
      .catch((e: unknown) => {
        movedAny = true;
        this.ctx.log.warn({ err: reasonOf(e) }, 'lab bring-forward failed');
      })
      .finally(() => {
        this.left = movedAny;
        this.running = false;
        this.release(); // and `next` stays resolved
      });
  }

  /** Is the run still moving orders? */
  get active(): boolean {
    return this.running;
  }

  /**
   * Resolves when the run next tells an OLT as due, or ends (at once if it is not running). A lane
   * takes it before asking for an OLT, so an OLT told while it asked is not missed.
   */
  nextChange(): Promise<void> {
    return this.next;
  }

  /** Resolves once the run (if any) has ended. */
  async settle(): Promise<void> {
    await this.run;
  }

  private notify(): void {
    const release = this.release;
    this.next = new Promise((resolve) => (this.release = resolve));
    release();
  }
}

/**
 * Every order placing an ONT gets it installed at once (one request for the whole run), and the
 * visit is recorded on the order (persisted with its start). Mutates `orders` in place; an order
 * that cannot be planned is settled as failed (outcome in `out`).
 */
export async function labFieldWorkForRun(
  ctx: ProvisioningContext,
  standIn: FieldWorkStandIn,
  orders: OrderRecord[],
  devices: PlanDevices,
  at: string,
  out: OrderOutcome[],
  known?: KnownAccesses,
): Promise<void> {
  const need: { i: number; ont: NonNullable<OrderPlan['ont']> }[] = [];
  // planning reads the store per order: a few at once (provisioning-service.ts PLAN_LANES)
  const pre = await mapBounded([...orders.entries()], 8, async ([i, order]) => {
    if (fieldWorkOf(order)) return undefined;
    try {
      const plan = await planOrder(ctx.store, order, devices, at, known);
      return plan.ont ? { i, ont: plan.ont } : undefined;
    } catch (e) {
      out.push(await settleOrderFailure(ctx, order, e, true));
      orders[i] = { ...order, state: 'failed' };
      return undefined;
    }
  });
  for (const n of pre) if (n) need.push(n);
  let serials: string[];
  try {
    serials = standIn.installOnts
      ? await standIn.installOnts(need.map((n) => n.ont))
      : await Promise.all(need.map((n) => standIn.installOnt(n.ont)));
  } catch (e) {
    // the lab did not answer: these orders wait for field work (next pass)
    ctx.log.warn({ err: reasonOf(e) }, 'lab field work failed');
    return;
  }
  need.forEach((n, k) => {
    const fw: FieldWorkRecord = {
      at,
      by: 'lab',
      ontSerial: serials[k],
      note: 'lab: field work done at once (design §3)',
    };
    orders[n.i] = {
      ...orders[n.i],
      detail: detailWith(orders[n.i], { fieldWork: fw, fieldVisitDone: true }),
    };
  });
}

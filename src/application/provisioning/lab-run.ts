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
 * due, or moves them if they were rolled back).
 */
export async function bringScheduledOrdersForward(
  ctx: ProvisioningContext,
  o: { waitForOthers?: boolean } = {},
): Promise<number> {
  const now = ctx.deps.clock.now();
  const today = zagrebDate(now);
  const changes: OrderChange[] = [];
  const ready = (await ctx.store.orders.list({ states: ['scheduled'], limit: ctx.o.claimLimit })).filter(
    (o) => {
      const requested = 'requestedDate' in o.input ? o.input.requestedDate : undefined;
      return PROVISIONED_CATEGORIES.includes(o.category) && !(requested && requested > today);
    },
  );
  for (const part of chunks(ready, 512)) {
    // one transaction and a few statements a chunk (applyTriggers, issue 16 item 3); an order a storno
    // or another instance moved first is left out; a chunk that fails is picked up on the next pass.
    // Every instance reads the same scheduled orders in the same order: an order another instance's
    // transaction holds is skipped, not waited for (issue 16: with 3 instances each queued behind the
    // others' chunks, ~3.4 s before the first device write at 8 192 orders), so the instances share
    // the chunks instead and each order is brought forward once
    changes.push(
      ...(await ctx.store
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
        })),
    );
  }
  ctx.deps.bus.publish(changes);
  return changes.length;
}

/**
 * The rest of a pass's bring-forward, moved while its lanes work (issue 16). A call moves up to
 * claimLimit orders and the lanes need due orders to claim, so the pass makes one call before they
 * start; the rest used to wait until a lane had finished its OLT and found nothing left to claim,
 * and every lane then waited for that whole call (8 192 orders, ~2 s, with the devices idle: bench
 * scale provisioning, SCALE_TRACE). Moved in the background once every lane has an OLT, the next
 * OLTs' orders are due by the time a lane is free (a lane claims only after the run: an OLT claimed
 * with part of its orders due would be read and written again for the rest). A call that fails
 * leaves `left` set: the lanes' own call then tries again, and its error ends the pass as before.
 */
export class BringForwardAhead {
  /** The background run: at most one a pass (it moves all it can; what others hold, the lanes' calls). */
  private run?: Promise<void>;

  /** `left`: scheduled orders may be left to bring forward (the last call moved some). */
  constructor(
    private readonly ctx: ProvisioningContext,
    public left: boolean,
  ) {}

  /** Starts moving the rest in the background, unless it has been started or nothing is left. */
  start(): void {
    if (this.run || !this.left) return;
    this.run = (async () => {
      while ((await bringScheduledOrdersForward(this.ctx)) > 0);
    })().catch((e: unknown) => this.ctx.log.warn({ err: reasonOf(e) }, 'lab bring-forward failed'));
  }

  /** Resolves once the background run (if any) has ended. */
  async settle(): Promise<void> {
    await this.run;
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

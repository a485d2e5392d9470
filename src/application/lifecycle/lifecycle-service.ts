/**
 * The access lifecycle jobs (issue 8 §4–§5), driven by the controller's injectable clock
 * (PONCTL_CLOCK / Clock), run by the `lifecycle` worker:
 *  - automatic reactivation at the end of a temporary disconnection (spec §3 BSND: 92 / 184 calendar
 *    days): the suspended VLAN sub-interfaces are enabled again on the device (verified on
 *    read-back), then the access is active, the SL period closed (billing resumes that day) and the SP
 *    told (`service.reactivated`);
 *  - ONT return notices and charges (spec §7, ont-returns.ts);
 *  - release of snapshots whose dispute window closed (unblocking).
 * Plus the billing view: billable days of an access in a month (no fee while disconnected).
 */
import type { AccessRecord, SlPeriodRecord, Store } from '../ports/store/index.ts';
import { zagrebDate } from '../../domain/calendar/local-date.ts';
import type { VAni } from '../../domain/olt-config/model.ts';
import { billableDaysInMonth, type MonthBilling } from '../../domain/sla/billable-days.ts';
import type { SlaSubscriber } from '../../domain/sla/incidents.ts';
import { transitionAccess } from '../../domain/subscribers/access-lifecycle.ts';
import type { Clock } from '../ports/clock.ts';
import { enqueueWebhook } from '../notifications/outbox.ts';
import type { PortConfigurator } from '../unblocking/port-configurator.ts';
import type { UnblockingService } from '../unblocking/unblocking-service.ts';
import { ontReturnsTick, recordOntReturn } from './ont-returns.ts';
import type { OntReturnRecord, OntReturnState } from '../ports/store/index.ts';
import { requireOperator, requireSp, type Principal } from '../access/principal.ts';
import { decodeCursor, mapPage, pageLimit, toPage, type Page, type PageRequest } from '../pagination.ts';

export interface OntReturnView {
  serial: string;
  sp: string;
  adapterId?: string;
  reason: string;
  startedOn: string;
  dueOn: string;
  state: OntReturnState;
  feeEur?: number;
  closedAt?: string;
}

const returnView = (r: OntReturnRecord): OntReturnView => ({
  serial: r.serial,
  sp: r.spId,
  adapterId: r.adapterId,
  reason: r.reason,
  startedOn: r.startedOn,
  dueOn: r.dueOn,
  state: r.state,
  ...(r.feeCents !== undefined ? { feeEur: r.feeCents / 100 } : {}),
  closedAt: r.closedAt,
});

export interface LifecycleDeps {
  store: Store;
  clock: Clock;
  configurator?: PortConfigurator;
  unblocking?: UnblockingService;
  onError?: (err: unknown, what: string) => void;
}

export interface TickResult {
  reactivated: string[];
  released: string[];
  reminded: number;
  charged: number;
}

/** The v-ANI with every channel enabled again (SL end): only adminState changes. */
export function enabled(vani: VAni): VAni {
  return { ...vani, vlans: vani.vlans.map((v) => ({ ...v, adminState: 'enabled' as const })) };
}

export class LifecycleService {
  constructor(private readonly deps: LifecycleDeps) {}

  async tick(): Promise<TickResult> {
    const now = this.deps.clock.now();
    const reactivated: string[] = [];
    for (const p of await this.deps.store.billing.slDue(zagrebDate(now))) {
      try {
        if (await this.reactivate(p)) reactivated.push(p.adapterId);
      } catch (err) {
        this.deps.onError?.(err, `automatic reactivation of ${p.adapterId}`);
      }
    }
    const released = this.deps.unblocking ? await this.deps.unblocking.releaseExpired() : [];
    const { reminded, charged } = await ontReturnsTick(this.deps.store, now);
    return { reactivated, released, reminded, charged };
  }

  /** Automatic reactivation of one expired SL (spec §3: "reactivation happens automatically at expiry"). */
  private async reactivate(p: SlPeriodRecord): Promise<boolean> {
    const { store, clock, configurator } = this.deps;
    const a = await store.accesses.get(p.adapterId);
    if (!a || a.state !== 'temporarily-disconnected') {
      // reactivated by an order meanwhile (or gone): just close the period
      await store.billing.endSl(p.adapterId, p.startDate, p.plannedEnd);
      return false;
    }
    if (configurator) {
      const port = { olt: a.olt, pon: a.pon, onuId: a.onuId };
      const cur = await configurator.readPort(port);
      if (cur.vani) await configurator.writePort(port, enabled(cur.vani), cur.profiles);
    }
    const at = clock.now().toISOString();
    return store.transaction(async (tx) => {
      const v = transitionAccess(a.state, 'reactivate');
      if (
        !v.ok ||
        !(await tx.accesses.update(
          a.adapterId,
          { state: v.value, slUntil: undefined },
          at,
          'temporarily-disconnected',
        ))
      )
        return false;
      // billing resumes on the reactivation day (start + 92 / 184 D), whenever the job ran
      await tx.billing.endSl(a.adapterId, p.startDate, p.plannedEnd);
      await enqueueWebhook(
        tx,
        a.spId,
        'service.reactivated',
        {
          adapterId: a.adapterId,
          reason: 'temporary disconnection expired',
          since: p.startDate,
          on: p.plannedEnd,
        },
        at,
      );
      return true;
    });
  }

  /** GET /v1/ont-returns: an SP sees only its own. */
  async ontReturns(
    p: Principal,
    q: { sp?: string; state?: OntReturnState } & PageRequest,
  ): Promise<Page<OntReturnView>> {
    const spId = p.role === 'sp' ? requireSp(p, 'listing ONT returns') : q.sp;
    const limit = pageLimit(q, { defaultLimit: 1000, maxLimit: 10_000 });
    const after = decodeCursor(q.cursor, 2) as [string, string] | undefined;
    const rows = await this.deps.store.ontReturns.list({ spId, state: q.state, after, limit: limit + 1 });
    return mapPage(
      toPage(rows, limit, (r) => [r.startedOn, r.serial]),
      returnView,
    );
  }

  /** Operator: an ONT came back (stock: returned). */
  async recordReturn(p: Principal, serial: string): Promise<OntReturnView> {
    requireOperator(p, 'recording an ONT return');
    return returnView(await recordOntReturn(this.deps.store, serial, this.deps.clock.now()));
  }

  /** Billable days of an access in `month` (YYYY-MM): its billing span less SL and taken-over days. */
  async billableDays(adapterId: string, month: string): Promise<MonthBilling> {
    return this.billingOf(adapterId, await this.deps.store.accesses.get(adapterId), month);
  }

  /** billableDays for an access already read (`a`: its creation day is the fallback billing start). */
  private async billingOf(
    adapterId: string,
    a: AccessRecord | undefined,
    month: string,
  ): Promise<MonthBilling> {
    const { store } = this.deps;
    const span = await store.billing.span(adapterId);
    const start = span?.startDate ?? (a ? zagrebDate(new Date(a.createdAt)) : undefined) ?? `${month}-01`;
    const periods = await store.billing.slPeriods(adapterId);
    return billableDaysInMonth(
      month,
      { start, end: span?.endDate },
      periods.map((p) => ({ start: p.startDate, end: p.endDate })),
    );
  }

  /** The SLA statement's subscriber rows of an SP for a month, with billable days (statement.ts prorates fees). */
  async statementSubscribers(spId: string, month: string): Promise<SlaSubscriber[]> {
    const out: SlaSubscriber[] = [];
    for (const a of await this.deps.store.accesses.listBySp(spId, 100_000)) {
      if (a.state === 'pending') continue;
      const billing = await this.billingOf(a.adapterId, a, month);
      if (billing.billableDays === 0 && a.state === 'deactivated') continue;
      out.push(toSlaSubscriber(a, billing));
    }
    return out;
  }
}

export function toSlaSubscriber(a: AccessRecord, billing: MonthBilling): SlaSubscriber {
  return {
    adapterId: a.adapterId,
    sp: a.spId,
    accessLevel: a.accessLevel,
    services: a.services,
    ontFromOwner: true,
    billing,
  };
}

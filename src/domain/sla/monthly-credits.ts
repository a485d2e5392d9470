/**
 * One billing month of SLA credits (spec §5, design §7): every outage booked in the month (the
 * Europe/Zagreb month in which it ends) is classified per access, turned into credit lines by the two
 * rules, and capped so the month's credits against one fee never exceed that fee. Output is exactly
 * design §7's JSON: amounts in EUR rounded at the line, totals the sums of their lines.
 */
import { zagrebDate } from '../calendar/index.ts';
import type { Channel } from '../catalogue/index.ts';
import {
  classifyOutage,
  timeOutage,
  worksOverlap,
  type ExclusionReason,
  type TimedOutage,
} from './classify.ts';
import { creditLinesFor, type CreditRule, type FeeKey, type LineDraft } from './credit-rules.ts';
import type { IncidentsFile, SlaSubscriber } from './incidents.ts';
import { naturalCompare as byText } from './natural-order.ts';
import { plannedWorksByAdapter } from './planned-works.ts';

export interface CreditLine {
  outageId: string;
  rule: CreditRule;
  countedMinutes: number;
  units: number;
  amount: number;
  service?: Channel;
}
export interface SubscriberCredits {
  adapterId: string;
  total: number;
  lines: CreditLine[];
}
export interface SpCredits {
  sp: string;
  total: number;
  subscribers: SubscriberCredits[];
}
export interface ExcludedOutage {
  outageId: string;
  adapterId: string;
  reason: ExclusionReason;
}
export interface CreditsReport {
  month: string;
  total: number;
  sps: SpCredits[];
  excluded: ExcludedOutage[];
}

export interface CreditsOptions {
  /** Only this SP's subscribers (and their exclusions): an SP sees nothing of other SPs. */
  sp?: string;
}

/**
 * The Zagreb month (`YYYY-MM`) an outage is booked in: the month in which it ends (spec §5
 * Interpretation). Intervals are half-open, so an outage ending at exactly 00:00 on the 1st ended in
 * the previous month (its last minute was 23:59 of the last day).
 */
export function bookingMonth(start: number, end: number): string {
  return zagrebDate(new Date(end > start ? end - 1 : end)).slice(0, 7);
}

const toEur = (cents: number): number => cents / 100;

interface Draft extends LineDraft {
  outage: TimedOutage;
}

export function computeMonthlyCredits(
  input: IncidentsFile,
  month: string,
  options: CreditsOptions = {},
): CreditsReport {
  const subscribers = new Map<string, SlaSubscriber>();
  for (const s of input.subscribers)
    if (options.sp === undefined || s.sp === options.sp) subscribers.set(s.adapterId, s);
  const works = plannedWorksByAdapter(input.plannedWorks ?? []);
  const drafts = new Map<string, Draft[]>();
  const excluded: ExcludedOutage[] = [];

  for (const outage of input.outages) {
    const t = timeOutage(outage);
    if (bookingMonth(t.window.start, t.window.end) !== month) continue;
    // Classified once per outage; again only for the accesses under overlapping planned works.
    const common = classifyOutage(t);
    for (const adapterId of new Set(outage.adapterIds)) {
      const sub = subscribers.get(adapterId);
      if (!sub) {
        // With an SP filter an unknown AdapterID may be another SP's: say nothing about it.
        if (options.sp === undefined)
          excluded.push({ outageId: outage.id, adapterId, reason: 'unknown-adapter-id' });
        continue;
      }
      const own = works.get(adapterId);
      const c = common.counts && worksOverlap(t, own) ? classifyOutage(t, own) : common;
      if (!c.counts) {
        excluded.push({ outageId: outage.id, adapterId, reason: c.reason });
        continue;
      }
      const lines = creditLinesFor(sub, outage.services, c.countedMinutes);
      if (lines.length === 0) continue;
      const list = drafts.get(adapterId) ?? [];
      for (const l of lines) list.push({ ...l, outage: t });
      drafts.set(adapterId, list);
    }
  }

  const perSp = new Map<string, SubscriberCredits[]>();
  const spCents = new Map<string, number>();
  for (const [adapterId, list] of drafts) {
    const sub = subscribers.get(adapterId) as SlaSubscriber;
    const { lines, cents } = capMonth(list);
    const subs = perSp.get(sub.sp) ?? [];
    subs.push({ adapterId, total: toEur(cents), lines });
    perSp.set(sub.sp, subs);
    spCents.set(sub.sp, (spCents.get(sub.sp) ?? 0) + cents);
  }
  let totalCents = 0;
  const sps: SpCredits[] = [...perSp.keys()].sort(byText).map((sp) => {
    totalCents += spCents.get(sp) as number;
    const subs = (perSp.get(sp) as SubscriberCredits[]).sort((a, b) => byText(a.adapterId, b.adapterId));
    return { sp, total: toEur(spCents.get(sp) as number), subscribers: subs };
  });
  return { month, total: toEur(totalCents), sps, excluded };
}

/**
 * Lines in the order the outages ended, each fee's month total capped at that fee (spec §5: credits
 * never exceed the monthly fee they reduce): a later line gets what is left of the fee.
 */
function capMonth(list: Draft[]): { lines: CreditLine[]; cents: number } {
  list.sort(
    (a, b) => a.outage.window.end - b.outage.window.end || byText(a.outage.outage.id, b.outage.outage.id),
  );
  const left = new Map<FeeKey, number>();
  let cents = 0;
  const lines = list.map((d) => {
    const remaining = left.get(d.fee) ?? d.feeCents;
    const amountCents = Math.min(d.amountCents, remaining);
    left.set(d.fee, remaining - amountCents);
    cents += amountCents;
    const line: CreditLine = {
      outageId: d.outage.outage.id,
      rule: d.rule,
      countedMinutes: d.countedMinutes,
      units: d.units,
      amount: toEur(amountCents),
    };
    if (d.service) line.service = d.service;
    return line;
  });
  return { lines, cents };
}

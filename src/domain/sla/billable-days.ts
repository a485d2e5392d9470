/**
 * Billable days of one access in one month (spec §6: the billing period is the calendar month;
 * spec §3 BSND: "No monthly fee during SL"). An access is billed from the first day of its billing
 * span to its last, except on days inside an unbilled period (a temporary disconnection, or the
 * days a taken-over access waits out the dispute window, port-unblocking.md). The monthly fees of
 * the statement are prorated by billable / days in the month (statement.ts).
 *
 * Convention: an unbilled period starts on its first non-billable day and ends on the day billing
 * resumes (the reactivation day is billed again); an open period runs to the end of the month.
 */
import { toDayNumber, type LocalDate } from '../calendar/local-date.ts';

export interface BillingSpan {
  /** First billable day. */
  start: LocalDate;
  /** Last billable day (inclusive); absent while the access lives. */
  end?: LocalDate;
}

export interface UnbilledPeriod {
  /** First day not billed. */
  start: LocalDate;
  /** Day billing resumes (exclusive end); absent while it runs. */
  end?: LocalDate;
}

export interface MonthBilling {
  billableDays: number;
  daysInMonth: number;
}

export function daysInMonth(month: string): number {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Billable days of an access in `month` (YYYY-MM). */
export function billableDaysInMonth(
  month: string,
  span: BillingSpan,
  unbilled: readonly UnbilledPeriod[],
): MonthBilling {
  const n = daysInMonth(month);
  const first = toDayNumber(`${month}-01`);
  const last = first + n - 1;
  const from = Math.max(first, toDayNumber(span.start));
  const to = Math.min(last, span.end ? toDayNumber(span.end) : last);
  let days = 0;
  for (let d = from; d <= to; d++) {
    const off = unbilled.some(
      (p) => d >= toDayNumber(p.start) && (p.end === undefined || d < toDayNumber(p.end)),
    );
    if (!off) days++;
  }
  return { billableDays: days, daysInMonth: n };
}

/** A monthly fee in cents prorated to the billable days (half up at the cent). */
export function proratedCents(feeCents: number, b: MonthBilling | undefined): number {
  if (!b || b.billableDays >= b.daysInMonth) return feeCents;
  return Math.round((feeCents * b.billableDays) / b.daysInMonth);
}

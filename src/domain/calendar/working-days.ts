/**
 * Working days ("RD", spec §1): every day except Sunday and public holidays; Saturday IS a working
 * day. Day-0 convention (spec §1 Interpretation): the day of receipt is day 0 and "+N RD" ends at
 * the end of the Nth working day after it; "D" deadlines count calendar days the same way.
 */
import { addDays, toDayNumber, weekday, type LocalDate } from './local-date.ts';
import { isHoliday } from './holidays.ts';

export function isWorkingDay(d: LocalDate): boolean {
  return weekday(d) !== 0 && !isHoliday(d);
}

/** The Nth working day after `d` (d itself is day 0). n = 0 returns d. */
export function addWorkingDays(d: LocalDate, n: number): LocalDate {
  if (n < 0) throw new RangeError('n must be ≥ 0');
  let cur = d;
  for (let left = n; left > 0;) {
    cur = addDays(cur, 1);
    if (isWorkingDay(cur)) left--;
  }
  return cur;
}

/** The first working day on or after `d`. */
export function nextWorkingDayOnOrAfter(d: LocalDate): LocalDate {
  let cur = d;
  while (!isWorkingDay(cur)) cur = addDays(cur, 1);
  return cur;
}

/** Working days in (from, to]: how many "RD" lie after `from` up to and including `to`. */
export function workingDaysBetween(from: LocalDate, to: LocalDate): number {
  const a = toDayNumber(from);
  const b = toDayNumber(to);
  if (b <= a) return -workingDaysBetween(to, from);
  let n = 0;
  for (let cur = addDays(from, 1); toDayNumber(cur) <= b; cur = addDays(cur, 1)) if (isWorkingDay(cur)) n++;
  return n;
}

/**
 * Calendar dates without a time zone (`YYYY-MM-DD`), and the conversion of an instant to the date
 * it is in Croatia (Europe/Zagreb): deadlines count days as the contract's parties see them.
 * Pure: the instant is always passed in.
 */
export type LocalDate = string & { readonly __localDate?: never };

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLocalDate(s: unknown): s is LocalDate {
  if (typeof s !== 'string') return false;
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** Days since 1970-01-01 of a local date (for arithmetic). */
export function toDayNumber(d: LocalDate): number {
  const m = ISO_DATE.exec(d);
  if (!m) throw new RangeError(`not a date: ${d}`);
  return Math.round(Date.UTC(+m[1], +m[2] - 1, +m[3]) / 86_400_000);
}

export function fromDayNumber(n: number): LocalDate {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

export function addDays(d: LocalDate, n: number): LocalDate {
  return fromDayNumber(toDayNumber(d) + n);
}

export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** 0 = Sunday … 6 = Saturday. */
export function weekday(d: LocalDate): number {
  return (toDayNumber(d) + 4) % 7; // 1970-01-01 was a Thursday
}

export function yearOf(d: LocalDate): number {
  return Number(d.slice(0, 4));
}

export const ZONE = 'Europe/Zagreb';
const zagrebDateFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * Dates by UTC hour. Since 1970 Europe/Zagreb's offset is a whole number of hours (+1/+2) and it
 * changes on a whole UTC hour, so local midnight always falls on a UTC hour boundary: every instant
 * of one UTC hour has the same Zagreb date. Intl formatting costs microseconds and order intake asks
 * several times per order (bench intake).
 */
const dateByHour = new Map<number, LocalDate>();

/** The calendar date of an instant in Croatia. */
export function zagrebDate(instant: Date): LocalDate {
  const ms = instant.getTime();
  if (!(ms >= 0)) return zagrebDateFormat.format(instant); // before 1970, or an invalid Date (throws as before)
  const hour = Math.floor(ms / 3_600_000);
  let d = dateByHour.get(hour);
  if (d === undefined) {
    d = zagrebDateFormat.format(instant);
    if (dateByHour.size >= 4096) dateByHour.clear();
    dateByHour.set(hour, d);
  }
  return d;
}

const zagrebPartsFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** Offset of Europe/Zagreb from UTC at an instant, in minutes (60 in winter, 120 in summer). */
export function zagrebOffsetMinutes(instant: Date): number {
  const p = Object.fromEntries(zagrebPartsFormat.formatToParts(instant).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour, +p.minute, +p.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/** The instant a local wall-clock time in Croatia denotes (e.g. end of a day: `zagrebInstant(d, 23, 59, 59)`). */
export function zagrebInstant(d: LocalDate, hour = 0, minute = 0, second = 0): Date {
  const guess = new Date(toDayNumber(d) * 86_400_000 + ((hour * 60 + minute) * 60 + second) * 1000);
  const off = zagrebOffsetMinutes(new Date(guess.getTime() - 60 * 60_000));
  const t = new Date(guess.getTime() - off * 60_000);
  // re-check across a DST change
  const off2 = zagrebOffsetMinutes(t);
  return off2 === off ? t : new Date(guess.getTime() - off2 * 60_000);
}

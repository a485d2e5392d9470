/**
 * Croatian public holidays for working-day arithmetic (spec §1, "RD"): 1 Jan, 6 Jan, Easter Sunday,
 * Easter Monday, 1 May, 30 May, Corpus Christi (Easter + 60 days), 22 Jun, 5 Aug, 15 Aug, 1 Nov,
 * 18 Nov, 25 Dec, 26 Dec.
 *
 * Written here rather than taken from `date-holidays`: that library's HR list also carries
 * observances and optional days, and the contract names exactly this list, so the table is the spec.
 */
import { addDays, type LocalDate } from './local-date.ts';

const FIXED = [
  '01-01',
  '01-06',
  '05-01',
  '05-30',
  '06-22',
  '08-05',
  '08-15',
  '11-01',
  '11-18',
  '12-25',
  '12-26',
];

/** Easter Sunday (Gregorian), by the anonymous Gregorian computus (Meeus/Jones/Butcher). */
export function easterSunday(year: number): LocalDate {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export interface Holiday {
  date: LocalDate;
  name: string;
}

const cache = new Map<number, Holiday[]>();

export function croatianHolidays(year: number): Holiday[] {
  let list = cache.get(year);
  if (list) return list;
  const easter = easterSunday(year);
  const names: Record<string, string> = {
    '01-01': 'New Year',
    '01-06': 'Epiphany',
    '05-01': 'Labour Day',
    '05-30': 'Statehood Day',
    '06-22': 'Anti-Fascist Struggle Day',
    '08-05': 'Victory Day',
    '08-15': 'Assumption',
    '11-01': "All Saints' Day",
    '11-18': 'Remembrance Day',
    '12-25': 'Christmas',
    '12-26': "St Stephen's Day",
  };
  list = [
    ...FIXED.map((md) => ({ date: `${year}-${md}`, name: names[md] })),
    { date: easter, name: 'Easter Sunday' },
    { date: addDays(easter, 1), name: 'Easter Monday' },
    { date: addDays(easter, 60), name: 'Corpus Christi' },
  ].sort((x, y) => (x.date < y.date ? -1 : 1));
  cache.set(year, list);
  return list;
}

export function isHoliday(d: LocalDate): boolean {
  return croatianHolidays(Number(d.slice(0, 4))).some((h) => h.date === d);
}

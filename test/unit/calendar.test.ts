// spec §1: RD = every day except Sunday and Croatian public holidays (Saturday IS a working day);
// day 0 = day of receipt.
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  croatianHolidays,
  easterSunday,
  isHoliday,
  isWorkingDay,
  weekday,
  workingDaysBetween,
  zagrebDate,
  zagrebInstant,
} from '../../src/domain/calendar/index.ts';

describe('Croatian holidays (spec §1 list)', () => {
  it('2026 has exactly the 14 holidays of the spec', () => {
    expect(croatianHolidays(2026).map((h) => h.date)).toEqual([
      '2026-01-01',
      '2026-01-06',
      '2026-04-05',
      '2026-04-06',
      '2026-05-01',
      '2026-05-30',
      '2026-06-04',
      '2026-06-22',
      '2026-08-05',
      '2026-08-15',
      '2026-11-01',
      '2026-11-18',
      '2026-12-25',
      '2026-12-26',
    ]);
  });
  it.each(croatianHolidays(2026).map((h) => [h.date, h.name]))('%s (%s) is not a working day', (d) => {
    expect(isHoliday(d)).toBe(true);
    expect(isWorkingDay(d)).toBe(false);
  });
  // Known Gregorian Easter Sundays (published tables)
  it.each([
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2011, '2011-04-24'],
    [2019, '2019-04-21'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2026, '2026-04-05'],
    [2027, '2027-03-28'],
    [2028, '2028-04-16'],
    [2029, '2029-04-01'],
    [2030, '2030-04-21'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('Easter %i is %s', (y, d) => expect(easterSunday(y)).toBe(d));
  it('Corpus Christi is Easter + 60 days (2025-06-19, 2027-05-27)', () => {
    expect(isHoliday('2025-06-19')).toBe(true);
    expect(isHoliday('2027-05-27')).toBe(true);
  });
});

describe('working days (spec §1 RD)', () => {
  it('Saturday is a working day, Sunday is not', () => {
    expect(weekday('2026-03-07')).toBe(6);
    expect(isWorkingDay('2026-03-07')).toBe(true);
    expect(isWorkingDay('2026-03-08')).toBe(false);
    expect(isWorkingDay('2026-03-09')).toBe(true);
  });
  it.each([
    // spec §1 Interpretation: Thu 2 Apr 2026 + 3 RD → Tue 7 Apr (Fri, Sat, then Easter Sun + Mon skipped)
    ['2026-04-02', 3, '2026-04-07'],
    // issue 3: Fri 29 May 2026 + 6 RD → Mon 8 Jun (30 May Statehood Day, 4 Jun Corpus Christi)
    ['2026-05-29', 6, '2026-06-08'],
    ['2026-12-24', 1, '2026-12-28'],
    ['2026-03-06', 0, '2026-03-06'],
  ])('%s + %i RD = %s', (from, n, to) => {
    expect(addWorkingDays(from, n)).toBe(to);
    if (n > 0) expect(workingDaysBetween(from, to)).toBe(n);
  });
  it('Zagreb date of an instant (day 0 is the Zagreb day)', () => {
    expect(zagrebDate(new Date('2026-04-01T22:30:00Z'))).toBe('2026-04-02'); // 00:30 CEST
    expect(zagrebDate(new Date('2026-01-01T22:59:59Z'))).toBe('2026-01-01'); // 23:59 CET
    expect(zagrebInstant('2026-04-02').toISOString()).toBe('2026-04-01T22:00:00.000Z');
  });
});

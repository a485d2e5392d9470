/** Outage classification and the planned-works notice (spec §1 RD, spec §5). */
import { describe, expect, it } from 'vitest';
import {
  announcedInTime,
  CAUSE_POLICY,
  classifyOutage,
  coveredLength,
  earliestExcludedStartDate,
  OUTAGE_CAUSES,
  unionOf,
} from '../../src/domain/sla/index.ts';
import { outage, works } from './sla-fixtures.ts';

const at = (s: string) => new Date(s);

describe('planned works "announced at least 3 working days ahead" (spec §5, RD of spec §1)', () => {
  it.each([
    // announcement, start, in time?, why
    [
      '2026-04-02T15:00:00+02:00',
      '2026-04-08T08:00:00+02:00',
      true,
      'Thu → Wed: Fri, Sat, Tue (Easter Sunday and Monday are not RD)',
    ],
    [
      '2026-04-02T15:00:00+02:00',
      '2026-04-07T08:00:00+02:00',
      false,
      'Thu → Tue: only Fri, Sat — 2 RD (5 calendar days)',
    ],
    ['2026-03-02T09:00:00+01:00', '2026-03-06T00:00:00+01:00', true, 'Mon → Fri: Tue, Wed, Thu'],
    ['2026-03-02T09:00:00+01:00', '2026-03-05T23:59:00+01:00', false, 'Mon → Thu: Tue, Wed'],
    [
      '2026-03-05T09:00:00+01:00',
      '2026-03-10T08:00:00+01:00',
      true,
      'Thu → Tue: Fri, Sat, Mon (Saturday IS a working day)',
    ],
    ['2026-03-05T09:00:00+01:00', '2026-03-09T08:00:00+01:00', false, 'Thu → Mon: Fri, Sat (Sunday is not)'],
    ['2026-03-10T09:00:00+01:00', '2026-03-10T08:00:00+01:00', false, 'announced after the works started'],
    [
      '2026-03-02T23:30:00+01:00',
      '2026-03-06T00:30:00+01:00',
      true,
      'dates are Zagreb dates: 23:30 local on Monday is Monday',
    ],
  ])('%s → %s: %s (%s)', (announced, start, expected) => {
    expect(announcedInTime(at(announced), at(start))).toBe(expected);
  });

  it('earliest excluded start date skips Easter 2026', () => {
    expect(earliestExcludedStartDate(at('2026-04-02T10:00:00+02:00'))).toBe('2026-04-08');
  });
});

describe('classifyOutage (spec §5)', () => {
  it.each(OUTAGE_CAUSES.map((c) => [c, CAUSE_POLICY[c].counts]))('cause %s counts: %s', (cause, counts) => {
    const r = classifyOutage(outage('2026-03-02T08:00:00+01:00', '2026-03-02T12:00:00+01:00', { cause }));
    expect(r.counts).toBe(counts);
    if (!r.counts) expect(r.reason).toBe(cause);
  });

  it("the network owner's causes count, the subscriber's and the SP's do not; unknown is presumed the owner's", () => {
    const counting = OUTAGE_CAUSES.filter((c) => CAUSE_POLICY[c].counts);
    expect(counting.sort()).toEqual([
      'drop-fibre',
      'network-equipment',
      'olt-down',
      'pon-fibre-cut',
      'unknown',
    ]);
  });

  it('counted minutes = duration less the union of stops and in-time works', () => {
    const o = outage('2026-03-10T08:00:00+01:00', '2026-03-10T16:00:00+01:00', {
      stops: [
        { start: '2026-03-10T07:00:00+01:00', end: '2026-03-10T08:30:00+01:00', reason: 'health-risk' }, // clipped to the outage
        {
          start: '2026-03-10T09:00:00+01:00',
          end: '2026-03-10T11:00:00+01:00',
          reason: 'third-party-permit',
        },
      ],
    });
    const pw = [
      works('2026-03-10T10:00:00+01:00', '2026-03-10T12:00:00+01:00', '2026-03-01T09:00:00+01:00'), // in time, overlaps stop
      works('2026-03-10T14:00:00+01:00', '2026-03-10T15:00:00+01:00', '2026-03-09T09:00:00+01:00'), // late: still outage
    ];
    expect(classifyOutage(o, pw)).toEqual({
      counts: true,
      countedMinutes: 8 * 60 - 30 - 180,
      durationMinutes: 480,
      subtractedMinutes: 210,
    });
  });

  it('in-time works covering the whole outage exclude it with reason planned-works; late works never do', () => {
    const o = outage('2026-03-10T08:00:00+01:00', '2026-03-10T12:00:00+01:00');
    expect(
      classifyOutage(o, [
        works('2026-03-10T07:00:00+01:00', '2026-03-10T13:00:00+01:00', '2026-03-01T00:00:00+01:00'),
      ]),
    ).toEqual({ counts: false, reason: 'planned-works' });
    expect(
      classifyOutage(o, [
        works('2026-03-10T07:00:00+01:00', '2026-03-10T13:00:00+01:00', '2026-03-08T00:00:00+01:00'),
      ]).counts,
    ).toBe(true);
  });
});

describe('intervals', () => {
  it('union merges overlaps and touching intervals', () => {
    expect(
      unionOf([
        { start: 5, end: 8 },
        { start: 0, end: 2 },
        { start: 2, end: 3 },
        { start: 6, end: 10 },
      ]),
    ).toEqual([
      { start: 0, end: 3 },
      { start: 5, end: 10 },
    ]);
    expect(
      coveredLength({ start: 1, end: 7 }, [
        { start: 0, end: 3 },
        { start: 2, end: 4 },
        { start: 6, end: 9 },
      ]),
    ).toBe(4);
  });
});

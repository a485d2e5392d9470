/**
 * Table-driven credit cases of issue 7, each naming the spec line it exercises. Subscriber by default:
 * regional (access fee 7.30 + 2.50 = 9.80 EUR), internet 300/150 (2.20), IPTV 50 (0.50), VoIP 1/1
 * (0.10), management (0.04).
 */
import { describe, expect, it } from 'vitest';
import {
  computeMonthlyCredits,
  type CreditLine,
  type ExcludedOutage,
  type Outage,
  type PlannedWork,
  type SlaSubscriber,
} from '../../src/domain/sla/index.ts';
import { file, outage, subscriber, works } from './sla-fixtures.ts';

interface Case {
  spec: string;
  month?: string;
  sub?: Partial<SlaSubscriber>;
  outages: Outage[];
  works?: PlannedWork[];
  lines: Array<Partial<CreditLine>>;
  excluded?: Array<Partial<ExcludedOutage>>;
  total?: number;
}

const whole = (start: string, end: string, over: Partial<Outage> = {}) => outage(start, end, over);

const CASES: Case[] = [
  {
    spec: '§5 Interpretation "2 h 59 min → nothing"',
    outages: [whole('2026-03-02T08:00:00+01:00', '2026-03-02T10:59:00+01:00')],
    lines: [],
    total: 0,
  },
  {
    spec: '§5 access-point rule "longer than 3 continuous hours": exactly 3 h 00 → nothing',
    outages: [whole('2026-03-02T08:00:00+01:00', '2026-03-02T11:00:00+01:00')],
    lines: [],
  },
  {
    spec: '§5 Interpretation "3 h 59 min → 3 hours credited" (9.80 × 3 / 720 = 0.0408 → 0.04)',
    outages: [whole('2026-03-02T08:00:00+01:00', '2026-03-02T11:59:00+01:00')],
    lines: [{ rule: 'access-hourly', countedMinutes: 239, units: 3, amount: 0.04 }],
    total: 0.04,
  },
  {
    spec: 'design §7 example: 4 h 30 → 4 hours, 9.80 × 4 / 720 = 0.0544 → 0.05',
    outages: [whole('2026-03-02T08:00:00+01:00', '2026-03-02T12:30:00+01:00')],
    lines: [{ rule: 'access-hourly', countedMinutes: 270, units: 4, amount: 0.05 }],
  },
  {
    spec: '§5 Interpretation "an outage that crosses midnight is one continuous outage" (2 h + 2 h 30)',
    outages: [whole('2026-03-02T22:00:00+01:00', '2026-03-03T02:30:00+01:00')],
    lines: [{ rule: 'access-hourly', countedMinutes: 270, units: 4, amount: 0.05 }],
  },
  {
    spec: '§5 Interpretation "booked in the month in which it ends": Feb→Mar outage is March\'s',
    outages: [whole('2026-02-28T22:00:00+01:00', '2026-03-01T03:30:00+01:00')],
    lines: [{ rule: 'access-hourly', countedMinutes: 330, units: 5, amount: 0.07 }],
  },
  {
    spec: '§5 Interpretation "booked in the month in which it ends": the month it started gets nothing',
    month: '2026-02',
    outages: [whole('2026-02-28T22:00:00+01:00', '2026-03-01T03:30:00+01:00')],
    lines: [],
    excluded: [],
  },
  {
    spec: "§5 month = calendar month in Zagreb: ending 00:30 local on 1 April (22:30Z on 31 March) is April's",
    outages: [whole('2026-03-31T19:00:00+02:00', '2026-04-01T00:30:00+02:00')],
    lines: [],
  },
  {
    spec: "§5 booked in the month it ends, intervals half-open: ending at exactly 00:00 on 1 April is March's last minute",
    outages: [whole('2026-03-31T19:00:00+02:00', '2026-04-01T00:00:00+02:00')],
    lines: [{ rule: 'access-hourly', countedMinutes: 300, units: 5, amount: 0.07 }],
  },
  {
    spec: '§5 full hours are real elapsed hours: across the DST change (29 March 2026, 01:00 → 03:00 local) 00:00–05:00 is 4 h',
    outages: [whole('2026-03-29T00:00:00+01:00', '2026-03-29T05:00:00+02:00')],
    lines: [{ rule: 'access-hourly', countedMinutes: 240, units: 4, amount: 0.05 }],
  },
  {
    spec: '§5 Interpretation "time under a legal clock stop is not outage time": 4 h less 1 h 30 stop → 2 h 30 → nothing',
    outages: [
      whole('2026-03-02T08:00:00+01:00', '2026-03-02T12:00:00+01:00', {
        stops: [
          {
            start: '2026-03-02T09:00:00+01:00',
            end: '2026-03-02T10:30:00+01:00',
            reason: 'awaiting-subscriber-appointment',
          },
        ],
      }),
    ],
    lines: [],
  },
  {
    spec: '§5 Interpretation: a stop and planned works overlapping are subtracted once (union)',
    outages: [
      whole('2026-03-10T08:00:00+01:00', '2026-03-10T16:00:00+01:00', {
        stops: [
          {
            start: '2026-03-10T09:00:00+01:00',
            end: '2026-03-10T11:00:00+01:00',
            reason: 'third-party-permit',
          },
        ],
      }),
    ],
    works: [works('2026-03-10T10:00:00+01:00', '2026-03-10T12:00:00+01:00', '2026-03-01T09:00:00+01:00')],
    lines: [{ rule: 'access-hourly', countedMinutes: 300, units: 5, amount: 0.07 }],
  },
  {
    spec: '§5 "planned works announced at least 3 working days ahead" — announced Thu 2 Apr, start Wed 8 Apr (Fri, Sat, Tue; Easter Sun/Mon skipped): excluded',
    month: '2026-04',
    outages: [whole('2026-04-08T08:00:00+02:00', '2026-04-08T13:00:00+02:00', { id: 'pw3' })],
    works: [works('2026-04-08T08:00:00+02:00', '2026-04-08T13:00:00+02:00', '2026-04-02T15:00:00+02:00')],
    lines: [],
    excluded: [{ outageId: 'pw3', reason: 'planned-works' }],
  },
  {
    spec: '§5 planned works announced only 2 working days ahead (Thu 2 Apr → Tue 7 Apr, Easter in between) count as outage',
    month: '2026-04',
    outages: [whole('2026-04-07T08:00:00+02:00', '2026-04-07T13:00:00+02:00')],
    works: [works('2026-04-07T08:00:00+02:00', '2026-04-07T13:00:00+02:00', '2026-04-02T15:00:00+02:00')],
    lines: [{ rule: 'access-hourly', countedMinutes: 300, units: 5, amount: 0.07 }],
    excluded: [],
  },
  {
    spec: '§5 planned works in time cover only part of the outage: the rest counts (6 h − 4 h = 2 h → nothing)',
    month: '2026-04',
    outages: [whole('2026-04-08T08:00:00+02:00', '2026-04-08T14:00:00+02:00')],
    works: [works('2026-04-08T08:00:00+02:00', '2026-04-08T12:00:00+02:00', '2026-04-02T15:00:00+02:00')],
    lines: [],
    excluded: [],
  },
  {
    spec: '§5 "not outages: faults in the subscriber\'s equipment" — dying gasp (subscriber power) is excluded',
    outages: [
      whole('2026-03-02T08:00:00+01:00', '2026-03-04T08:00:00+01:00', { id: 'dg', cause: 'dying-gasp' }),
    ],
    lines: [],
    excluded: [{ outageId: 'dg', adapterId: 'A-1', reason: 'dying-gasp' }],
    total: 0,
  },
  {
    spec: "§5 home installation and SP-requested are not outages; unknown counts (presumed the owner's)",
    outages: [
      whole('2026-03-02T08:00:00+01:00', '2026-03-02T18:00:00+01:00', {
        id: 'hi',
        cause: 'home-installation',
      }),
      whole('2026-03-03T08:00:00+01:00', '2026-03-03T18:00:00+01:00', { id: 'sp', cause: 'sp-requested' }),
      whole('2026-03-04T08:00:00+01:00', '2026-03-04T12:00:00+01:00', { id: 'un', cause: 'unknown' }),
    ],
    lines: [{ outageId: 'un', rule: 'access-hourly', units: 4, amount: 0.05 }],
    excluded: [
      { outageId: 'hi', reason: 'home-installation' },
      { outageId: 'sp', reason: 'sp-requested' },
    ],
  },
  {
    spec: '§5 service rule: IPTV-only outage of 50 h → 2 full days of IPTV (0.50 × 2 / 30 = 0.033 → 0.03), no access credit',
    outages: [whole('2026-03-02T08:00:00+01:00', '2026-03-04T10:00:00+01:00', { services: ['iptv'] })],
    lines: [{ rule: 'service-daily', service: 'iptv', countedMinutes: 3000, units: 2, amount: 0.03 }],
  },
  {
    spec: '§5 Interpretation "an outage that meets both rules earns both": whole access 50 h → access 50 h + every service 2 days',
    outages: [whole('2026-03-02T08:00:00+01:00', '2026-03-04T10:00:00+01:00')],
    lines: [
      { rule: 'access-hourly', units: 50, amount: 0.68 }, // 980 × 50 / 720 = 68.06
      { rule: 'service-daily', service: 'internet', units: 2, amount: 0.15 }, // 220 × 2 / 30 = 14.67
      { rule: 'service-daily', service: 'iptv', units: 2, amount: 0.03 },
      { rule: 'service-daily', service: 'voip', units: 2, amount: 0.01 }, // 10 × 2 / 30 = 0.67
      { rule: 'service-daily', service: 'management', units: 2, amount: 0 }, // 4 × 2 / 30 = 0.27
    ],
    total: 0.87,
  },
  {
    spec: '§5 "credits never exceed the monthly fee they reduce": a 740-hour outage is capped at each monthly fee',
    outages: [whole('2026-03-01T00:00:00+01:00', '2026-03-31T21:00:00+02:00')],
    lines: [
      { rule: 'access-hourly', countedMinutes: 740 * 60, units: 740, amount: 9.8 },
      { rule: 'service-daily', service: 'internet', units: 30, amount: 2.2 },
      { rule: 'service-daily', service: 'iptv', units: 30, amount: 0.5 },
      { rule: 'service-daily', service: 'voip', units: 30, amount: 0.1 },
      { rule: 'service-daily', service: 'management', units: 30, amount: 0.04 },
    ],
    total: 12.64,
  },
  {
    spec: '§5 cap over the month: eight 90-hour outages (each 122.5 → 123 cents, half up) never pass 9.80 together',
    outages: Array.from({ length: 8 }, (_, i) => ({
      id: `c${i}`,
      adapterIds: ['A-1'],
      cause: 'olt-down' as const,
      start: new Date(Date.parse('2026-03-01T00:00:00+01:00') + i * 90 * 3_600_000).toISOString(),
      end: new Date(Date.parse('2026-03-01T00:00:00+01:00') + (i + 1) * 90 * 3_600_000).toISOString(),
    })),
    sub: { services: {} },
    lines: [
      ...Array.from({ length: 7 }, (_, i) => ({
        outageId: `c${i}`,
        rule: 'access-hourly' as const,
        units: 90,
        amount: 1.23,
      })),
      { outageId: 'c7', rule: 'access-hourly', units: 90, amount: 1.19 }, // what is left of 9.80
    ],
    total: 9.8,
  },
  {
    spec: '§6 "at OLT-level access: no IPTV, VoIP or management fees and no access-level fee": 50 h → access 7.30 × 50 / 720, internet only',
    sub: { accessLevel: 'olt' },
    outages: [whole('2026-03-02T08:00:00+01:00', '2026-03-04T10:00:00+01:00')],
    lines: [
      { rule: 'access-hourly', units: 50, amount: 0.51 }, // 730 × 50 / 720 = 50.69
      { rule: 'service-daily', service: 'internet', units: 2, amount: 0.15 },
    ],
  },
  {
    spec: '§6 basic access −1.10 in multi-dwelling buildings: national, 10 h → (7.30 − 1.10 + 4.50) × 10 / 720 = 0.1486 → 0.15',
    sub: { accessLevel: 'national', multiDwellingNoInBuilding: true },
    outages: [whole('2026-03-02T08:00:00+01:00', '2026-03-02T18:00:00+01:00')],
    lines: [{ rule: 'access-hourly', units: 10, amount: 0.15 }],
  },
  {
    spec: '§6 the same outage without the reduction: (7.30 + 4.50) × 10 / 720 = 0.1639 → 0.16',
    sub: { accessLevel: 'national' },
    outages: [whole('2026-03-02T08:00:00+01:00', '2026-03-02T18:00:00+01:00')],
    lines: [{ rule: 'access-hourly', units: 10, amount: 0.16 }],
  },
  {
    spec: '§5 service rule applies to the services the access has: a VoIP outage of an access without VoIP earns nothing',
    sub: { services: { internet: '100/100' } },
    outages: [whole('2026-03-02T08:00:00+01:00', '2026-03-05T10:00:00+01:00', { services: ['voip'] })],
    lines: [],
  },
];

describe('SLA credits (spec §5, §6; design §7)', () => {
  it.each(CASES)('$spec', (c) => {
    const report = computeMonthlyCredits(
      file(c.outages, [subscriber(c.sub)], c.works ?? []),
      c.month ?? '2026-03',
    );
    const lines = report.sps.flatMap((s) => s.subscribers.flatMap((x) => x.lines));
    expect(lines).toHaveLength(c.lines.length);
    c.lines.forEach((want, i) => expect(lines[i]).toMatchObject(want));
    if (c.excluded) {
      expect(report.excluded).toHaveLength(c.excluded.length);
      c.excluded.forEach((want, i) => expect(report.excluded[i]).toMatchObject(want));
    }
    if (c.total !== undefined) expect(report.total).toBe(c.total);
    const sum = Math.round(lines.reduce((n, l) => n + l.amount * 100, 0));
    expect(Math.round(report.total * 100)).toBe(sum);
  });

  it('design §7 output shape: sps → subscribers → lines; service only on service-daily lines', () => {
    const report = computeMonthlyCredits(
      file([outage('2026-03-02T08:00:00+01:00', '2026-03-02T12:30:00+01:00', { id: 'o1' })]),
      '2026-03',
    );
    expect(report).toEqual({
      month: '2026-03',
      total: 0.05,
      sps: [
        {
          sp: 'sp1',
          total: 0.05,
          subscribers: [
            {
              adapterId: 'A-1',
              total: 0.05,
              lines: [{ outageId: 'o1', rule: 'access-hourly', countedMinutes: 270, units: 4, amount: 0.05 }],
            },
          ],
        },
      ],
      excluded: [],
    });
  });

  it('one outage on several accesses credits each; an SP filter shows only that SP', () => {
    const subs = [subscriber(), subscriber({ adapterId: 'B-1', sp: 'sp2' })];
    const o = outage('2026-03-02T08:00:00+01:00', '2026-03-02T12:30:00+01:00', {
      adapterIds: ['A-1', 'B-1', 'Z-9'],
    });
    const all = computeMonthlyCredits(file([o], subs), '2026-03');
    expect(all.sps.map((s) => s.sp)).toEqual(['sp1', 'sp2']);
    expect(all.total).toBe(0.1);
    expect(all.excluded).toEqual([{ outageId: o.id, adapterId: 'Z-9', reason: 'unknown-adapter-id' }]);
    const sp2 = computeMonthlyCredits(file([o], subs), '2026-03', { sp: 'sp2' });
    expect(sp2.sps.map((s) => s.sp)).toEqual(['sp2']);
    expect(sp2.excluded).toEqual([]);
  });
});

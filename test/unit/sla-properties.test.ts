/** Properties of the credit engine (fast-check), spec §5 and design §7. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { accessFeeCents, serviceFeeCents, type Channel } from '../../src/domain/catalogue/index.ts';
import {
  CAUSE_POLICY,
  computeMonthlyCredits,
  OUTAGE_CAUSES,
  STOP_REASONS,
  type CreditsReport,
  type Outage,
  type SlaSubscriber,
} from '../../src/domain/sla/index.ts';

const MONTH_START = Date.parse('2026-03-01T00:00:00+01:00');
const MONTH_END = Date.parse('2026-04-01T00:00:00+02:00');
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

const subscriberArb: fc.Arbitrary<SlaSubscriber> = fc.record({
  adapterId: fc.constant('A-1'),
  sp: fc.constant('sp1'),
  accessLevel: fc.constantFrom('national', 'regional', 'olt'),
  multiDwellingNoInBuilding: fc.boolean(),
  services: fc.record(
    {
      internet: fc.option(
        fc.constantFrom('100/100', '200/100', '300/150', '500/250', '1000/500', '2000/1000'),
        { nil: undefined },
      ),
      iptv: fc.option(fc.constantFrom(10, 50, 100), { nil: undefined }),
      voip: fc.option(fc.constantFrom('1/1', '2/2'), { nil: undefined }),
      management: fc.boolean(),
    },
    { requiredKeys: [] },
  ),
}) as fc.Arbitrary<SlaSubscriber>;

const servicesArb = fc.option(
  fc.uniqueArray(fc.constantFrom<Channel>('internet', 'iptv', 'voip', 'management'), { minLength: 1 }),
  { nil: undefined },
);

/** An outage inside March 2026 (so it is booked in March), with optional stops. */
const outageArb = (causes: readonly Outage['cause'][] = OUTAGE_CAUSES): fc.Arbitrary<Outage> =>
  fc
    .record({
      startMin: fc.integer({ min: 0, max: 40_000 }),
      lengthMin: fc.integer({ min: 0, max: 44_000 }),
      cause: fc.constantFrom(...causes),
      services: servicesArb,
      stops: fc.array(
        fc.record({
          from: fc.integer({ min: 0, max: 44_000 }),
          len: fc.integer({ min: 0, max: 3_000 }),
          reason: fc.constantFrom(...STOP_REASONS),
        }),
        { maxLength: 3 },
      ),
    })
    .map(({ startMin, lengthMin, cause, services, stops }) => {
      const start = MONTH_START + startMin * MIN;
      const end = Math.min(start + lengthMin * MIN, MONTH_END - MIN);
      return {
        id: `o${startMin}-${lengthMin}`,
        adapterIds: ['A-1'],
        start: iso(start),
        end: iso(Math.max(start, end)),
        cause,
        services,
        stops: stops.map((s) => ({
          start: iso(start + s.from * MIN),
          end: iso(start + (s.from + s.len) * MIN),
          reason: s.reason,
        })),
      };
    });

const cents = (x: number) => Math.round(x * 100);
const linesOf = (r: CreditsReport) => r.sps.flatMap((s) => s.subscribers.flatMap((x) => x.lines));

function feeOf(sub: SlaSubscriber, service?: Channel): number {
  return service ? serviceFeeCents(service, sub.services, sub.accessLevel) : accessFeeCents(sub);
}

describe('credit properties', () => {
  it('a credit never exceeds the fee it reduces, alone or summed over the month', () => {
    fc.assert(
      fc.property(subscriberArb, fc.array(outageArb(), { maxLength: 12 }), (sub, outages) => {
        const uniq = outages.map((o, i) => ({ ...o, id: `o${i}` }));
        const report = computeMonthlyCredits({ subscribers: [sub], outages: uniq }, '2026-03');
        const perFee = new Map<string, number>();
        for (const l of linesOf(report)) {
          const fee = feeOf(sub, l.service);
          expect(cents(l.amount)).toBeLessThanOrEqual(fee);
          const key = l.service ?? 'access';
          perFee.set(key, (perFee.get(key) ?? 0) + cents(l.amount));
          expect(perFee.get(key)).toBeLessThanOrEqual(fee);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a longer outage never earns less', () => {
    fc.assert(
      fc.property(
        subscriberArb,
        outageArb(['pon-fibre-cut', 'olt-down', 'drop-fibre', 'network-equipment', 'unknown']),
        fc.integer({ min: 0, max: 5_000 }),
        (sub, o, extraMin) => {
          const longerEnd = Math.min(Date.parse(o.end) + extraMin * MIN, MONTH_END - MIN);
          const a = computeMonthlyCredits({ subscribers: [sub], outages: [o] }, '2026-03');
          const b = computeMonthlyCredits(
            { subscribers: [sub], outages: [{ ...o, end: iso(longerEnd) }] },
            '2026-03',
          );
          expect(cents(b.total)).toBeGreaterThanOrEqual(cents(a.total));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('excluded causes never earn anything, and each is reported as excluded with its cause', () => {
    const excludedCauses = OUTAGE_CAUSES.filter((c) => !CAUSE_POLICY[c].counts);
    fc.assert(
      fc.property(
        subscriberArb,
        fc.array(outageArb(excludedCauses), { minLength: 1, maxLength: 6 }),
        (sub, outages) => {
          const uniq = outages.map((o, i) => ({ ...o, id: `o${i}` }));
          const report = computeMonthlyCredits({ subscribers: [sub], outages: uniq }, '2026-03');
          expect(report.total).toBe(0);
          expect(report.sps).toEqual([]);
          expect(report.excluded.map((e) => e.reason)).toEqual(uniq.map((o) => o.cause));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('totals equal the sum of their lines at every level', () => {
    const subs = fc
      .array(subscriberArb, { minLength: 1, maxLength: 5 })
      .map((ss) => ss.map((s, i) => ({ ...s, adapterId: `A-${i}`, sp: `sp${i % 2}` })));
    fc.assert(
      fc.property(subs, fc.array(outageArb(), { maxLength: 10 }), (ss, outages) => {
        const uniq = outages.map((o, i) => ({
          ...o,
          id: `o${i}`,
          adapterIds: ss
            .filter((_, k) => (i + k) % 2 === 0)
            .map((s) => s.adapterId)
            .concat('A-0'),
        }));
        const r = computeMonthlyCredits({ subscribers: ss, outages: uniq }, '2026-03');
        let all = 0;
        for (const sp of r.sps) {
          let spSum = 0;
          for (const sub of sp.subscribers) {
            const s = sub.lines.reduce((n, l) => n + cents(l.amount), 0);
            expect(cents(sub.total)).toBe(s);
            spSum += s;
          }
          expect(cents(sp.total)).toBe(spSum);
          all += spSum;
        }
        expect(cents(r.total)).toBe(all);
        // amounts are whole cents (no float drift in the output)
        for (const l of linesOf(r))
          expect(
            Number.isInteger(Math.round(l.amount * 100)) && Math.abs(l.amount * 100 - cents(l.amount)) < 1e-6,
          ).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

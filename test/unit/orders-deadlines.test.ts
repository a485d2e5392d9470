// spec §3 Table 8 (deadlines), Table 6 (install types), capacity rule; spec §1 day-0 convention.
import { describe, expect, it } from 'vitest';
import {
  capacityExtensionDays,
  computeSchedule,
  installationKindFor,
  type Category,
  type InstallationKind,
} from '../../src/domain/orders/index.ts';

const at = (iso: string) => new Date(iso);
const THU_2_APR = at('2026-04-02T10:00:00+02:00');
const FRI_29_MAY = at('2026-05-29T10:00:00+02:00');

describe('Table 8 day rows, day 0 = day of receipt (spec §1)', () => {
  it.each<[string, Category, InstallationKind | undefined, Date, string, string, string | undefined]>([
    // 3 RD rows: Thu 2 Apr 2026 → Tue 7 Apr (Easter Sunday and Monday skipped) — spec §1 Interpretation
    ['speed change 3 RD', 'speed-change', undefined, THU_2_APR, '2026-04-07', '2026-04-07', undefined],
    ['add service 3 RD', 'add-service', undefined, THU_2_APR, '2026-04-07', '2026-04-07', undefined],
    ['SL reactivation 3 RD', 'sl-reactivation', undefined, THU_2_APR, '2026-04-07', '2026-04-07', undefined],
    ['SL start 3 RD', 'temporary-3m', undefined, THU_2_APR, '2026-04-07', '2026-04-07', undefined],
    [
      'permanent deactivation 1 + 2 RD',
      'permanent',
      undefined,
      THU_2_APR,
      '2026-04-07',
      '2026-04-07',
      '2026-04-03',
    ],
    // existing installation 3 + 3 RD: Fri 29 May 2026 → Mon 8 Jun (30 May, Corpus Christi 4 Jun) — issue 3
    [
      'activation on existing installation 6 RD',
      'activation',
      'existing',
      FRI_29_MAY,
      '2026-06-08',
      '2026-06-08',
      '2026-06-03',
    ],
    [
      'technology change on existing installation 6 RD',
      'technology-change',
      'existing',
      FRI_29_MAY,
      '2026-06-08',
      '2026-06-08',
      '2026-06-03',
    ],
    [
      'new installation, drop present 3 + 7 = 10 RD',
      'activation',
      'new-drop-present',
      THU_2_APR,
      '2026-04-15',
      '2026-04-15',
      '2026-04-07',
    ],
    [
      'aerial drop missing 3 + 12 = 15 RD',
      'move',
      'new-aerial-drop-missing',
      THU_2_APR,
      '2026-04-21',
      '2026-04-21',
      '2026-04-07',
    ],
    // underground: feasibility 5 RD (9 Apr) + 25 D (upper bound) = 4 May, capped by the 30 D total (2 May)
    [
      'underground drop missing, total 30 D',
      'activation',
      'new-underground-drop-missing',
      THU_2_APR,
      '2026-05-02',
      '2026-05-02',
      '2026-04-09',
    ],
    // network extension: 9 Apr + 40 D = 19 May, capped by the 45 D total (17 May)
    [
      'network extension, total 45 D',
      'activation',
      'new-network-extension',
      THU_2_APR,
      '2026-05-17',
      '2026-05-17',
      '2026-04-09',
    ],
  ])('%s', (_n, category, installation, receivedAt, planned, deadline, feasibility) => {
    const s = computeSchedule({ category, installation, receivedAt });
    expect(s.plannedDate).toBe(planned);
    expect(s.deadline).toBe(deadline);
    expect(s.feasibilityBy).toBe(feasibility);
    expect(s.capacityExtensionDays).toBe(0);
  });

  it('receipt late in the evening counts on its Zagreb day', () => {
    // 2026-04-01T23:30 CEST is still 1 April in Zagreb (Wed) → +3 RD = Sat 4 April
    expect(
      computeSchedule({ category: 'speed-change', receivedAt: at('2026-04-01T21:30:00Z') }).deadline,
    ).toBe('2026-04-04');
    // 2026-04-01T22:30Z is 2 April 00:30 in Zagreb → Tue 7 April
    expect(
      computeSchedule({ category: 'speed-change', receivedAt: at('2026-04-01T22:30:00Z') }).deadline,
    ).toBe('2026-04-07');
  });
});

describe('requested dates (spec §1, §3)', () => {
  it('a requested date later than the earliest possible one is the planned date', () => {
    const s = computeSchedule({
      category: 'activation',
      installation: 'existing',
      receivedAt: FRI_29_MAY,
      requestedDate: '2026-06-20',
    });
    expect(s).toMatchObject({ plannedDate: '2026-06-20', deadline: '2026-06-20' });
  });
  it('BSND: a requested date shorter than the deadline moves to the earliest allowed date', () => {
    const s = computeSchedule({ category: 'permanent', receivedAt: THU_2_APR, requestedDate: '2026-04-03' });
    expect(s.plannedDate).toBe('2026-04-07');
  });
  it('SL end: 92 / 184 calendar days after the start', () => {
    expect(computeSchedule({ category: 'temporary-3m', receivedAt: THU_2_APR }).slEndsOn).toBe('2026-07-08');
    expect(computeSchedule({ category: 'temporary-6m', receivedAt: THU_2_APR }).slEndsOn).toBe('2026-10-08');
  });
});

describe('SBSN deadlines in hours (Table 8)', () => {
  const report = at('2026-03-05T10:00:00+01:00');
  it.each([
    ['interruption 48 h', 'interruption', undefined, '2026-03-07T09:00:00.000Z'],
    ['degradation 48 h', 'degradation', undefined, '2026-03-07T09:00:00.000Z'],
    ['joint visit 48 h', 'joint-visit', undefined, '2026-03-07T09:00:00.000Z'],
    [
      'activation fault within 72 h: 24 h',
      'interruption',
      at('2026-03-03T12:00:00+01:00'),
      '2026-03-06T09:00:00.000Z',
    ],
    [
      'fault 73 h after activation: 48 h',
      'interruption',
      at('2026-03-02T08:00:00+01:00'),
      '2026-03-07T09:00:00.000Z',
    ],
    ['ONT replacement 0.5 h', 'ont-replacement', undefined, '2026-03-05T09:30:00.000Z'],
  ] as const)('%s', (_n, category, accessActivatedAt, deadlineAt) => {
    const s = computeSchedule({ category, receivedAt: report, accessActivatedAt });
    expect(s.deadlineAt?.toISOString()).toBe(deadlineAt);
    expect(s.deadline).toBe(deadlineAt.slice(0, 10));
  });
});

describe('capacity rule (spec §3: 40 activations a day, then up to +5 RD)', () => {
  it.each([
    [1, 0],
    [40, 0],
    [41, 1],
    [80, 1],
    [81, 2],
    [160, 3],
    [200, 4],
    [201, 5],
    [10_000, 5],
  ])('activation #%i of the day → +%i RD', (k, ext) => {
    expect(capacityExtensionDays(k)).toBe(ext);
  });
  it('moves the planned date and deadline of the 41st activation by 1 RD', () => {
    const s = computeSchedule({
      category: 'activation',
      installation: 'existing',
      receivedAt: FRI_29_MAY,
      activationsReceivedEarlierThatDay: 40,
    });
    expect(s).toMatchObject({ capacityExtensionDays: 1, plannedDate: '2026-06-09', deadline: '2026-06-09' });
  });
  it('does not apply to service changes', () => {
    expect(
      computeSchedule({
        category: 'speed-change',
        receivedAt: THU_2_APR,
        activationsReceivedEarlierThatDay: 500,
      }).capacityExtensionDays,
    ).toBe(0);
  });
});

describe('Table 6 install type', () => {
  it.each([
    [{ kind: 'owner-service', medium: 'own-fibre' }, 'existing'],
    [{ kind: 'owner-service', medium: 'cable' }, 'new-drop-present'],
    [{ kind: 'owner-service', medium: 'wireless' }, 'new-drop-present'],
    [{ kind: 'owner-service', medium: 'leased' }, 'new-drop-present'],
    [{ kind: 'own-bsn-other-address' }, 'new-drop-present'],
    [{ kind: 'own-nn' }, 'existing'],
    [{ kind: 'other-sp', service: 'bsn' }, 'existing'],
    [{ kind: 'other-sp', service: 'nn' }, 'existing'],
    [{ kind: 'other-sp', service: 'wireless' }, 'new-drop-present'],
    [{ kind: 'none' }, 'new-drop-present'],
  ] as const)('%j → %s', (existing, kind) => expect(installationKindFor(existing)).toBe(kind));
  it('NEW takes the site kind', () =>
    expect(installationKindFor({ kind: 'none' }, 'new-network-extension')).toBe('new-network-extension'));
});

describe('schedule invariants (property)', () => {
  it('received ≤ planned ≤ deadline; planned ≥ requested; RD rows end on a working day', async () => {
    const fc = (await import('fast-check')).default;
    const { isWorkingDay, addDays, zagrebDate } = await import('../../src/domain/calendar/index.ts');
    const { BSNA_CATEGORIES, BSND_CATEGORIES, INSTALLATION_KINDS } =
      await import('../../src/domain/orders/index.ts');
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2025-01-01T00:00:00Z'),
          max: new Date('2030-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom(...BSNA_CATEGORIES, ...BSND_CATEGORIES),
        fc.constantFrom(...INSTALLATION_KINDS),
        fc.option(fc.integer({ min: 0, max: 60 })),
        fc.integer({ min: 0, max: 400 }),
        (receivedAt, category, installation, ahead, count) => {
          const requestedDate = ahead === null ? undefined : addDays(zagrebDate(receivedAt), ahead);
          const s = computeSchedule({
            category,
            installation,
            receivedAt,
            requestedDate,
            activationsReceivedEarlierThatDay: count,
          });
          expect(s.receivedOn <= s.plannedDate && s.plannedDate <= s.deadline).toBe(true);
          if (requestedDate) expect(s.plannedDate >= requestedDate).toBe(true);
          expect(s.capacityExtensionDays).toBeLessThanOrEqual(5);
          const dayRow =
            !['new-underground-drop-missing', 'new-network-extension'].includes(installation) ||
            !['activation', 'move', 'technology-change'].includes(category);
          if (!requestedDate && dayRow) expect(isWorkingDay(s.deadline)).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

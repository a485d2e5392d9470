/** The repair clock of SBSN fault tickets (spec §3 Table 8, spec §4). */
import { describe, expect, it } from 'vitest';
import {
  applyClockEvent,
  CLOCK_TRANSITIONS,
  countedMs,
  deadlineInstant,
  isOverdue,
  openTicket,
  remainingMs,
  TERMINAL_STATES,
  type ClockEvent,
  type ClockState,
  type FaultTicket,
} from '../../src/domain/sla/index.ts';
import { DomainError } from '../../src/domain/errors.ts';

const H = 3_600_000;
const T0 = Date.parse('2026-03-02T08:00:00+01:00'); // Monday
const run = (t: FaultTicket, ...events: ClockEvent[]) => events.reduce(applyClockEvent, t);
const iso = (d: Date | null) => d?.toISOString();

describe('deadlines per category (Table 8)', () => {
  it.each([
    ['interruption', undefined, 48],
    ['degradation', undefined, 48],
    ['home-installation', undefined, 48],
    ['joint-visit', undefined, 48],
    ['ont-replacement', undefined, 0.5],
    ['interruption', T0 - 72 * H, 24], // activation fault: reported within 72 h of activation
    ['degradation', T0 - 10 * H, 24],
    ['interruption', T0 - 73 * H, 48], // too late to be an activation fault
    ['ont-replacement', T0 - 1 * H, 0.5],
  ] as const)('%s (activated %s) → %s h', (category, activatedAt, hours) => {
    const t = openTicket({ id: 'f', category, reportedAt: T0, activatedAt });
    expect(deadlineInstant(t)?.getTime()).toBe(T0 + hours * H);
  });
});

describe('clock stops ("parking", spec §4)', () => {
  it('a stop moves the deadline by its length; no deadline while parked', () => {
    const parked = run(openTicket({ id: 'f', category: 'interruption', reportedAt: T0 }), {
      type: 'park',
      at: T0 + 2 * H,
      reason: 'awaiting-subscriber-appointment',
      message: 'appointment Wed 10:00',
    });
    expect(parked.state).toBe('parked');
    expect(deadlineInstant(parked)).toBeNull();
    expect(remainingMs(parked, T0 + 20 * H)).toBe(46 * H);
    const resumed = applyClockEvent(parked, {
      type: 'resume',
      at: T0 + 12 * H,
      message: 'technician on site',
    });
    expect(iso(deadlineInstant(resumed))).toBe(new Date(T0 + 58 * H).toISOString());
    expect(countedMs(resumed, T0 + 13 * H)).toBe(3 * H);
    expect(isOverdue(resumed, T0 + 58 * H + 1)).toBe(true);
    expect(resumed.history.map((h) => h.message).filter(Boolean)).toEqual([
      'appointment Wed 10:00',
      'technician on site',
    ]);
  });

  it('ONT replacement needs no appointment, so no stop is legal', () => {
    const t = openTicket({ id: 'f', category: 'ont-replacement', reportedAt: T0 });
    expect(() =>
      applyClockEvent(t, { type: 'park', at: T0 + 60_000, reason: 'natural-disaster', message: 'x' }),
    ).toThrow(DomainError);
  });

  it('a ticket opened without an appointment need allows no stop either', () => {
    const t = openTicket({ id: 'f', category: 'interruption', reportedAt: T0, appointmentNeeded: false });
    expect(() =>
      applyClockEvent(t, {
        type: 'park',
        at: T0 + 1,
        reason: 'awaiting-subscriber-appointment',
        message: 'x',
      }),
    ).toThrow(/no clock stop is allowed/);
  });

  it('awaiting contact data: the SP has until 16:00 of the next working day (Easter 2026 skipped), then the order is rejected', () => {
    const sat = Date.parse('2026-04-04T11:00:00+02:00');
    const t = run(openTicket({ id: 'f', category: 'interruption', reportedAt: sat - H }), {
      type: 'park',
      at: sat,
      reason: 'awaiting-contact-data',
      message: '3 contact attempts failed',
    });
    expect(new Date(t.contactDeadline as number).toISOString()).toBe(
      new Date('2026-04-07T16:00:00+02:00').toISOString(),
    );
    expect(() =>
      applyClockEvent(t, { type: 'contact-deadline-passed', at: Date.parse('2026-04-07T15:59:00+02:00') }),
    ).toThrow(DomainError);
    expect(
      applyClockEvent(t, { type: 'contact-deadline-passed', at: Date.parse('2026-04-07T16:00:00+02:00') })
        .state,
    ).toBe('rejected');
  });

  it('contact-deadline-passed applies only to a stop awaiting contact data', () => {
    const t = run(openTicket({ id: 'f', category: 'interruption', reportedAt: T0 }), {
      type: 'park',
      at: T0 + H,
      reason: 'health-risk',
      message: 'x',
    });
    expect(() => applyClockEvent(t, { type: 'contact-deadline-passed', at: T0 + 100 * H })).toThrow(
      DomainError,
    );
  });
});

describe('verification and joint visit (spec §4)', () => {
  const open = () => openTicket({ id: 'f', category: 'interruption', reportedAt: T0 });

  it('positive verification within 24 h resolves; after 24 h it is refused and the lapse resolves', () => {
    const closed = run(open(), { type: 'close', at: T0 + 5 * H });
    expect(deadlineInstant(closed)).toBeNull();
    expect(applyClockEvent(closed, { type: 'verify', at: T0 + 29 * H, result: 'positive' }).state).toBe(
      'resolved',
    );
    expect(() =>
      applyClockEvent(closed, { type: 'verify', at: T0 + 29 * H + 1, result: 'negative' }),
    ).toThrow(/24 h/);
    expect(() => applyClockEvent(closed, { type: 'verification-lapsed', at: T0 + 28 * H })).toThrow(
      DomainError,
    );
    expect(applyClockEvent(closed, { type: 'verification-lapsed', at: T0 + 29 * H }).state).toBe('resolved');
  });

  it('first negative repeats the repair on the same allowance; second negative → joint visit within 48 h; it ends without verification', () => {
    let t = run(
      open(),
      { type: 'close', at: T0 + 5 * H },
      { type: 'verify', at: T0 + 8 * H, result: 'negative' },
    );
    expect(t.state).toBe('repairing');
    // 5 h counted before the close; the 3 h waiting for verification do not count
    expect(iso(deadlineInstant(t))).toBe(new Date(T0 + 8 * H + 43 * H).toISOString());
    t = run(t, { type: 'close', at: T0 + 10 * H }, { type: 'verify', at: T0 + 12 * H, result: 'negative' });
    expect(t.state).toBe('joint-visit');
    expect(t.negativeVerifications).toBe(2);
    expect(iso(deadlineInstant(t))).toBe(new Date(T0 + 60 * H).toISOString());
    t = run(
      t,
      {
        type: 'park',
        at: T0 + 13 * H,
        reason: 'awaiting-subscriber-appointment',
        message: 'joint visit Fri',
      },
      { type: 'resume', at: T0 + 20 * H, message: 'on site' },
    );
    expect(iso(deadlineInstant(t))).toBe(new Date(T0 + 67 * H).toISOString());
    expect(() => applyClockEvent(t, { type: 'close', at: T0 + 21 * H })).toThrow(DomainError);
    t = applyClockEvent(t, { type: 'joint-visit-done', at: T0 + 21 * H });
    expect(t.state).toBe('resolved');
    expect(() => applyClockEvent(t, { type: 'verify', at: T0 + 22 * H, result: 'positive' })).toThrow(
      /finished/,
    );
  });

  it("a fault outside the owner's domain is closed with measurements as proof", () => {
    const t = applyClockEvent(open(), {
      type: 'close',
      at: T0 + H,
      outsideOwnerDomain: true,
      measurements: 'rx -18.2 dBm',
    });
    expect(t.state).toBe('closed');
    expect(t.outsideOwnerDomain).toBe(true);
  });
});

describe('transition table', () => {
  it.each([
    ['resume', 'repairing'],
    ['verify', 'repairing'],
    ['joint-visit-done', 'repairing'],
    ['close', 'closed'],
    ['park', 'closed'],
  ] as const)('%s from %s is refused', (type, state) => {
    const base = openTicket({ id: 'f', category: 'interruption', reportedAt: T0 });
    const t: FaultTicket = { ...base, state: state as ClockState };
    const e = { type, at: T0 + H, message: 'm', reason: 'health-risk', result: 'positive' } as ClockEvent;
    expect(() => applyClockEvent(t, e)).toThrow(DomainError);
  });

  it('every non-terminal state can be cancelled (storno is never refused) and terminal states leave nowhere', () => {
    const states: ClockState[] = ['repairing', 'parked', 'closed', 'joint-visit', 'joint-visit-parked'];
    for (const s of states)
      expect(CLOCK_TRANSITIONS.some((r) => r.event === 'cancel' && r.from.includes(s))).toBe(true);
    for (const s of TERMINAL_STATES) expect(CLOCK_TRANSITIONS.some((r) => r.from.includes(s))).toBe(false);
  });

  it('events may not go back in time', () => {
    const t = applyClockEvent(openTicket({ id: 'f', category: 'interruption', reportedAt: T0 }), {
      type: 'park',
      at: T0 + H,
      reason: 'health-risk',
      message: 'm',
    });
    expect(() => applyClockEvent(t, { type: 'resume', at: T0, message: 'm' })).toThrow(/back in time/);
  });
});

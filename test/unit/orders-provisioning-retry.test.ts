/**
 * Issue 17 item 1 as rules: when a failed provisioning attempt is tried again and when the order
 * fails for good (domain/orders/provisioning-retry.ts), and what each way out of an order does with
 * its reservations (domain/orders/reservations.ts).
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PROVISIONING_RETRY as P,
  endOfZagrebDay,
  retryDecision,
  type FailedAttempt,
} from '../../src/domain/orders/provisioning-retry.ts';
import { RESERVATIONS_AFTER, reservationsAfter } from '../../src/domain/orders/reservations.ts';
import { ORDER_TRANSITIONS } from '../../src/domain/orders/lifecycle.ts';

const t0 = new Date('2026-03-02T08:00:00.000Z'); // Monday 09:00 Zagreb
const at = (ms: number) => new Date(t0.getTime() + ms);
const failure = (o: Partial<FailedAttempt>): FailedAttempt => ({
  attempts: 1,
  now: t0,
  failingSince: t0,
  deadline: '2026-03-10', // 6 RD after 2 March (Table 8, existing installation)
  permanent: false,
  ...o,
});

describe('provisioning retries (issue 17 item 1)', () => {
  it("the issue's scenario: an OLT down ~45 s never fails an order due in a week", () => {
    // failures at the moments the schedule itself chooses, for as long as the OLT is down
    let now = 0;
    let attempts = 0;
    const tries: number[] = [];
    while (now < 45_000) {
      attempts++;
      const d = retryDecision(failure({ attempts, now: at(now) }));
      expect(d.kind).toBe('retry');
      if (d.kind !== 'retry') break;
      tries.push(now);
      now = d.at.getTime() - t0.getTime();
    }
    // 2, 4, 8, 16, 32 s apart: the 6th attempt at 62 s, after the outage
    expect(tries).toEqual([0, 2_000, 6_000, 14_000, 30_000]);
    expect(now).toBe(62_000);
  });

  it('backoff doubles up to the cap, and attempts continue until the end of the deadline day', () => {
    const d = retryDecision(failure({ attempts: 30, now: at(3 * 86_400_000) }));
    expect(d).toMatchObject({ kind: 'retry', delayMs: P.capMs });
    // 10 March ends at midnight Zagreb (CET, UTC+1)
    expect(endOfZagrebDay('2026-03-10').toISOString()).toBe('2026-03-10T23:00:00.000Z');
    if (d.kind === 'retry') expect(d.giveUpAt.toISOString()).toBe('2026-03-10T23:00:00.000Z');
  });

  it('the last attempt is made at the give-up point, and failing then fails the order', () => {
    const end = new Date('2026-03-10T23:00:00.000Z');
    const close = retryDecision(failure({ attempts: 40, now: new Date(end.getTime() - 60_000) }));
    expect(close).toMatchObject({ kind: 'retry', delayMs: 60_000 });
    if (close.kind === 'retry') expect(close.at).toEqual(end);
    expect(retryDecision(failure({ attempts: 41, now: end }))).toEqual({
      kind: 'fail',
      why: 'deadline-passed',
      giveUpAt: end,
    });
  });

  it('an order already past its deadline still gets the minimum window of retries', () => {
    const late = new Date('2026-03-20T08:00:00.000Z');
    const d = retryDecision(failure({ now: late, failingSince: late }));
    expect(d).toMatchObject({ kind: 'retry' });
    if (d.kind === 'retry') expect(d.giveUpAt.getTime() - late.getTime()).toBe(P.minWindowMs);
    const afterWindow = new Date(late.getTime() + P.minWindowMs);
    expect(retryDecision(failure({ now: afterWindow, failingSince: late, attempts: 9 })).kind).toBe('fail');
  });

  it('an SBSN hour deadline wins over the date (ONT replacement: 0.5 h, Table 8)', () => {
    const deadlineAt = at(30 * 60_000);
    const d = retryDecision(failure({ deadlineAt, deadline: '2026-03-02' }), { ...P, minWindowMs: 0 });
    if (d.kind !== 'retry') throw new Error('expected a retry');
    expect(d.giveUpAt).toEqual(deadlineAt);
  });

  it('a failure the order itself causes is not retried', () => {
    expect(retryDecision(failure({ permanent: true }))).toEqual({ kind: 'fail', why: 'permanent' });
  });
});

describe('reservations after each way out of an order (reservations.ts)', () => {
  it('complete uses them, fail / retry / resume keep them, cancel releases them', () => {
    expect(reservationsAfter('complete')).toMatchObject({ access: 'activate', serial: 'install' });
    for (const t of ['fail', 'retry', 'resume'] as const)
      expect(reservationsAfter(t)).toMatchObject({ access: 'keep', serial: 'keep' });
    expect(reservationsAfter('cancel')).toMatchObject({ access: 'abandon', serial: 'return-to-stock' });
  });

  it('every state an order can hold reservations in has a way out that releases or uses them', () => {
    const releasing = (Object.keys(RESERVATIONS_AFTER) as (keyof typeof RESERVATIONS_AFTER)[]).filter(
      (t) => RESERVATIONS_AFTER[t].access !== 'keep',
    );
    for (const s of ['accepted', 'scheduled', 'due', 'in-progress', 'failed'] as const) {
      const out = releasing.filter((t) => ORDER_TRANSITIONS[t].from.includes(s));
      expect(out, s).toContain('cancel');
    }
  });
});

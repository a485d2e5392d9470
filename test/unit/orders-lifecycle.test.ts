// Order state machine (issue 3 §4) and storno fees (spec §3 Cancellation, §6 one-off fees).
import { describe, expect, it } from 'vitest';
import {
  ORDER_STATES,
  ORDER_TRANSITIONS,
  cancellationFee,
  needsTechnicianVisit,
  orderTriggersFrom,
  parseOrder,
  transitionOrder,
  type OrderInput,
  type OrderState,
  type OrderTrigger,
} from '../../src/domain/orders/index.ts';
import { activationBody } from './orders-fixtures.ts';

const parsed = (b: Record<string, unknown>): OrderInput => {
  const v = parseOrder(b);
  if (!v.ok) throw new Error(v.code);
  return v.value;
};

describe('order transitions (explicit table)', () => {
  it.each<[OrderState, OrderTrigger, OrderState]>([
    ['received', 'accept', 'accepted'],
    ['received', 'reject', 'rejected'],
    ['accepted', 'schedule', 'scheduled'],
    ['scheduled', 'become-due', 'due'],
    ['due', 'start', 'in-progress'],
    ['in-progress', 'complete', 'completed'],
    ['in-progress', 'fail', 'failed'],
    ['in-progress', 'retry', 'due'],
    ['received', 'cancel', 'cancelled'],
    ['accepted', 'cancel', 'cancelled'],
    ['scheduled', 'cancel', 'cancelled'],
    ['due', 'cancel', 'cancelled'],
    ['in-progress', 'cancel', 'cancelled'],
    ['failed', 'resume', 'due'],
    ['failed', 'cancel', 'cancelled'],
  ])('%s --%s--> %s', (from, trig, to) =>
    expect(transitionOrder(from, trig)).toEqual({ ok: true, value: to }),
  );

  it.each<[OrderState, OrderTrigger]>([
    ['accepted', 'accept'],
    ['received', 'complete'],
    ['scheduled', 'start'],
    ['completed', 'cancel'],
    ['rejected', 'cancel'],
    ['cancelled', 'cancel'],
    ['failed', 'retry'],
    ['failed', 'complete'],
    ['due', 'resume'],
    ['completed', 'resume'],
    ['due', 'complete'],
  ])('%s cannot %s', (from, trig) =>
    expect(transitionOrder(from, trig)).toMatchObject({ ok: false, code: 'INVALID_STATE' }),
  );

  it('final states have no way out, every other state has one; failed only by a person (issue 17)', () => {
    for (const s of ORDER_STATES) {
      const final = ['rejected', 'completed', 'cancelled'].includes(s);
      expect(orderTriggersFrom(s).length === 0).toBe(final);
    }
    expect(orderTriggersFrom('failed').sort()).toEqual(['cancel', 'resume']);
    for (const t of Object.values(ORDER_TRANSITIONS)) expect(t.guard.length).toBeGreaterThan(0);
  });
});

describe('storno fees (spec §3 Cancellation)', () => {
  const act = parsed(activationBody());
  const actOwner = parsed({ ...activationBody(), ownerInstallsHome: true, ontSerial: undefined });
  const speed = parsed({
    form: 'BSNA',
    category: 'speed-change',
    adapterId: 'A-1',
    services: { internet: '500/250' },
  });
  const deact = parsed({ form: 'BSND', category: 'permanent', adapterId: 'A-1' });
  const jointVisit = parsed({ form: 'SBSN', category: 'joint-visit', adapterId: 'A-1', description: 'x' });
  const interruption = parsed({ form: 'SBSN', category: 'interruption', adapterId: 'A-1', description: 'x' });

  it.each<[string, OrderInput, OrderState, boolean, boolean, number | 'NOT_CANCELLABLE']>([
    ['visit needed, before acceptance: free', actOwner, 'received', true, false, 0],
    ['visit needed, accepted, before field visit: 13.27', actOwner, 'accepted', true, false, 1327],
    ['visit needed, due, before field visit: 13.27', actOwner, 'due', true, false, 1327],
    ['visit needed, after field visit: 19.91', actOwner, 'in-progress', true, true, 1991],
    ['no visit needed: free until completion', speed, 'in-progress', false, false, 0],
    ['no visit needed, scheduled: free', act, 'scheduled', false, false, 0],
    ['joint visit fault after acceptance: 13.27', jointVisit, 'accepted', true, false, 1327],
    ['completed: not cancellable', speed, 'completed', false, false, 'NOT_CANCELLABLE'],
    ['rejected: not cancellable', act, 'rejected', true, false, 'NOT_CANCELLABLE'],
    ['failed (the owner failed), after the field visit: free (issue 17)', actOwner, 'failed', true, true, 0],
    ['failed deactivation: still not cancellable', deact, 'failed', false, false, 'NOT_CANCELLABLE'],
    [
      'deactivation orders: not cancellable (spec: activation and fault orders only)',
      deact,
      'received',
      false,
      false,
      'NOT_CANCELLABLE',
    ],
    ['fault ticket without visit: free', interruption, 'due', false, false, 0],
  ])('%s', (_n, order, state, technicianVisitNeeded, fieldVisitDone, expected) => {
    const v = cancellationFee({ order, state, technicianVisitNeeded, fieldVisitDone });
    if (expected === 'NOT_CANCELLABLE') expect(v).toMatchObject({ ok: false, code: 'NOT_CANCELLABLE' });
    else expect(v.ok && v.value.feeCents).toBe(expected);
  });

  it('technician visit: owner builds the home or NEW installation; joint visit; not for central changes', () => {
    expect(needsTechnicianVisit(actOwner)).toBe(true);
    expect(needsTechnicianVisit(act, 'existing')).toBe(false);
    expect(needsTechnicianVisit(act, 'new-drop-present')).toBe(true);
    expect(needsTechnicianVisit(speed)).toBe(false);
    expect(needsTechnicianVisit(jointVisit)).toBe(true);
    expect(needsTechnicianVisit(interruption)).toBe(false);
  });
});

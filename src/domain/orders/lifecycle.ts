/**
 * The order state machine as an explicit transition table (style.md: VOLTHA's
 * olt_state_transitions.go). Each trigger names the states it may leave and the state it enters.
 *
 *   received ──accept──▶ accepted ──schedule──▶ scheduled ──become-due──▶ due ──start──▶ in-progress
 *      │                                                                  ▲               │ │ │
 *      └─reject──▶ rejected                                               └────retry──────┘ │ └─complete──▶ completed
 *                                                                                           └──fail──▶ failed
 *   failed ──resume (the operator's retry, issue 17)──▶ due
 *   any non-final state, and failed ──cancel (storno, spec §3)──▶ cancelled
 *
 * `failed` ends provisioning's attempts (provisioning-retry.ts: the deadline passed, or the order
 * cannot be carried out) but not the order's claim: it keeps its reservations (reservations.ts)
 * until the operator resumes it or the SP cancels it, free of charge (cancellation.ts).
 */
import type { Verdict } from '../errors.ts';
import { transitionBy, triggersFrom } from '../state-machine.ts';
import type { OrderState } from './types.ts';

export type OrderTrigger =
  | 'accept'
  | 'reject'
  | 'schedule'
  | 'become-due'
  | 'start'
  | 'complete'
  | 'fail'
  | 'retry'
  | 'resume'
  | 'cancel';

export interface OrderTransition {
  readonly from: readonly OrderState[];
  readonly to: OrderState;
  /** What fires it, and why (spec section where there is one). */
  readonly guard: string;
}

/**
 * States no process moves an order out of by itself. `failed` leaves only by a person's decision:
 * the operator's retry (`resume`) or the SP's storno (`cancel`).
 */
export const FINAL_ORDER_STATES: readonly OrderState[] = ['rejected', 'completed', 'failed', 'cancelled'];
const NON_FINAL: readonly OrderState[] = ['received', 'accepted', 'scheduled', 'due', 'in-progress'];

export const ORDER_TRANSITIONS: Readonly<Record<OrderTrigger, OrderTransition>> = {
  accept: {
    from: ['received'],
    to: 'accepted',
    guard: 'parseOrder and validateOrder passed (spec §3); planned date and AdapterID stated',
  },
  reject: {
    from: ['received'],
    to: 'rejected',
    guard: 'a rule failed: the reason code is recorded (spec §3, design §4)',
  },
  schedule: { from: ['accepted'], to: 'scheduled', guard: 'queued for its planned date (Table 8)' },
  'become-due': { from: ['scheduled'], to: 'due', guard: 'the clock reached the planned date' },
  start: { from: ['due'], to: 'in-progress', guard: 'provisioning (or field work) picked the order up' },
  complete: {
    from: ['in-progress'],
    to: 'completed',
    guard: 'config applied and verified, field work recorded',
  },
  fail: {
    from: ['in-progress'],
    to: 'failed',
    guard:
      'provisioning gave up: the order cannot be carried out, or its deadline passed (provisioning-retry.ts)',
  },
  retry: {
    from: ['in-progress'],
    to: 'due',
    guard: 'a device failure: the order is due again after a backoff (provisioning-retry.ts)',
  },
  resume: {
    from: ['failed'],
    to: 'due',
    guard: "the operator's retry (POST /v1/orders/:id/retry): attempts start again, reservations kept",
  },
  cancel: {
    from: [...NON_FINAL, 'failed'],
    to: 'cancelled',
    guard: "the SP's storno (spec §3 Cancellation; fee by cancellation.ts)",
  },
};

export function isFinalOrderState(s: OrderState): boolean {
  return FINAL_ORDER_STATES.includes(s);
}

/** The state after `trigger`, or INVALID_STATE when the table has no such edge. */
export function transitionOrder(state: OrderState, trigger: OrderTrigger): Verdict<OrderState> {
  return transitionBy(ORDER_TRANSITIONS, 'an order', state, trigger);
}

export function orderTriggersFrom(state: OrderState): OrderTrigger[] {
  return triggersFrom(ORDER_TRANSITIONS, state);
}

/**
 * The repair clock as an explicit transition table (style.md: VOLTHA's olt_state_transitions). Each
 * row: the event, the states it may leave, the state it enters, and the condition that selects the
 * row. The clock runs exactly while the ticket is in a running state (ticket.ts RUNNING_PHASE), so
 * counted time follows from the states alone.
 */
import { addDays, nextWorkingDayOnOrAfter, zagrebDate, zagrebInstant } from '../../calendar/index.ts';
import { DomainError } from '../../errors.ts';
import { isStopReason, STOP_REASONS } from '../stop-reasons.ts';
import {
  ACTIVATION_FAULT_WINDOW_MS,
  APPOINTMENT_NEEDED_BY_DEFAULT,
  RUNNING_PHASE,
  TERMINAL_STATES,
  VERIFICATION_WINDOW_MS,
  type ClockEvent,
  type ClockEventType,
  type ClockState,
  type FaultCategory,
  type FaultTicket,
} from './ticket.ts';

export interface ClockTransition {
  event: ClockEventType;
  from: readonly ClockState[];
  to: ClockState;
  /** Selects this row among rows of the same event (e.g. first vs second negative verification). */
  when?: (t: FaultTicket, e: ClockEvent) => boolean;
  why: string;
}

const ACTIVE: readonly ClockState[] = ['repairing', 'parked', 'closed', 'joint-visit', 'joint-visit-parked'];
const isNegative = (e: ClockEvent) => e.type === 'verify' && e.result === 'negative';

export const CLOCK_TRANSITIONS: readonly ClockTransition[] = [
  { event: 'park', from: ['repairing'], to: 'parked', why: 'spec §4: clock stop by a message to the SP' },
  {
    event: 'park',
    from: ['joint-visit'],
    to: 'joint-visit-parked',
    why: 'spec §4: the joint visit needs an appointment',
  },
  { event: 'resume', from: ['parked'], to: 'repairing', why: 'spec §4: the clock restarts with a message' },
  {
    event: 'resume',
    from: ['joint-visit-parked'],
    to: 'joint-visit',
    why: 'spec §4: the clock restarts with a message',
  },
  {
    event: 'close',
    from: ['repairing', 'parked'],
    to: 'closed',
    why: "spec §4: repaired, or outside the owner's domain with measurements",
  },
  {
    event: 'joint-visit-done',
    from: ['joint-visit', 'joint-visit-parked'],
    to: 'resolved',
    why: 'spec §4: a joint visit ends without SP verification',
  },
  {
    event: 'verify',
    from: ['closed'],
    to: 'resolved',
    when: (_t, e) => !isNegative(e),
    why: 'spec §4: positive verification',
  },
  {
    event: 'verify',
    from: ['closed'],
    to: 'repairing',
    when: (t, e) => isNegative(e) && t.negativeVerifications === 0,
    why: 'spec §4: a negative verification repeats the repair',
  },
  {
    event: 'verify',
    from: ['closed'],
    to: 'joint-visit',
    when: (t, e) => isNegative(e) && t.negativeVerifications >= 1,
    why: 'spec §4: a second negative triggers a joint visit within 48 h',
  },
  {
    event: 'verification-lapsed',
    from: ['closed'],
    to: 'resolved',
    why: 'spec §4: no verification within 24 h of the close',
  },
  {
    event: 'contact-deadline-passed',
    from: ['parked'],
    to: 'rejected',
    when: (t) => t.parkedReason === 'awaiting-contact-data',
    why: 'spec §4: no contact data by 16:00 of the next working day',
  },
  { event: 'cancel', from: ACTIVE, to: 'cancelled', why: 'spec §3: storno is never refused' },
];

export interface OpenTicketInput {
  id: string;
  category: FaultCategory;
  reportedAt: number;
  /** When the access was activated, if known: a fault within 72 h of it is an activation fault. */
  activatedAt?: number;
  appointmentNeeded?: boolean;
}

export function openTicket(input: OpenTicketInput): FaultTicket {
  const activationFault =
    input.category !== 'ont-replacement' &&
    input.activatedAt !== undefined &&
    input.reportedAt >= input.activatedAt &&
    input.reportedAt - input.activatedAt <= ACTIVATION_FAULT_WINDOW_MS;
  return {
    id: input.id,
    category: input.category,
    reportedAt: input.reportedAt,
    activationFault,
    appointmentNeeded: input.appointmentNeeded ?? APPOINTMENT_NEEDED_BY_DEFAULT[input.category],
    state: 'repairing',
    negativeVerifications: 0,
    segments: [{ phase: 'repair', start: input.reportedAt }],
    history: [{ at: input.reportedAt, event: 'open', to: 'repairing' }],
  };
}

/** 16:00 Zagreb time on the working day after the day of `at` (spec §4, awaiting contact data). */
export function contactDataDeadline(at: number): number {
  return zagrebInstant(nextWorkingDayOnOrAfter(addDays(zagrebDate(new Date(at)), 1)), 16).getTime();
}

function invalid(t: FaultTicket, e: ClockEvent, why: string, field?: string): never {
  throw new DomainError(
    'INVALID_STATE',
    `fault ${t.id}: cannot ${e.type} in state ${t.state}: ${why}`,
    field,
    { state: t.state, event: e.type },
  );
}

/** Conditions that depend on time or on the category rather than on the state (spec §4). */
function checkGuards(t: FaultTicket, e: ClockEvent): void {
  const last = t.history[t.history.length - 1];
  if (e.at < last.at) invalid(t, e, 'events must not go back in time', 'at');
  // spec §4: only the listed reasons stop the clock, and none where no appointment is needed
  if (e.type === 'park' && !isStopReason(e.reason)) {
    throw new DomainError(
      'CLOCK_STOP_NOT_ALLOWED',
      `"${String(e.reason)}" is not a legal clock stop (spec §4): one of ${STOP_REASONS.join(', ')}`,
      'reason',
    );
  }
  if (e.type === 'park' && !t.appointmentNeeded) {
    throw new DomainError(
      'CLOCK_STOP_NOT_ALLOWED',
      `no clock stop is allowed where no appointment is needed (${t.category}, spec §4)`,
      'action',
    );
  }
  if (e.type === 'verify' && t.closedAt !== undefined && e.at > t.closedAt + VERIFICATION_WINDOW_MS) {
    invalid(t, e, 'the verification window (24 h from the close) has passed', 'at');
  }
  if (
    e.type === 'verification-lapsed' &&
    t.closedAt !== undefined &&
    e.at < t.closedAt + VERIFICATION_WINDOW_MS
  ) {
    invalid(t, e, 'the verification window is still open', 'at');
  }
  if (e.type === 'contact-deadline-passed' && t.contactDeadline !== undefined && e.at < t.contactDeadline) {
    invalid(t, e, 'the SP still has time to send contact data', 'at');
  }
}

/** Applies one event; returns the new ticket (the input is not changed) or throws INVALID_STATE. */
export function applyClockEvent(t: FaultTicket, e: ClockEvent): FaultTicket {
  if (TERMINAL_STATES.includes(t.state)) invalid(t, e, 'the ticket is finished');
  const row = CLOCK_TRANSITIONS.find(
    (r) => r.event === e.type && r.from.includes(t.state) && (!r.when || r.when(t, e)),
  );
  if (!row) invalid(t, e, 'no such transition');
  checkGuards(t, e);
  const next: FaultTicket = {
    ...t,
    state: row.to,
    segments: t.segments.map((s) => ({ ...s })),
    history: [...t.history],
  };
  // The clock: close the running segment when leaving a running state, open one when entering.
  const running = next.segments[next.segments.length - 1];
  if (RUNNING_PHASE[t.state] && running && running.end === undefined) running.end = e.at;
  const phase = RUNNING_PHASE[row.to];
  if (phase) next.segments.push({ phase, start: e.at });

  next.parkedReason = undefined;
  next.contactDeadline = undefined;
  if (e.type === 'park') {
    next.parkedReason = e.reason;
    if (e.reason === 'awaiting-contact-data') next.contactDeadline = contactDataDeadline(e.at);
  }
  if (e.type === 'close') {
    next.closedAt = e.at;
    next.outsideOwnerDomain = e.outsideOwnerDomain ?? false;
  }
  if (e.type === 'verify' && e.result === 'negative')
    next.negativeVerifications = t.negativeVerifications + 1;
  next.history.push({
    at: e.at,
    event: e.type,
    from: t.state,
    to: row.to,
    ...(e.type === 'park' ? { reason: e.reason } : {}),
    ...('message' in e ? { message: e.message } : {}),
  });
  return next;
}

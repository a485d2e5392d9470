/**
 * The repair clock of an SBSN fault ticket (spec §3 Table 8, spec §4): its states, the events that
 * move it, and the deadline allowance per category. Times are epoch milliseconds, always passed in.
 */
import type { SbsnCategory } from '../../orders/types.ts';
import type { StopReason } from '../stop-reasons.ts';

export type FaultCategory = SbsnCategory;

/**
 * repairing          clock running against the category deadline
 * parked             clock stopped for a legal reason (spec §4), restarted by a message
 * closed             repair reported done; the SP may verify within 24 h (clock stopped)
 * joint-visit        after a second negative verification: joint technician visit due within 48 h
 * joint-visit-parked joint visit's clock stopped (it needs an appointment, so stops are legal)
 * resolved           positive verification, verification window lapsed, or joint visit done
 * rejected           awaiting contact data past 16:00 of the next working day (spec §4)
 * cancelled          storno by the SP (spec §3: never refused)
 */
export type ClockState =
  | 'repairing'
  | 'parked'
  | 'closed'
  | 'joint-visit'
  | 'joint-visit-parked'
  | 'resolved'
  | 'rejected'
  | 'cancelled';

export const TERMINAL_STATES: readonly ClockState[] = ['resolved', 'rejected', 'cancelled'];

/** States in which the clock runs, and against which allowance. */
export type ClockPhase = 'repair' | 'joint-visit';
export const RUNNING_PHASE: Partial<Record<ClockState, ClockPhase>> = {
  repairing: 'repair',
  'joint-visit': 'joint-visit',
};

export type ClockEvent =
  | { type: 'park'; at: number; reason: StopReason; message: string }
  | { type: 'resume'; at: number; message: string }
  | { type: 'close'; at: number; outsideOwnerDomain?: boolean; measurements?: string }
  | { type: 'verify'; at: number; result: 'positive' | 'negative' }
  | { type: 'verification-lapsed'; at: number }
  | { type: 'contact-deadline-passed'; at: number }
  | { type: 'joint-visit-done'; at: number }
  | { type: 'cancel'; at: number };
export type ClockEventType = ClockEvent['type'];

export interface ClockSegment {
  phase: ClockPhase;
  start: number;
  /** Absent while the clock runs. */
  end?: number;
}

export interface HistoryEntry {
  at: number;
  event: ClockEventType | 'open';
  from?: ClockState;
  to: ClockState;
  reason?: StopReason;
  message?: string;
}

export interface FaultTicket {
  id: string;
  category: FaultCategory;
  reportedAt: number;
  /** Reported within 72 h of the access's activation: 24 h deadline (Table 8). */
  activationFault: boolean;
  /** Whether a subscriber or third-party appointment is needed; without one no stop is legal (spec §4). */
  appointmentNeeded: boolean;
  state: ClockState;
  negativeVerifications: number;
  closedAt?: number;
  parkedReason?: StopReason;
  /** Awaiting contact data: 16:00 (Zagreb) of the next working day after the stop (spec §4). */
  contactDeadline?: number;
  outsideOwnerDomain?: boolean;
  segments: ClockSegment[];
  history: HistoryEntry[];
}

const HOUR = 3_600_000;

/** Table 8 fault rows. */
export const FAULT_ALLOWANCE_MS: Record<FaultCategory, number> = {
  degradation: 48 * HOUR,
  interruption: 48 * HOUR,
  'joint-visit': 48 * HOUR,
  'home-installation': 48 * HOUR,
  'ont-replacement': 0.5 * HOUR,
};
export const ACTIVATION_FAULT_ALLOWANCE_MS = 24 * HOUR;
export const ACTIVATION_FAULT_WINDOW_MS = 72 * HOUR;
export const JOINT_VISIT_ALLOWANCE_MS = 48 * HOUR;
export const VERIFICATION_WINDOW_MS = 24 * HOUR;

/**
 * Decision: ONT replacement needs no appointment — the SP installs the new ONT and sends its serial,
 * the network owner only authorises it (spec §4) — so it allows no clock stop at all. Every other
 * category may need a visit (degradation and interruption in the drop or the flat, home
 * installation, joint visit) and allows all the legal reasons; a ticket known to be repaired
 * centrally can be opened with `appointmentNeeded: false`.
 */
export const APPOINTMENT_NEEDED_BY_DEFAULT: Record<FaultCategory, boolean> = {
  degradation: true,
  interruption: true,
  'joint-visit': true,
  'home-installation': true,
  'ont-replacement': false,
};

export function repairAllowanceMs(t: Pick<FaultTicket, 'category' | 'activationFault'>): number {
  const base = FAULT_ALLOWANCE_MS[t.category];
  return t.activationFault ? Math.min(base, ACTIVATION_FAULT_ALLOWANCE_MS) : base;
}

export function allowanceMs(t: FaultTicket, phase: ClockPhase): number {
  return phase === 'repair' ? repairAllowanceMs(t) : JOINT_VISIT_ALLOWANCE_MS;
}

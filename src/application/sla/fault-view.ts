/**
 * What `GET /v1/faults/:id` shows of a repair-clock ticket (spec §4, Table 8): the clock as counted
 * time, allowance, deadline and time left, its stops with their reasons and messages, the
 * verification window, and the history. Also the stops as intervals for the SLA engine (spec §5:
 * "time under a legal clock stop is not outage time").
 */
import type { FaultTicketRecord } from '../ports/store/index.ts';
import type { StopReason } from '../../domain/sla/stop-reasons.ts';
import {
  allowanceMs,
  countedMs,
  currentPhase,
  deadlineInstant,
  remainingMs,
  RUNNING_PHASE,
  VERIFICATION_WINDOW_MS,
  type ClockPhase,
  type FaultTicket,
} from '../../domain/sla/repair-clock/index.ts';

export interface TicketStop {
  start: number;
  /** Absent while the clock is still stopped. */
  end?: number;
  reason: StopReason;
  message?: string;
  resumeMessage?: string;
}

const PARKED = new Set(['parked', 'joint-visit-parked']);

/** The clock stops of a ticket, from its history (park → the next change out of a parked state). */
export function ticketStops(t: FaultTicket): TicketStop[] {
  const out: TicketStop[] = [];
  let open: TicketStop | undefined;
  for (const h of t.history) {
    if (open && h.from && PARKED.has(h.from)) {
      open.end = h.at;
      if (h.event === 'resume' && h.message) open.resumeMessage = h.message;
      out.push(open);
      open = undefined;
    }
    if (h.event === 'park' && h.reason)
      open = { start: h.at, reason: h.reason, ...(h.message ? { message: h.message } : {}) };
  }
  if (open) out.push(open);
  return out;
}

const iso = (ms: number | undefined): string | undefined =>
  ms === undefined ? undefined : new Date(ms).toISOString();
const minutes = (ms: number): number => Math.trunc(ms / 60_000);

export interface FaultView {
  id: string;
  orderId: string;
  sp: string;
  adapterId: string;
  category: string;
  state: string;
  reportedAt: string;
  activationFault: boolean;
  appointmentNeeded: boolean;
  clock: {
    phase: ClockPhase;
    running: boolean;
    allowanceMinutes: number;
    countedMinutes: number;
    remainingMinutes: number;
    /** When the running clock reaches its allowance; null while it is stopped (then see remainingMinutes). */
    deadline: string | null;
    overdue: boolean;
    stops: { start: string; end?: string; reason: StopReason; message?: string; resumeMessage?: string }[];
  };
  closedAt?: string;
  /** The SP may verify until then (spec §4: within 24 h of the close). */
  verificationDueBy?: string;
  negativeVerifications: number;
  outsideOwnerDomain?: boolean;
  measurements?: string;
  history: { at: string; event: string; from?: string; to: string; reason?: string; message?: string }[];
}

export function toFaultView(rec: FaultTicketRecord, now: number): FaultView {
  const t = rec.ticket;
  const phase = currentPhase(t);
  const deadline = deadlineInstant(t);
  return {
    id: rec.id,
    orderId: rec.id,
    sp: rec.spId,
    adapterId: rec.adapterId,
    category: t.category,
    state: t.state,
    reportedAt: iso(t.reportedAt)!,
    activationFault: t.activationFault,
    appointmentNeeded: t.appointmentNeeded,
    clock: {
      phase,
      running: RUNNING_PHASE[t.state] !== undefined,
      allowanceMinutes: minutes(allowanceMs(t, phase)),
      countedMinutes: minutes(countedMs(t, now, phase)),
      remainingMinutes: minutes(remainingMs(t, now)),
      deadline: deadline ? deadline.toISOString() : null,
      overdue: remainingMs(t, now) < 0,
      stops: ticketStops(t).map((s) => ({
        start: iso(s.start)!,
        ...(s.end !== undefined ? { end: iso(s.end) } : {}),
        reason: s.reason,
        ...(s.message ? { message: s.message } : {}),
        ...(s.resumeMessage ? { resumeMessage: s.resumeMessage } : {}),
      })),
    },
    ...(t.closedAt !== undefined
      ? { closedAt: iso(t.closedAt), verificationDueBy: iso(t.closedAt + VERIFICATION_WINDOW_MS) }
      : {}),
    negativeVerifications: t.negativeVerifications,
    ...(t.outsideOwnerDomain !== undefined ? { outsideOwnerDomain: t.outsideOwnerDomain } : {}),
    ...(rec.measurements ? { measurements: rec.measurements } : {}),
    history: t.history.map((h) => ({
      at: iso(h.at)!,
      event: h.event,
      ...(h.from ? { from: h.from } : {}),
      to: h.to,
      ...(h.reason ? { reason: h.reason } : {}),
      ...(h.message ? { message: h.message } : {}),
    })),
  };
}

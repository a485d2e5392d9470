/**
 * Counted time and deadline of a repair clock: the clock counts only time in running states; stops,
 * and the time a closed ticket waits for the SP's verification, do not count (spec §4). After a first
 * negative verification the repair continues against the SAME allowance from the report (the fault
 * was never fixed); after a second, the joint visit has its own 48 h.
 */
import { allowanceMs, type ClockPhase, type FaultTicket } from './ticket.ts';

/** Milliseconds the clock has run in `phase` up to `now`. */
export function countedMs(t: FaultTicket, now: number, phase: ClockPhase = currentPhase(t)): number {
  let n = 0;
  for (const s of t.segments) if (s.phase === phase) n += Math.max(0, Math.min(s.end ?? now, now) - s.start);
  return n;
}

/** The phase the ticket is in (a joint visit once there has been a second negative verification). */
export function currentPhase(t: FaultTicket): ClockPhase {
  return t.segments.some((s) => s.phase === 'joint-visit') ? 'joint-visit' : 'repair';
}

/**
 * The instant the running clock reaches its allowance, or null while it is stopped (parked, closed
 * or finished): a stopped clock has no deadline, only time left (remainingMs).
 */
export function deadlineInstant(t: FaultTicket): Date | null {
  const last = t.segments[t.segments.length - 1];
  if (!last || last.end !== undefined) return null;
  const before = countedMs(t, last.start, last.phase);
  return new Date(last.start + allowanceMs(t, last.phase) - before);
}

/** Time left before the deadline (negative when overdue). */
export function remainingMs(t: FaultTicket, now: number): number {
  const phase = currentPhase(t);
  return allowanceMs(t, phase) - countedMs(t, now, phase);
}

export function isOverdue(t: FaultTicket, now: number): boolean {
  return remainingMs(t, now) < 0;
}

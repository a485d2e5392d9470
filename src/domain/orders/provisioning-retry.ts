/**
 * When a failed provisioning attempt is tried again, and when the order fails for good (issue 17
 * item 1). Pure: the caller passes the time and the order's dates.
 *
 * The contract (spec §3, Table 8) gives every accepted order a planned date and a deadline; an
 * owner-side device failure (OLT down, dropped session, refused commit) is the owner's to repair
 * within that deadline, so it is never a reason to give up early:
 * - a failure the order itself causes (planning refuses it: the access vanished, a capability the
 *   OLT lacks) cannot be cured by trying again → `fail` at once;
 * - a device failure → `retry` with exponential backoff (base · 2^(n−1), capped), attempts
 *   continuing until the deadline has passed — the end of the deadline's working day in Zagreb
 *   (spec §1: "+N RD" ends at the end of the Nth working day), or an SBSN hour deadline — and in
 *   any case for `minWindowMs` after the first failure (an order carried out late, or with a
 *   half-hour deadline, still gets its retries). The last attempt is made at that moment; failing
 *   then, the order fails with the reason.
 * The lab's work-ahead (an order carried out before its planned date, design §3) changes nothing:
 * the give-up point hangs on the deadline, which is never before the planned date.
 */
import { addDays, zagrebInstant, type LocalDate } from '../calendar/local-date.ts';

export interface ProvisioningRetryPolicy {
  /** First delay (ms); each further failure doubles it. */
  baseMs: number;
  /** Longest delay between two attempts (ms). */
  capMs: number;
  /** Retries go on at least this long after the first failure, whatever the deadline (ms). */
  minWindowMs: number;
}

export const DEFAULT_PROVISIONING_RETRY: ProvisioningRetryPolicy = {
  baseMs: 2_000,
  capMs: 10 * 60_000,
  minWindowMs: 60 * 60_000,
};

export interface FailedAttempt {
  /** Attempts failed so far, this one included (≥ 1). */
  attempts: number;
  now: Date;
  /** When the first of the failures in a row happened (this one, when it is the first). */
  failingSince: Date;
  /** The order's deadline (Table 8), a Zagreb date: it ends at the end of that day. */
  deadline?: LocalDate;
  /** SBSN hour deadlines (Table 8: 48 h, 24 h, 0.5 h) as an instant; wins over `deadline`. */
  deadlineAt?: Date;
  /** The failure is the order's own (planning refused it): no retry can cure it. */
  permanent: boolean;
}

export type RetryDecision =
  | { kind: 'retry'; at: Date; delayMs: number; giveUpAt: Date }
  | { kind: 'fail'; why: 'permanent' | 'deadline-passed'; giveUpAt?: Date };

/** The end of a Zagreb date (the first instant of the next day). */
export function endOfZagrebDay(d: LocalDate): Date {
  return zagrebInstant(addDays(d, 1));
}

/** The moment retrying stops: the deadline's end, but not before minWindowMs after the first failure. */
export function giveUpAt(
  f: Pick<FailedAttempt, 'failingSince' | 'deadline' | 'deadlineAt'>,
  p: ProvisioningRetryPolicy,
): Date {
  const deadlineEnd = f.deadlineAt ?? (f.deadline ? endOfZagrebDay(f.deadline) : undefined);
  const window = f.failingSince.getTime() + p.minWindowMs;
  return new Date(Math.max(window, deadlineEnd?.getTime() ?? 0));
}

export function retryDecision(
  f: FailedAttempt,
  p: ProvisioningRetryPolicy = DEFAULT_PROVISIONING_RETRY,
): RetryDecision {
  if (f.permanent) return { kind: 'fail', why: 'permanent' };
  const end = giveUpAt(f, p);
  const now = f.now.getTime();
  if (now >= end.getTime()) return { kind: 'fail', why: 'deadline-passed', giveUpAt: end };
  const backoff = Math.min(p.capMs, p.baseMs * 2 ** Math.min(40, Math.max(0, f.attempts - 1)));
  // the last attempt falls exactly on the give-up point, never after it
  const at = Math.min(now + backoff, end.getTime());
  return { kind: 'retry', at: new Date(at), delayMs: at - now, giveUpAt: end };
}

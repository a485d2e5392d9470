/**
 * The dispute window (port-unblocking.md steps 14–16): after a forced takeover the existing SP's
 * subscriber may dispute the disconnection; "no answer within a reasonable time (recommended 14
 * days)" confirms it. Default 14 calendar days, configurable. Within the window the existing SP may
 * order a forced reactivation that restores the snapshot; after it the snapshot is released and the
 * existing SP's service ends for billing.
 */
import { addDays, zagrebDate, type LocalDate } from '../calendar/local-date.ts';
import { accept, reject, type Verdict } from '../errors.ts';
import type { PortSnapshot } from './snapshot.ts';

export const DEFAULT_DISPUTE_WINDOW_DAYS = 14;

/** Last day (inclusive) a dispute is accepted: the day of the takeover is day 0 (spec §1 convention). */
export function disputeDeadline(takenAt: Date, windowDays = DEFAULT_DISPUTE_WINDOW_DAYS): LocalDate {
  return addDays(zagrebDate(takenAt), windowDays);
}

/** May the existing SP `sp` dispute this takeover now? */
export function checkDispute(
  snapshot: PortSnapshot | undefined,
  sp: string,
  now: Date,
): Verdict<PortSnapshot> {
  if (!snapshot || snapshot.sp !== sp) {
    return reject('NOTHING_TO_RESTORE', 'no forced takeover of a port of yours to restore', 'adapterId');
  }
  if (snapshot.state === 'restored')
    return reject('NOTHING_TO_RESTORE', 'this port was already restored', 'adapterId');
  if (snapshot.state === 'released' || zagrebDate(now) > snapshot.disputeUntil) {
    return reject(
      'DISPUTE_WINDOW_CLOSED',
      `the dispute window closed on ${snapshot.disputeUntil}`,
      'adapterId',
    );
  }
  return accept(snapshot);
}

/** Snapshots whose window has passed and that must be released (and the old access ended for billing). */
export function isExpired(snapshot: PortSnapshot, now: Date): boolean {
  return snapshot.state === 'held' && zagrebDate(now) > snapshot.disputeUntil;
}

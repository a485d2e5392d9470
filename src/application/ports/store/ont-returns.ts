/**
 * ONT returns (spec §7): after a deactivation, or when the subscriber moves to another SP, the SP
 * returns the ONT within 90 days; notices at the start, with 10 days left, and when missed
 * (21.90 EUR charged).
 */

/** Why the SP owes an ONT back (spec §7); 'replaced': the old ONT of an SBSN ONT replacement (spec §4). */
export type OntReturnReason = 'deactivation' | 'taken-over' | 'moved-to-other-sp' | 'replaced';

export type OntReturnState = 'open' | 'returned' | 'charged';

export interface OntReturnRecord {
  serial: string;
  spId: string;
  adapterId?: string;
  reason: OntReturnReason;
  startedOn: string;
  /** Last day to return it (start + 90 D). */
  dueOn: string;
  state: OntReturnState;
  dueNotified: boolean;
  feeCents?: number;
  closedAt?: string;
}

export interface OntReturnRepository {
  /** Opens a return; false when this serial already has an open one. */
  open(r: Omit<OntReturnRecord, 'state' | 'dueNotified'>): Promise<boolean>;

  openFor(serial: string): Promise<OntReturnRecord | undefined>;

  list(q?: {
    spId?: string;
    state?: OntReturnState;
    after?: readonly [startedOn: string, serial: string];
    limit?: number;
  }): Promise<OntReturnRecord[]>;

  /** Open returns with `dueOn` ≤ `date` and no "10 days left" notice yet. */
  dueSoon(date: string): Promise<OntReturnRecord[]>;

  /** Open returns whose last day was before `today`. */
  overdue(today: string): Promise<OntReturnRecord[]>;

  markDueNotified(serial: string, startedOn: string): Promise<boolean>;

  close(
    serial: string,
    startedOn: string,
    state: 'returned' | 'charged',
    at: string,
    feeCents?: number,
  ): Promise<boolean>;
}

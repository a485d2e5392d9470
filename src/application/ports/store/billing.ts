/**
 * What billing needs beyond an access's current state (spec §3 BSND, §6): the temporary
 * disconnections (SL) of each access — for the once-a-year rule, automatic reactivation at expiry and
 * "no monthly fee during SL" — and each access's billing span (first and last billable day).
 */

export type UnbilledKind = 'sl' | 'taken-over';

export interface SlPeriodRecord {
  adapterId: string;
  /** 'sl' = temporary disconnection (default); 'taken-over' = waiting out a dispute window. */
  kind?: UnbilledKind;
  /** First disconnected day (YYYY-MM-DD). */
  startDate: string;
  /** Day of the automatic reactivation (start + 92 / 184 calendar days). */
  plannedEnd: string;
  /** Day it actually ended (the reactivation day, billable again); undefined while running. */
  endDate?: string;
  orderId?: string;
}

export interface BillingSpanRecord {
  adapterId: string;
  startDate: string;
  /** Last billable day. */
  endDate?: string;
}

export interface BillingRepository {
  startSl(p: SlPeriodRecord): Promise<void>;

  /** The running unbilled period of an access (of `kind`, default SL), if any. */
  openSl(adapterId: string, kind?: UnbilledKind): Promise<SlPeriodRecord | undefined>;

  endSl(adapterId: string, startDate: string, endDate: string, kind?: UnbilledKind): Promise<boolean>;

  /** Running SLs (kind 'sl') whose automatic reactivation day is on or before `today`. */
  slDue(today: string, limit?: number): Promise<SlPeriodRecord[]>;

  slPeriods(adapterId: string): Promise<SlPeriodRecord[]>;

  /** Opens (or re-opens) the billing span of an access. */
  startBilling(adapterId: string, startDate: string): Promise<void>;

  /** `startBilling` for many accesses at once (one statement per 500). */
  startBillingMany(spans: readonly { adapterId: string; startDate: string }[]): Promise<void>;

  /** The access is no longer billed after `endDate` (inclusive last day). */
  endBilling(adapterId: string, endDate: string, startIfMissing: string): Promise<void>;

  span(adapterId: string): Promise<BillingSpanRecord | undefined>;
}

/**
 * What billing needs beyond an access's current state (spec §3 BSND, §6): the temporary
 * disconnections (SL) of each access — for the once-a-year rule, automatic reactivation at expiry and
 * "no monthly fee during SL" — and each access's billing span (first and last billable day).
 */
import { optStr, type Db } from '../db.ts';

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

const toPeriod = (r: Record<string, unknown>): SlPeriodRecord => ({
  adapterId: String(r.adapter_id),
  kind: (optStr(r.kind) ?? 'sl') as UnbilledKind,
  startDate: String(r.start_date),
  plannedEnd: String(r.planned_end),
  endDate: optStr(r.end_date),
  orderId: optStr(r.order_id),
});

export class BillingRepository {
  constructor(private readonly db: Db) {}

  async startSl(p: SlPeriodRecord): Promise<void> {
    await this.db.run(
      'INSERT INTO sl_periods (adapter_id, kind, start_date, planned_end, end_date, order_id) VALUES (?, ?, ?, ?, NULL, ?)',
      [p.adapterId, p.kind ?? 'sl', p.startDate, p.plannedEnd, p.orderId ?? null],
    );
  }

  /** The running unbilled period of an access (of `kind`, default SL), if any. */
  async openSl(adapterId: string, kind: UnbilledKind = 'sl'): Promise<SlPeriodRecord | undefined> {
    const r = await this.db.get(
      'SELECT * FROM sl_periods WHERE adapter_id = ? AND kind = ? AND end_date IS NULL ORDER BY start_date DESC LIMIT 1',
      [adapterId, kind],
    );
    return r && toPeriod(r);
  }

  async endSl(
    adapterId: string,
    startDate: string,
    endDate: string,
    kind: UnbilledKind = 'sl',
  ): Promise<boolean> {
    return (
      (
        await this.db.run(
          'UPDATE sl_periods SET end_date = ? WHERE adapter_id = ? AND kind = ? AND start_date = ? AND end_date IS NULL',
          [endDate, adapterId, kind, startDate],
        )
      ).changes > 0
    );
  }

  /** Running SLs (kind 'sl') whose automatic reactivation day is on or before `today`. */
  async slDue(today: string, limit = 500): Promise<SlPeriodRecord[]> {
    return (
      await this.db.all(
        `SELECT * FROM sl_periods WHERE kind = 'sl' AND end_date IS NULL AND planned_end <= ? ORDER BY planned_end LIMIT ?`,
        [today, limit],
      )
    ).map(toPeriod);
  }

  async slPeriods(adapterId: string): Promise<SlPeriodRecord[]> {
    return (
      await this.db.all('SELECT * FROM sl_periods WHERE adapter_id = ? ORDER BY start_date', [adapterId])
    ).map(toPeriod);
  }

  /** Opens (or re-opens) the billing span of an access. */
  async startBilling(adapterId: string, startDate: string): Promise<void> {
    await this.db.run(
      `INSERT INTO access_billing (adapter_id, start_date, end_date) VALUES (?, ?, NULL)
      ON CONFLICT (adapter_id) DO UPDATE SET end_date = NULL`,
      [adapterId, startDate],
    );
  }

  /** The access is no longer billed after `endDate` (inclusive last day). */
  async endBilling(adapterId: string, endDate: string, startIfMissing: string): Promise<void> {
    await this.db.run(
      `INSERT INTO access_billing (adapter_id, start_date, end_date) VALUES (?, ?, ?)
      ON CONFLICT (adapter_id) DO UPDATE SET end_date = excluded.end_date`,
      [adapterId, startIfMissing, endDate],
    );
  }

  async span(adapterId: string): Promise<BillingSpanRecord | undefined> {
    const r = await this.db.get('SELECT * FROM access_billing WHERE adapter_id = ?', [adapterId]);
    return (
      r && { adapterId: String(r.adapter_id), startDate: String(r.start_date), endDate: optStr(r.end_date) }
    );
  }
}

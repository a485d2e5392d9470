/**
 * `SqlBillingRepository`: the `BillingRepository` port (application/ports/store/billing.ts) in SQL, one text for both
 * dialects (db.ts: `?` placeholders, 0/1 booleans, JSON as TEXT).
 */
import { batches, optStr, rowsOf, type Db } from '../db.ts';
import {
  type UnbilledKind,
  type SlPeriodRecord,
  type BillingSpanRecord,
  type BillingRepository,
} from '../../../../application/ports/store/billing.ts';

const toPeriod = (r: Record<string, unknown>): SlPeriodRecord => ({
  adapterId: String(r.adapter_id),
  kind: (optStr(r.kind) ?? 'sl') as UnbilledKind,
  startDate: String(r.start_date),
  plannedEnd: String(r.planned_end),
  endDate: optStr(r.end_date),
  orderId: optStr(r.order_id),
});

export class SqlBillingRepository implements BillingRepository {
  constructor(private readonly db: Db) {}

  async startSl(p: SlPeriodRecord): Promise<void> {
    await this.db.run(
      'INSERT INTO sl_periods (adapter_id, kind, start_date, planned_end, end_date, order_id) VALUES (?, ?, ?, ?, NULL, ?)',
      [p.adapterId, p.kind ?? 'sl', p.startDate, p.plannedEnd, p.orderId ?? null],
    );
  }
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
  async startBilling(adapterId: string, startDate: string): Promise<void> {
    await this.db.run(
      `INSERT INTO access_billing (adapter_id, start_date, end_date) VALUES (?, ?, NULL)
      ON CONFLICT (adapter_id) DO UPDATE SET end_date = NULL`,
      [adapterId, startDate],
    );
  }
  async startBillingMany(spans: readonly { adapterId: string; startDate: string }[]): Promise<void> {
    // PostgreSQL's upsert may not touch a row twice in one statement: one span per access
    const one = [...new Map(spans.map((s) => [s.adapterId, s])).values()];
    for (const part of batches(this.db.dialect, one)) {
      const v = rowsOf(
        this.db.dialect,
        part.map((s) => [s.adapterId, s.startDate]),
      );
      // `WHERE true`: SQLite reads ON CONFLICT after a SELECT's FROM as a join constraint without it
      await this.db.run(
        `INSERT INTO access_billing (adapter_id, start_date, end_date) SELECT v.column1, v.column2, NULL FROM ${v.sql} WHERE true
         ON CONFLICT (adapter_id) DO UPDATE SET end_date = NULL`,
        v.params,
      );
    }
  }
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

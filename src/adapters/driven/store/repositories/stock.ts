/**
 * `SqlStockRepository`: the `StockRepository` port (application/ports/store/stock.ts) in SQL, one text for both
 * dialects (db.ts: `?` placeholders, 0/1 booleans, JSON as TEXT).
 */
import { batches, optStr, rowsOf, type Db } from '../db.ts';
import {
  type StockState,
  type StockRecord,
  type StockRepository,
} from '../../../../application/ports/store/stock.ts';

const toStock = (r: Record<string, unknown>): StockRecord => ({
  serial: String(r.serial),
  spId: String(r.sp_id),
  state: r.state as StockState,
  adapterId: optStr(r.adapter_id),
  updatedAt: String(r.updated_at),
});

export class SqlStockRepository implements StockRepository {
  constructor(private readonly db: Db) {}

  async add(spId: string, serials: readonly string[], at: string): Promise<number> {
    let n = 0;
    for (const serial of serials) {
      n += (
        await this.db.run(
          `INSERT INTO ont_stock (serial, sp_id, state, adapter_id, updated_at) VALUES (?, ?, 'in-stock', NULL, ?) ON CONFLICT (serial) DO NOTHING`,
          [serial.toUpperCase(), spId, at],
        )
      ).changes;
    }
    return n;
  }

  async get(serial: string): Promise<StockRecord | undefined> {
    const r = await this.db.get('SELECT * FROM ont_stock WHERE serial = ?', [serial.toUpperCase()]);
    return r && toStock(r);
  }
  async setState(
    serial: string,
    state: StockState,
    at: string,
    opts: { adapterId?: string | null; expect?: StockState } = {},
  ): Promise<boolean> {
    const params: (string | null)[] = [state, at];
    let sql = 'UPDATE ont_stock SET state = ?, updated_at = ?';
    if (opts.adapterId !== undefined) {
      sql += ', adapter_id = ?';
      params.push(opts.adapterId);
    }
    sql += ' WHERE serial = ?';
    params.push(serial.toUpperCase());
    if (opts.expect) {
      sql += ' AND state = ?';
      params.push(opts.expect);
    }
    return (await this.db.run(sql, params)).changes > 0;
  }

  async setStateMany(
    items: readonly { serial: string; adapterId: string }[],
    state: StockState,
    at: string,
  ): Promise<void> {
    for (const part of batches(this.db.dialect, items)) {
      const v = rowsOf(
        this.db.dialect,
        part.map((i) => [i.serial.toUpperCase(), i.adapterId]),
      );
      await this.db.run(
        `UPDATE ont_stock SET state = ?, updated_at = ?, adapter_id = v.column2
         FROM ${v.sql} WHERE ont_stock.serial = v.column1 AND ont_stock.state <> ?`,
        [state, at, ...v.params, state],
      );
    }
  }

  async listBySp(
    spId: string,
    state?: StockState,
    page: { after?: readonly [string]; limit?: number } = {},
  ): Promise<StockRecord[]> {
    const rows = await this.db.all(
      `SELECT * FROM ont_stock WHERE sp_id = ? AND (? = '' OR state = ?) ${page.after ? 'AND serial > ?' : ''}
       ORDER BY serial ${page.limit ? 'LIMIT ?' : ''}`,
      [
        spId,
        state ?? '',
        state ?? '',
        ...(page.after ? [page.after[0]] : []),
        ...(page.limit ? [page.limit] : []),
      ],
    );
    return rows.map(toStock);
  }
}

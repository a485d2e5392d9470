/**
 * `SqlOrderEventRepository`: the `OrderEventRepository` port (application/ports/store/order-events.ts) in SQL, one text for both
 * dialects (db.ts: `?` placeholders, 0/1 booleans, JSON as TEXT).
 */
import type { OrderState } from '../../../../domain/orders/types.ts';
import { batches, fromJson, optStr, rowsOf, toJson, type Db } from '../db.ts';
import {
  type OrderEventRecord,
  type OrderEventRepository,
} from '../../../../application/ports/store/order-events.ts';

const toEvent = (r: Record<string, unknown>): OrderEventRecord => ({
  orderId: String(r.order_id),
  seq: Number(r.seq),
  at: String(r.at),
  from: optStr(r.from_state) as OrderState | undefined,
  to: r.to_state as OrderState,
  reason: String(r.reason),
  details: r.details == null ? undefined : fromJson(r.details),
});

/** `INSERT … VALUES (…), (…)` for n events, built once per n (the SQL text keys the prepared-statement cache). */
const insertSql: string[] = [];
function insertRows(n: number): string {
  return (insertSql[n] ??=
    'INSERT INTO order_events (order_id, seq, at, from_state, to_state, reason, details) VALUES ' +
    Array.from({ length: n }, () => '(?, ?, ?, ?, ?, ?, ?)').join(', '));
}

export class SqlOrderEventRepository implements OrderEventRepository {
  constructor(private readonly db: Db) {}

  async append(e: Omit<OrderEventRecord, 'seq'>): Promise<number> {
    const r = await this.db.get<{ seq: number }>(
      `INSERT INTO order_events (order_id, seq, at, from_state, to_state, reason, details)
       SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ? FROM order_events WHERE order_id = ?
       RETURNING seq`,
      [e.orderId, e.at, e.from ?? null, e.to, e.reason, toJson(e.details), e.orderId],
    );
    return Number(r!.seq);
  }

  /**
   * The first events of a brand-new order (seq 1, 2, …): no MAX(seq) lookup, and one multi-row
   * INSERT rather than one statement per event (intake writes 3–4 per order).
   */
  async appendNew(
    orderId: string,
    events: readonly Omit<OrderEventRecord, 'seq' | 'orderId'>[],
  ): Promise<void> {
    if (events.length === 0) return;
    const params: (string | number | null)[] = [];
    events.forEach((e, i) => {
      params.push(orderId, i + 1, e.at, e.from ?? null, e.to, e.reason, toJson(e.details));
    });
    await this.db.run(insertRows(events.length), params);
  }

  async appendMany(events: readonly Omit<OrderEventRecord, 'seq'>[]): Promise<void> {
    // one round a statement can number: each order at most once in it (its MAX(seq) read once)
    let rest = events;
    while (rest.length) {
      const seen = new Set<string>();
      const round: Omit<OrderEventRecord, 'seq'>[] = [];
      const later: Omit<OrderEventRecord, 'seq'>[] = [];
      for (const e of rest) {
        if (seen.has(e.orderId)) later.push(e);
        else {
          seen.add(e.orderId);
          round.push(e);
        }
      }
      for (const part of batches(this.db.dialect, round)) {
        const v = rowsOf(
          this.db.dialect,
          part.map((e) => [e.orderId, e.at, e.from ?? null, e.to, e.reason, toJson(e.details)]),
        );
        await this.db.run(
          `INSERT INTO order_events (order_id, seq, at, from_state, to_state, reason, details)
           SELECT v.column1, COALESCE((SELECT MAX(e.seq) FROM order_events e WHERE e.order_id = v.column1), 0) + 1,
                  v.column2, v.column3, v.column4, v.column5, v.column6
           FROM ${v.sql}`,
          v.params,
        );
      }
      rest = later;
    }
  }

  async list(orderId: string): Promise<OrderEventRecord[]> {
    return (await this.db.all('SELECT * FROM order_events WHERE order_id = ? ORDER BY seq', [orderId])).map(
      toEvent,
    );
  }
  async since(at: string, limit = 1000): Promise<OrderEventRecord[]> {
    return (
      await this.db.all('SELECT * FROM order_events WHERE at > ? ORDER BY at, order_id, seq LIMIT ?', [
        at,
        limit,
      ])
    ).map(toEvent);
  }
}

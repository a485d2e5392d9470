/**
 * `SqlIdempotencyRepository`: the `IdempotencyRepository` port (application/ports/store/idempotency.ts) in SQL, one text for both
 * dialects (db.ts: `?` placeholders, 0/1 booleans, JSON as TEXT).
 */
import type { Db } from '../db.ts';
import {
  type IdempotencyRecord,
  type IdempotencyRepository,
} from '../../../../application/ports/store/idempotency.ts';

export class SqlIdempotencyRepository implements IdempotencyRepository {
  constructor(private readonly db: Db) {}

  async get(spId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const r = await this.db.get<Record<string, unknown>>(
      'SELECT * FROM idempotency_keys WHERE sp_id = ? AND key = ?',
      [spId, key],
    );
    return (
      r && {
        spId: String(r.sp_id),
        key: String(r.key),
        bodyHash: String(r.body_hash),
        orderId: String(r.order_id),
        createdAt: String(r.created_at),
      }
    );
  }
  async put(rec: IdempotencyRecord): Promise<boolean> {
    const r = await this.db.run(
      'INSERT INTO idempotency_keys (sp_id, key, body_hash, order_id, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (sp_id, key) DO NOTHING',
      [rec.spId, rec.key, rec.bodyHash, rec.orderId, rec.createdAt],
    );
    return r.changes > 0;
  }
}

/**
 * `SqlPlannedWorksRepository`: the `PlannedWorksRepository` port (application/ports/store/planned-works.ts) in SQL, one text for both
 * dialects (db.ts: `?` placeholders, 0/1 booleans, JSON as TEXT).
 */
import { fromJson, optStr, toJson, type Db, keysetAfter } from '../db.ts';
import {
  type PlannedWorksScope,
  type PlannedWorksRecord,
  type PlannedWorksRepository,
} from '../../../../application/ports/store/planned-works.ts';

const toRecord = (r: Record<string, unknown>): PlannedWorksRecord => ({
  id: String(r.id),
  scope: fromJson<PlannedWorksScope>(r.scope),
  adapterIds: fromJson<string[]>(r.adapter_ids),
  start: String(r.start_at),
  end: String(r.end_at),
  announcedAt: String(r.announced_at),
  description: String(r.description),
  createdBy: optStr(r.created_by),
  createdAt: String(r.created_at),
});

export class SqlPlannedWorksRepository implements PlannedWorksRepository {
  constructor(private readonly db: Db) {}

  async insert(w: PlannedWorksRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO planned_works (id, scope, adapter_ids, start_at, end_at, announced_at, description, created_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        w.id,
        toJson(w.scope),
        toJson(w.adapterIds),
        w.start,
        w.end,
        w.announcedAt,
        w.description,
        w.createdBy ?? null,
        w.createdAt,
      ],
    );
  }

  async get(id: string): Promise<PlannedWorksRecord | undefined> {
    const r = await this.db.get('SELECT * FROM planned_works WHERE id = ?', [id]);
    return r && toRecord(r);
  }
  async list(
    q: { from?: string; to?: string; after?: readonly [string, string]; limit?: number } = {},
  ): Promise<PlannedWorksRecord[]> {
    const after = keysetAfter([{ col: 'start_at' }, { col: 'id' }], q.after);
    const rows = await this.db.all(
      `SELECT * FROM planned_works WHERE (? = '' OR end_at > ?) AND (? = '' OR start_at < ?) ${after ? `AND ${after.sql}` : ''}
       ORDER BY start_at, id LIMIT ?`,
      [q.from ?? '', q.from ?? '', q.to ?? '', q.to ?? '', ...(after?.params ?? []), q.limit ?? 10_000],
    );
    return rows.map(toRecord);
  }
}

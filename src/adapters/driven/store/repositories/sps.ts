/**
 * `SqlSpRepository`: the `SpRepository` port (application/ports/store/sps.ts) in SQL, one text for both
 * dialects (db.ts: `?` placeholders, 0/1 booleans, JSON as TEXT).
 */
import { optStr, type Db } from '../db.ts';
import { type SpRecord, type SpRepository } from '../../../../application/ports/store/sps.ts';

const toSp = (r: Record<string, unknown>): SpRecord => ({
  id: String(r.id),
  name: String(r.name),
  region: optStr(r.region),
  createdAt: String(r.created_at),
});

export class SqlSpRepository implements SpRepository {
  constructor(private readonly db: Db) {}

  async upsert(sp: SpRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO sps (id, name, region, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, region = excluded.region`,
      [sp.id, sp.name, sp.region ?? null, sp.createdAt],
    );
  }
  async ensure(sp: SpRecord): Promise<boolean> {
    const r = await this.db.run(
      'INSERT INTO sps (id, name, region, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
      [sp.id, sp.name, sp.region ?? null, sp.createdAt],
    );
    return r.changes > 0;
  }

  async get(id: string): Promise<SpRecord | undefined> {
    const r = await this.db.get('SELECT * FROM sps WHERE id = ?', [id]);
    return r && toSp(r);
  }

  async list(): Promise<SpRecord[]> {
    return (await this.db.all('SELECT * FROM sps ORDER BY id')).map(toSp);
  }
}

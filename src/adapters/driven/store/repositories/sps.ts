/** Service providers (SPs): the network owner's wholesale customers (spec §1). */
import { optStr, type Db } from '../db.ts';

export interface SpRecord {
  id: string;
  name: string;
  /** Region of the SP's regional aggregation point (spec §2), if it has one. */
  region?: string;
  createdAt: string;
}

const toSp = (r: Record<string, unknown>): SpRecord => ({
  id: String(r.id),
  name: String(r.name),
  region: optStr(r.region),
  createdAt: String(r.created_at),
});

export class SpRepository {
  constructor(private readonly db: Db) {}

  /** Creates the SP, or updates name/region when it exists. */
  async upsert(sp: SpRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO sps (id, name, region, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, region = excluded.region`,
      [sp.id, sp.name, sp.region ?? null, sp.createdAt],
    );
  }

  /** Creates the SP only if it does not exist; true when created. */
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

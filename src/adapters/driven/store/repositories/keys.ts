/**
 * `SqlKeyRepository`: the `KeyRepository` port (application/ports/store/keys.ts) in SQL, one text for both
 * dialects (db.ts: `?` placeholders, 0/1 booleans, JSON as TEXT).
 */
import { optStr, type Db } from '../db.ts';
import {
  type KeyRole,
  type ApiKeyRecord,
  type KeyRepository,
} from '../../../../application/ports/store/keys.ts';

const toKey = (r: Record<string, unknown>): ApiKeyRecord => ({
  id: String(r.id),
  hash: String(r.hash),
  role: r.role as KeyRole,
  spId: optStr(r.sp_id),
  name: optStr(r.name),
  createdAt: String(r.created_at),
  revokedAt: optStr(r.revoked_at),
});

export class SqlKeyRepository implements KeyRepository {
  constructor(private readonly db: Db) {}

  async insert(k: ApiKeyRecord): Promise<void> {
    await this.db.run(
      'INSERT INTO api_keys (id, hash, role, sp_id, name, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [k.id, k.hash, k.role, k.spId ?? null, k.name ?? null, k.createdAt, k.revokedAt ?? null],
    );
  }

  async get(id: string): Promise<ApiKeyRecord | undefined> {
    const r = await this.db.get('SELECT * FROM api_keys WHERE id = ?', [id]);
    return r && toKey(r);
  }

  async list(spId?: string): Promise<ApiKeyRecord[]> {
    const rows =
      spId === undefined
        ? await this.db.all('SELECT * FROM api_keys ORDER BY created_at')
        : await this.db.all('SELECT * FROM api_keys WHERE sp_id = ? ORDER BY created_at', [spId]);
    return rows.map(toKey);
  }

  async revoke(id: string, at: string): Promise<boolean> {
    return (
      (await this.db.run('UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL', [at, id]))
        .changes > 0
    );
  }

  async revokedSince(since: string): Promise<{ id: string; revokedAt: string }[]> {
    const rows = await this.db.all(
      'SELECT id, revoked_at FROM api_keys WHERE revoked_at IS NOT NULL AND revoked_at > ? ORDER BY revoked_at',
      [since],
    );
    return rows.map((r) => ({ id: String(r.id), revokedAt: String(r.revoked_at) }));
  }
}

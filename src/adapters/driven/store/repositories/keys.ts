/** API keys (design §4): only the SHA-256 of a key's secret is stored. */
import { optStr, type Db } from '../db.ts';

export type KeyRole = 'sp' | 'operator';

export interface ApiKeyRecord {
  /** Public handle, part of the presented key; the lookup index. */
  id: string;
  /** Hex SHA-256 of the secret. */
  hash: string;
  role: KeyRole;
  spId?: string;
  name?: string;
  createdAt: string;
  revokedAt?: string;
}

const toKey = (r: Record<string, unknown>): ApiKeyRecord => ({
  id: String(r.id),
  hash: String(r.hash),
  role: r.role as KeyRole,
  spId: optStr(r.sp_id),
  name: optStr(r.name),
  createdAt: String(r.created_at),
  revokedAt: optStr(r.revoked_at),
});

export class KeyRepository {
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
}

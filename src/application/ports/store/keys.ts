/** API keys (design §4): only the SHA-256 of a key's secret is stored. */

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

export interface KeyRepository {
  insert(k: ApiKeyRecord): Promise<void>;

  get(id: string): Promise<ApiKeyRecord | undefined>;

  list(spId?: string): Promise<ApiKeyRecord[]>;

  revoke(id: string, at: string): Promise<boolean>;

  /** Keys revoked after `since` (ISO time), oldest first: how every instance learns of a revocation. */
  revokedSince(since: string): Promise<{ id: string; revokedAt: string }[]>;
}

/**
 * API keys (design §4: "every API call authenticated; keys are stored hashed"): a key reads
 * `ponctl_<id>_<secret>`; the store keeps only the SHA-256 of the 32-byte secret, found by the
 * public id and compared in constant time. Keys are made by `ponctl keys create` against the store
 * directly, or by the demo seed; the API verifies them on every request.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { DomainError } from '../../domain/errors.ts';
import type { KeyRole, Store } from '../ports/store/index.ts';
import type { Principal } from './principal.ts';

const KEY_FORMAT = /^ponctl_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export interface NewKey {
  id: string;
  /** The full key to hand to its holder; shown once, never stored. */
  key: string;
  role: KeyRole;
  spId?: string;
}

/** Creates a key for an SP (which must exist) or for the operator role. */
export async function createApiKey(
  store: Store,
  o: { role: KeyRole; spId?: string; name?: string; at?: Date },
): Promise<NewKey> {
  if (o.role === 'sp' && !o.spId) throw new DomainError('SP_REQUIRED', 'an SP key needs an SP id', 'spId');
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  await store.keys.insert({
    id,
    hash: hashSecret(secret),
    role: o.role,
    spId: o.role === 'sp' ? o.spId : undefined,
    name: o.name,
    createdAt: (o.at ?? new Date()).toISOString(),
  });
  return { id, key: `ponctl_${id}_${secret}`, role: o.role, ...(o.role === 'sp' ? { spId: o.spId } : {}) };
}

/**
 * Checks a presented key. A short cache of verified keys keeps the store off the hot path of
 * every request (a revoked key stops working within `cacheMs`).
 */
export class KeyVerifier {
  private readonly cache = new Map<string, { p: Principal; until: number }>();
  constructor(
    private readonly store: Store,
    private readonly cacheMs = 5_000,
    private readonly maxEntries = 10_000,
  ) {}

  async verify(presented: string | undefined): Promise<Principal | undefined> {
    if (!presented) return undefined;
    const m = KEY_FORMAT.exec(presented);
    if (!m) return undefined;
    const now = Date.now();
    const hit = this.cache.get(presented);
    if (hit && hit.until > now) return hit.p;
    const rec = await this.store.keys.get(m[1]);
    if (!rec || rec.revokedAt) return undefined;
    const a = Buffer.from(hashSecret(m[2]), 'hex');
    const b = Buffer.from(rec.hash, 'hex');
    if (a.length !== b.length || !timingSafeEqual(a, b)) return undefined;
    const p: Principal =
      rec.role === 'operator'
        ? { role: 'operator', keyId: rec.id }
        : { role: 'sp', spId: rec.spId!, keyId: rec.id };
    if (this.cache.size >= this.maxEntries) this.cache.clear();
    this.cache.set(presented, { p, until: now + this.cacheMs });
    return p;
  }
}

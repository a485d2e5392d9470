/**
 * API keys (design §4: "every API call authenticated; keys are stored hashed"): a key reads
 * `ponctl_<id>_<secret>`; the store keeps only the SHA-256 of the 32-byte secret, found by the
 * public id and compared in constant time. Keys are made by `ponctl keys create` against the store
 * directly, or by the demo seed; the API verifies them on every request.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
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

/** `pst_<key id>_<expiry, unix s>_<mac>`: a stream token (see KeyVerifier.streamToken). */
const TOKEN_FORMAT = /^pst_([0-9a-f]{16})_(\d{1,12})_([A-Za-z0-9_-]{43})$/;

/**
 * Checks a presented key. A short cache of verified keys keeps the store off the hot path of
 * every request; revocation is immediate nevertheless (issue 17 item 5): `watchRevocations` asks
 * the shared store every `pollMs` (1 s) which keys were revoked since it last asked — on every
 * instance, so a key revoked anywhere (`ponctl keys revoke` writes the store directly) leaves every
 * instance's cache within that period — and tells the listeners (the event streams close the
 * key's open streams). Polling the one store all instances share is the portable equivalent of
 * PostgreSQL LISTEN/NOTIFY, and works on SQLite the same way.
 */
export class KeyVerifier {
  private readonly cache = new Map<string, { p: Principal; until: number }>();
  private readonly listeners = new Set<(keyId: string) => void>();
  private lastRevocation = new Date(0).toISOString();
  private timer?: NodeJS.Timeout;
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
    const p = principalOf(rec);
    if (this.cache.size >= this.maxEntries) this.cache.clear();
    this.cache.set(presented, { p, until: now + this.cacheMs });
    return p;
  }

  /**
   * A short-lived token for the event stream's URL (issue 17 item 5: an EventSource cannot send
   * headers, and an API key must not travel in URLs, where proxies and logs keep it). Stateless and
   * valid on every instance: HMAC-SHA256 over `<key id>.<expiry>` keyed with the key's stored hash;
   * it dies with its key (revoked or removed) and after `ttlS` seconds.
   */
  async streamToken(p: Principal, ttlS = 60): Promise<{ token: string; expiresAt: string }> {
    const rec = await this.store.keys.get(p.keyId);
    if (!rec || rec.revokedAt) throw new DomainError('UNAUTHENTICATED', 'missing or invalid API key');
    const exp = Math.floor(Date.now() / 1000) + ttlS;
    const mac = createHmac('sha256', rec.hash).update(`${rec.id}.${exp}`).digest('base64url');
    return { token: `pst_${rec.id}_${exp}_${mac}`, expiresAt: new Date(exp * 1000).toISOString() };
  }

  async verifyStreamToken(token: string | undefined): Promise<Principal | undefined> {
    const m = TOKEN_FORMAT.exec(token ?? '');
    if (!m || Number(m[2]) * 1000 < Date.now()) return undefined;
    const rec = await this.store.keys.get(m[1]);
    if (!rec || rec.revokedAt) return undefined;
    const want = createHmac('sha256', rec.hash).update(`${rec.id}.${m[2]}`).digest();
    const got = Buffer.from(m[3], 'base64url');
    return got.length === want.length && timingSafeEqual(got, want) ? principalOf(rec) : undefined;
  }

  /** Called with the id of every key revoked from now on (on this instance or another). */
  onRevoked(fn: (keyId: string) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** One look at the store for revocations since the last; evicts and tells the listeners. */
  async pollRevocations(): Promise<string[]> {
    const revoked = await this.store.keys.revokedSince(this.lastRevocation);
    for (const r of revoked) {
      this.lastRevocation = r.revokedAt > this.lastRevocation ? r.revokedAt : this.lastRevocation;
      for (const [k, v] of this.cache) if (v.p.keyId === r.id) this.cache.delete(k);
      for (const fn of this.listeners) fn(r.id);
    }
    return revoked.map((r) => r.id);
  }

  /** Starts watching (first look at once: revocations before the start only set the mark). */
  async watchRevocations(pollMs = 1_000, onError?: (e: unknown) => void): Promise<void> {
    if (this.timer) return;
    const past = await this.store.keys.revokedSince(this.lastRevocation);
    if (past.length) this.lastRevocation = past[past.length - 1].revokedAt;
    let running = false;
    this.timer = setInterval(() => {
      if (running) return;
      running = true;
      this.pollRevocations()
        .catch((e) => onError?.(e))
        .finally(() => (running = false));
    }, pollMs);
    this.timer.unref();
  }

  stopWatching(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}

function principalOf(rec: { id: string; role: KeyRole; spId?: string }): Principal {
  return rec.role === 'operator'
    ? { role: 'operator', keyId: rec.id }
    : { role: 'sp', spId: rec.spId!, keyId: rec.id };
}

/**
 * The SecretBox port with AES-256-GCM (node:crypto; NIST SP 800-38D): a fresh 96-bit IV per value,
 * the 128-bit tag checked on open, the key id bound as additional authenticated data so a value cannot
 * be replayed under another key id. Format: `sealed:v1:<key id>:<iv>:<ciphertext>:<tag>` (base64url),
 * so a dump shows which values are sealed and under which key — never the secret.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { SecretBoxError, type SecretBox } from '../../../application/ports/secret-box.ts';

const PREFIX = 'sealed:v1:';

/** The id of a key: 8 hex digits of SHA-256 over it (identifies, reveals nothing usable). */
export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update('ponctl-secret-key').update(key).digest('hex').slice(0, 8);
}

export class AesGcmSecretBox implements SecretBox {
  readonly #keys = new Map<string, Buffer>();
  readonly keyId: string;

  /** `current` seals; `older` keys still open what they sealed (during a rotation). */
  constructor(current: Buffer, older: readonly Buffer[] = []) {
    for (const k of [current, ...older])
      if (k.length !== 32) throw new SecretBoxError('an AES-256 key has 32 bytes');
    this.keyId = keyIdOf(current);
    this.#keys.set(this.keyId, current);
    for (const k of older) this.#keys.set(keyIdOf(k), k);
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.#keys.get(this.keyId)!, iv);
    c.setAAD(Buffer.from(this.keyId));
    const ct = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    const b = (x: Buffer) => x.toString('base64url');
    return `${PREFIX}${this.keyId}:${b(iv)}:${b(ct)}:${b(c.getAuthTag())}`;
  }

  open(value: string): string {
    if (!this.isSealed(value)) return value;
    const [kid, iv, ct, tag] = value.slice(PREFIX.length).split(':');
    const key = this.#keys.get(kid);
    if (!key)
      throw new SecretBoxError(
        `a secret is sealed under key ${kid}; the configured key is ${this.keyId} (PONCTL_SECRET_KEY or the key file)`,
      );
    try {
      const d = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      d.setAAD(Buffer.from(kid));
      d.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([d.update(Buffer.from(ct, 'base64url')), d.final()]).toString('utf8');
    } catch {
      throw new SecretBoxError(`a secret sealed under key ${kid} does not authenticate (altered)`);
    }
  }

  isSealed(value: string): boolean {
    return value.startsWith(PREFIX) && value.slice(PREFIX.length).split(':').length === 4;
  }

  isCurrent(value: string): boolean {
    return value.startsWith(`${PREFIX}${this.keyId}:`);
  }

  toJSON(): string {
    return `[SecretBox ${this.keyId}]`;
  }

  [inspect.custom](): string {
    return `[SecretBox ${this.keyId}]`;
  }
}

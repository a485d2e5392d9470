/**
 * Where the sealing key comes from (issue 14 item 3): `PONCTL_SECRET_KEY` (32 bytes, base64 or 64
 * hex digits) or a key file — `PONCTL_SECRET_KEY_FILE`, default `<data dir>/secret.key` — created
 * with a fresh random key, mode 0600, on first use. The key file holds one line: the key in base64.
 *
 * `ponctl secrets rotate` (rotateKeyFile) writes the new key to `secret.key.next` first, re-seals
 * the store, then renames it over the key file: a crash in between leaves both keys on disk and
 * `loadSecretBox` opens values sealed under either, so nothing is lost.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { SecretBoxError } from '../../../application/ports/secret-box.ts';
import { AesGcmSecretBox } from './aes-gcm-box.ts';

export interface SecretKeySource {
  /** PONCTL_SECRET_KEY. */
  key?: string;
  /** The key file (PONCTL_SECRET_KEY_FILE or `<data dir>/secret.key`). */
  file: string;
}

export function parseKey(text: string, where: string): Buffer {
  const t = text.trim();
  const k = /^[0-9a-fA-F]{64}$/.test(t) ? Buffer.from(t, 'hex') : Buffer.from(t, 'base64');
  if (k.length !== 32)
    throw new SecretBoxError(`${where}: the key must be 32 bytes (base64 or 64 hex digits)`);
  return k;
}

/** Writes a file holding a secret: mode 0600 from its creation (no window where others may read it). */
export function writeSecretFile(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, content, { mode: 0o600 });
  chmodSync(tmp, 0o600); // the umask cannot widen it, but an existing tmp file kept its mode
  renameSync(tmp, file);
}

export const newKey = (): Buffer => randomBytes(32);

const nextFile = (file: string) => `${file}.next`;

/** The current key (creating the key file when neither the variable nor the file exists). */
export function loadSecretKeys(src: SecretKeySource): { current: Buffer; older: Buffer[]; from: string } {
  const next = existsSync(nextFile(src.file))
    ? parseKey(readFileSync(nextFile(src.file), 'utf8'), nextFile(src.file))
    : undefined;
  if (src.key)
    return {
      current: parseKey(src.key, 'PONCTL_SECRET_KEY'),
      older: next ? [next] : [],
      from: 'PONCTL_SECRET_KEY',
    };
  if (!existsSync(src.file)) writeSecretFile(src.file, newKey().toString('base64') + '\n');
  const current = parseKey(readFileSync(src.file, 'utf8'), src.file);
  return { current, older: next ? [next] : [], from: src.file };
}

export function loadSecretBox(src: SecretKeySource): AesGcmSecretBox {
  const k = loadSecretKeys(src);
  return new AesGcmSecretBox(k.current, k.older);
}

/** Rotation, step 1: the new key next to the old one. */
export function stageNextKey(src: SecretKeySource, key: Buffer): void {
  writeSecretFile(nextFile(src.file), key.toString('base64') + '\n');
}

/** Rotation, step 3 (after the store is re-sealed): the new key becomes the key file. */
export function commitNextKey(src: SecretKeySource): void {
  renameSync(nextFile(src.file), src.file);
}

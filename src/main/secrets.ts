/**
 * `ponctl secrets rotate` (issue 14 item 3): every sealed value of the store re-sealed under a new
 * key in one transaction. With a key file: the new key is staged next to it (`secret.key.next`,
 * 0600) before the store changes and renamed over it after, so a crash at any point leaves a key
 * for every value (secret-key.ts). With `PONCTL_SECRET_KEY`: the new key is returned to be printed
 * BEFORE the store changes (the operator sets the variable to it). Running controllers hold the
 * key they started with: restart them after a rotation.
 */
import type { Store } from '../application/ports/store/index.ts';
import { AesGcmSecretBox } from '../adapters/driven/secrets/aes-gcm-box.ts';
import {
  commitNextKey,
  loadSecretKeys,
  newKey,
  parseKey,
  stageNextKey,
} from '../adapters/driven/secrets/secret-key.ts';
import type { Config } from './config.ts';

export interface RotationResult {
  previousKeyId: string;
  keyId: string;
  /** Values re-sealed (including ones never sealed before). */
  resealed: number;
  /** Where the new key is: the key file, or (PONCTL_SECRET_KEY) printed for the operator. */
  keyFile?: string;
}

export async function rotateSecrets(
  config: Pick<Config, 'secrets'>,
  store: Store,
  o: { newKey?: string; showKey?: (base64: string) => void } = {},
): Promise<RotationResult> {
  const old = loadSecretKeys(config.secrets);
  const oldBox = new AesGcmSecretBox(old.current, old.older);
  const next = o.newKey ? parseKey(o.newKey, '--new-key') : newKey();
  const box = new AesGcmSecretBox(next);
  const fromEnv = !!config.secrets.key;
  if (fromEnv) o.showKey?.(next.toString('base64'));
  else stageNextKey(config.secrets, next);
  const resealed = await store.transaction(async (tx) => {
    let n = 0;
    for (const v of await tx.sealedSecrets.list()) {
      if (box.isCurrent(v.value)) continue;
      if (await tx.sealedSecrets.replace(v, box.seal(oldBox.open(v.value)))) n++;
    }
    return n;
  });
  if (!fromEnv) commitNextKey(config.secrets);
  return {
    previousKeyId: oldBox.keyId,
    keyId: box.keyId,
    resealed,
    ...(fromEnv ? {} : { keyFile: config.secrets.file }),
  };
}

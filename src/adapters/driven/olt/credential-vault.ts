/**
 * OLT credentials by reference (design §6: "credentials sealed at rest, never logged"). The OLT
 * registry stores only a reference; the lab registers its credentials at start, configuration or
 * the environment supplies the others. The vault hides its contents from JSON and inspect, so a
 * logged object that holds it never shows a secret.
 */
import { inspect } from 'node:util';
import { ConnectionError } from '../../../application/ports/olt-driver/errors.ts';

export interface DeviceCredentials {
  username: string;
  password?: string;
}

/**
 * Credentials by reference. `set` registers them (the lab at start, or configuration); `get`
 * falls back to the environment: ref `x-y` → PONCTL_OLT_X_Y_USER / PONCTL_OLT_X_Y_PASSWORD.
 */
export class CredentialVault {
  readonly #secrets = new Map<string, DeviceCredentials>();

  set(ref: string, creds: DeviceCredentials): void {
    this.#secrets.set(ref, { ...creds });
  }

  get(ref: string, env: NodeJS.ProcessEnv = process.env): DeviceCredentials {
    const c = this.#secrets.get(ref);
    if (c) return c;
    const key = `PONCTL_OLT_${ref.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
    const username = env[`${key}_USER`];
    if (!username)
      throw new ConnectionError(`no credentials for reference ${ref} (set ${key}_USER / ${key}_PASSWORD)`);
    return { username, password: env[`${key}_PASSWORD`] };
  }

  toJSON(): string {
    return '[CredentialVault]';
  }

  [inspect.custom](): string {
    return '[CredentialVault]';
  }
}

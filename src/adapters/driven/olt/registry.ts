/**
 * Device profiles and the driver factory (design §6: "dialects live in device-profiles/, not in
 * `if (vendor === …)` branches"). A profile's `management.preferred` picks the protocol (an OLT
 * record may override it); the profile's data configures the driver. Credentials come from a vault
 * by reference and are never logged or serialised (CredentialVault hides them from JSON/inspect).
 */
import { inspect } from 'node:util';
import type { OltDriver } from '../../../application/ports/olt-driver/olt-driver.ts';
import { NetconfOltDriver } from './netconf/netconf-driver.ts';
import { CliOltDriver } from './zxa10-cli/cli-driver.ts';
import { loadDeviceProfile } from '../device-profiles.ts';

export { loadDeviceProfile, type DeviceProfile } from '../device-profiles.ts';

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
    if (!username) throw new Error(`no credentials for reference ${ref} (set ${key}_USER / ${key}_PASSWORD)`);
    return { username, password: env[`${key}_PASSWORD`] };
  }

  toJSON(): string {
    return '[CredentialVault]';
  }

  [inspect.custom](): string {
    return '[CredentialVault]';
  }
}

/** Where and how an OLT is reached (an OltRecord of the store fits). */
export interface DriverTarget {
  name: string;
  profile: string;
  host: string;
  ports: { cli?: number; netconf?: number };
  protocol?: 'netconf' | 'cli';
  credentialsRef: string;
}

export interface DriverFactoryOptions {
  connectTimeoutMs?: number;
  rpcTimeoutMs?: number;
}

/** The protocol used for an OLT: its override, else the profile's preferred one. */
export function protocolFor(t: Pick<DriverTarget, 'profile' | 'protocol'>): 'netconf' | 'cli' {
  return t.protocol ?? loadDeviceProfile(t.profile).management?.preferred ?? 'netconf';
}

/** A driver for the OLT, by its profile (not yet connected). */
export function createDriver(
  t: DriverTarget,
  vault: CredentialVault,
  o: DriverFactoryOptions = {},
): OltDriver {
  const profile = loadDeviceProfile(t.profile);
  const creds = vault.get(t.credentialsRef);
  const protocol = protocolFor(t);
  if (protocol === 'cli') {
    if (!t.ports.cli) throw new Error(`${t.name}: no CLI port`);
    return new CliOltDriver({
      host: t.host,
      port: t.ports.cli,
      username: creds.username,
      password: creds.password,
      device: t.name,
      profile: { name: profile.name, capabilities: profile.capabilities, cli: profile.cli },
      connectTimeoutMs: o.connectTimeoutMs,
      commandTimeoutMs: o.rpcTimeoutMs,
    });
  }
  if (!t.ports.netconf) throw new Error(`${t.name}: no NETCONF port`);
  return new NetconfOltDriver({
    host: t.host,
    port: t.ports.netconf,
    username: creds.username,
    password: creds.password,
    device: t.name,
    profile: { name: profile.name, capabilities: profile.capabilities, netconf: profile.netconf },
    connectTimeoutMs: o.connectTimeoutMs,
    rpcTimeoutMs: o.rpcTimeoutMs,
  });
}

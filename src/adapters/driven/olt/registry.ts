/**
 * The driver factory (design §6: "dialects live in device-profiles/, not in `if (vendor === …)`
 * branches"): the OltDriverFactory port for the OLT registry. A profile's `management.preferred`
 * picks the protocol (an OLT record may override it); the profile's data configures the driver.
 * Credentials come from the vault by reference (credential-vault.ts) and are never logged.
 */
import { managementProtocolOf, type DeviceProfile } from '../../../application/ports/device-catalogue.ts';
import { ConnectionError, ProfileSectionMissingError } from '../../../application/ports/olt-driver/errors.ts';
import type { OltDriver, OltDriverFactory } from '../../../application/ports/olt-driver/olt-driver.ts';
import { readDeviceProfileFile } from '../../../protocols/device-profile-files.ts';
import type { CredentialVault } from './credential-vault.ts';
import type { SecretBox } from '../../../application/ports/secret-box.ts';
import type { OltSecrets } from '../../../application/ports/store/index.ts';
import { pinnedHostKey, type HostKeyPolicy } from '../ssh-connect.ts';
import { NetconfOltDriver } from './netconf/netconf-driver.ts';
import { openSshCliChannel } from './zxa10-cli/cli-channel.ts';
import { Zxa10CliDriver } from './zxa10-cli/zxa10-driver.ts';
import { profileForSysObjectID } from '../../../protocols/snmp/olt-snmp-profile.ts';

/** A profile as the drivers read it: the catalogue's part plus the dialect sections. */
export interface DriverProfile extends DeviceProfile {
  /** The ZXA10 CLI dialect (zxa10-cli/zxa10-dialect.ts): needed to manage the OLT over the CLI. */
  cliDialect?: unknown;
  netconf?: Record<string, unknown>;
  capabilities?: Record<string, unknown>;
}

/** Reads device-profiles/NAME.json as the drivers need it. Throws when there is no such profile. */
export function loadDeviceProfile(name: string): DriverProfile {
  return readDeviceProfileFile(name) as DriverProfile;
}

/** Where and how an OLT is reached (an OltRecord of the store fits). */
export interface DriverTarget {
  name: string;
  profile: string;
  host: string;
  ports: { cli?: number; netconf?: number };
  protocol?: 'netconf' | 'cli';
  credentialsRef: string;
  /** Sealed OltSecrets (issue 14): preferred over `credentialsRef`. */
  secrets?: string;
  /** The pinned SSH host key (issue 14 item 2); undefined = any key (only with `trustAnyHostKey`). */
  hostKey?: { pinned?: string };
}

export interface DriverFactoryOptions {
  connectTimeoutMs?: number;
  rpcTimeoutMs?: number;
  /** Opens sealed credentials (OLTs registered through the API). */
  secrets?: SecretBox;
  /** Hears a host key an OLT presented that was refused (the registry records it, or raises the alarm). */
  onHostKey?(olt: string, fingerprint: string, pinned: string | undefined): void;
  /** Accept any host key (drivers built for tests and benches on a lab of their own). */
  trustAnyHostKey?: boolean;
}

/** The OLT's device secrets: opened from the registry's sealed document, else the vault's reference. */
export function secretsOf(
  t: Pick<DriverTarget, 'secrets' | 'credentialsRef'>,
  vault: CredentialVault,
  box?: SecretBox,
): OltSecrets {
  if (t.secrets) {
    if (!box) throw new ConnectionError('sealed OLT credentials but no secret key configured');
    return JSON.parse(box.open(t.secrets)) as OltSecrets;
  }
  const c = vault.get(t.credentialsRef);
  return { ssh: { username: c.username, password: c.password } };
}

/** The host-key policy for an OLT's SSH sessions (ssh-connect.ts). */
export function hostKeyPolicyOf(t: DriverTarget, o: DriverFactoryOptions): HostKeyPolicy | undefined {
  if (o.trustAnyHostKey && !t.hostKey?.pinned) return undefined;
  return pinnedHostKey(t.name, t.hostKey?.pinned, o.onHostKey);
}

/** The protocol used for an OLT: its override, else the profile's preferred one. */
export function protocolFor(t: Pick<DriverTarget, 'profile' | 'protocol'>): 'netconf' | 'cli' {
  return managementProtocolOf(loadDeviceProfile(t.profile), t.protocol);
}

/** The factory provisioning's device pool uses: every OLT of the registry, credentials from `vault`. */
export function driverFactory(vault: CredentialVault, o: DriverFactoryOptions = {}): OltDriverFactory {
  return (olt) => createDriver(olt, vault, o);
}

/** A driver for the OLT, by its profile (not yet connected). */
export function createDriver(
  t: DriverTarget,
  vault: CredentialVault,
  o: DriverFactoryOptions = {},
): OltDriver {
  const profile = loadDeviceProfile(t.profile);
  const protocol = protocolFor(t);
  // the one CLI driver is the ZXA10 one (C3xx/C600: profile `cliDialect`, docs/zxa10-dialect.md; issue 18)
  if (protocol === 'cli' && !profile.cliDialect)
    throw new ProfileSectionMissingError(profile.name, 'cli', 'cliDialect', { device: t.name });
  const ssh = secretsOf(t, vault, o.secrets).ssh;
  if (!ssh) throw new ConnectionError(`${t.name}: no SSH credentials registered`, { device: t.name });
  const creds = {
    username: ssh.username,
    password: ssh.password,
    privateKey: ssh.privateKey,
    passphrase: ssh.passphrase,
  };
  const hostKey = hostKeyPolicyOf(t, o);
  if (protocol === 'cli') {
    if (!t.ports.cli) throw new ConnectionError(`${t.name}: no CLI port registered`, { device: t.name });
    const cliPort = t.ports.cli;
    return new Zxa10CliDriver({
      profile: { name: profile.name, capabilities: profile.capabilities, cliDialect: profile.cliDialect },
      device: t.name,
      openChannel: () =>
        openSshCliChannel({
          host: t.host,
          port: cliPort,
          username: creds.username,
          password: creds.password,
          privateKey: creds.privateKey,
          passphrase: creds.passphrase,
          hostKey,
          device: t.name,
          timeoutMs: o.connectTimeoutMs ?? 10_000,
        }),
      connectTimeoutMs: o.connectTimeoutMs,
      commandTimeoutMs: o.rpcTimeoutMs,
      // the device's sysObjectID must name this profile's family when it names one at all
      expectFamily: (oid) => [undefined, profile.name].includes(profileForSysObjectID(oid)),
    });
  }
  if (!t.ports.netconf)
    throw new ConnectionError(`${t.name}: no NETCONF port registered`, { device: t.name });
  return new NetconfOltDriver({
    host: t.host,
    port: t.ports.netconf,
    ...creds,
    device: t.name,
    hostKey,
    profile: { name: profile.name, capabilities: profile.capabilities, netconf: profile.netconf },
    connectTimeoutMs: o.connectTimeoutMs,
    rpcTimeoutMs: o.rpcTimeoutMs,
  });
}

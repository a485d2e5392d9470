/**
 * The driver factory (adapters/driven/olt/registry.ts): a profile's management protocol picks the
 * driver, and a CLI-managed profile without the `cliDialect` section the ZXA10 driver reads is a typed
 * error at once — before any credential is looked up or any socket opened.
 */
import { describe, expect, it } from 'vitest';
import { CredentialVault } from '../../src/adapters/driven/olt/credential-vault.ts';
import { createDriver, type DriverTarget } from '../../src/adapters/driven/olt/registry.ts';
import { Zxa10CliDriver } from '../../src/adapters/driven/olt/zxa10-cli/zxa10-driver.ts';
import { NetconfOltDriver } from '../../src/adapters/driven/olt/netconf/netconf-driver.ts';
import {
  ConnectionError,
  MissingCapabilityError,
  ProfileSectionMissingError,
} from '../../src/application/ports/olt-driver/errors.ts';

const target = (profile: string, o: Partial<DriverTarget> = {}): DriverTarget => ({
  name: 'olt-x',
  profile,
  host: '192.0.2.10',
  ports: { cli: 22, netconf: 830 },
  credentialsRef: 'lab',
  ...o,
});

function vault(): CredentialVault {
  const v = new CredentialVault();
  v.set('lab', { username: 'u', password: 'p' });
  return v;
}

describe('createDriver', () => {
  it('makes the ZXA10 CLI driver for a profile with a cliDialect, the NETCONF one for a TR-385 OLT', () => {
    const cli = createDriver(target('zxa10-c300'), vault());
    expect(cli).toBeInstanceOf(Zxa10CliDriver);
    expect(cli.capabilities.protocol).toBe('cli');
    expect(createDriver(target('zxa10-c600'), vault())).toBeInstanceOf(Zxa10CliDriver);
    expect(createDriver(target('bbf-tr385'), vault())).toBeInstanceOf(NetconfOltDriver);
  });

  it('refuses the CLI on a profile without cliDialect: typed, permanent, naming the profile and section', () => {
    // bbf-tr385 has no CLI section: an OLT record overriding its protocol to `cli` cannot be driven
    let thrown: unknown;
    try {
      createDriver(target('bbf-tr385', { protocol: 'cli' }), new CredentialVault());
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(ProfileSectionMissingError);
    // a MissingCapabilityError: provisioning fails the order at once instead of retrying it
    expect(thrown).toBeInstanceOf(MissingCapabilityError);
    const e = thrown as ProfileSectionMissingError;
    expect(e).toMatchObject({
      code: 'missing-capability',
      device: 'olt-x',
      profile: 'bbf-tr385',
      protocol: 'cli',
      section: 'cliDialect',
    });
    expect(e.message).toBe(
      'olt-x: device profile bbf-tr385 is managed over cli but has no `cliDialect` section ' +
        '(device-profiles/bbf-tr385.json): no driver can speak to it',
    );
  });

  it('still answers a missing CLI port as a connection error', () => {
    expect(() => createDriver(target('zxa10-c300', { ports: { netconf: 830 } }), vault())).toThrow(
      ConnectionError,
    );
  });
});

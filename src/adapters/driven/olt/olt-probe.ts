/**
 * The OltProbe port (application/ports/olt-probe.ts): `ponctl olt test` and `--detect`. Over each
 * port registered for the OLT: NETCONF (hello capabilities → the data model: BBF modules →
 * `bbf-tr385`), the CLI (a session, `show running-config`), SNMP
 * (sysDescr and sysObjectID, RFC 3418; the family from the profiles' `sysObjectIDPrefixes`). The
 * configuration is read to count ONTs; nothing is written. SSH sessions use the OLT's host-key policy,
 * so an untrusted key is reported (host-key-untrusted / host-key-changed) before credentials are sent.
 */
import type { OltProbe, OltProbeReport, ProtocolProbe } from '../../../application/ports/olt-probe.ts';
import { ConnectAuthError, DriverError, HostKeyError } from '../../../application/ports/olt-driver/errors.ts';
import type { OltDriver } from '../../../application/ports/olt-driver/olt-driver.ts';
import type { OltRecord } from '../../../application/ports/store/index.ts';
import { snmpV3Of } from '../../../application/olts/olt-views.ts';
import { profileForSysObjectID } from '../../../protocols/snmp/olt-snmp-profile.ts';
import { SnmpClient } from '../telemetry/snmp/client.ts';
import type { CredentialVault } from './credential-vault.ts';
import { createDriver, loadDeviceProfile, secretsOf, type DriverFactoryOptions } from './registry.ts';

const SYS_DESCR = '1.3.6.1.2.1.1.1.0';
const SYS_OBJECT_ID = '1.3.6.1.2.1.1.2.0';
/** A BBF TR-385 OLT announces the xPON model (bbf-xpon, TR-385 §5). */
const BBF_XPON = 'urn:bbf:yang:bbf-xpon';

const errorOf = (e: unknown) => ({
  code: e instanceof DriverError ? e.code : 'connection',
  message: (e as Error)?.message ?? String(e),
});

function profileFromHello(caps: readonly string[]): string | undefined {
  if (caps.some((c) => c.startsWith(BBF_XPON))) return 'bbf-tr385';
  return undefined;
}

async function probeSsh(
  protocol: 'netconf' | 'cli',
  port: number,
  make: () => OltDriver,
  out: OltProbeReport,
): Promise<ProtocolProbe> {
  let d: OltDriver | undefined;
  try {
    d = make();
    await d.connect();
    if (protocol === 'netconf') {
      out.capabilities = [...d.capabilities.netconf];
      out.detectedProfile ??= profileFromHello(d.capabilities.netconf);
    }
    try {
      const cfg = await d.readConfig();
      out.onts = cfg.channelTerminations.reduce((n, c) => n + c.onus.length, 0);
    } catch {
      /* reachable and authenticated; its configuration is not in a model we read */
    }
    return { protocol, port, reachable: true, authenticated: true };
  } catch (e) {
    const reachable = e instanceof ConnectAuthError || e instanceof HostKeyError;
    return {
      protocol,
      port,
      reachable,
      authenticated: false,
      ...(e instanceof HostKeyError ? { hostKey: e.fingerprint } : {}),
      error: errorOf(e),
    };
  } finally {
    await d?.close().catch(() => undefined);
  }
}

async function probeSnmp(
  o: OltRecord,
  community: string | undefined,
  out: OltProbeReport,
  s: ReturnType<typeof secretsOf>,
) {
  const port = o.ports.snmp!;
  const v3 = snmpV3Of(o, s);
  const c = new SnmpClient({
    host: o.host,
    port,
    version: v3 ? 'v3' : 'v2c',
    community,
    v3,
    device: o.name,
    timeoutMs: 2000,
  });
  try {
    const [descr, oid] = await c.get([SYS_DESCR, SYS_OBJECT_ID]);
    out.model = String(descr.value);
    out.sysObjectID = String(oid.value);
    const fw = /V\d+(?:\.\d+)+\w*/.exec(out.model);
    if (fw) out.firmware = fw[0];
    out.detectedProfile ??= profileForSysObjectID(out.sysObjectID);
    return { protocol: 'snmp' as const, port, reachable: true, authenticated: true };
  } catch (e) {
    // SNMP has no separate authentication answer: a wrong community looks like silence
    return { protocol: 'snmp' as const, port, reachable: false, authenticated: false, error: errorOf(e) };
  } finally {
    c.close();
  }
}

/** The probe over real sockets; drivers made as provisioning makes them (same host-key policy). */
export function oltProbe(vault: CredentialVault, o: DriverFactoryOptions): OltProbe {
  return async (olt) => {
    const out: OltProbeReport = { protocols: [], capabilities: [] };
    let secrets: ReturnType<typeof secretsOf> = {};
    try {
      secrets = secretsOf(olt, vault, o.secrets);
    } catch {
      /* no credentials: only SNMP without community fails too */
    }
    const timeouts = { ...o, connectTimeoutMs: Math.min(o.connectTimeoutMs ?? 5000, 5000) };
    if (olt.ports.netconf)
      out.protocols.push(
        await probeSsh(
          'netconf',
          olt.ports.netconf,
          () => createDriver({ ...olt, protocol: 'netconf', profile: olt.profile }, vault, timeouts),
          out,
        ),
      );
    if (olt.ports.cli && cliProfile(olt.profile))
      out.protocols.push(
        await probeSsh(
          'cli',
          olt.ports.cli,
          () => createDriver({ ...olt, protocol: 'cli' }, vault, timeouts),
          out,
        ),
      );
    if (olt.ports.snmp) out.protocols.push(await probeSnmp(olt, secrets.snmp?.community, out, secrets));
    if (!out.capabilities.length && out.protocols.some((p) => p.protocol === 'cli' && p.authenticated))
      out.capabilities = [`cli:${olt.profile}`];
    return out;
  };
}

/** Does the profile speak a CLI ponctl drives (a `cliDialect` section)? A TR-385 OLT's CLI is its vendor's: not probed. */
function cliProfile(profile: string): boolean {
  try {
    return loadDeviceProfile(profile).cliDialect !== undefined;
  } catch {
    return false;
  }
}

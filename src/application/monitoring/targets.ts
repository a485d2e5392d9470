/**
 * What monitoring needs to know about one OLT: its device profile (OIDs, thresholds), how to reach
 * its SNMP agent, and optionally its SSH port (reachability probe) and OMCI relay.
 */
import type { SnmpV3Credentials } from '../../adapters/driven/telemetry/snmp/index.ts';

export interface OltTarget {
  name: string;
  /** device-profiles/<profile>.json */
  profile: string;
  host: string;
  snmp: {
    port: number;
    version: 'v2c' | 'v3';
    community?: string;
    v3?: SnmpV3Credentials;
    timeoutMs?: number;
    retries?: number;
  };
  /** SSH port (NETCONF or CLI) probed when SNMP does not answer: "answers no protocol" (issue 6 §4). */
  ssh?: { port: number; username?: string; password?: string };
  /** OMCI relay (SSH subsystem `omci` on the NETCONF port, docs/omci-relay.md). */
  omci?: { port: number; username: string; password: string };
  /** The OLT's SNMP engine ID (hex): identifies its v3 traps. */
  engineID?: string;
  /** Source addresses its traps come from (default: `host`). */
  trapSources?: string[];
}

/** The lab inventory shape (design §3) this module reads; kept structural so src/ never imports simulators/. */
export interface InventoryOltLike {
  name: string;
  profile?: string;
  host: string;
  ports: { cli: number; netconf: number; snmp: number };
  credentials: { username: string; password: string; community: string };
  snmpV3?: {
    user: string;
    authKey: string;
    privKey: string;
    engineID: string;
    authProtocol?: string;
    privProtocol?: string;
  };
}

/** Monitoring targets for every OLT of a lab inventory. */
export function targetsFromInventory(
  olts: readonly InventoryOltLike[],
  opts: { version?: 'v2c' | 'v3'; omci?: boolean; timeoutMs?: number } = {},
): OltTarget[] {
  return olts.map((o) => ({
    name: o.name,
    profile: o.profile ?? 'zxa10-c300',
    host: o.host,
    snmp: {
      port: o.ports.snmp,
      version: opts.version ?? 'v2c',
      community: o.credentials.community,
      timeoutMs: opts.timeoutMs,
      v3: o.snmpV3
        ? {
            user: o.snmpV3.user,
            authKey: o.snmpV3.authKey,
            privKey: o.snmpV3.privKey,
            authProtocol: o.snmpV3.authProtocol,
            privProtocol: o.snmpV3.privProtocol,
          }
        : undefined,
    },
    ssh: { port: o.ports.netconf, username: o.credentials.username, password: o.credentials.password },
    omci: opts.omci
      ? { port: o.ports.netconf, username: o.credentials.username, password: o.credentials.password }
      : undefined,
    engineID: o.snmpV3?.engineID,
  }));
}

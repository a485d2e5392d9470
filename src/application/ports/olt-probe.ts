/**
 * `ponctl olt test` / `--detect` (issue 14 item 1): connect to an OLT over each protocol registered
 * for it and say what was found. Reads only; nothing is written. The SSH host-key policy applies: an
 * untrusted key stops the probe before any credential is sent (it is reported, not accepted).
 */
import type { OltRecord } from './store/index.ts';

export interface ProtocolProbe {
  protocol: 'netconf' | 'cli' | 'snmp';
  port: number;
  /** Something answered on the port (TCP + the protocol's handshake). */
  reachable: boolean;
  /** Our credentials were accepted. */
  authenticated: boolean;
  /** The SSH host key presented (netconf, cli). */
  hostKey?: string;
  error?: { code: string; message: string };
}

export interface OltProbeReport {
  protocols: ProtocolProbe[];
  /** The device profile the answers point to (NETCONF hello / YANG library, SNMP sysObjectID). */
  detectedProfile?: string;
  /** sysDescr, or what the hello says. */
  model?: string;
  firmware?: string;
  sysObjectID?: string;
  /** NETCONF capabilities announced (module URIs), or the CLI profile's name. */
  capabilities: string[];
  /** ONTs (v-ANIs) configured on it now, when its configuration could be read. */
  onts?: number;
}

export type OltProbe = (olt: OltRecord) => Promise<OltProbeReport>;

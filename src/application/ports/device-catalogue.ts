/**
 * The device catalogue port (design §6: "dialects live in device-profiles/, not in
 * `if (vendor === …)` branches"): what the application reads of an OLT or ONT model — its
 * management protocols, its capabilities (e.g. `rates2000`, spec §2 footnote), an ONT's UNI speed and
 * optics thresholds. How a model speaks (CLI, NETCONF, SNMP sections) is the drivers' business.
 */

export type ManagementProtocol = 'netconf' | 'cli';

export interface DeviceProfile {
  name: string;
  kind: 'olt' | 'ont';
  model?: string;
  management?: { protocols?: ManagementProtocol[]; preferred?: ManagementProtocol };
  /** Capabilities passed through as data (`rates2000`, `maxOnusPerPon`, …). */
  capabilities?: Readonly<Record<string, unknown>> & { rates2000?: boolean };
  /** ONT: its user ports. */
  uni?: { ports?: number; speedMbps?: number };
  /** ONT: RX power thresholds of its optics class. */
  optics?: { rxWarningDbm?: number; rxCriticalDbm?: number; rxOverloadDbm?: number };
}

export interface DeviceCatalogue {
  /** The profile called `name`, or undefined when there is none. */
  profile(name: string): DeviceProfile | undefined;
}

/** The reference ONT of the offer (spec §2: ZTE ZXHN F601), whose profile applies when none is known. */
export const REFERENCE_ONT_PROFILE = 'zxhn-f601';

/** The protocol an OLT is managed with: the registry's override, else its profile's preferred one. */
export function managementProtocolOf(
  profile: DeviceProfile | undefined,
  override?: ManagementProtocol,
): ManagementProtocol {
  return override ?? profile?.management?.preferred ?? 'netconf';
}

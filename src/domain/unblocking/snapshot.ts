/**
 * The snapshot of a port taken before a forced takeover (port-unblocking.md steps 7–9, 16–18): the
 * port's full service state — ONT, VLANs, rates, profiles, security settings (the device
 * configuration of its v-ANI, verbatim as read back from the OLT), the AdapterID, its SP and billing
 * state — so a forced reactivation can put the port back to *exactly* what it was.
 */
import type { ServiceSelection, AccessLevel } from '../catalogue/catalogue.ts';
import type { TrafficProfile, VAni } from '../olt-config/model.ts';
import type { PortRef } from '../provisioning/subscriber-intent.ts';

export interface BillingState {
  /** The access's state for billing when the snapshot was taken. */
  state: 'active' | 'temporarily-disconnected';
  /** Billing start of the access (ISO date). */
  since: string;
}

export interface PortSnapshot {
  id: string;
  takenAt: string;
  port: PortRef;
  /** The access that held the port. */
  adapterId: string;
  sp: string;
  ontSerial: string;
  services: ServiceSelection;
  accessLevel: AccessLevel;
  billing: BillingState;
  /** The v-ANI exactly as read back from the device before the takeover (null: none was configured). */
  device: VAni | null;
  /** Traffic descriptors that v-ANI refers to, as they were on the device. */
  trafficProfiles: TrafficProfile[];
  /** The forced order that took the port and the access it created. */
  takenByOrder: string;
  newAdapterId?: string;
  newSp: string;
  /** Last day a dispute is accepted (inclusive, ISO date, Europe/Zagreb). */
  disputeUntil: string;
  state: 'held' | 'restored' | 'released';
}

/** Traffic descriptors referred to by a v-ANI's T-CONTs and VLAN sub-interfaces. */
export function profilesUsedBy(vani: VAni, all: readonly TrafficProfile[]): TrafficProfile[] {
  const names = new Set<string>();
  for (const t of vani.tconts) names.add(t.trafficProfile);
  for (const v of vani.vlans) {
    names.add(v.downstreamProfile);
    names.add(v.upstreamProfile);
  }
  return all.filter((p) => names.has(p.name));
}

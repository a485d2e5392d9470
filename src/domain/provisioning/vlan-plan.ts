/**
 * Which 802.1Q VLAN IDs an SP's subscribers use (spec §2: four VLANs per subscriber, one per virtual
 * channel; VoIP has its own VLAN per SP).
 *
 * Decision (issue 5 §5): every channel is an N:1 VLAN per SP — all of an SP's subscribers on an OLT
 * share the SP's four VLANs, one per channel. Subscribers are kept apart inside a shared VLAN by the
 * security set the spec applies to every access (MAC Forced Forwarding, DHCP snooping / anti IP
 * spoofing, MAC limits), which is what those mechanisms exist for. 1:1 VLANs would exhaust the 4094
 * IDs at a few thousand subscribers per OLT without QinQ, and the SP-facing hand-over at a regional
 * or national aggregation point is per SP anyway. The same IDs are used on the ONT's UNI (user-vlan)
 * and towards the aggregation (vlan): the SP's home gateway tags them.
 *
 * An SP's plan is derived from its `vlanBase` (a multiple of 10 the store allocates per SP):
 * internet base+1, management base+2, IPTV base+3, VoIP base+5 — all within 2..4094.
 */
import type { Channel } from '../olt-config/model.ts';

export type VlanPlan = Record<Channel, number>;

export const VLAN_OFFSETS: VlanPlan = { internet: 1, management: 2, iptv: 3, voip: 5 };

export function vlanPlanFor(vlanBase: number): VlanPlan {
  if (!Number.isInteger(vlanBase) || vlanBase < 10 || vlanBase > 4080 || vlanBase % 10 !== 0) {
    throw new RangeError(`vlanBase must be a multiple of 10 in 10..4080, got ${vlanBase}`);
  }
  return {
    internet: vlanBase + VLAN_OFFSETS.internet,
    management: vlanBase + VLAN_OFFSETS.management,
    iptv: vlanBase + VLAN_OFFSETS.iptv,
    voip: vlanBase + VLAN_OFFSETS.voip,
  };
}

/** The vlanBase for the n-th SP (0-based): 1000, 1010, 1020, … (room for 300 SPs). */
export function vlanBaseForSpIndex(n: number): number {
  return 1000 + 10 * n;
}

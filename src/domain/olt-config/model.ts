/**
 * The configuration of one OLT as ponctl sees it, structured after BBF TR-385/TR-383: channel
 * terminations (PON ports) hold v-ANIs (one per ONT, authorised by expected serial), each v-ANI holds
 * T-CONTs, GEM ports and VLAN sub-interfaces — one sub-interface per virtual channel of spec §2 with
 * its dot1p, rate, MAC limit and security settings.
 *
 * This is the contract between everything that reads or writes OLT configuration: the BBF codec of
 * the NETCONF driver (docs/bbf-mapping.md §3), the ZXA10 CLI dialects, the simulators' config store,
 * and provisioning's desired-vs-actual diff. Plain data only: JSON-serialisable, so a
 * snapshot (port unblocking) is a deep copy.
 */

/** The four virtual channels of spec §2 (one VLAN each). */
export const CHANNELS = ['internet', 'management', 'voip', 'iptv'] as const;
export type Channel = (typeof CHANNELS)[number];

/** A traffic descriptor (TR-385 traffic-descriptor-profile); rates in kbit/s. */
export interface TrafficProfile {
  name: string;
  /** Assured / committed rate. */
  cirKbps: number;
  /** Peak rate: the rate limit the subscriber sees. */
  pirKbps: number;
}

export interface Tcont {
  id: number;
  /** Upstream traffic descriptor (name of a TrafficProfile). */
  trafficProfile: string;
}

export interface GemPort {
  id: number;
  tcont: number;
}

export type AdminState = 'enabled' | 'suspended';

/** One 802.1Q VLAN sub-interface of a v-ANI: one virtual channel of one subscriber (spec §2). */
export interface VlanSubInterface {
  channel: Channel;
  /** GEM port carrying it. */
  gemport: number;
  /** Service-port index on the OLT (ZXA10 `service-port N`). */
  servicePort: number;
  /** C-VLAN seen on the ONT's UNI (user-vlan). */
  userVlan: number;
  /** VLAN towards the aggregation (the SP's VLAN for this channel). */
  vlan: number;
  /** 802.1p priority marked on the OLT: internet 0, management 0, VoIP 5, IPTV 2 (spec §2). */
  dot1p: number;
  /** Downstream / upstream rate limits (names of TrafficProfile). */
  downstreamProfile: string;
  upstreamProfile: string;
  macLimit: number;
  dhcpSnooping: boolean;
  /** Anti IP spoofing (ZXA10 IP source guard). */
  antiSpoofing: boolean;
  /** Only PPPoE (Ethertypes 0x8863/0x8864) passes: internet only (spec §2). */
  pppoeFilter: boolean;
  macForcedForwarding: boolean;
  /** Multicast (IGMP snooping / MVLAN membership): IPTV only (spec §2). */
  multicast: boolean;
  adminState: AdminState;
}

/** One ONT on a PON port (TR-385 v-ani + ONT authorisation). */
export interface VAni {
  onuId: number;
  /** ONT model as the OLT names it, e.g. `ZXHN-F601`. */
  onuType: string;
  /** G.984 serial: 4-letter vendor id + 8 hex digits. */
  expectedSerial: string;
  /** Free text; provisioning writes the AdapterID here. */
  description?: string;
  tconts: Tcont[];
  gemports: GemPort[];
  vlans: VlanSubInterface[];
}

/** One PON port (TR-385 channel-termination), named `R/S/P` (rack/shelf/slot-port, e.g. `1/1/1`). */
export interface ChannelTermination {
  name: string;
  onus: VAni[];
}

export interface OltConfig {
  trafficProfiles: TrafficProfile[];
  channelTerminations: ChannelTermination[];
}

export function emptyOltConfig(): OltConfig {
  return { trafficProfiles: [], channelTerminations: [] };
}

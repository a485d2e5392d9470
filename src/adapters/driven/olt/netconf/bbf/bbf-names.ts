/**
 * The one naming scheme of ponctl's objects in the BBF models (docs/bbf-mapping.md §5), the
 * identifiers (§4) and the XML namespaces the codec writes. A reader of the OLT's configuration
 * tells the owner of an object from its name alone: `vani-A-00000042`, `vsi-A-00000042-voip`, … are
 * the access A-00000042's; `nni-vlan1005`, `fwd-vlan1005`, … an SP's channel VLAN; `PONCTL-*` shared.
 * Anything else on the OLT is not ponctl's: read, never changed.
 */
import { CHANNELS, type Channel } from '../../../../../domain/olt-config/model.ts';

/** XML namespaces of the modules the codec writes (each module's `namespace` statement). */
export const NS = {
  nc: 'urn:ietf:params:xml:ns:netconf:base:1.0',
  if: 'urn:ietf:params:xml:ns:yang:ietf-interfaces',
  ianaift: 'urn:ietf:params:xml:ns:yang:iana-if-type',
  bbfift: 'urn:bbf:yang:bbf-if-type',
  xponift: 'urn:bbf:yang:bbf-xpon-if-type',
  xponTypes: 'urn:bbf:yang:bbf-xpon-types',
  dot1qt: 'urn:bbf:yang:bbf-dot1q-types',
  xpon: 'urn:bbf:yang:bbf-xpon',
  vani: 'urn:bbf:yang:bbf-xponvani',
  ani: 'urn:bbf:yang:bbf-xponani',
  gemtcont: 'urn:bbf:yang:bbf-xpongemtcont',
  onuState: 'urn:bbf:yang:bbf-xpon-onu-state',
  linkTable: 'urn:bbf:yang:bbf-link-table',
  subif: 'urn:bbf:yang:bbf-sub-interfaces',
  tagging: 'urn:bbf:yang:bbf-sub-interface-tagging',
  usage: 'urn:bbf:yang:bbf-interface-usage',
  qosCls: 'urn:bbf:yang:bbf-qos-classifiers',
  qosPol: 'urn:bbf:yang:bbf-qos-policies',
  qosPlc: 'urn:bbf:yang:bbf-qos-policing',
  l2fwd: 'urn:bbf:yang:bbf-l2-forwarding',
  dhcp: 'urn:bbf:yang:bbf-l2-dhcpv4-relay',
  pppoe: 'urn:bbf:yang:bbf-pppoe-intermediate-agent',
  subProf: 'urn:bbf:yang:bbf-subscriber-profiles',
  mgmd: 'urn:bbf:yang:bbf-mgmd',
  pbx: 'urn:ponctl:params:xml:ns:yang:ponctl-bbf-ext',
  nmda: 'urn:ietf:params:xml:ns:yang:ietf-netconf-nmda',
  ds: 'urn:ietf:params:xml:ns:yang:ietf-datastores',
  yanglib: 'urn:ietf:params:xml:ns:yang:ietf-yang-library',
} as const;

/** Slot per channel (T-CONT / GEM index on the ONT): subscriber-intent.ts CHANNEL_SLOT. */
const SLOT: Record<Channel, number> = { internet: 1, management: 2, voip: 3, iptv: 4 };

/**
 * GEM traffic class per channel (§4): a frame goes through the GEM port of its v-enet whose
 * `traffic-class` equals the class QoS classification gave it (OB-BAA `6-create-gem-ports.xml`).
 * Management lowest (spec §2); internet and management share p-bit 0 but need distinct GEM ports.
 */
export const TRAFFIC_CLASS: Record<Channel, number> = { management: 0, internet: 1, iptv: 2, voip: 5 };

export function channelOfSlot(slot: number): Channel | undefined {
  return CHANNELS.find((c) => SLOT[c] === slot);
}

export function slotOfChannel(c: Channel): number {
  return SLOT[c];
}

/**
 * alloc-id = gemport-id = 1024 + 8·onu-id + slot (§4): per PON unique (G.984.3 §5.5.3, §5.5.5),
 * inside G-PON's alloc 256..4095 / GEM 0..4095 for onu-id ≤ 253 and XGS-PON's 1024..16383 /
 * 1021..65534, never the default OMCC ids (= onu-id).
 */
export function allocIdOf(onuId: number, slot: number): number {
  return 1024 + 8 * onuId + slot;
}

/** The part of a name that says whose an object is: the AdapterID, or R.S.P-onuId for an ONU without one. */
export type OwnerKey = string;

const ADAPTER_ID = /^A-\d{8}$/;

/** `1/1/1` → `1.1.1` (names may carry no `/`: §5). */
export function dotted(pon: string): string {
  return pon.replace(/\//g, '.');
}

/** The owner key of an ONU: its AdapterID (the v-ANI description ponctl writes), else its place. */
export function ownerOf(pon: string, onuId: number, description?: string): OwnerKey {
  return description !== undefined && ADAPTER_ID.test(description) ? description : `${dotted(pon)}-${onuId}`;
}

/** Infrastructure names of a PON port `R/S/P` (profile `bbf-tr385` defaults, §2). */
export interface PonNames {
  group: string;
  partition: string;
  pair: string;
  termination: string;
}

export function ponNames(pon: string): PonNames {
  const d = dotted(pon);
  return { group: `cg-${d}`, partition: `cpart-${d}`, pair: `cpair-${d}`, termination: `ct-${d}` };
}

/** `cpart-1.1.1` / `ct-1.1.1` → `1/1/1`; undefined for a name not in the scheme. */
export function ponOfInfraName(name: string): string | undefined {
  const m = /^(?:cg|cpart|cpair|ct)-(\d+(?:\.\d+)*)$/.exec(name);
  return m ? m[1].replace(/\./g, '/') : undefined;
}

/** The names of one ONU's objects (§5). */
export function onuNames(owner: OwnerKey): OnuNames {
  return new OnuNames(owner);
}

/** The names of one ONU's objects (a class: methods, not a closure per name, on the hot path of every edit). */
export class OnuNames {
  readonly vani: string;
  readonly venet: string;
  readonly ani: string;
  readonly uni: string;
  readonly subscriberProfile: string;
  constructor(private readonly owner: OwnerKey) {
    this.vani = `vani-${owner}`;
    this.venet = `venet-${owner}`;
    this.ani = `ani-${owner}`;
    this.uni = `uni-${owner}`;
    this.subscriberProfile = `sub-${owner}`;
  }
  tcont(slot: number): string {
    return `tcont-${this.owner}-${channelOfSlot(slot) ?? slot}`;
  }
  gem(slot: number): string {
    return `gem-${this.owner}-${channelOfSlot(slot) ?? slot}`;
  }
  vsi(c: Channel): string {
    return `vsi-${this.owner}-${c}`;
  }
  usi(c: Channel): string {
    return `usi-${this.owner}-${c}`;
  }
  mcastHost(c: Channel): string {
    return `${this.owner}-${c}`;
  }
}

/** Per SP channel VLAN (N:1, vlan-plan.ts). */
export function vlanNames(vlan: number) {
  return {
    nni: `nni-vlan${vlan}`,
    forwarder: `fwd-vlan${vlan}`,
    fdb: `fdb-vlan${vlan}`,
    mvpn: `mvpn-vlan${vlan}`,
  };
}

/** Shared per OLT (§2). */
export const SHARED = {
  dropRed: 'PONCTL-DROP-RED',
  opt82: 'PONCTL-OPT82',
  pppoeIa: 'PONCTL-PPPOE-IA',
  isolation: 'PONCTL-USER-ISOLATION',
  igmp: 'PONCTL-IGMPV2',
  trafficClass: (c: Channel) => `PONCTL-TC-${c}`,
  uplink: 'uplink-1',
} as const;

/**
 * The slot a T-CONT / GEM port name stands for: `tcont-<owner>-<channel>` → that channel's slot,
 * `tcont-<owner>-<n>` → n; undefined for a name not in the scheme.
 */
export function slotOfName(name: string): number | undefined {
  // (what `/-([a-z]+|\d+)$/` matches, read without it: a read-back asks ~3 000 times)
  const tail = nameTail(name);
  if (tail === undefined) return undefined;
  if (isDigit(tail.charCodeAt(0))) return allDigits(tail) ? Number(tail) : undefined;
  const channel = channelOf(tail);
  return channel && SLOT[channel];
}

/** The channel a sub-interface name stands for (`vsi-<owner>-<channel>`), if any. */
export function channelOfName(name: string): Channel | undefined {
  const tail = nameTail(name);
  return tail === undefined ? undefined : channelOf(tail);
}

/** What follows a name's last `-` (none: no `-`, or nothing after it). */
function nameTail(name: string): string | undefined {
  const i = name.lastIndexOf('-');
  return i < 0 || i === name.length - 1 ? undefined : name.slice(i + 1);
}

/** (every channel's name is lower-case letters: what `[a-z]+` had to match first) */
const channelOf = (tail: string): Channel | undefined =>
  (CHANNELS as readonly string[]).includes(tail) ? (tail as Channel) : undefined;

const isDigit = (c: number) => c >= 48 && c <= 57;

function allDigits(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
}

/**
 * Who owns a name (§5): `{ owner }` for an access's object, `{ vlan }` for an SP VLAN's,
 * `'shared'` for `PONCTL-*`, undefined for anything that is not ponctl's.
 */
export function ownerOfName(name: string): { owner: string } | { vlan: number } | 'shared' | undefined {
  let m = /^(?:vani|venet|ani|uni|sub)-(A-\d{8})$/.exec(name);
  if (m) return { owner: m[1] };
  m = /^(?:tcont|gem|vsi|usi)-(A-\d{8})-(?:internet|management|voip|iptv)$/.exec(name);
  if (m) return { owner: m[1] };
  m = /^(A-\d{8})-iptv$/.exec(name);
  if (m) return { owner: m[1] };
  m = /^(?:nni|fwd|fdb|mvpn)-vlan(\d{1,4})$/.exec(name);
  if (m) return { vlan: Number(m[1]) };
  return name.startsWith('PONCTL-') ? 'shared' : undefined;
}

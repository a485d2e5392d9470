/**
 * One XML list entry per BBF object ponctl writes, exactly as docs/bbf-mapping.md §3 maps the
 * device-neutral OltConfig (and as test/fixtures/bbf/one-subscriber.xml shows, which yanglint
 * accepts). Each function returns the entry only; bbf-edits.ts puts entries into their top-level
 * containers in dependency order and declares the prefixes the identityref values use.
 * Operation attributes are RFC 6241 §7.2 `nc:operation` on the list entry.
 */
import type {
  Channel,
  TrafficProfile,
  VAni,
  VlanSubInterface,
} from '../../../../../domain/olt-config/model.ts';
import {
  NS,
  SHARED,
  TRAFFIC_CLASS,
  allocIdOf,
  onuNames,
  ponNames,
  vlanNames,
  type OwnerKey,
} from './bbf-names.ts';

export type EditOp = 'create' | 'merge' | 'replace' | 'delete' | 'remove';

const MARKUP = /[&<>]/;
/** XML text of a value; a value with nothing to escape (nearly all: names, serials) is taken as it is. */
const esc = (s: string) =>
  MARKUP.test(s) ? s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;')) : s;
export const op = (o?: EditOp) => (o ? ` nc:operation="${o}"` : '');
const keyOnly = (tag: string, key: string, name: string, o: EditOp) =>
  `<${tag}${op(o)}><${key}>${esc(name)}</${key}></${tag}>`;

/** An `<interface>` entry reduced to its key (for delete/remove). */
export const interfaceKey = (name: string, o: EditOp) => keyOnly('interface', 'name', name, o);
/** Any list entry keyed by `name`, reduced to its key. */
export const namedKey = (tag: string, name: string, o: EditOp) => keyOnly(tag, 'name', name, o);

// ---------------------------------------------------------------- traffic profiles (§3 rate limits)

/**
 * TR-385 traffic descriptor (bbf-xpongemtcont): bit/s; the `must`s want maximum ≥ fixed + assured
 * and `none` eligibility only when maximum = fixed + assured.
 */
export function trafficDescriptor(p: TrafficProfile, o?: EditOp): string {
  const assured = p.cirKbps * 1000;
  const max = p.pirKbps * 1000;
  return (
    `<traffic-descriptor-profile${op(o)}><name>${esc(p.name)}</name><fixed-bandwidth>0</fixed-bandwidth>` +
    `<assured-bandwidth>${assured}</assured-bandwidth><maximum-bandwidth>${max}</maximum-bandwidth>` +
    `<additional-bw-eligibility-indicator>${assured === max ? 'none' : 'best-effort-sharing'}` +
    '</additional-bw-eligibility-indicator></traffic-descriptor-profile>'
  );
}

/** RFC 2698 trTCM policer (bbf-qos-policing); red frames discarded by PONCTL-DROP-RED. */
export function policingProfile(p: TrafficProfile, o?: EditOp): string {
  return (
    `<policing-profile${op(o)}><name>${esc(p.name)}</name><two-rate-three-color-marker>` +
    `<cir>${p.cirKbps * 1000}</cir><pir>${p.pirKbps * 1000}</pir></two-rate-three-color-marker>` +
    `<policing-action-profile>${SHARED.dropRed}</policing-action-profile></policing-profile>`
  );
}

/** `all-packets` classifier whose action is the policer of the same name (prefix bbf-qos-plc). */
export function policingClassifier(name: string, o?: EditOp): string {
  return (
    `<classifier-entry${op(o)}><name>${esc(name)}</name><all-packets/><classifier-action-entry-cfg>` +
    `<action-type>bbf-qos-plc:policing</action-type><policing xmlns="${NS.qosPlc}">` +
    `<policing-profile>${esc(name)}</policing-profile></policing></classifier-action-entry-cfg></classifier-entry>`
  );
}

export const policy = (name: string, o?: EditOp) =>
  `<policy${op(o)}><name>${esc(name)}</name><classifiers><name>${esc(name)}</name></classifiers></policy>`;
export const policyProfile = (name: string, o?: EditOp) =>
  `<policy-profile${op(o)}><name>${esc(name)}</name><policy-list><name>${esc(name)}</name></policy-list></policy-profile>`;

// ---------------------------------------------------------------- shared per OLT (§2)

export const dropRedActionProfile = () =>
  `<policing-action-profile><name>${SHARED.dropRed}</name><action><flow-color>red</flow-color><discard/></action></policing-action-profile>`;

/** Traffic-class classifier of a channel (prefix bbf-qos-cls): selects the GEM port (§4). */
export const trafficClassClassifier = (c: Channel) =>
  `<classifier-entry><name>${SHARED.trafficClass(c)}</name><all-packets/><classifier-action-entry-cfg>` +
  '<action-type>bbf-qos-cls:scheduling-traffic-class</action-type>' +
  `<scheduling-traffic-class>${TRAFFIC_CLASS[c]}</scheduling-traffic-class></classifier-action-entry-cfg></classifier-entry>`;

export const opt82Profile = () =>
  `<l2-dhcpv4-relay-profile><name>${SHARED.opt82}</name><option82-format><suboptions>circuit-id</suboptions>` +
  '<suboptions>remote-id</suboptions></option82-format></l2-dhcpv4-relay-profile>';

export const pppoeProfile = () =>
  `<pppoe-profile><name>${SHARED.pppoeIa}</name><pppoe-vendor-specific-tag><subtag>circuit-id</subtag>` +
  '<subtag>remote-id</subtag></pppoe-vendor-specific-tag></pppoe-profile>';

export const isolationProfile = () =>
  `<split-horizon-profile><name>${SHARED.isolation}</name><split-horizon><in-interface-usage>user-port</in-interface-usage>` +
  '<out-interface-usage>user-port</out-interface-usage></split-horizon></split-horizon-profile>';

export const igmpProfile = () =>
  `<multicast-snoop-with-proxy-reporting-profile><name>${SHARED.igmp}</name><protocol-version>version-2</protocol-version>` +
  '<interfaces-to-hosts-data/><interface-to-router-data/></multicast-snoop-with-proxy-reporting-profile>';

// ---------------------------------------------------------------- per ONU (§2, §3)

/** Option 82 / PPPoE tag values (RFC 3046 §3.1 circuit = the line, §3.2 remote = the access). */
export function subscriberProfile(owner: OwnerKey, pon: string, onuId: number, o?: EditOp): string {
  return (
    `<subscriber-profile${op(o)}><name>${onuNames(owner).subscriberProfile}</name>` +
    `<circuit-id>${esc(`${pon}:${onuId}`)}</circuit-id><remote-id>${esc(owner)}</remote-id></subscriber-profile>`
  );
}

/** v-ANI description: `<AdapterID> <onuType>` (BBF has no ONU model leaf on the OLT side, §3). */
export function vaniDescription(onu: Pick<VAni, 'description' | 'onuType'>): string {
  return onu.description ? `${onu.description} ${onu.onuType}` : onu.onuType;
}

/** TR-385 v-ANI: serial authorisation, ONU id, partition/pair of its PON (prefix bbf-xponift). */
export function vaniInterface(owner: OwnerKey, pon: string, onu: VAni, o?: EditOp): string {
  const p = ponNames(pon);
  return (
    `<interface${op(o)}><name>${onuNames(owner).vani}</name><description>${esc(vaniDescription(onu))}</description>` +
    `<type>bbf-xponift:v-ani</type><v-ani xmlns="${NS.vani}"><onu-id>${onu.onuId}</onu-id>` +
    `<channel-partition>${p.partition}</channel-partition>` +
    `<expected-serial-number>${esc(onu.expectedSerial)}</expected-serial-number>` +
    `<preferred-channel-pair>${p.pair}</preferred-channel-pair></v-ani></interface>`
  );
}

/** The v-ANI's changeable leaves only (merge): serial, description. */
export function vaniLeaves(owner: OwnerKey, onu: VAni, serial: boolean, description: boolean): string {
  return (
    `<interface><name>${onuNames(owner).vani}</name>` +
    (description ? `<description>${esc(vaniDescription(onu))}</description>` : '') +
    (serial
      ? `<v-ani xmlns="${NS.vani}"><expected-serial-number>${esc(onu.expectedSerial)}</expected-serial-number></v-ani>`
      : '') +
    '</interface>'
  );
}

export function venetInterface(owner: OwnerKey, o?: EditOp): string {
  const n = onuNames(owner);
  return (
    `<interface${op(o)}><name>${n.venet}</name><type>bbf-xponift:olt-v-enet</type>` +
    `<olt-v-enet xmlns="${NS.vani}"><lower-layer-interface>${n.vani}</lower-layer-interface></olt-v-enet></interface>`
  );
}

/** The ONU's ANI and UNI, configured through the OLT (TR-385 eONU; link-table ties them). */
export const aniInterface = (owner: OwnerKey, o?: EditOp) =>
  `<interface${op(o)}><name>${onuNames(owner).ani}</name><type>bbf-xponift:ani</type><ani xmlns="${NS.ani}"/></interface>`;
export const uniInterface = (owner: OwnerKey, o?: EditOp) =>
  `<interface${op(o)}><name>${onuNames(owner).uni}</name><type>ianaift:ethernetCsmacd</type></interface>`;

export function linkEntries(owner: OwnerKey, o?: EditOp): string {
  const n = onuNames(owner);
  const entry = (from: string, to: string) =>
    o === 'delete' || o === 'remove'
      ? `<link-table${op(o)}><from-interface>${from}</from-interface></link-table>`
      : `<link-table${op(o)}><from-interface>${from}</from-interface><to-interface>${to}</to-interface></link-table>`;
  return entry(n.ani, n.vani) + entry(n.uni, n.venet);
}

export function tcontEntry(
  owner: OwnerKey,
  onuId: number,
  slot: number,
  profile: string,
  o?: EditOp,
): string {
  const n = onuNames(owner);
  return (
    `<tcont${op(o)}><name>${n.tcont(slot)}</name><alloc-id>${allocIdOf(onuId, slot)}</alloc-id>` +
    `<interface-reference>${n.vani}</interface-reference>` +
    `<traffic-descriptor-profile-ref>${esc(profile)}</traffic-descriptor-profile-ref></tcont>`
  );
}

export function gemEntry(
  owner: OwnerKey,
  onuId: number,
  slot: number,
  tcont: number,
  tc: number,
  o?: EditOp,
) {
  const n = onuNames(owner);
  return (
    `<gemport${op(o)}><name>${n.gem(slot)}</name><gemport-id>${allocIdOf(onuId, slot)}</gemport-id>` +
    `<interface>${n.venet}</interface><traffic-class>${tc}</traffic-class><tcont-ref>${n.tcont(tcont)}</tcont-ref></gemport>`
  );
}

// ---------------------------------------------------------------- VLAN sub-interfaces (§3)

const cTag = (vlan: number) =>
  `<tag><index>0</index><dot1q-tag><tag-type>bbf-dot1qt:c-vlan</tag-type><vlan-id>${vlan}</vlan-id></dot1q-tag></tag>`;
const push = (vlan: number, pbit: number) =>
  `<pop-tags xmlns="${NS.tagging}">1</pop-tags><push-tag xmlns="${NS.tagging}"><index>0</index>` +
  `<dot1q-tag><tag-type>bbf-dot1qt:c-vlan</tag-type><vlan-id>${vlan}</vlan-id><write-pbit>${pbit}</write-pbit>` +
  '<write-dei-0/></dot1q-tag></push-tag>';
const usage = (u: 'user-port' | 'network-port') =>
  `<interface-usage xmlns="${NS.usage}"><interface-usage>${u}</interface-usage></interface-usage>`;
const lower = (name: string) =>
  `<subif-lower-layer xmlns="${NS.subif}"><interface>${name}</interface></subif-lower-layer>`;
const matchRule = (name: string, vlan: number, extra = '', rewrite = '') =>
  `<ingress-rule><rule><name>${name}</name><priority>1</priority><flexible-match>` +
  `<match-criteria xmlns="${NS.tagging}">${cTag(vlan)}${extra}</match-criteria></flexible-match>${rewrite}</rule></ingress-rule>`;
const ingressPolicy = (name: string) =>
  `<ingress-qos-policy-profile xmlns="${NS.qosPol}">${esc(name)}</ingress-qos-policy-profile>`;

/**
 * OLT-side sub-interface of one channel on the olt-v-enet (user-port): match the C-VLAN (+PPPoE
 * Ethertypes on internet), pop it and push the SP VLAN with write-pbit; egress the reverse; rate
 * limits as policy profiles; MAC limit; DHCP relay with option 82; PPPoE IA; MFF and IPSG (ours).
 */
export function vsiInterface(owner: OwnerKey, v: VlanSubInterface, o?: EditOp): string {
  const n = onuNames(owner);
  const pppoe = v.pppoeFilter ? '<ethernet-frame-type>pppoe</ethernet-frame-type>' : '';
  return (
    `<interface${op(o)}><name>${n.vsi(v.channel)}</name><type>bbfift:vlan-sub-interface</type>` +
    (v.adminState === 'suspended' ? '<enabled>false</enabled>' : '') +
    lower(n.venet) +
    usage('user-port') +
    `<inline-frame-processing xmlns="${NS.subif}">` +
    matchRule(v.channel, v.userVlan, pppoe, `<ingress-rewrite>${push(v.vlan, v.dot1p)}</ingress-rewrite>`) +
    `<egress-rewrite>${push(v.userVlan, v.dot1p)}</egress-rewrite></inline-frame-processing>` +
    ingressPolicy(v.upstreamProfile) +
    `<egress-qos-policy-profile xmlns="${NS.qosPol}">${esc(v.downstreamProfile)}</egress-qos-policy-profile>` +
    `<mac-learning xmlns="${NS.l2fwd}"><max-number-mac-addresses>${v.macLimit}</max-number-mac-addresses></mac-learning>` +
    `<subscriber-profile xmlns="${NS.subProf}"><profile>${n.subscriberProfile}</profile></subscriber-profile>` +
    // profile-ref exists only while enable is true (its `when`): off = enable false, no profile-ref (§3)
    `<l2-dhcpv4-relay xmlns="${NS.dhcp}"><enable>${v.dhcpSnooping}</enable><trusted-port>false</trusted-port>` +
    (v.dhcpSnooping ? `<profile-ref>${SHARED.opt82}</profile-ref>` : '') +
    '</l2-dhcpv4-relay>' +
    (v.pppoeFilter
      ? `<pppoe xmlns="${NS.pppoe}"><enable>true</enable><profile-ref>${SHARED.pppoeIa}</profile-ref></pppoe>`
      : '') +
    (v.macForcedForwarding ? `<mac-forced-forwarding xmlns="${NS.pbx}"/>` : '') +
    (v.antiSpoofing ? `<ip-source-guard xmlns="${NS.pbx}"/>` : '') +
    '</interface>'
  );
}

/** ONU-side sub-interface on the UNI: match the C-VLAN, set the channel's traffic class (§4). */
export function usiInterface(owner: OwnerKey, v: Pick<VlanSubInterface, 'channel' | 'userVlan'>, o?: EditOp) {
  const n = onuNames(owner);
  return (
    `<interface${op(o)}><name>${n.usi(v.channel)}</name><type>bbfift:vlan-sub-interface</type>${lower(n.uni)}` +
    `<inline-frame-processing xmlns="${NS.subif}">${matchRule(v.channel, v.userVlan)}</inline-frame-processing>` +
    `${ingressPolicy(SHARED.trafficClass(v.channel))}</interface>`
  );
}

// ---------------------------------------------------------------- per SP channel VLAN (N:1, §2)

/** Network-side sub-interface of the uplink for one SP VLAN; sets the downstream traffic class. */
export function nniInterface(vlan: number, c: Channel): string {
  return (
    `<interface><name>${vlanNames(vlan).nni}</name><description>SP VLAN ${vlan} ${c}</description>` +
    `<type>bbfift:vlan-sub-interface</type>${lower(SHARED.uplink)}${usage('network-port')}` +
    `<inline-frame-processing xmlns="${NS.subif}">${matchRule(`vlan${vlan}`, vlan)}</inline-frame-processing>` +
    `${ingressPolicy(SHARED.trafficClass(c))}</interface>`
  );
}

/** A forwarder port (the port is named after its sub-interface, §5). */
export const forwarderPort = (name: string, o?: EditOp) =>
  o === 'delete' || o === 'remove'
    ? `<port${op(o)}><name>${name}</name></port>`
    : `<port${op(o)}><name>${name}</name><sub-interface>${name}</sub-interface></port>`;

/**
 * The SP VLAN's forwarder with `ports` (entries). `withSettings`: merged with its network port,
 * forwarding database and split horizon (user→user blocked), as when a port is added.
 */
export function forwarderEntry(vlan: number, ports: string, withSettings: boolean): string {
  const v = vlanNames(vlan);
  if (!withSettings) return `<forwarder><name>${v.forwarder}</name><ports>${ports}</ports></forwarder>`;
  return (
    `<forwarder><name>${v.forwarder}</name><ports>${forwarderPort(v.nni)}${ports}</ports>` +
    `<mac-learning><forwarding-database>${v.fdb}</forwarding-database></mac-learning>` +
    `<split-horizon-profiles><split-horizon-profile>${SHARED.isolation}</split-horizon-profile></split-horizon-profiles>` +
    '</forwarder>'
  );
}

export const forwardingDatabase = (vlan: number) =>
  `<forwarding-database><name>${vlanNames(vlan).fdb}</name></forwarding-database>`;

/**
 * The IPTV VLAN's multicast VPN (bbf-mgmd) with `hosts` (entries). `withSettings`: merged with its
 * mode (snoop with proxy reporting), IGMPv2 profile and network interface, as when a host is added.
 */
export function mvpnEntry(vlan: number, hosts: string, withSettings: boolean): string {
  const v = vlanNames(vlan);
  if (!withSettings) return `<multicast-vpn><name>${v.mvpn}</name>${hosts}</multicast-vpn>`;
  return (
    `<multicast-vpn><name>${v.mvpn}</name><mode>bbf-mgmd:snoop-with-proxy-reporting</mode>` +
    `<multicast-snoop-with-proxy-reporting-profile-name>${SHARED.igmp}</multicast-snoop-with-proxy-reporting-profile-name>` +
    '<unmatched-join-processing>bbf-mgmd:unmatched-join-snoop-or-proxy</unmatched-join-processing>' +
    `<network-interface-for-unmatched-reports>${v.nni}</network-interface-for-unmatched-reports>` +
    hosts +
    `<multicast-network-interface><name>${v.nni}</name><single-uplink-interface-data>` +
    `<vlan-sub-interface>${v.nni}</vlan-sub-interface></single-uplink-interface-data></multicast-network-interface>` +
    '</multicast-vpn>'
  );
}

/** One multicast host: the channel's OLT-side sub-interface, F601's 256 groups (design §6). */
export function mvpnHost(owner: OwnerKey, c: Channel, o?: EditOp): string {
  const n = onuNames(owner);
  if (o === 'delete' || o === 'remove') return namedKey('multicast-interface-to-host', n.mcastHost(c), o);
  return (
    `<multicast-interface-to-host${op(o)}><name>${n.mcastHost(c)}</name><vlan-sub-interface>${n.vsi(c)}` +
    '</vlan-sub-interface><max-group-number>256</max-group-number></multicast-interface-to-host>'
  );
}

/**
 * BBF instance data (the `<data>` of a `<get-config>`, RFC 6241 §7.1) → the device-neutral
 * OltConfig, by references rather than by names wherever the models give one (docs/bbf-mapping.md
 * §3): a T-CONT belongs to the v-ANI of its `interface-reference`, a GEM port to the olt-v-enet of
 * its `interface`, a sub-interface to the olt-v-enet of its `subif-lower-layer`. Names are used only
 * for what BBF does not say (the channel of a sub-interface, the slot of a T-CONT), and the owner
 * (AdapterID or place) of each v-ANI is returned so that edits address the device's own names.
 *
 * A partial read (a subtree filter selecting only some objects) decodes to the ONUs it holds.
 * Objects that are not ponctl's (no channel in their name) are left out of the sub-interfaces.
 */
import {
  CHANNELS,
  type Channel,
  type ChannelTermination,
  type GemPort,
  type OltConfig,
  type Tcont,
  type TrafficProfile,
  type VAni,
  type VlanSubInterface,
} from '../../../../../domain/olt-config/model.ts';
import { child, type XNode } from '../olt-config-xnode.ts';
import { scanXml } from '../xml-scan.ts';
import {
  NS,
  TRAFFIC_CLASS,
  channelOfName,
  ponOfInfraName,
  slotOfChannel,
  slotOfName,
  type OwnerKey,
} from './bbf-names.ts';

export interface DecodedBbfConfig {
  config: OltConfig;
  /** `port#onuId` → the owner key in the v-ANI's name (`vani-<owner>`). */
  owners: Map<string, OwnerKey>;
}

const kids = (n: XNode | undefined, name: string, ns?: string) =>
  n ? n.children.filter((c) => c.name === name && (ns === undefined || c.ns === ns)) : [];
const text = (n: XNode | undefined, ...path: string[]): string | undefined => {
  let cur = n;
  for (const p of path) cur = cur && child(cur, p);
  return cur?.text;
};
const num = (s: string | undefined) => (s === undefined || s === '' ? undefined : Number(s));
/** identityref values are `prefix:name`: compare the name only (prefixes are the server's choice). */
const local = (s: string | undefined) => s?.slice(s.indexOf(':') + 1);

interface VaniRec {
  name: string;
  port: string;
  onu: VAni;
}

/** Decodes the inner XML of `<data>` (the top-level containers). */
export function decodeBbfConfig(dataInnerXml: string): DecodedBbfConfig {
  const root = scanXml(`<data>${dataInnerXml}</data>`);
  const top = (name: string, ns: string) => root.children.find((c) => c.name === name && c.ns === ns);

  const profiles: TrafficProfile[] = [];
  for (const p of kids(top('policing-profiles', NS.qosPlc), 'policing-profile')) {
    const tr = child(p, 'two-rate-three-color-marker');
    if (!tr) continue;
    profiles.push({
      name: text(p, 'name')!,
      cirKbps: Math.round(Number(text(tr, 'cir') ?? 0) / 1000),
      pirKbps: Math.round(Number(text(tr, 'pir') ?? 0) / 1000),
    });
  }

  const ifs = kids(top('interfaces', NS.if), 'interface');
  const vanis = new Map<string, VaniRec>();
  const venetToVani = new Map<string, string>();
  const vsis: XNode[] = [];
  for (const i of ifs) {
    const name = text(i, 'name')!;
    const va = child(i, 'v-ani', NS.vani);
    if (va) {
      const onuId = num(text(va, 'onu-id'));
      const port = ponOfInfraName(text(va, 'channel-partition') ?? '');
      if (onuId === undefined || port === undefined) continue; // not placed the way ponctl places ONUs
      const d = text(i, 'description') ?? '';
      const cut = d.lastIndexOf(' ');
      const onu: VAni = {
        onuId,
        onuType: cut < 0 ? d : d.slice(cut + 1),
        expectedSerial: text(va, 'expected-serial-number') ?? '',
        tconts: [],
        gemports: [],
        vlans: [],
      };
      if (cut > 0) onu.description = d.slice(0, cut);
      vanis.set(name, { name, port, onu });
      continue;
    }
    const venet = child(i, 'olt-v-enet', NS.vani);
    if (venet) {
      venetToVani.set(name, text(venet, 'lower-layer-interface') ?? '');
      continue;
    }
    if (local(text(i, 'type')) === 'vlan-sub-interface') vsis.push(i);
  }

  const gt = top('xpongemtcont', NS.gemtcont);
  const tcontOwner = new Map<string, VaniRec>();
  for (const t of kids(child(gt ?? root, 'tconts'), 'tcont')) {
    const rec = vanis.get(text(t, 'interface-reference') ?? '');
    const name = text(t, 'name')!;
    const slot = slotOfName(name);
    if (!rec || slot === undefined) continue;
    const tc: Tcont = { id: slot, trafficProfile: text(t, 'traffic-descriptor-profile-ref') ?? '' };
    rec.onu.tconts.push(tc);
    tcontOwner.set(name, rec);
  }
  /** per olt-v-enet: traffic class → GEM slot (the GEM a channel's frames take, §4) */
  const gemByClass = new Map<string, Map<number, number>>();
  for (const g of kids(child(gt ?? root, 'gemports'), 'gemport')) {
    const venet = text(g, 'interface') ?? '';
    const rec = vanis.get(venetToVani.get(venet) ?? '');
    const slot = slotOfName(text(g, 'name')!);
    const tslot = slotOfName(text(g, 'tcont-ref') ?? '');
    if (!rec || slot === undefined || tslot === undefined) continue;
    const gp: GemPort = { id: slot, tcont: tslot };
    rec.onu.gemports.push(gp);
    let m = gemByClass.get(venet);
    if (!m) gemByClass.set(venet, (m = new Map()));
    m.set(Number(text(g, 'traffic-class') ?? -1), slot);
  }

  const hosts = new Set<string>();
  const mgmd = child(top('multicast', NS.mgmd) ?? root, 'mgmd');
  for (const v of kids(mgmd, 'multicast-vpn'))
    for (const h of kids(v, 'multicast-interface-to-host')) hosts.add(text(h, 'vlan-sub-interface') ?? '');

  for (const i of vsis) {
    const name = text(i, 'name')!;
    const venet = text(child(i, 'subif-lower-layer', NS.subif), 'interface') ?? '';
    const rec = vanis.get(venetToVani.get(venet) ?? '');
    const channel = channelOfName(name);
    if (!rec || !channel) continue;
    rec.onu.vlans.push(decodeVsi(i, name, channel, gemByClass.get(venet), hosts));
  }

  const byPort = new Map<string, VAni[]>();
  const owners = new Map<string, OwnerKey>();
  for (const rec of vanis.values()) {
    rec.onu.vlans.sort((a, b) => CHANNELS.indexOf(a.channel) - CHANNELS.indexOf(b.channel));
    rec.onu.tconts.sort((a, b) => a.id - b.id);
    rec.onu.gemports.sort((a, b) => a.id - b.id);
    let list = byPort.get(rec.port);
    if (!list) byPort.set(rec.port, (list = []));
    list.push(rec.onu);
    owners.set(`${rec.port}#${rec.onu.onuId}`, rec.name.replace(/^vani-/, ''));
  }
  const channelTerminations: ChannelTermination[] = [...byPort.entries()].map(([name, onus]) => ({
    name,
    onus: onus.sort((a, b) => a.onuId - b.onuId),
  }));
  return { config: { trafficProfiles: profiles, channelTerminations }, owners };
}

function decodeVsi(
  i: XNode,
  name: string,
  channel: Channel,
  gems: Map<number, number> | undefined,
  hosts: Set<string>,
): VlanSubInterface {
  const ifp = child(i, 'inline-frame-processing', NS.subif);
  const rule = child(child(ifp ?? i, 'ingress-rule') ?? i, 'rule');
  const match = child(child(rule ?? i, 'flexible-match') ?? i, 'match-criteria', NS.tagging);
  const userVlan = num(text(child(match ?? i, 'tag'), 'dot1q-tag', 'vlan-id')) ?? 0;
  const ingressPush = child(child(rule ?? i, 'ingress-rewrite') ?? i, 'push-tag', NS.tagging);
  const dot1q = child(ingressPush ?? i, 'dot1q-tag');
  const dhcp = child(i, 'l2-dhcpv4-relay', NS.dhcp);
  return {
    channel,
    gemport: gems?.get(TRAFFIC_CLASS[channel]) ?? 0,
    // ZXA10 only (service-port index): the channel's slot, as the domain writes it
    servicePort: slotOfChannel(channel),
    userVlan,
    vlan: num(text(dot1q, 'vlan-id')) ?? 0,
    dot1p: num(text(dot1q, 'write-pbit')) ?? 0,
    downstreamProfile: text(child(i, 'egress-qos-policy-profile', NS.qosPol)) ?? '',
    upstreamProfile: text(child(i, 'ingress-qos-policy-profile', NS.qosPol)) ?? '',
    macLimit: num(text(child(i, 'mac-learning', NS.l2fwd), 'max-number-mac-addresses')) ?? 0,
    dhcpSnooping: text(dhcp, 'enable') === 'true',
    antiSpoofing: !!child(i, 'ip-source-guard', NS.pbx),
    pppoeFilter: text(match, 'ethernet-frame-type') === 'pppoe',
    macForcedForwarding: !!child(i, 'mac-forced-forwarding', NS.pbx),
    multicast: hosts.has(name),
    adminState: text(i, 'enabled') === 'false' ? 'suspended' : 'enabled',
  };
}

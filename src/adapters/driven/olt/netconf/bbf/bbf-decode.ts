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
import { ElementNames, scanXml } from '../xml-scan.ts';
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

const text = (n: XNode | undefined, ...path: string[]): string | undefined => {
  let cur = n;
  for (const p of path) cur = cur && child(cur, p);
  return cur?.text;
};
const num = (s: string | undefined) => (s === undefined || s === '' ? undefined : Number(s));
/** identityref values are `prefix:name`: compare the name only (prefixes are the server's choice). */
const local = (s: string | undefined) => s?.slice(s.indexOf(':') + 1);

/**
 * Every element name the readers below look up (containers, entries, the leaves and the containers
 * on their paths): the scan builds no others (xml-scan.ts `keep`), about half of a read-back's
 * elements. A name missing here reads as an absent leaf, so a reader's new lookup adds its name.
 */
const READ = new ElementNames([
  // containers and list entries (the callback's paths)
  ...['interfaces', 'interface', 'policing-profiles', 'policing-profile', 'xpongemtcont', 'tconts', 'tcont'],
  ...['gemports', 'gemport', 'multicast', 'mgmd', 'multicast-vpn', 'multicast-interface-to-host'],
  // T-CONT, GEM port, multicast host and policing profile
  ...['name', 'interface-reference', 'traffic-descriptor-profile-ref', 'tcont-ref', 'traffic-class'],
  ...['vlan-sub-interface', 'two-rate-three-color-marker', 'cir', 'pir'],
  // interface: v-ANI, olt-v-enet
  ...['description', 'type', 'enabled', 'v-ani', 'onu-id', 'channel-partition', 'expected-serial-number'],
  ...['olt-v-enet', 'lower-layer-interface'],
  // sub-interface (decodeVsi)
  ...['subif-lower-layer', 'inline-frame-processing', 'ingress-rule', 'rule', 'flexible-match'],
  ...['match-criteria', 'tag', 'dot1q-tag', 'vlan-id', 'ingress-rewrite', 'push-tag', 'write-pbit'],
  ...['egress-qos-policy-profile', 'ingress-qos-policy-profile', 'mac-learning', 'max-number-mac-addresses'],
  ...['l2-dhcpv4-relay', 'enable', 'ip-source-guard', 'mac-forced-forwarding', 'ethernet-frame-type'],
]);

interface VaniRec {
  name: string;
  port: string;
  onu: VAni;
}

/** What a T-CONT / GEM port entry says (the texts of its leaves), joined to its v-ANI at the end. */
interface TcontRec {
  vani: string | undefined;
  name: string | undefined;
  profile: string | undefined;
}

interface GemRec {
  venet: string | undefined;
  name: string | undefined;
  tcont: string | undefined;
  trafficClass: string | undefined;
}

interface VenetRec {
  rec: VaniRec | undefined;
  byClass: Map<number, number> | undefined;
}

interface VsiRec {
  name: string;
  venet: string;
  vlan: VlanSubInterface;
}

/**
 * Decodes the inner XML of `<data>` (the top-level containers), `xml.slice(from, to)` read in place
 * (the span of a reply: DataXml). The list entries are taken as the scan reaches their end and kept
 * out of the tree (xml-scan.ts), whatever order the containers come in; what one entry needs of
 * another (a GEM port's v-ANI, a sub-interface's GEM port) is joined once all are read.
 */
export function decodeBbfConfig(xml: string, from = 0, to = xml.length): DecodedBbfConfig {
  const profiles: TrafficProfile[] = [];
  const vanis = new Map<string, VaniRec>();
  const venetToVani = new Map<string, string>();
  const vsis: VsiRec[] = [];
  // T-CONTs and GEM ports refer to interfaces, which may come later in the reply: what is read of
  // them is kept until the end (a few strings each, not their element trees, which then lived
  // through every young-generation collection of the read and were copied by each)
  const tconts: TcontRec[] = [];
  const gems: GemRec[] = [];
  const hosts = new Set<string>();
  // entries by where they sit: data / container [/ list container …] / entry
  scanXml(
    xml,
    (n, open, depth) => {
      if (depth === 2) {
        const top = open[1];
        if (n.name === 'interface' && top.name === 'interfaces' && top.ns === NS.if) {
          readInterface(n, vanis, venetToVani, vsis);
          return true;
        }
        if (n.name === 'policing-profile' && top.name === 'policing-profiles' && top.ns === NS.qosPlc) {
          const p = readPolicingProfile(n);
          if (p) profiles.push(p);
          return true;
        }
      } else if (depth === 3 && open[1].name === 'xpongemtcont' && open[1].ns === NS.gemtcont) {
        if (n.name === 'tcont' && open[2].name === 'tconts') {
          tconts.push({
            vani: text(n, 'interface-reference'),
            name: text(n, 'name'),
            profile: text(n, 'traffic-descriptor-profile-ref'),
          });
          return true;
        }
        if (n.name === 'gemport' && open[2].name === 'gemports') {
          gems.push({
            venet: text(n, 'interface'),
            name: text(n, 'name'),
            tcont: text(n, 'tcont-ref'),
            trafficClass: text(n, 'traffic-class'),
          });
          return true;
        }
        return false;
      } else if (
        depth === 4 &&
        n.name === 'multicast-interface-to-host' &&
        open[3].name === 'multicast-vpn' &&
        open[2].name === 'mgmd' &&
        open[1].name === 'multicast' &&
        open[1].ns === NS.mgmd
      ) {
        hosts.add(text(n, 'vlan-sub-interface') ?? '');
        return true;
      }
      return false;
    },
    'data',
    from,
    to,
    READ,
  );

  // the joins: entries of one owner come one after another (its T-CONTs, its GEM ports, its
  // sub-interfaces), so a run of them looks the record its reference names up once (lastLookup)
  const vaniAt = lastLookup((vani: string) => vanis.get(vani));
  for (const t of tconts) {
    const rec = vaniAt(t.vani ?? '');
    const slot = slotOfName(t.name!);
    if (!rec || slot === undefined) continue;
    const tc: Tcont = { id: slot, trafficProfile: t.profile ?? '' };
    rec.onu.tconts.push(tc);
  }
  /** per olt-v-enet name: its v-ANI's record; traffic class → GEM slot (the GEM a channel's frames take, §4) */
  const venets = new Map<string, VenetRec>();
  const venetAt = lastLookup((venet: string): VenetRec => {
    let v = venets.get(venet);
    if (!v) venets.set(venet, (v = { rec: vanis.get(venetToVani.get(venet) ?? ''), byClass: undefined }));
    return v;
  });
  for (const g of gems) {
    const venet = venetAt(g.venet ?? '');
    const rec = venet.rec;
    const slot = slotOfName(g.name!);
    const tslot = slotOfName(g.tcont ?? '');
    if (!rec || slot === undefined || tslot === undefined) continue;
    const gp: GemPort = { id: slot, tcont: tslot };
    rec.onu.gemports.push(gp);
    (venet.byClass ??= new Map()).set(Number(g.trafficClass ?? -1), slot);
  }

  for (const { name, venet: lower, vlan } of vsis) {
    const venet = venetAt(lower);
    const rec = venet.rec;
    if (!rec) continue;
    vlan.gemport = venet.byClass?.get(TRAFFIC_CLASS[vlan.channel]) ?? 0;
    vlan.multicast = hosts.has(name);
    rec.onu.vlans.push(vlan);
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
    owners.set(`${rec.port}#${rec.onu.onuId}`, rec.name.startsWith('vani-') ? rec.name.slice(5) : rec.name);
  }
  const channelTerminations: ChannelTermination[] = [...byPort.entries()].map(([name, onus]) => ({
    name,
    onus: onus.sort((a, b) => a.onuId - b.onuId),
  }));
  return { config: { trafficProfiles: profiles, channelTerminations }, owners };
}

function readPolicingProfile(p: XNode): TrafficProfile | undefined {
  const tr = child(p, 'two-rate-three-color-marker');
  if (!tr) return undefined;
  return {
    name: text(p, 'name')!,
    cirKbps: Math.round(Number(text(tr, 'cir') ?? 0) / 1000),
    pirKbps: Math.round(Number(text(tr, 'pir') ?? 0) / 1000),
  };
}

/** An `<interface>`: a v-ANI, an olt-v-enet (whose v-ANI it names), or one of ponctl's sub-interfaces. */
function readInterface(
  i: XNode,
  vanis: Map<string, VaniRec>,
  venetToVani: Map<string, string>,
  vsis: VsiRec[],
): void {
  const name = text(i, 'name')!;
  const va = child(i, 'v-ani', NS.vani);
  if (va) {
    const onuId = num(text(va, 'onu-id'));
    const port = ponOfInfraName(text(va, 'channel-partition') ?? '');
    if (onuId === undefined || port === undefined) return; // not placed the way ponctl places ONUs
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
    return;
  }
  const venet = child(i, 'olt-v-enet', NS.vani);
  if (venet) {
    venetToVani.set(name, text(venet, 'lower-layer-interface') ?? '');
    return;
  }
  if (local(text(i, 'type')) !== 'vlan-sub-interface') return;
  const channel = channelOfName(name);
  if (!channel) return;
  const lower = text(child(i, 'subif-lower-layer', NS.subif), 'interface') ?? '';
  vsis.push({ name, venet: lower, vlan: decodeVsi(i, channel) });
}

/** A sub-interface's settings; its GEM port and multicast membership are joined in by the caller. */
function decodeVsi(i: XNode, channel: Channel): VlanSubInterface {
  const ifp = child(i, 'inline-frame-processing', NS.subif);
  const rule = child(child(ifp ?? i, 'ingress-rule') ?? i, 'rule');
  const match = child(child(rule ?? i, 'flexible-match') ?? i, 'match-criteria', NS.tagging);
  const userVlan = num(text(child(match ?? i, 'tag'), 'dot1q-tag', 'vlan-id')) ?? 0;
  const ingressPush = child(child(rule ?? i, 'ingress-rewrite') ?? i, 'push-tag', NS.tagging);
  const dot1q = child(ingressPush ?? i, 'dot1q-tag');
  const dhcp = child(i, 'l2-dhcpv4-relay', NS.dhcp);
  return {
    channel,
    gemport: 0,
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
    multicast: false,
    adminState: text(i, 'enabled') === 'false' ? 'suspended' : 'enabled',
  };
}

/**
 * `get` keeping its last key's answer: a run of entries naming the same reference asks once (~3 000
 * lookups of a freshly sliced name a read-back were a third of the joins).
 */
function lastLookup<V>(get: (key: string) => V): (key: string) => V {
  let last: string | undefined;
  let value!: V;
  return (key) => {
    if (key !== last) {
      last = key;
      value = get(key);
    }
    return value;
  };
}

/**
 * OltConfig <-> XML of yang/ponctl-olt.yang (the `<olt xmlns="urn:ponctl:…">` subtree).
 *
 * - `oltConfigToXml` writes every element in YANG order and list entries in model order, so two
 *   equal configurations serialise to the same bytes (provisioning compares read-back config).
 * - `oltConfigFromXml` reads a get-config reply (string, parsed XNode or fast-xml-parser object).
 * - `editToXml` renders a *partial* edit for `<edit-config>`: list entries carrying an
 *   `nc:operation` attribute (RFC 6241 §7.2), for use under `<config>` with default-operation merge.
 */
import type {
  ChannelTermination,
  GemPort,
  OltConfig,
  Tcont,
  TrafficProfile,
  VAni,
  VlanSubInterface,
  Channel,
} from '../../../../domain/olt-config/model.ts';
import {
  NETCONF_BASE_NS,
  OLT_NS,
  OLT_ROOT,
  SCHEMA,
  parseLeaf,
  type LeafSpec,
  type LeafValue,
  type ListSpec,
} from './olt-config-schema.ts';
import { escapeText, parseXml, xnodeFromPlain, type XNode } from './olt-config-xnode.ts';

export { OLT_NS, OLT_MODULE, OLT_REVISION, NETCONF_BASE_NS } from './olt-config-schema.ts';

type Obj = Record<string, unknown>;

const NEEDS_ESCAPE = /[&<>]/;
const esc = (v: string) => (NEEDS_ESCAPE.test(v) ? escapeText(v) : v);

/** Pre-built tags per leaf: serialising 4 096 ONTs is mostly string concatenation. */
const tagCache = new WeakMap<LeafSpec, [string, string]>();
function tags(spec: LeafSpec): [string, string] {
  let t = tagCache.get(spec);
  if (!t) {
    t = [`<${spec.xml}>`, `</${spec.xml}>`];
    tagCache.set(spec, t);
  }
  return t;
}

function leafXml(spec: LeafSpec, v: unknown): string {
  if (v === undefined || v === null) return '';
  const [o, c] = tags(spec);
  return o + (typeof v === 'string' ? esc(v) : String(v)) + c;
}

/** One list entry and everything below it, in YANG order. */
export function entryToXml(spec: ListSpec, entry: Obj, opAttr = ''): string {
  let s = `<${spec.xml}${opAttr}>` + leafXml(spec.key, entry[spec.key.field]);
  for (const l of spec.leaves) s += leafXml(l, entry[l.field]);
  for (const sub of spec.lists) {
    const items = entry[sub.field] as Obj[] | undefined;
    if (items) for (const it of items) s += entryToXml(sub, it);
  }
  return s + `</${spec.xml}>`;
}

/* Hand-unrolled serialisation of a v-ANI, the bulk of a large OLT (about twice as fast as the
 * generic walk). It must write exactly what entryToXml(SCHEMA.vAni, …) writes: the unit test
 * compares both. Entries with a leaf missing (a candidate between edits) take the generic path. */
function vlanToXml(v: VlanSubInterface): string {
  if (
    v.gemport === undefined ||
    v.servicePort === undefined ||
    v.userVlan === undefined ||
    v.vlan === undefined ||
    v.dot1p === undefined ||
    v.downstreamProfile === undefined ||
    v.upstreamProfile === undefined ||
    v.macLimit === undefined ||
    v.dhcpSnooping === undefined ||
    v.antiSpoofing === undefined ||
    v.pppoeFilter === undefined ||
    v.macForcedForwarding === undefined ||
    v.multicast === undefined ||
    v.adminState === undefined ||
    v.channel === undefined
  ) {
    return entryToXml(SCHEMA.vlanSubInterface, v as unknown as Obj);
  }
  return (
    `<vlan-sub-interface><channel>${esc(v.channel)}</channel><gemport>${v.gemport}</gemport>` +
    `<service-port>${v.servicePort}</service-port><user-vlan>${v.userVlan}</user-vlan><vlan>${v.vlan}</vlan>` +
    `<dot1p>${v.dot1p}</dot1p><downstream-profile>${esc(v.downstreamProfile)}</downstream-profile>` +
    `<upstream-profile>${esc(v.upstreamProfile)}</upstream-profile><mac-limit>${v.macLimit}</mac-limit>` +
    `<dhcp-snooping>${v.dhcpSnooping}</dhcp-snooping><anti-spoofing>${v.antiSpoofing}</anti-spoofing>` +
    `<pppoe-filter>${v.pppoeFilter}</pppoe-filter><mac-forced-forwarding>${v.macForcedForwarding}</mac-forced-forwarding>` +
    `<multicast>${v.multicast}</multicast><admin-state>${esc(v.adminState)}</admin-state></vlan-sub-interface>`
  );
}

export function vAniToXml(o: VAni): string {
  if (o.onuType === undefined || o.expectedSerial === undefined)
    return entryToXml(SCHEMA.vAni, o as unknown as Obj);
  let s = `<v-ani><onu-id>${o.onuId}</onu-id><onu-type>${esc(o.onuType)}</onu-type><expected-serial>${esc(o.expectedSerial)}</expected-serial>`;
  if (o.description !== undefined) s += `<description>${esc(o.description)}</description>`;
  for (const x of o.tconts ?? []) {
    s +=
      x.trafficProfile === undefined
        ? entryToXml(SCHEMA.tcont, x as unknown as Obj)
        : `<tcont><id>${x.id}</id><traffic-profile>${esc(x.trafficProfile)}</traffic-profile></tcont>`;
  }
  for (const g of o.gemports ?? []) {
    s +=
      g.tcont === undefined
        ? entryToXml(SCHEMA.gemport, g as unknown as Obj)
        : `<gemport><id>${g.id}</id><tcont>${g.tcont}</tcont></gemport>`;
  }
  for (const v of o.vlans ?? []) s += vlanToXml(v);
  return s + '</v-ani>';
}

/**
 * The whole configuration as the `<olt>` element of ponctl-olt. `memo` (optional) caches each
 * v-ANI's XML by object identity: a caller that treats configuration trees as immutable snapshots
 * (the simulator's datastores, edited by path copying) then re-serialises only changed v-ANIs.
 */
export function oltConfigToXml(cfg: OltConfig, memo?: WeakMap<object, string>): string {
  let s = `<olt xmlns="${OLT_NS}"><traffic-descriptor-profiles>`;
  for (const p of cfg.trafficProfiles) s += entryToXml(SCHEMA.trafficProfile, p as unknown as Obj);
  s += '</traffic-descriptor-profiles><channel-terminations>';
  for (const ct of cfg.channelTerminations) {
    s += `<channel-termination><name>${esc(ct.name)}</name>`;
    for (const onu of ct.onus) {
      let x = memo?.get(onu);
      if (x === undefined) {
        x = vAniToXml(onu);
        memo?.set(onu, x);
      }
      s += x;
    }
    s += '</channel-termination>';
  }
  return s + '</channel-terminations></olt>';
}

export class OltConfigXmlError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'OltConfigXmlError';
  }
}

/** Read one list entry from XML (strict about values, tolerant of foreign elements). */
export function entryFromXNode(spec: ListSpec, node: XNode, path: string): Obj {
  const out: Obj = {};
  for (const sub of spec.lists) out[sub.field] = [];
  for (const c of node.children) {
    const leaf = c.name === spec.key.xml ? spec.key : spec.leaves.find((l) => l.xml === c.name);
    if (leaf) {
      const r = parseLeaf(leaf, c.text);
      if (!r.ok) throw new OltConfigXmlError(r.message, `${path}/${c.name}`);
      out[leaf.field] = r.value;
      continue;
    }
    const sub = spec.lists.find((l) => l.xml === c.name);
    if (sub) (out[sub.field] as Obj[]).push(entryFromXNode(sub, c, `${path}/${sub.xml}`));
  }
  for (const l of spec.leaves)
    if (out[l.field] === undefined && l.default !== undefined) out[l.field] = l.default;
  return out;
}

function toXNode(input: string | XNode | Obj): XNode {
  if (typeof input === 'string') return parseXml(input);
  if ('children' in input && Array.isArray((input as unknown as XNode).children) && 'name' in input)
    return input as unknown as XNode;
  // fast-xml-parser default mode: `{ olt: {...} }` or the content of `<olt>` itself
  const obj = input as Obj;
  const keys = Object.keys(obj).filter((k) => !k.startsWith('@_') && !k.startsWith('?'));
  if (keys.length === 1) return xnodeFromPlain(keys[0], obj[keys[0]]);
  return xnodeFromPlain('olt', obj);
}

/** Find the `<olt>` element: the node itself, or below `<rpc-reply>`/`<data>`/`<config>`. */
function findOlt(n: XNode): XNode | undefined {
  if (n.name === 'olt' && (n.ns === OLT_NS || n.ns === '')) return n;
  for (const c of n.children) {
    const f = findOlt(c);
    if (f) return f;
  }
  return undefined;
}

/**
 * Read an OltConfig from XML: a string (a whole rpc-reply, `<data>`, or `<olt>`), an XNode, or an
 * object from fast-xml-parser's default mode. No `<olt>` element means an empty configuration (RFC
 * 6241: an empty datastore answers `<data/>`).
 */
export function oltConfigFromXml(xmlOrParsed: string | XNode | Obj): OltConfig {
  const root = toXNode(xmlOrParsed);
  const olt = findOlt(root);
  const cfg: OltConfig = { trafficProfiles: [], channelTerminations: [] };
  if (!olt) return cfg;
  for (const list of OLT_ROOT.lists) {
    const wrapper = olt.children.find((c) => c.name === list.wrapper);
    if (!wrapper) continue;
    const arr = (cfg as unknown as Obj)[list.field] as Obj[];
    for (const e of wrapper.children) {
      if (e.name === list.xml) arr.push(entryFromXNode(list, e, `/olt/${list.wrapper}/${list.xml}`));
    }
  }
  return cfg;
}

/* ------------------------------------------------------------------ partial edits */

/** The operations of RFC 6241 §7.2 that can sit on a list entry. */
export type EditOperation = 'merge' | 'replace' | 'create' | 'delete' | 'remove';
type Put = 'merge' | 'replace' | 'create';
type Del = 'delete' | 'remove';
/** Where a v-ANI's child lives. */
export interface OnuRef {
  ct: string;
  onuId: number;
}

/**
 * One list-entry level change. `create`/`replace` carry the whole entry; `merge` may carry a partial
 * one (the key plus the leaves to change; nested lists given are merged entry by entry);
 * `delete` (error when absent: data-missing) and `remove` (silent) carry the key only.
 */
export type OltEdit =
  | { op: Put; kind: 'traffic-profile'; value: TrafficProfile }
  | { op: Del; kind: 'traffic-profile'; name: string }
  | { op: Put; kind: 'channel-termination'; value: ChannelTermination }
  | { op: Del; kind: 'channel-termination'; name: string }
  | ({ op: 'create' | 'replace'; kind: 'v-ani'; value: VAni } & { ct: string })
  | ({ op: 'merge'; kind: 'v-ani'; value: Partial<VAni> & Pick<VAni, 'onuId'> } & { ct: string })
  | { op: Del; kind: 'v-ani'; ct: string; onuId: number }
  | ({ op: Put; kind: 'tcont'; value: Tcont } & OnuRef)
  | ({ op: Del; kind: 'tcont'; id: number } & OnuRef)
  | ({ op: Put; kind: 'gemport'; value: GemPort } & OnuRef)
  | ({ op: Del; kind: 'gemport'; id: number } & OnuRef)
  | ({ op: 'create' | 'replace'; kind: 'vlan'; value: VlanSubInterface } & OnuRef)
  | ({
      op: 'merge';
      kind: 'vlan';
      value: Partial<VlanSubInterface> & Pick<VlanSubInterface, 'channel'>;
    } & OnuRef)
  | ({ op: Del; kind: 'vlan'; channel: Channel } & OnuRef);

const opAttr = (op: EditOperation) => ` nc:operation="${op}"`;

function keyOnly(spec: ListSpec, key: LeafValue, op: EditOperation): string {
  return `<${spec.xml}${opAttr(op)}>${leafXml(spec.key, key)}</${spec.xml}>`;
}

/** The list each edit kind touches. */
const EDIT_SPEC: Record<OltEdit['kind'], ListSpec> = {
  'traffic-profile': SCHEMA.trafficProfile,
  'channel-termination': SCHEMA.channelTermination,
  'v-ani': SCHEMA.vAni,
  tcont: SCHEMA.tcont,
  gemport: SCHEMA.gemport,
  vlan: SCHEMA.vlanSubInterface,
};

/** The key a delete/remove edit carries: its field differs per kind (narrowed by `in`, checked by tsc). */
function deleteKeyOf(e: Extract<OltEdit, { op: Del }>): LeafValue {
  if ('name' in e) return e.name;
  if ('id' in e) return e.id;
  if ('channel' in e) return e.channel;
  return e.onuId;
}

/** One edit's list entry: the (partial) entry for put operations, the key alone for delete/remove. */
function editEntryXml(e: OltEdit): string {
  const spec = EDIT_SPEC[e.kind];
  return 'value' in e
    ? entryToXml(spec, e.value as unknown as Obj, opAttr(e.op))
    : keyOnly(spec, deleteKeyOf(e), e.op);
}

/**
 * Render edits as one `<olt>` element for `<edit-config><config>…</config>` (default-operation
 * merge, so the unmarked parents are merged, i.e. created when missing). Edits are kept in the
 * order given; children of the same v-ANI/channel termination share one parent element. The `nc`
 * prefix is bound on `<olt>`, so the result is self-contained.
 */
export function editToXml(edits: readonly OltEdit[]): string {
  const profiles: string[] = [];
  // ct name → ordered parts: ct-level entries are rendered standalone, onu children grouped
  const cts = new Map<string, { parts: string[]; onus: Map<number, string[]> }>();
  const ctParts: string[] = [];
  const ctBucket = (name: string) => {
    let b = cts.get(name);
    if (!b) {
      b = { parts: [], onus: new Map() };
      cts.set(name, b);
      ctParts.push(name);
    }
    return b;
  };
  const onuBucket = (ct: string, onuId: number) => {
    const b = ctBucket(ct);
    let o = b.onus.get(onuId);
    if (!o) {
      o = [];
      b.onus.set(onuId, o);
      b.parts.push(`\u0000onu:${onuId}`);
    }
    return o;
  };
  for (const e of edits) {
    const xml = editEntryXml(e);
    switch (e.kind) {
      case 'traffic-profile':
        profiles.push(xml);
        break;
      case 'channel-termination':
        ctParts.push(xml);
        break;
      case 'v-ani':
        ctBucket(e.ct).parts.push(xml);
        break;
      case 'tcont':
      case 'gemport':
      case 'vlan':
        onuBucket(e.ct, e.onuId).push(xml);
        break;
    }
  }
  let s = `<olt xmlns="${OLT_NS}" xmlns:nc="${NETCONF_BASE_NS}">`;
  if (profiles.length) s += `<traffic-descriptor-profiles>${profiles.join('')}</traffic-descriptor-profiles>`;
  if (ctParts.length) {
    s += '<channel-terminations>';
    for (const p of ctParts) {
      const b = cts.get(p);
      if (!b) {
        s += p;
        continue;
      } // a ct-level entry rendered above
      s += `<channel-termination><name>${escapeText(p)}</name>`;
      for (const part of b.parts) {
        if (!part.startsWith('\u0000onu:')) {
          s += part;
          continue;
        }
        const onuId = Number(part.slice(5));
        s += `<v-ani><onu-id>${onuId}</onu-id>${(b.onus.get(onuId) ?? []).join('')}</v-ani>`;
      }
      s += '</channel-termination>';
    }
    s += '</channel-terminations>';
  }
  return s + '</olt>';
}

/**
 * ConfigDiff (the device-neutral domain diff) → `<edit-config>` bodies in the BBF models
 * (docs/bbf-mapping.md §6). Per chunk of changes: first a body of removals in reverse dependency
 * order, then a body of writes in dependency order (bbf-edit-doc.ts), so an object deleted and
 * re-created under the same name (an access moving to another ONU id) is gone before it comes back.
 *
 * Operations (RFC 6241 §7.2): an access's own objects `create` (an existing one → `data-exists`:
 * another owner or drift, never overwritten) and `delete` (`data-missing` = drift); changed
 * sub-interfaces `replace` (their whole content is the desired one: switching a presence container
 * off needs no separate delete); shared and per-SP objects `merge`; shared profiles `remove`.
 */
import type {
  ConfigChange,
  ConfigDiff,
  OnuChange,
  VlanChange,
} from '../../../../../domain/olt-config/diff.ts';
import {
  CHANNELS,
  type GemPort,
  type Tcont,
  type VAni,
  type VlanSubInterface,
} from '../../../../../domain/olt-config/model.ts';
import { BbfEditDoc, type Section } from './bbf-edit-doc.ts';
import { SHARED, TRAFFIC_CLASS, channelOfSlot, onuNames, ownerOf, type OwnerKey } from './bbf-names.ts';
import * as o from './bbf-objects.ts';

/** The owner key (naming) of an existing ONU, as the device names it (from the last read). */
export type OwnerLookup = (port: string, onuId: number) => OwnerKey | undefined;

interface Docs {
  rm: BbfEditDoc;
  add: BbfEditDoc;
}

/** Objects every sub-interface refers to (created once per OLT by merge, §2). */
function sharedBase(add: BbfEditDoc): void {
  // once per body (each sub-interface of a batch asks; the body would write them once anyway)
  if (withSharedBase.has(add)) return;
  withSharedBase.add(add);
  for (const [section, xml] of (sharedBaseEntries ??= sharedBaseXml())) add.add(section, xml);
}

const withSharedBase = new WeakSet<BbfEditDoc>();

/** sharedBase's entries, rendered once (they are constants; every sub-interface of an edit asks). */
let sharedBaseEntries: [Section, string][] | undefined;

function sharedBaseXml(): [Section, string][] {
  const out: [Section, string][] = [['policingActions', o.dropRedActionProfile()]];
  for (const c of CHANNELS) {
    out.push(['classifiers', o.trafficClassClassifier(c)]);
    out.push(['policies', o.policy(SHARED.trafficClass(c))]);
    out.push(['policyProfiles', o.policyProfile(SHARED.trafficClass(c))]);
  }
  out.push(['dhcpProfiles', o.opt82Profile()]);
  out.push(['pppoeProfiles', o.pppoeProfile()]);
  out.push(['splitHorizon', o.isolationProfile()]);
  return out;
}

function writeOnu(d: Docs, owner: OwnerKey, port: string, onu: VAni): void {
  const { add } = d;
  add.add('subscriberProfiles', o.subscriberProfile(owner, port, onu.onuId, 'create'));
  add.add('vani', o.vaniInterface(owner, port, onu, 'create'));
  add.add('venet', o.venetInterface(owner, 'create'));
  add.add('ani', o.aniInterface(owner, 'create'));
  add.add('uni', o.uniInterface(owner, 'create'));
  add.add('links', o.linkEntries(owner, 'create'));
  for (const t of onu.tconts)
    add.add('tconts', o.tcontEntry(owner, onu.onuId, t.id, t.trafficProfile, 'create'));
  for (const g of onu.gemports) add.add('gemports', gem(owner, onu.onuId, g, 'create'));
}

function removeOnu(d: Docs, owner: OwnerKey, onu: VAni): void {
  const { rm } = d;
  const n = onuNames(owner);
  for (const g of onu.gemports) rm.add('gemports', o.namedKey('gemport', n.gem(g.id), 'delete'));
  for (const t of onu.tconts) rm.add('tconts', o.namedKey('tcont', n.tcont(t.id), 'delete'));
  rm.add('links', o.linkEntries(owner, 'delete'));
  rm.add('uni', o.interfaceKey(n.uni, 'delete'));
  rm.add('ani', o.interfaceKey(n.ani, 'delete'));
  rm.add('venet', o.interfaceKey(n.venet, 'delete'));
  rm.add('vani', o.interfaceKey(n.vani, 'delete'));
  rm.add('subscriberProfiles', o.namedKey('subscriber-profile', n.subscriberProfile, 'delete'));
}

/** GEM traffic class: the class of the channel whose slot the GEM port has (§4). */
function gem(owner: OwnerKey, onuId: number, g: GemPort, op: o.EditOp): string {
  const c = channelOfSlot(g.id);
  return o.gemEntry(owner, onuId, g.id, g.tcont, c ? TRAFFIC_CLASS[c] : 0, op);
}

function writeVlan(d: Docs, owner: OwnerKey, v: VlanSubInterface, op: 'create' | 'replace', joins: boolean) {
  const { add } = d;
  sharedBase(add);
  add.add('usi', o.usiInterface(owner, v, op));
  add.add('vsi', o.vsiInterface(owner, v, op));
  if (joins) joinVlan(add, owner, v);
}

/**
 * An SP VLAN's shared objects (its network sub-interface, forwarding database; the IGMP profile),
 * rendered once: every subscriber's sub-interface on the VLAN asks for them (1 024 times in an edit
 * of 256), and BbfEditDoc.add hashes each to write it once, which for a new string meant flattening
 * and hashing its ~700 characters every time; the same string's hash is computed once.
 */
const shared = new Map<string, string>();

function sharedObject(key: string, render: () => string): string {
  let s = shared.get(key);
  if (s === undefined) {
    if (shared.size >= 16_384) shared.clear();
    shared.set(key, (s = render()));
  }
  return s;
}

/** The sub-interface becomes a port of its SP VLAN's forwarder (and a multicast host, §3). */
function joinVlan(add: BbfEditDoc, owner: OwnerKey, v: VlanSubInterface): void {
  add.add(
    'nni',
    sharedObject(`nni ${v.vlan} ${v.channel}`, () => o.nniInterface(v.vlan, v.channel)),
  );
  add.add(
    'fdbs',
    sharedObject(`fdb ${v.vlan}`, () => o.forwardingDatabase(v.vlan)),
  );
  add.forwarderPort(v.vlan, o.forwarderPort(onuNames(owner).vsi(v.channel), 'create'), true);
  if (v.multicast) joinMulticast(add, owner, v);
}

function joinMulticast(add: BbfEditDoc, owner: OwnerKey, v: VlanSubInterface): void {
  add.add('mcastProfiles', sharedObject('igmp', o.igmpProfile));
  add.mvpnHost(v.vlan, o.mvpnHost(owner, v.channel, 'create'), true);
}

function leaveVlan(rm: BbfEditDoc, owner: OwnerKey, v: VlanSubInterface, multicastToo = v.multicast): void {
  if (multicastToo) rm.mvpnHost(v.vlan, o.mvpnHost(owner, v.channel, 'delete'), false);
  rm.forwarderPort(v.vlan, o.forwarderPort(onuNames(owner).vsi(v.channel), 'delete'), false);
}

function removeVlan(d: Docs, owner: OwnerKey, v: VlanSubInterface): void {
  leaveVlan(d.rm, owner, v);
  const n = onuNames(owner);
  d.rm.add('vsi', o.interfaceKey(n.vsi(v.channel), 'delete'));
  d.rm.add('usi', o.interfaceKey(n.usi(v.channel), 'delete'));
}

function updateVlan(
  d: Docs,
  owner: OwnerKey,
  c: VlanChange & { before: VlanSubInterface; after: VlanSubInterface },
) {
  const { before: b, after: a } = c;
  const moved = a.vlan !== b.vlan;
  if (moved) leaveVlan(d.rm, owner, b);
  else if (b.multicast && !a.multicast) leaveVlan(d.rm, owner, b, true);
  // the vsi is rewritten whole; the usi only when what it carries (C-VLAN) changed
  sharedBase(d.add);
  d.add.add('vsi', o.vsiInterface(owner, a, 'replace'));
  if (a.userVlan !== b.userVlan) d.add.add('usi', o.usiInterface(owner, a, 'replace'));
  if (moved) joinVlan(d.add, owner, a);
  else if (a.multicast && !b.multicast) joinMulticast(d.add, owner, a);
}

function listDiff<T extends { id: number }>(before: T[], after: T[]) {
  const b = new Map(before.map((x) => [x.id, x]));
  const a = new Map(after.map((x) => [x.id, x]));
  return {
    added: after.filter((x) => !b.has(x.id)),
    changed: after.filter((x) => b.has(x.id) && JSON.stringify(b.get(x.id)) !== JSON.stringify(x)),
    removed: before.filter((x) => !a.has(x.id)),
  };
}

function updateOnu(d: Docs, owner: OwnerKey, port: string, c: OnuChange & { before: VAni; after: VAni }) {
  const { before, after } = c;
  const serial = c.fields.includes('expectedSerial');
  const descr = c.fields.includes('description') || c.fields.includes('onuType');
  if (serial || descr) d.add.add('vani', o.vaniLeaves(owner, after, serial, descr));
  if (c.fields.includes('tconts')) {
    const t = listDiff<Tcont>(before.tconts, after.tconts);
    for (const x of [...t.added, ...t.changed])
      d.add.add(
        'tconts',
        o.tcontEntry(owner, after.onuId, x.id, x.trafficProfile, t.added.includes(x) ? 'create' : 'merge'),
      );
    for (const x of t.removed) d.rm.add('tconts', o.namedKey('tcont', onuNames(owner).tcont(x.id), 'delete'));
  }
  if (c.fields.includes('gemports')) {
    const g = listDiff<GemPort>(before.gemports, after.gemports);
    for (const x of g.added) d.add.add('gemports', gem(owner, after.onuId, x, 'create'));
    for (const x of g.changed) d.add.add('gemports', gem(owner, after.onuId, x, 'replace'));
    for (const x of g.removed)
      d.rm.add('gemports', o.namedKey('gemport', onuNames(owner).gem(x.id), 'delete'));
  }
}

/**
 * The edit-config bodies for `diff`, at most `maxChanges` changes per pair of bodies. `owners`
 * names the ONUs that already exist (the device's own names, from the last read); an ONU the diff
 * creates is named after its AdapterID (its v-ANI description), one without AdapterID by its place.
 */
export function bbfEditPayloads(diff: ConfigDiff, owners: OwnerLookup, maxChanges = 5000): string[] {
  const fromDiff = new Map<string, { before?: OwnerKey; after?: OwnerKey }>();
  for (const c of diff.changes) {
    if (c.kind !== 'onu') continue;
    fromDiff.set(`${c.port}#${c.onuId}`, {
      before: c.before && (owners(c.port, c.onuId) ?? ownerOf(c.port, c.onuId, c.before.description)),
      after: c.after && ownerOf(c.port, c.onuId, c.after.description),
    });
  }
  const ownerNow = (port: string, onuId: number): OwnerKey => {
    const d = fromDiff.get(`${port}#${onuId}`);
    return owners(port, onuId) ?? d?.before ?? d?.after ?? ownerOf(port, onuId);
  };
  const out: string[] = [];
  const step = Math.max(1, maxChanges);
  for (let i = 0; i < diff.changes.length; i += step) {
    const d: Docs = { rm: new BbfEditDoc(true), add: new BbfEditDoc(false) };
    for (const c of diff.changes.slice(i, i + step)) encodeChange(d, c, ownerNow, fromDiff);
    if (!d.rm.empty) out.push(d.rm.toXml());
    if (!d.add.empty) out.push(d.add.toXml());
  }
  return out;
}

function encodeChange(
  d: Docs,
  c: ConfigChange,
  ownerNow: (port: string, onuId: number) => OwnerKey,
  fromDiff: Map<string, { before?: OwnerKey; after?: OwnerKey }>,
): void {
  if (c.kind === 'traffic-profile') {
    if (c.op === 'delete') {
      d.rm.add('policyProfiles', o.namedKey('policy-profile', c.name, 'remove'));
      d.rm.add('policies', o.namedKey('policy', c.name, 'remove'));
      d.rm.add('classifiers', o.namedKey('classifier-entry', c.name, 'remove'));
      d.rm.add('policingProfiles', o.namedKey('policing-profile', c.name, 'remove'));
      d.rm.add('trafficDescriptors', o.namedKey('traffic-descriptor-profile', c.name, 'remove'));
      return;
    }
    // one traffic profile = five objects of one name: a T-CONT's descriptor and a sub-interface's policer
    const p = c.after!;
    d.add.add('policingActions', o.dropRedActionProfile());
    d.add.add('policingProfiles', o.policingProfile(p, 'merge'));
    d.add.add('classifiers', o.policingClassifier(p.name, 'merge'));
    d.add.add('policies', o.policy(p.name, 'merge'));
    d.add.add('policyProfiles', o.policyProfile(p.name, 'merge'));
    d.add.add('trafficDescriptors', o.trafficDescriptor(p, 'merge'));
    return;
  }
  const names = fromDiff.get(`${c.port}#${c.onuId}`);
  const reowned = !!names?.before && !!names.after && names.before !== names.after;
  if (c.kind === 'onu') {
    if (c.op === 'create') writeOnu(d, names!.after!, c.port, c.after!);
    else if (c.op === 'delete') removeOnu(d, names!.before!, c.before!);
    else if (reowned) {
      // another AdapterID at this ONU id: everything of the old owner goes, the new one's comes
      for (const v of c.before!.vlans) removeVlan(d, names.before!, v);
      removeOnu(d, names.before!, c.before!);
      writeOnu(d, names.after!, c.port, c.after!);
      for (const v of c.after!.vlans) writeVlan(d, names.after!, v, 'create', true);
    } else updateOnu(d, names!.before!, c.port, c as OnuChange & { before: VAni; after: VAni });
    return;
  }
  if (reowned) return; // rewritten whole with its ONU
  const owner = c.op === 'create' && names?.after ? names.after : ownerNow(c.port, c.onuId);
  if (c.op === 'create') writeVlan(d, owner, c.after!, 'create', true);
  else if (c.op === 'delete') removeVlan(d, owner, c.before!);
  else updateVlan(d, owner, c as VlanChange & { before: VlanSubInterface; after: VlanSubInterface });
}

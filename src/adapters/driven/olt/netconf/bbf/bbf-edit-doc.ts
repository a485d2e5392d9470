/**
 * One `<edit-config>` `<config>` body in the BBF models, built in dependency order
 * (docs/bbf-mapping.md §6): every top-level container appears once (XML allows any order among a
 * container's children, RFC 7950 §7.5.7), and its entries are written in the order the references
 * need — a server that processes an edit element by element, or checks `require-instance` leafrefs
 * (RFC 7950 §9.9.3) as it goes, finds every referenced object already there. Removals are written in
 * the reverse order (a referenced interface cannot go first).
 *
 * Forwarder ports and multicast hosts are gathered per forwarder / multicast VPN, so each list entry
 * appears once in a body however many subscribers an edit adds (a list entry twice in one edit is
 * refused by strict servers).
 */
import { NS } from './bbf-names.ts';
import { forwarderEntry, mvpnEntry } from './bbf-objects.ts';

/** Where an entry goes: [top-level container, inner list container (if any)]. */
const SECTIONS = {
  policingActions: ['policing-action-profiles', ''],
  policingProfiles: ['policing-profiles', ''],
  classifiers: ['classifiers', ''],
  policies: ['policies', ''],
  policyProfiles: ['qos-policy-profiles', ''],
  dhcpProfiles: ['l2-dhcpv4-relay-profiles', ''],
  pppoeProfiles: ['pppoe-profiles', ''],
  subscriberProfiles: ['subscriber-profiles', ''],
  nni: ['interfaces', ''],
  vani: ['interfaces', ''],
  venet: ['interfaces', ''],
  ani: ['interfaces', ''],
  uni: ['interfaces', ''],
  usi: ['interfaces', ''],
  vsi: ['interfaces', ''],
  trafficDescriptors: ['xpongemtcont', 'traffic-descriptor-profiles'],
  tconts: ['xpongemtcont', 'tconts'],
  gemports: ['xpongemtcont', 'gemports'],
  links: ['link-table', ''],
  splitHorizon: ['forwarding', 'split-horizon-profiles'],
  fdbs: ['forwarding', 'forwarding-databases'],
  forwarders: ['forwarding', 'forwarders'],
  mcastProfiles: ['multicast', ''],
  mvpns: ['multicast', ''],
} as const;

export type Section = keyof typeof SECTIONS;

/** Sections holding shared or per-SP-VLAN objects, merged by many changes: written once per body. */
const SHARED_SECTIONS = new Set<Section>([
  'policingActions',
  'policingProfiles',
  'classifiers',
  'policies',
  'policyProfiles',
  'dhcpProfiles',
  'pppoeProfiles',
  'nni',
  'trafficDescriptors',
  'splitHorizon',
  'fdbs',
  'mcastProfiles',
]);

/** Creation order: each section after every section it refers to. */
const CREATE_ORDER = Object.keys(SECTIONS) as Section[];

/** Opening tag of each top-level container, with the prefixes its identityref values use. */
const TOP_OPEN: Record<string, string> = {
  'policing-action-profiles': `<policing-action-profiles xmlns="${NS.qosPlc}"`,
  'policing-profiles': `<policing-profiles xmlns="${NS.qosPlc}"`,
  classifiers: `<classifiers xmlns="${NS.qosCls}" xmlns:bbf-qos-cls="${NS.qosCls}" xmlns:bbf-qos-plc="${NS.qosPlc}"`,
  policies: `<policies xmlns="${NS.qosPol}"`,
  'qos-policy-profiles': `<qos-policy-profiles xmlns="${NS.qosPol}"`,
  'l2-dhcpv4-relay-profiles': `<l2-dhcpv4-relay-profiles xmlns="${NS.dhcp}"`,
  'pppoe-profiles': `<pppoe-profiles xmlns="${NS.pppoe}"`,
  'subscriber-profiles': `<subscriber-profiles xmlns="${NS.subProf}"`,
  interfaces:
    `<interfaces xmlns="${NS.if}" xmlns:ianaift="${NS.ianaift}" xmlns:bbfift="${NS.bbfift}"` +
    ` xmlns:bbf-xponift="${NS.xponift}" xmlns:bbf-xpon-types="${NS.xponTypes}" xmlns:bbf-dot1qt="${NS.dot1qt}"`,
  xpongemtcont: `<xpongemtcont xmlns="${NS.gemtcont}"`,
  'link-table': `<link-table xmlns="${NS.linkTable}"`,
  forwarding: `<forwarding xmlns="${NS.l2fwd}"`,
  multicast: `<multicast xmlns="${NS.mgmd}" xmlns:bbf-mgmd="${NS.mgmd}"`,
};

/**
 * Reading a character of a string V8 built by concatenation (every template string of
 * bbf-objects.ts is a rope of its pieces) flattens it in place: the entry becomes one string while
 * its pieces are fresh, and they die young. Kept as ropes until the body is joined, the ~200 000
 * pieces of a 256-subscriber edit survived the young-generation collections in between (each one
 * copying them) and were gathered one by one by the join: building the body took 25–28 ms CPU
 * then, 16–18 ms now.
 */
function flat(s: string): string {
  _charsRead += s.charCodeAt(s.length >> 1) | 0;
  return s;
}
/** Written, so that the read which flattens is not optimised away. */
let _charsRead = 0;

interface Gathered {
  entries: string[];
  /** The container itself is merged with its settings (an entry is being added). */
  withSettings: boolean;
}

export class BbfEditDoc {
  private readonly entries = new Map<Section, string[]>();
  private readonly seen = new Set<string>();
  private readonly forwarders = new Map<number, Gathered>();
  private readonly mvpns = new Map<number, Gathered>();

  constructor(private readonly removal: boolean) {}

  /** Adds an entry; in a shared section an identical entry (an object merged twice) is written once. */
  add(section: Section, xml: string): void {
    if (SHARED_SECTIONS.has(section)) {
      if (this.seen.has(xml)) return;
      this.seen.add(xml);
    }
    let list = this.entries.get(section);
    if (!list) this.entries.set(section, (list = []));
    list.push(flat(xml));
  }

  /** A port of the SP VLAN's forwarder (created: the forwarder is merged with its settings). */
  forwarderPort(vlan: number, portXml: string, withSettings: boolean): void {
    gather(this.forwarders, vlan, portXml, withSettings);
  }

  /** A host of the IPTV VLAN's multicast VPN (created: the VPN is merged with its settings). */
  mvpnHost(vlan: number, hostXml: string, withSettings: boolean): void {
    gather(this.mvpns, vlan, hostXml, withSettings);
  }

  get empty(): boolean {
    return this.entries.size === 0 && this.forwarders.size === 0 && this.mvpns.size === 0;
  }

  toXml(): string {
    for (const [vlan, g] of this.forwarders)
      this.add('forwarders', forwarderEntry(vlan, g.entries.join(''), g.withSettings));
    for (const [vlan, g] of this.mvpns)
      this.add('mvpns', mvpnEntry(vlan, g.entries.join(''), g.withSettings));
    this.forwarders.clear();
    this.mvpns.clear();
    const order = this.removal ? [...CREATE_ORDER].reverse() : CREATE_ORDER;
    // every piece into one list, joined once: one flat string of the body's size (a body of a few
    // hundred v-ANIs is megabytes; joined per section and concatenated, it was copied once more
    // when the transport encoded it)
    const out: string[] = [];
    let top = '';
    let inner = '';
    const close = () => {
      if (inner) out.push(`</${inner}>`);
      if (top === 'multicast') out.push('</mgmd>');
      if (top) out.push(`</${top}>`);
      top = inner = '';
    };
    for (const section of order) {
      const list = this.entries.get(section);
      if (!list?.length) continue;
      const [t, i] = SECTIONS[section];
      if (t !== top) {
        close();
        top = t;
        out.push(`${TOP_OPEN[t]} xmlns:nc="${NS.nc}">`, t === 'multicast' ? '<mgmd>' : '');
      }
      if (i !== inner) {
        if (inner) out.push(`</${inner}>`);
        inner = i;
        if (i) out.push(`<${i}>`);
      }
      for (const x of list) out.push(x);
    }
    close();
    return joinBody(out);
  }
}

/**
 * Bodies from this size on are copied out of `scratch` rather than joined: Node makes a string of
 * a megabyte or more from bytes as an external string in malloc'd memory (string_bytes.cc
 * EXTERN_APEX), which the allocator hands out again, while V8 puts a joined string of megabytes
 * in a large-object page of its own, mapped fresh for each body and faulted in page by page:
 * joining a 4 MB body took ~13 ms CPU (half of it in the kernel), writing and copying it ~2 ms.
 */
const EXTERNAL_MIN = 1 << 20;
/** Above this a body is joined (the buffer, kept for the next body, would hold that much for good). */
const SCRATCH_MAX = 1 << 25;

/** The bytes of the last large body; reused, grown to the largest body written. */
let scratch = Buffer.allocUnsafe(0);

/** `parts` joined: one string of the same text, whichever way it is made. */
function joinBody(parts: string[]): string {
  let chars = 0;
  let longest = 0;
  for (const p of parts) {
    chars += p.length;
    if (p.length > longest) longest = p.length;
  }
  if (chars < EXTERNAL_MIN) return parts.join('');
  // UTF-8 as long as the text is ASCII (each character one byte): then the bytes are also its
  // Latin-1, read back as the same string; any other character and the text is joined as before.
  // Room for any group in full (≤ 3 bytes a UTF-16 unit): a group cut short could count its length.
  const room = chars + 2 * (GROUP_CHARS + longest);
  if (room > SCRATCH_MAX) return parts.join('');
  if (scratch.length < room) scratch = Buffer.allocUnsafe(room + (room >> 3));
  let at = 0;
  // a group of parts at a time, joined first (a string of tens of kilobytes, made in the young
  // generation): a write per part was a call into the runtime for each of some 22 000 entries
  const group: string[] = [];
  for (let i = 0; i < parts.length;) {
    let size = 0;
    group.length = 0;
    while (i < parts.length && size < GROUP_CHARS) {
      group.push(parts[i]);
      size += parts[i++].length;
    }
    const g = group.length === 1 ? group[0] : group.join('');
    const n = scratch.write(g, at, 'utf8');
    if (n !== g.length) return parts.join('');
    at += n;
  }
  return scratch.toString('latin1', 0, at);
}

/** Characters written at once (joined in the young generation: under V8's 128 KB regular objects). */
const GROUP_CHARS = 32 * 1024;

function gather(m: Map<number, Gathered>, vlan: number, xml: string, withSettings: boolean): void {
  let g = m.get(vlan);
  if (!g) m.set(vlan, (g = { entries: [], withSettings: false }));
  g.entries.push(flat(xml));
  g.withSettings ||= withSettings;
}

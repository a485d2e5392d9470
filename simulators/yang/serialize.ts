/**
 * Data tree → XML (RFC 7950 §7 XML encoding): a namespace declaration wherever the module changes,
 * list keys first and in key order (§7.8.5), other children in schema order, identityref values as
 * QNames with their prefix bound on the element (§9.10.3; the prefix is the module name).
 * Serialised list entries are memoised per (immutable) node, so after a commit only what changed is
 * serialised again and a get-config of 4 096 subscribers is mostly a join.
 */
import { DList, DNode } from './data.ts';
import type { Schema, SNode } from './schema.ts';
import { escapeAttr, escapeText } from './xml.ts';
import { hasIdentityref } from './values.ts';

const memo = new WeakMap<DNode, string>();

/**
 * Size of the parts a reply is handed over in (takeParts): joined into strings this small, a 16 MB
 * reply is not one 16 MB string encoded into one 16 MB buffer (large objects, made and dropped for
 * every read); not much smaller, as each part is one SSH packet (≤ 32 KB) of its own.
 */
const CHUNK = 16000;

/**
 * Writes into an array of parts joined once at the end: a read-back of 256 subscribers is ~1.5 MB
 * out of ~100 000 small strings, and concatenating them one by one made a rope of as many nodes that
 * the reply then had to flatten before encoding it.
 */
export class XmlWriter {
  /** The output so far (SubtreeFilter writes into it too, and may cut back to a mark). */
  readonly parts: string[] = [];

  /** `trim` (RFC 6243 §3.2): leave out leaves whose value is their schema default. */
  constructor(
    private readonly schema: Schema,
    private readonly trim = false,
  ) {}

  /** The top-level elements of a tree (the content of `<data>` / `<config>`), as parts of a reply (takeParts). */
  documentParts(root: DNode): string[] {
    this.children(root, '');
    return this.takeParts();
  }

  /** The same, as one string. */
  document(root: DNode): string {
    return this.documentParts(root).join('');
  }

  /**
   * Everything written so far, as strings of at most CHUNK characters (a longer part alone); the
   * writer starts empty again.
   */
  takeParts(): string[] {
    const p = this.parts;
    const out: string[] = [];
    for (let i = 0; i < p.length; ) {
      let n = p[i].length;
      let j = i + 1;
      while (j < p.length && n + p[j].length <= CHUNK) n += p[j++].length;
      out.push(j === i + 1 ? p[i] : p.slice(i, j).join(''));
      i = j;
    }
    p.length = 0;
    return out;
  }

  /** Children of an inner node, keys first (or left out), then schema order. */
  children(d: DNode, parentNs: string, withoutKeys = false): void {
    const k = d.k;
    const skip = withoutKeys && d.s.kind === 'list' ? d.s.keys.length : 0;
    if (inOrder(d)) {
      // the common case: the children as stored, keys first, values beside them (no lookups)
      const v = d.v;
      for (let i = skip; i < k.length; i++) this.child(k[i], v[i], parentNs);
      return;
    }
    // orderedChildren's order, with each child's value beside it: a list's present keys in key
    // order (unless left out), then the others in schema order
    const v = d.v;
    const keys = d.s.kind === 'list' ? d.s.keys : NO_KEYS;
    if (!skip)
      for (const key of keys) {
        const i = k.indexOf(key);
        if (i >= 0) this.child(key, v[i], parentNs);
      }
    const rest = othersInOrder(k, keys);
    for (let j = 0; j < rest.length; j++) this.child(k[rest[j]], v[rest[j]], parentNs);
  }

  child(s: SNode, v: string | string[] | DNode | DList, parentNs: string): void {
    // by frequency (leaves, containers, lists, leaf-lists); index loops, no iterators
    if (typeof v === 'string') this.leaf(s, v, parentNs);
    else if (v instanceof DNode) this.inner(v, parentNs);
    else if (v instanceof DList) {
      const arrays = v.valueArrays();
      for (let i = 0; i < arrays.length; i++) {
        const es = arrays[i];
        for (let j = 0; j < es.length; j++) this.entry(es[j], parentNs);
      }
    } else for (let i = 0; i < v.length; i++) this.leaf(s, v[i], parentNs);
  }

  /** A list entry; entries of top-level lists (interfaces, T-CONTs, forwarders…) are memoised. */
  entry(e: DNode, parentNs: string): void {
    if (this.trim || !topLevelList(e.s)) return this.inner(e, parentNs);
    let x = memo.get(e);
    if (x === undefined) {
      const mark = this.parts.length;
      this.inner(e, parentNs);
      x = this.parts.splice(mark).join('');
      memo.set(e, x);
    }
    this.parts.push(x);
  }

  inner(d: DNode, parentNs: string): void {
    const t = tagsOf(d.s, parentNs);
    const p = this.parts;
    const open = p.length;
    p.push(t.open);
    this.children(d, d.s.ns);
    if (p.length === open + 1) p[open] = t.empty;
    else p.push(t.close);
  }

  leaf(s: SNode, v: string, parentNs: string): void {
    if (this.trim && s.dflt === v && !(s.dataParent?.keys.includes(s) ?? false)) return;
    const info = infoOf(s);
    const t = s.ns === parentNs ? info.same : info.other;
    if (info.identityref) {
      const open = this.identityOpen(t, v);
      if (open !== undefined) {
        if (v === '') this.parts.push(open, '/>');
        else this.parts.push(open, '>', escapeText(v), t.close);
        return;
      }
    }
    if (v === '') this.parts.push(t.empty);
    else this.parts.push(t.open, info.plain ? v : escapeText(v), t.close);
  }

  /**
   * The start tag of an identityref leaf whose value `v` is an identity, binding the prefix of its
   * module; undefined when `v` is not an identity (a union's other member). Made once per tag and
   * identity, found by the value (every interface has its type): no module name cut out of it and
   * looked up per leaf.
   */
  private identityOpen(t: Tags, v: string): string | undefined {
    let byValue = t.identities;
    if (byValue === undefined) t.identities = byValue = new Map();
    let open = byValue.get(v);
    if (open === undefined) {
      if (!this.schema.isIdentity(v)) return undefined;
      const m = v.slice(0, v.indexOf(':'));
      open = `${t.start} xmlns:${m}="${escapeAttr(this.schema.nsOf.get(m) ?? '')}"`;
      byValue.set(v, open);
    }
    return open;
  }
}

/** The tags of a schema node: `<name` (with xmlns where the module changes), `<name>`, `<name/>`, `</name>`. */
interface Tags {
  start: string;
  open: string;
  empty: string;
  close: string;
  /** An identityref leaf's start tags, by identity (identityOpen). */
  identities?: Map<string, string>;
}

/**
 * What writing a node needs of its schema node, made once per schema node, not per element written:
 * its tags in its parent's namespace or not, whether its values may be identities, and whether they
 * never need escaping (numbers and booleans, checked and canonical since the edit).
 */
interface NodeInfo {
  s: SNode;
  same: Tags;
  other: Tags;
  identityref: boolean;
  plain: boolean;
}

const PLAIN_TYPES = new Set(['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'decimal64', 'boolean']);

/** NodeInfo by schema node uid (a slot holds one schema's node: infoMemo for another's). */
const infoByUid: (NodeInfo | undefined)[] = [];
const infoMemo = new Map<SNode, NodeInfo>();
function infoOf(s: SNode): NodeInfo {
  const u = infoByUid[s.uid];
  if (u !== undefined && u.s === s) return u;
  let i = infoMemo.get(s);
  if (i === undefined) {
    const tags = (start: string): Tags => ({
      start,
      open: `${start}>`,
      empty: `${start}/>`,
      close: `</${s.name}>`,
      identities: undefined,
    });
    i = {
      s,
      same: tags(`<${s.name}`),
      other: tags(`<${s.name} xmlns="${s.ns}"`),
      identityref: hasIdentityref(s.type),
      plain: !!s.type && PLAIN_TYPES.has(s.type.b),
    };
    infoMemo.set(s, i);
  }
  if (u === undefined) {
    while (infoByUid.length < s.uid) infoByUid.push(undefined);
    infoByUid[s.uid] = i;
  }
  return i;
}

const NO_KEYS: SNode[] = [];

/** Indices in `k` of the children that are not `keys`, sorted by schema order (insertion sort: a handful). */
function othersInOrder(k: SNode[], keys: SNode[]): number[] {
  const out: number[] = [];
  for (let i = 0; i < k.length; i++) {
    if (keys.length && keys.includes(k[i])) continue;
    const uid = k[i].uid;
    let j = out.length;
    while (j > 0 && k[out[j - 1]].uid > uid) {
      out[j] = out[j - 1];
      j--;
    }
    out[j] = i;
  }
  return out;
}

/** The tags of a schema node: `<name` (with xmlns when `parentNs` is another module's), `<name>`, `<name/>`, `</name>`. */
export function tagsOf(s: SNode, parentNs: string): Tags {
  const i = infoOf(s);
  return s.ns === parentNs ? i.same : i.other;
}

const topMemo = new Map<SNode, boolean>();
function topLevelList(s: SNode): boolean {
  let r = topMemo.get(s);
  if (r === undefined) {
    r = true;
    for (let p = s.dataParent; p && p.kind !== 'root'; p = p.dataParent) if (p.kind === 'list') r = false;
    topMemo.set(s, r);
  }
  return r;
}

/** Present children of a node in encoding order: list keys first (§7.8.5), the rest by schema order. */
export function orderedChildren(d: DNode): SNode[] {
  const k = d.k;
  if (inOrder(d)) return k;
  const keys = d.s.kind === 'list' ? d.s.keys : NO_KEYS;
  const out = keys.filter((x) => k.includes(x));
  for (const i of othersInOrder(k, keys)) out.push(k[i]);
  return out;
}

/** Are the children stored in encoding order (by schema order, and a list's keys first)? */
function inOrder(d: DNode): boolean {
  const k = d.k;
  // keys are the first schema children of a list, so this is the usual case
  for (let i = 1; i < k.length; i++) if (k[i - 1].uid > k[i].uid) return false;
  return d.s.kind !== 'list' || keysFirst(d);
}

function keysFirst(d: DNode): boolean {
  const keys = d.s.keys;
  for (let i = 0; i < keys.length; i++) if (d.k[i] !== keys[i]) return false;
  return true;
}

/**
 * Data tree → XML (RFC 7950 §7 XML encoding): a namespace declaration wherever the module changes,
 * list keys first and in key order (§7.8.5), other children in schema order, identityref values as
 * QNames with their prefix bound on the element (§9.10.3; the prefix is the module name).
 * Written as UTF-8 bytes (XmlOut), each schema node's tags encoded once. Nothing is memoised: the
 * reads of a provisioning run are read-backs of entries just committed, never serialised before, and
 * keeping every serialised entry (a copy and a WeakMap entry each, ~3 600 per read-back) cost those
 * reads more than it saved the one full read at the end (replay of the recorded bench run).
 */
import { DList, DNode } from './data.ts';
import type { Schema, SNode } from './schema.ts';
import { escapeAttr, escapeText } from './xml.ts';
import { hasIdentityref } from './values.ts';
import { tagOf, XmlOut, type Tag } from './xml-out.ts';

/** Writes XML as UTF-8 bytes (XmlOut). */
export class XmlWriter {
  /** The output so far (SubtreeFilter writes into it too, and may cut back to a mark). */
  readonly out = new XmlOut();

  /** `trim` (RFC 6243 §3.2): leave out leaves whose value is their schema default. */
  constructor(
    private readonly schema: Schema,
    private readonly trim = false,
  ) {}

  /** The top-level elements of a tree (the content of `<data>` / `<config>`), as UTF-8 blocks (XmlOut.take). */
  documentBytes(root: DNode): Buffer[] {
    this.children(root, '');
    return this.out.take();
  }

  /** The same, as a string. */
  document(root: DNode): string {
    return Buffer.concat(this.documentBytes(root)).toString('utf8');
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
      // most lists of a subscriber hold one entry (a rule, a tag): no arrays made for it
      const one = v.only;
      if (one !== undefined) return this.inner(one, parentNs);
      const arrays = v.valueArrays();
      for (let i = 0; i < arrays.length; i++) {
        const es = arrays[i];
        for (let j = 0; j < es.length; j++) this.inner(es[j], parentNs);
      }
    } else for (let i = 0; i < v.length; i++) this.leaf(s, v[i], parentNs);
  }

  inner(d: DNode, parentNs: string): void {
    const t = tagsOf(d.s, parentNs);
    const o = this.out;
    const mark = o.mark();
    o.tag(t.open);
    const body = o.mark();
    this.children(d, d.s.ns);
    if (o.mark() === body) {
      o.cut(mark);
      o.tag(t.empty);
    } else o.tag(t.close);
  }

  leaf(s: SNode, v: string, parentNs: string): void {
    if (this.trim && s.dflt === v && !(s.dataParent?.keys.includes(s) ?? false)) return;
    const info = infoOf(s);
    const t = s.ns === parentNs ? info.same : info.other;
    const o = this.out;
    if (info.identityref) {
      const el = this.identityElement(s, t, v);
      if (el !== undefined) return o.tag(el);
    }
    if (v === '') o.tag(t.empty);
    else {
      o.tag(t.open);
      o.text(v);
      o.tag(t.close);
    }
  }

  /**
   * The element of an identityref leaf whose value `v` is an identity, binding the prefix of its
   * module; undefined when `v` is not an identity (a union's other member). Made once per tag and
   * identity, found by the value (every interface has its type): no module name cut out of it and
   * looked up per leaf, and the value not written character by character.
   */
  private identityElement(s: SNode, t: Tags, v: string): Tag | undefined {
    let byValue = t.identities;
    if (byValue === undefined) t.identities = byValue = new Map();
    let el = byValue.get(v);
    if (el === undefined) {
      if (!this.schema.isIdentity(v)) return undefined;
      const m = v.slice(0, v.indexOf(':'));
      const open = `${t.start} xmlns:${m}="${escapeAttr(this.schema.nsOf.get(m) ?? '')}"`;
      el = tagOf(v === '' ? `${open}/>` : `${open}>${escapeText(v)}</${s.name}>`);
      byValue.set(v, el);
    }
    return el;
  }
}

/**
 * The tags of a schema node: `<name` (with xmlns where the module changes) as text, and `<name>`,
 * `<name/>`, `</name>` as UTF-8.
 */
interface Tags {
  start: string;
  open: Tag;
  empty: Tag;
  close: Tag;
  /** An identityref leaf's elements, by identity (identityElement). */
  identities?: Map<string, Tag>;
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
}

/** NodeInfo by schema node uid (a slot holds one schema's node: infoMemo for another's). */
const infoByUid: (NodeInfo | undefined)[] = [];
const infoMemo = new Map<SNode, NodeInfo>();
/**
 * No closure in here: a parameter a closure captures lives in a context object made at every call,
 * hit or miss (40 bytes a call, two calls an element: ~2.4 MB of garbage a read-back of 256
 * subscribers, ~20 MB a read of the whole tree).
 */
function infoOf(s: SNode): NodeInfo {
  const u = infoByUid[s.uid];
  if (u !== undefined && u.s === s) return u;
  let i = infoMemo.get(s);
  if (i === undefined) infoMemo.set(s, (i = newInfo(s)));
  if (u === undefined) {
    while (infoByUid.length < s.uid) infoByUid.push(undefined);
    infoByUid[s.uid] = i;
  }
  return i;
}

function newInfo(s: SNode): NodeInfo {
  const tags = (start: string): Tags => ({
    start,
    open: tagOf(`${start}>`),
    empty: tagOf(`${start}/>`),
    close: tagOf(`</${s.name}>`),
    identities: undefined,
  });
  return {
    s,
    same: tags(`<${s.name}`),
    other: tags(`<${s.name} xmlns="${s.ns}"`),
    identityref: hasIdentityref(s.type),
  };
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

/** The tags of a schema node (with xmlns when `parentNs` is another module's). */
export function tagsOf(s: SNode, parentNs: string): Tags {
  const i = infoOf(s);
  return s.ns === parentNs ? i.same : i.other;
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

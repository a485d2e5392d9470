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
    const keys = skip ? d.s.keys : [];
    for (const s of orderedChildren(d)) if (!keys.includes(s)) this.child(s, d.get(s)!, parentNs);
  }

  child(s: SNode, v: string | string[] | DNode | DList, parentNs: string): void {
    if (typeof v === 'string') this.leaf(s, v, parentNs);
    else if (Array.isArray(v)) for (const x of v) this.leaf(s, x, parentNs);
    else if (v instanceof DList) for (const vs of v.valueArrays()) for (const e of vs) this.entry(e, parentNs);
    else this.inner(v, parentNs);
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
    if (info.identityref && this.schema.isIdentity(v)) {
      const m = v.slice(0, v.indexOf(':'));
      // the start tag binding module m, made once per tag and module (every interface has its type)
      let byModule = identityTags.get(t);
      if (!byModule) identityTags.set(t, (byModule = new Map()));
      let open = byModule.get(m);
      if (open === undefined) {
        open = `${t.start} xmlns:${m}="${escapeAttr(this.schema.nsOf.get(m) ?? '')}"`;
        byModule.set(m, open);
      }
      if (v === '') this.parts.push(open, '/>');
      else this.parts.push(open, '>', escapeText(v), t.close);
      return;
    }
    if (v === '') this.parts.push(t.empty);
    else this.parts.push(t.open, info.plain ? v : escapeText(v), t.close);
  }
}

/** The tags of a schema node: `<name` (with xmlns where the module changes), `<name>`, `<name/>`, `</name>`. */
interface Tags {
  start: string;
  open: string;
  empty: string;
  close: string;
}

/**
 * What writing a node needs of its schema node, made once per schema node, not per element written:
 * its tags in its parent's namespace or not, whether its values may be identities, and whether they
 * never need escaping (numbers and booleans, checked and canonical since the edit).
 */
interface NodeInfo {
  same: Tags;
  other: Tags;
  identityref: boolean;
  plain: boolean;
}

const PLAIN_TYPES = new Set(['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64', 'decimal64', 'boolean']);

const infoMemo = new Map<SNode, NodeInfo>();
function infoOf(s: SNode): NodeInfo {
  let i = infoMemo.get(s);
  if (i === undefined) {
    const tags = (start: string): Tags => ({ start, open: `${start}>`, empty: `${start}/>`, close: `</${s.name}>` });
    i = {
      same: tags(`<${s.name}`),
      other: tags(`<${s.name} xmlns="${s.ns}"`),
      identityref: hasIdentityref(s.type),
      plain: !!s.type && PLAIN_TYPES.has(s.type.b),
    };
    infoMemo.set(s, i);
  }
  return i;
}

/** The tags of a schema node: `<name` (with xmlns when `parentNs` is another module's), `<name>`, `<name/>`, `</name>`. */
export function tagsOf(s: SNode, parentNs: string): Tags {
  const i = infoOf(s);
  return s.ns === parentNs ? i.same : i.other;
}

/** Start tags of identityref leaves with their prefix bound: tags → module → `<name xmlns:m="…"`. */
const identityTags = new Map<Tags, Map<string, string>>();

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
  const keys = d.s.kind === 'list' ? d.s.keys : [];
  const rest = k.filter((s) => !keys.includes(s)).sort((a, b) => a.uid - b.uid);
  return [...keys.filter((x) => k.includes(x)), ...rest];
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

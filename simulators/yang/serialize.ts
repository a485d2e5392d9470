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

  /** The top-level elements of a tree (the content of `<data>` / `<config>`). */
  document(root: DNode): string {
    this.children(root, '');
    return this.take();
  }

  /** Everything written so far, as one string; the writer starts empty again. */
  take(): string {
    const out = this.parts.join('');
    this.parts.length = 0;
    return out;
  }

  /** Children of an inner node, keys first (or left out), then schema order. */
  children(d: DNode, parentNs: string, withoutKeys = false): void {
    const keys = withoutKeys && d.s.kind === 'list' ? d.s.keys : [];
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
    const t = tagsOf(s, parentNs);
    if (hasIdentityref(s.type) && this.schema.isIdentity(v)) {
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
    else this.parts.push(t.open, escapeText(v), t.close);
  }
}

/** The tags of a schema node: `<name` (with xmlns where the module changes), `<name>`, `<name/>`, `</name>`. */
interface Tags {
  start: string;
  open: string;
  empty: string;
  close: string;
}

/** Per schema node, in its parent's namespace or not: made once, not per element written. */
const tagMemo = [new Map<SNode, Tags>(), new Map<SNode, Tags>()];
export function tagsOf(s: SNode, parentNs: string): Tags {
  const m = tagMemo[s.ns === parentNs ? 0 : 1];
  let t = m.get(s);
  if (t === undefined) {
    const start = s.ns === parentNs ? `<${s.name}` : `<${s.name} xmlns="${s.ns}"`;
    t = { start, open: `${start}>`, empty: `${start}/>`, close: `</${s.name}>` };
    m.set(s, t);
  }
  return t;
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
  // the common case: already in order (keys are the first schema children of a list)
  let sorted = true;
  for (let i = 1; i < k.length && sorted; i++) if (k[i - 1].uid > k[i].uid) sorted = false;
  if (sorted && (d.s.kind !== 'list' || keysFirst(d))) return k;
  const keys = d.s.kind === 'list' ? d.s.keys : [];
  const rest = k.filter((s) => !keys.includes(s)).sort((a, b) => a.uid - b.uid);
  return [...keys.filter((x) => k.includes(x)), ...rest];
}

function keysFirst(d: DNode): boolean {
  const keys = d.s.keys;
  for (let i = 0; i < keys.length; i++) if (d.k[i] !== keys[i]) return false;
  return true;
}

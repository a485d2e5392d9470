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

export class XmlWriter {
  /** `trim` (RFC 6243 §3.2): leave out leaves whose value is their schema default. */
  constructor(
    private readonly schema: Schema,
    private readonly trim = false,
  ) {}

  /** The top-level elements of a tree (the content of `<data>` / `<config>`). */
  document(root: DNode): string {
    return this.children(root, '');
  }

  /** Children of an inner node, keys first (or left out), then schema order. */
  children(d: DNode, parentNs: string, withoutKeys = false): string {
    let out = '';
    const keys = withoutKeys && d.s.kind === 'list' ? d.s.keys : [];
    for (const s of orderedChildren(d)) if (!keys.includes(s)) out += this.child(s, d.get(s)!, parentNs);
    return out;
  }

  child(s: SNode, v: string | string[] | DNode | DList, parentNs: string): string {
    if (typeof v === 'string') return this.leaf(s, v, parentNs);
    if (Array.isArray(v)) return v.map((x) => this.leaf(s, x, parentNs)).join('');
    if (v instanceof DList) {
      let out = '';
      for (const e of v.values()) out += this.entry(e, parentNs);
      return out;
    }
    return this.inner(v, parentNs);
  }

  /** A list entry; entries of top-level lists (interfaces, T-CONTs, forwarders…) are memoised. */
  entry(e: DNode, parentNs: string): string {
    if (this.trim || !topLevelList(e.s)) return this.inner(e, parentNs);
    let x = memo.get(e);
    if (x === undefined) {
      x = this.inner(e, parentNs);
      memo.set(e, x);
    }
    return x;
  }

  inner(d: DNode, parentNs: string): string {
    const s = d.s;
    const open = s.ns === parentNs ? `<${s.name}` : `<${s.name} xmlns="${s.ns}"`;
    const body = this.children(d, s.ns);
    return body ? `${open}>${body}</${s.name}>` : `${open}/>`;
  }

  leaf(s: SNode, v: string, parentNs: string): string {
    if (this.trim && s.dflt === v && !(s.dataParent?.keys.includes(s) ?? false)) return '';
    let open = s.ns === parentNs ? `<${s.name}` : `<${s.name} xmlns="${s.ns}"`;
    if (hasIdentityref(s.type) && this.schema.isIdentity(v)) {
      const m = v.slice(0, v.indexOf(':'));
      open += ` xmlns:${m}="${escapeAttr(this.schema.nsOf.get(m) ?? '')}"`;
    }
    return v === '' ? `${open}/>` : `${open}>${escapeText(v)}</${s.name}>`;
  }
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

/**
 * The lab OLT's instance data: a tree of immutable nodes. A container or list entry (`DNode`) holds
 * its present children as parallel arrays (schema node → value): a leaf's canonical value, a
 * leaf-list's values, a child container, or a list (`DList`, entries by key in order). Writers never
 * change a node in place: they copy the path they change (edit-config.ts), so running and candidate
 * share everything they have in common and a commit is a pointer swap.
 *
 * `Item` is a node *seen from the root* — the node plus the chain of its ancestors — which is what
 * XPath evaluation and error paths need, without parent pointers in the shared tree.
 */
import type { SNode } from './schema.ts';
import { DList, DNode, type Val } from './nodes.ts';

export { DList, DNode, type Val };

/** The key of a list entry: its key leaves' values, joined (RFC 7950 §7.8.2). */
export function entryKey(list: SNode, e: DNode): string {
  if (list.keys.length === 1) return e.get(list.keys[0]) as string;
  return list.keys.map((k) => e.get(k) as string).join('\u0000');
}

export const keyOfValues = (values: string[]): string => (values.length === 1 ? values[0] : values.join('\u0000'));

/** A node of the tree as reached from the root (RFC 7950 §6.4.1 context node). */
export interface Item {
  /** Inner node, or a leaf / leaf-list value. */
  readonly n: DNode | string;
  readonly s: SNode;
  readonly up: Item | undefined;
  /** A default value or an implicit non-presence container, not in the data itself. */
  readonly implicit?: boolean;
}

export const rootItem = (root: DNode): Item => ({ n: root, s: root.s, up: undefined });

/** Append the items of child `c` of `parent` (present children only). */
export function pushChildItems(parent: Item, c: SNode, val: Val, out: Item[]): void {
  if (typeof val === 'string') out.push({ n: val, s: c, up: parent });
  else if (Array.isArray(val)) for (const x of val) out.push({ n: x, s: c, up: parent });
  else if (val instanceof DList) for (const vs of val.valueArrays()) for (const e of vs) out.push({ n: e, s: c, up: parent });
  else out.push({ n: val, s: c, up: parent });
}

/** Every present child item of an inner node, in data order. */
export function childItems(it: Item): Item[] {
  const out: Item[] = [];
  const d = it.n;
  if (typeof d === 'string') return out;
  for (let i = 0; i < d.k.length; i++) pushChildItems(it, d.k[i], d.v[i], out);
  return out;
}

/** The nodes a path goes through, root first. */
export function chain(it: Item): Item[] {
  const out: Item[] = [];
  for (let x: Item | undefined = it; x && x.up; x = x.up) out.push(x);
  return out.reverse();
}

function quote(v: string): string {
  return v.includes("'") ? `"${v}"` : `'${v}'`;
}

/**
 * The instance path of an item (RFC 7950 §9.13 / RFC 6241 §4.3 error-path), every name prefixed with
 * its module name — `qualified` (each step; the rpc-error binds those prefixes) or `libyang` (only
 * where the module changes, as libyang prints "Data location").
 */
export function pathOf(it: Item, style: 'qualified' | 'libyang' = 'qualified', extra?: SNode): string {
  let out = '';
  let mod = '';
  const name = (s: SNode) => {
    const q = style === 'qualified' || s.module !== mod ? s.qname : s.name;
    mod = s.module;
    return q;
  };
  for (const x of chain(it)) {
    out += '/' + name(x.s);
    if (x.s.kind === 'list' && typeof x.n !== 'string') {
      const listMod = mod;
      for (const k of x.s.keys) {
        const kq = style === 'qualified' || k.module !== listMod ? k.qname : k.name;
        out += `[${kq}=${quote(x.n.get(k) as string)}]`;
      }
    } else if (x.s.kind === 'leaf-list' && typeof x.n === 'string') out += `[.=${quote(x.n)}]`;
  }
  if (extra) out += '/' + name(extra);
  return out;
}

/** The schema path (no predicates), libyang's "Schema location" style. */
export function schemaPathOf(s: SNode): string {
  const parts: SNode[] = [];
  for (let x: SNode | undefined = s; x && x.kind !== 'root'; x = x.dataParent) parts.unshift(x);
  let mod = '';
  return parts
    .map((p) => {
      const q = p.module !== mod ? p.qname : p.name;
      mod = p.module;
      return '/' + q;
    })
    .join('');
}

/** Every module whose name a qualified path uses (for the xmlns declarations of an error-path). */
export function modulesOfPath(path: string): string[] {
  return [...new Set([...path.matchAll(/([A-Za-z_][\w.-]*):/g)].map((m) => m[1]))];
}

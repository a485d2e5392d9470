/**
 * The reverse index of a valid running datastore: for each list that leafrefs or keyed musts point
 * into (an interface, a T-CONT, a profile…), which leaves name each of its entries. When an entry is
 * deleted or changed, these are the only nodes whose leafref (RFC 7950 §9.9.3 require-instance) or
 * must can change verdict. A referrer is identified by its schema node and the keys of the list
 * entries above it, so the id stays valid across commits that do not touch it.
 */
import { DList, DNode, entryKey, type Item } from './data.ts';
import type { Schema, SNode } from './schema.ts';
import { IdsByKey } from './ids-by-key.ts';

const SEP = '\u0001';

export class RefIndex {
  /** target list → entry key → its referrers (most entries have one: an interface, a T-CONT). */
  private readonly m = new Map<SNode, IdsByKey>();

  add(target: SNode, key: string, id: string): void {
    let byKey = this.m.get(target);
    if (!byKey) this.m.set(target, (byKey = new IdsByKey()));
    byKey.add(key, id);
  }

  remove(target: SNode, key: string, id: string): void {
    this.m.get(target)?.remove(key, id);
  }

  /** Whether anything names entry `key` of `target` (no iterable made, as `get` makes one). */
  has(target: SNode, key: string): boolean {
    return this.m.get(target)?.has(key) ?? false;
  }

  get(target: SNode, key: string): Iterable<string> {
    return this.m.get(target)?.get(key) ?? [];
  }

  /** Number of referrer entries (memory figures). */
  get size(): number {
    let n = 0;
    for (const byKey of this.m.values()) n += byKey.size;
    return n;
  }
}

/** The id of a leaf or leaf-list value: schema node, keys of the list entries above, the value for leaf-lists. */
export function refId(it: Item): string {
  // the keys root first, gathered climbing (no chain array: one id per leafref of every commit)
  let keys = '';
  for (let x = it.up; x; x = x.up) if (x.s.kind === 'list') keys = SEP + entryKey(x.s, x.n as DNode) + keys;
  return refIdIn(it.s, it.n as string, keys);
}

/** entryKeys of list entry `e` of `s`, below a node whose entryKeys are `keys`. */
export const entryKeysBelow = (keys: string, s: SNode, e: DNode): string => keys + SEP + entryKey(s, e);

/** refId of value `v` of leaf or leaf-list `s` in a node whose entryKeys are `keys`. */
export function refIdIn(s: SNode, v: string, keys: string): string {
  return s.kind === 'leaf-list' ? String(s.uid) + keys + SEP + v : String(s.uid) + keys;
}

/** The leaf an id names in `root`, or undefined if it is not there any more. */
export function resolveRef(schema: Schema, root: DNode, id: string): Item | undefined {
  const parts = id.split(SEP);
  const s = schema.all[Number(parts[0])];
  const path: SNode[] = [];
  for (let x: SNode | undefined = s; x && x.kind !== 'root'; x = x.dataParent) path.unshift(x);
  let it: Item = { n: root, s: root.s, up: undefined };
  let k = 1;
  for (const p of path) {
    const d = it.n as DNode;
    const v = d.get(p);
    if (v === undefined) return undefined;
    if (p === s) {
      if (p.kind === 'leaf-list') return (v as string[]).includes(parts[k]) ? { n: parts[k], s: p, up: it } : undefined;
      return typeof v === 'string' ? { n: v, s: p, up: it } : undefined;
    }
    if (v instanceof DList) {
      const e = v.get(parts[k++]);
      if (!e) return undefined;
      it = { n: e, s: p, up: it };
    } else if (v instanceof DNode) it = { n: v, s: p, up: it };
    else return undefined;
  }
  return undefined;
}

/**
 * Validation of a configuration datastore against the schema — in full (a document, `yanglint -t
 * config`), or incrementally: a candidate against the valid running datastore it was edited from
 * (RFC 6241 §8.3.4.1 commit, §8.6 validate). The incremental walk follows only the nodes that differ
 * (unchanged subtrees are shared objects, skipped at once) and re-checks:
 *   - every differing node and what it holds (types were checked at edit time);
 *   - constraints anchored at a differing node (deps.ts: relative paths climbing to it);
 *   - referrers of list entries created, changed or deleted (the reverse index, RefIndex);
 *   - readers of lists through other absolute paths (rare; all instances).
 * So committing one subscriber into a 4 096-subscriber datastore costs milliseconds, not seconds.
 */
import { chain, childItems, DList, DNode, entryKey, rootItem, type Item, type Val } from './data.ts';
import type { Schema, SNode } from './schema.ts';
import { Checker } from './checks.ts';
import { DependencyMap } from './deps.ts';
import { entryKeysBelow, RefIndex, refId, refIdIn, resolveRef } from './ref-index.ts';
import { ListDiffs } from './list-diffs.ts';
import type { YangError } from './errors.ts';

export interface IncrementalResult {
  errors: YangError[];
  /** Bring the reverse index to the validated tree (call once it becomes running). */
  commitIndex(): void;
}

type Change = 'created' | 'modified' | 'deleted';

/** Reverse-index entries to add or remove (target list, key, referrer id), as three arrays: ~15 000 a commit. */
class Ops {
  readonly targets = generic<SNode>();
  readonly keys = generic<string>();
  readonly ids = generic<string>();
  push(t: SNode, k: string, id: string): void {
    this.targets.push(t);
    this.keys.push(k);
    this.ids.push(id);
  }
}

/**
 * An empty array already of V8's generic elements kind: a new `[]` holds small integers until its
 * first push, and the optimised pushes of the previous check then meet an array of another kind
 * (a deoptimisation of the walk that inlines them, every check).
 */
function generic<T>(): T[] {
  const a: T[] = [undefined as T];
  a.pop();
  return a;
}

export class Validator {
  readonly deps: DependencyMap;
  readonly checker: Checker;
  /**
   * The lists each schema node's value names (keyed dependencies), by uid, each once: a leafref and a
   * must of the same leaf (RFC 7950 §9.9, §7.5.3) both name the interface its value is — one index
   * entry serves both (the index holds ids per key as a set). Undefined for most nodes.
   */
  private readonly keyedOf: (SNode[] | undefined)[];
  /** Per schema node (by uid): 1 if a keyed dependency or a global reader names its list (entryChanged). */
  private readonly watched: Uint8Array;
  /**
   * Per schema node (by uid): can a new or removed subtree of it hold anything to check, index or
   * note (entryChanged)? Most leaves of a new subscriber cannot: the walk does not visit them.
   */
  private readonly visits: Uint8Array;

  constructor(readonly schema: Schema) {
    this.deps = new DependencyMap(schema);
    this.checker = new Checker(schema, this.deps);
    this.keyedOf = schema.all.map((s) => {
      const k = this.deps.deps.get(s)?.keyed;
      return k?.length ? [...new Set(k.map((x) => x.target))] : undefined;
    });
    this.watched = new Uint8Array(schema.all.length);
    for (const s of schema.all)
      if (this.deps.referrers.has(s) || this.deps.globalReaders.has(s)) this.watched[s.uid] = 1;
    const v = (this.visits = new Uint8Array(schema.all.length));
    const d = this.deps;
    for (const s of schema.all)
      if (this.checker.checks(s) || this.keyedOf[s.uid] || d.referrers.has(s) || d.globalReaders.has(s)) v[s.uid] = 1;
    // children come after their parent in `all`: from the end, each marks its parent (choice/case too)
    for (let i = schema.all.length - 1; i >= 0; i--) {
      const s = schema.all[i];
      if (v[i] && s.parent && s.parent.kind !== 'root') v[s.parent.uid] = 1;
    }
  }

  /** Every constraint of every node. */
  full(root: DNode): YangError[] {
    const out: YangError[] = [];
    const r = rootItem(root);
    const visit = (it: Item) => {
      if (it.s.kind !== 'root') this.checker.exprs(it, r, out);
      if (typeof it.n === 'string') return;
      this.checker.structure(it, r, out);
      for (const c of childItems(it)) visit(c);
    };
    visit(r);
    return dedupe(out);
  }

  /** A reverse index of the referrers in `root` (a valid running datastore). */
  buildIndex(root: DNode): RefIndex {
    const idx = new RefIndex();
    const visit = (it: Item) => {
      if (typeof it.n === 'string') {
        const d = this.deps.deps.get(it.s);
        if (d) for (const k of d.keyed) idx.add(k.target, it.n, refId(it));
        return;
      }
      for (const c of childItems(it)) visit(c);
    };
    visit(rootItem(root));
    return idx;
  }

  /**
   * `next` against `prev`, which is valid and indexed by `index`; `diffs`: the list differences,
   * shared with the device rules of the same check.
   */
  incremental(prev: DNode, next: DNode, index: RefIndex, diffs = new ListDiffs()): IncrementalResult {
    const out: YangError[] = [];
    const root = rootItem(next);
    const adds = new Ops();
    const removes = new Ops();
    const changes: [SNode, string, Change][] = [];
    const changedLists = new Set<SNode>();

    const keyedOf = this.keyedOf;
    const visits = this.visits;
    const constrained = this.checker.constrained;
    /** Index entries of value `v` of leaf / leaf-list `s` in a node whose entryKeys are `keys`. */
    const indexLeaf = (s: SNode, v: string, keys: string, list: Ops) => {
      const targets = keyedOf[s.uid];
      if (targets) for (const t of targets) list.push(t, v, refIdIn(s, v, keys));
    };
    /**
     * Everything under a new or removed subtree, into the index lists and the entry changes; `keys`:
     * the entryKeys of its parent.
     */
    /** A leaf or leaf-list value `v` of `s` under `up`, new or removed: indexed, checked if `check`. */
    const leafValue = (s: SNode, v: string, up: Item, list: Ops, check: boolean, keys: string) => {
      indexLeaf(s, v, keys, list);
      // no Item for a value with nothing to check (exprs would return at once: ~6 000 a commit)
      if (check && constrained[s.uid] === 1) this.checker.exprs({ n: v, s, up }, root, out);
    };
    const subtree = (it: Item, list: Ops, change: Change, check: boolean, keys: string) => {
      if (typeof it.n === 'string') {
        leafValue(it.s, it.n, it.up!, list, check, keys);
        return;
      }
      if (check) {
        this.checker.exprs(it, root, out);
        this.checker.structure(it, root, out);
      }
      const d = it.n;
      if (it.s.kind === 'list') {
        this.entryChanged(it, change, changes, changedLists);
        keys = entryKeysBelow(keys, it.s, d);
      }
      // the children as childItems lists them, without the array (every node of every new subscriber)
      for (let i = 0; i < d.k.length; i++) {
        const s = d.k[i];
        if (visits[s.uid] === 0) continue;
        const v = d.v[i];
        // a leaf or leaf-list value here without an Item for it (~21 000 values a commit)
        if (typeof v === 'string') leafValue(s, v, it, list, check, keys);
        else if (v instanceof DNode) subtree({ n: v, s, up: it }, list, change, check, keys);
        else if (Array.isArray(v)) for (let j = 0; j < v.length; j++) leafValue(s, v[j], it, list, check, keys);
        else if (v.only) subtree({ n: v.only, s, up: it }, list, change, check, keys);
        else {
          const vss = v.valueArrays();
          for (let a = 0; a < vss.length; a++) {
            const vs = vss[a];
            for (let j = 0; j < vs.length; j++) subtree({ n: vs[j], s, up: it }, list, change, check, keys);
          }
        }
      }
    };
    const removed = (parent: Item, s: SNode, v: Val, keys: string) => {
      const items: Item[] = [];
      if (typeof v === 'string') items.push({ n: v, s, up: parent });
      else if (Array.isArray(v)) for (const x of v) items.push({ n: x, s, up: parent });
      else if (v instanceof DList) for (const e of v.values()) items.push({ n: e, s, up: parent });
      else items.push({ n: v, s, up: parent });
      for (const x of items) subtree(x, removes, 'deleted', false, keys);
    };

    /** `it` (entryKeys `keys`) against its version `old` in prev. */
    const walk = (old: DNode, it: Item, keys: string) => {
      const d = it.n as DNode;
      if (it.s.kind !== 'root') this.checker.exprs(it, root, out);
      this.checker.structure(it, root, out);
      // constraints below that read into this node through a child that changed (deps.ts)
      const anchored = this.deps.anchored.get(it.s);
      if (anchored) {
        const seen = new Set<SNode>();
        for (const { x, via } of anchored) {
          if (seen.has(x) || (via && d.get(via) === old.get(via))) continue;
          seen.add(x);
          for (const inst of below(it, x)) this.checker.exprs(inst, root, out);
        }
      }
      for (let i = 0; i < d.k.length; i++) {
        const c = d.k[i];
        const nv = d.v[i];
        const ov = old.get(c);
        if (nv === ov) continue;
        if (typeof nv === 'string') {
          const x: Item = { n: nv, s: c, up: it };
          this.checker.exprs(x, root, out);
          indexLeaf(c, nv, keys, adds);
          if (ov !== undefined) indexLeaf(c, ov as string, keys, removes);
        } else if (Array.isArray(nv)) {
          const was = (ov as string[] | undefined) ?? [];
          for (const v of nv) {
            const x: Item = { n: v, s: c, up: it };
            this.checker.exprs(x, root, out);
            if (!was.includes(v)) indexLeaf(c, v, keys, adds);
          }
          for (const v of was) if (!nv.includes(v)) indexLeaf(c, v, keys, removes);
        } else if (nv instanceof DList) {
          const was = ov as DList | undefined;
          const ch = diffs.of(nv, was);
          for (let j = 0; j < ch.length; j++) {
            const e = ch[j][1];
            const oe = ch[j][2];
            if (!e) {
              removed(it, c, oe!, keys);
              continue;
            }
            const x: Item = { n: e, s: c, up: it };
            if (!oe) subtree(x, adds, 'created', true, keys);
            else {
              this.entryChanged(x, 'modified', changes, changedLists);
              walk(oe, x, entryKeysBelow(keys, c, e));
            }
          }
        } else {
          const x: Item = { n: nv, s: c, up: it };
          if (ov instanceof DNode) walk(ov, x, keys);
          else subtree(x, adds, 'created', true, keys);
        }
      }
      for (let i = 0; i < old.k.length; i++) if (d.get(old.k[i]) === undefined) removed(it, old.k[i], old.v[i], keys);
    };
    if (prev !== next) walk(prev, root, '');

    // referrers of entries that were created, changed or deleted (RFC 7950 §9.9 require-instance, musts)
    for (let i = 0; i < changes.length; i++) {
      const [target, key, change] = changes[i];
      // most entries a commit creates are named by nothing in running yet: no referrers to look at
      if (!index.has(target, key)) continue;
      for (const id of index.get(target, key)) {
        const ref = resolveRef(this.schema, next, id);
        if (!ref || ref.n !== key) continue;
        const keyed = this.deps.deps.get(ref.s)?.keyed ?? [];
        if (change === 'modified' && !keyed.some((k) => k.target === target && k.content)) continue;
        this.checker.exprs(ref, root, out);
      }
    }
    for (const list of changedLists)
      for (const reader of this.deps.globalReaders.get(list) ?? [])
        for (const inst of below(root, reader)) this.checker.exprs(inst, root, out);

    return {
      errors: dedupe(out),
      commitIndex: () => {
        for (let i = 0; i < removes.ids.length; i++) index.remove(removes.targets[i], removes.keys[i], removes.ids[i]);
        for (let i = 0; i < adds.ids.length; i++) index.add(adds.targets[i], adds.keys[i], adds.ids[i]);
      },
    };
  }

  private entryChanged(it: Item, change: Change, changes: [SNode, string, Change][], lists: Set<SNode>): void {
    const s = it.s;
    if (this.watched[s.uid] === 0) return;
    if (this.deps.referrers.has(s)) changes.push([s, entryKey(s, it.n as DNode), change]);
    if (this.deps.globalReaders.has(s)) lists.add(s);
  }
}

/** Instances of schema node `x` under item `it` (x a descendant of it.s). */
export function below(it: Item, x: SNode): Item[] {
  const path: SNode[] = [];
  for (let s: SNode | undefined = x; s && s !== it.s; s = s.dataParent) path.unshift(s);
  let set: Item[] = [it];
  for (const s of path) {
    const next: Item[] = [];
    for (const p of set) {
      if (typeof p.n === 'string') continue;
      const v = p.n.get(s);
      if (v === undefined) continue;
      if (typeof v === 'string') next.push({ n: v, s, up: p });
      else if (Array.isArray(v)) for (const e of v) next.push({ n: e, s, up: p });
      else if (v instanceof DList) for (const vs of v.valueArrays()) for (const e of vs) next.push({ n: e, s, up: p });
      else next.push({ n: v, s, up: p });
    }
    set = next;
  }
  return set;
}

function dedupe(errors: YangError[]): YangError[] {
  const seen = new Set<string>();
  return errors.filter((e) => {
    const k = `${e.path}\u0000${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export { chain };

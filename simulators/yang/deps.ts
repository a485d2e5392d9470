/**
 * What each constraint of the schema reads, found once from its XPath (RFC 7950 §6.4.1), so that a
 * commit re-checks only what a change can affect (docs/bbf-mapping.md §9.1, §10):
 *
 * - local: a relative path climbs `ups` levels above the node; the constraint depends only on the
 *   subtree of that ancestor (its *anchor*) and is re-checked when the anchor changes;
 * - keyed: `/…/list[key = current()]` or a leafref `/…/list/key` depends on the one list entry its
 *   own value names; a reverse index (target entry → referrers) finds them when that entry changes;
 * - global: any other absolute path; re-checked on every instance when its list changes.
 */
import type { Schema, SMust, SNode, SType } from './schema.ts';
import type { Expr } from './xpath-parse.ts';
import { leafReadOf, type LeafRead } from './when-reads.ts';

/**
 * A when governing a data node: the expression, whether its context node is the node itself, and
 * the one leaf whose value decides it when there is one (when-reads.ts), found with the list.
 */
export interface NodeWhen {
  w: SMust;
  self: boolean;
  lr: LeafRead | undefined;
}

export interface NodeDeps {
  /** Local reads: the ancestor `ups` levels above the node, and the child of it the path descends into. */
  reads: { ups: number; via?: SNode }[];
  /** Lists whose entry named by the node's own value it reads: leafref (existence) or must (content). */
  keyed: { target: SNode; content: boolean }[];
  /** Lists it reads through other absolute paths. */
  global: SNode[];
}

/** A relative read from an expression's context node: `up` levels up, then into child `via`. */
interface Read {
  up: number;
  via?: { prefix?: string; name: string };
}

export class DependencyMap {
  readonly deps = new Map<SNode, NodeDeps>();
  /**
   * anchor schema node → the nodes whose constraints read below it (through `via`, or anything when
   * undefined): when an instance of the anchor differs, those are re-checked.
   */
  readonly anchored = new Map<SNode, { x: SNode; via?: SNode }[]>();
  /** target list → nodes with a keyed dependency on it. */
  readonly referrers = new Map<SNode, SNode[]>();
  /** list → nodes with a global dependency on it. */
  readonly globalReaders = new Map<SNode, SNode[]>();

  constructor(private readonly schema: Schema) {
    for (const s of schema.all) {
      if (!s.config || !s.isData) continue;
      const d: NodeDeps = { reads: [], keyed: [], global: [] };
      const add = (reads: Read[], from: SNode, extra: number) => {
        for (const r of reads) {
          let a: SNode = from;
          for (let i = 0; i < r.up && a.kind !== 'root'; i++) a = a.dataParent!;
          const ups = r.up + extra;
          if (ups === 0) continue; // the node itself: re-checked whenever it differs
          const via = r.via ? a.byName.get(`${r.via.prefix}:${r.via.name}`) : undefined;
          d.reads.push({ ups, via });
        }
      };
      const own = s.kind === 'leaf' || s.kind === 'leaf-list';
      for (const w of whensOf(s)) {
        if (w.self) add(this.analyse(w.w.expr, d, false), s, 0);
        else add(this.analyse(w.w.expr, d, false), s.dataParent!, 1);
      }
      for (const m of s.musts) add(this.analyse(m.expr, d, own), s, 0);
      const lr = leafrefOf(s.type);
      if (lr?.path) {
        const target = this.leafrefTarget(lr.path);
        if (target) d.keyed.push({ target, content: false });
        else add(this.analyse(lr.path, d, false), s, 0);
      }
      if (!whensOf(s).length && !s.musts.length && !lr) continue;
      this.deps.set(s, d);
      for (const r of d.reads) {
        let a: SNode = s;
        for (let i = 0; i < r.ups && a.kind !== 'root'; i++) a = a.dataParent!;
        const list = this.anchored.get(a) ?? [];
        if (!list.some((e) => e.x === s && e.via === r.via)) list.push({ x: s, via: r.via });
        this.anchored.set(a, list);
      }
      for (const k of d.keyed) push(this.referrers, k.target, s);
      for (const g of d.global) push(this.globalReaders, g, s);
    }
  }

  /**
   * The relative reads of an expression (from its context node), collecting on the way the lists
   * its absolute paths read. `keyable`: `current()` is the node's own value (a must on a leaf).
   */
  private analyse(e: Expr, d: NodeDeps, keyable: boolean): Read[] {
    const reads: Read[] = [];
    const visit = (x: Expr, depth: number): void => {
      switch (x.t) {
        case 'path': {
          // a path from current() starts at the context node, wherever it is written
          const fromCurrent = x.base?.t === 'fn' && x.base.name === 'current';
          if (x.base && !fromCurrent) visit(x.base, depth);
          if (x.abs) {
            this.absolute(x, d, keyable);
            for (const st of x.steps) for (const p of st.preds) visit(p, Infinity);
            return;
          }
          let dd = fromCurrent ? 0 : depth;
          let min = dd;
          let via: Read['via'];
          let climbedAgain = false;
          for (const st of x.steps) {
            if (st.axis === 'parent') {
              dd--;
              if (via) climbedAgain = true;
            } else if (st.axis === 'ancestor' || st.axis === 'ancestor-or-self') {
              dd = -Infinity;
              climbedAgain = true;
            } else if (st.axis === 'child') {
              if (dd === min && !via && st.test.kind === 'name') via = { prefix: st.test.prefix, name: st.test.name };
              else if (dd === min && !via) climbedAgain = true;
              dd++;
            } else if (st.axis !== 'self') climbedAgain = true;
            if (dd < min) min = dd;
            for (const p of st.preds) visit(p, dd);
          }
          if (min < 0 || (min === 0 && via))
            reads.push({ up: min === -Infinity ? 64 : -min, via: climbedAgain ? undefined : via });
          return;
        }
        case 'fn':
          x.args.forEach((a) => visit(a, depth));
          return;
        case 'lit':
        case 'num':
          return;
        case 'neg':
          visit(x.a, depth);
          return;
        default:
          visit(x.a, depth);
          visit(x.b, depth);
      }
    };
    visit(e, 0);
    return reads;
  }

  /** An absolute path: keyed on current() at its first list step, or global on that list. */
  private absolute(x: Extract<Expr, { t: 'path' }>, d: NodeDeps, keyable: boolean): void {
    let s: SNode | undefined = this.schema.root;
    for (const st of x.steps) {
      if (st.axis !== 'child' || st.test.kind !== 'name') return;
      s = s.byName.get(`${st.test.prefix}:${st.test.name}`);
      if (!s) return;
      if (s.kind === 'list') {
        const p = st.preds[0];
        const keyedOnCurrent =
          keyable &&
          s.keys.length === 1 &&
          p?.t === 'cmp' &&
          p.op === '=' &&
          isStep(p.a, s.keys[0]) &&
          p.b.t === 'fn' &&
          p.b.name === 'current' &&
          !p.b.args.length;
        if (keyedOnCurrent) {
          if (!d.keyed.some((k) => k.target === s && k.content)) d.keyed.push({ target: s, content: true });
        } else if (!d.global.includes(s)) d.global.push(s);
        return;
      }
    }
  }

  /** `/…/list/key` of a single-key list, with no predicates: the list. */
  private leafrefTarget(e: Expr): SNode | undefined {
    if (e.t !== 'path' || !e.abs || e.base) return undefined;
    let s: SNode | undefined = this.schema.root;
    let list: SNode | undefined;
    for (const st of e.steps) {
      if (st.axis !== 'child' || st.test.kind !== 'name' || st.preds.length) return undefined;
      const next: SNode | undefined = s.byName.get(`${st.test.prefix}:${st.test.name}`);
      if (!next) return undefined;
      if (list && list !== s) return undefined; // something below the list other than its key
      if (next.kind === 'list') list = next;
      s = next;
    }
    return list && list.keys.length === 1 && list.keys[0] === s ? list : undefined;
  }
}

function isStep(e: Expr, key: SNode): boolean {
  return (
    e.t === 'path' &&
    !e.abs &&
    !e.base &&
    e.steps.length === 1 &&
    e.steps[0].axis === 'child' &&
    e.steps[0].test.kind === 'name' &&
    e.steps[0].test.name === key.name &&
    e.steps[0].test.prefix === key.module
  );
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

/**
 * The `when`s that govern a data node (RFC 7950 §7.21.5): its own (`self`: the context node is the
 * node itself), the one of the augment or uses that brought it, and those of the choice/case nodes
 * between it and its data parent — these three take the data parent as context node.
 */
export function whensOf(s: SNode): readonly NodeWhen[] {
  let out = whens.get(s);
  if (!out) whens.set(s, (out = collectWhens(s)));
  return out;
}

/** whensOf per schema node (the schema never changes: asked for every data node a check visits). */
const whens = new Map<SNode, NodeWhen[]>();

function collectWhens(s: SNode): NodeWhen[] {
  const out: NodeWhen[] = [];
  const add = (w: SMust, self: boolean) => out.push({ w, self, lr: leafReadOf(w) });
  if (s.when) add(s.when, true);
  if (s.whenUp) add(s.whenUp, false);
  for (let p = s.parent; p && !p.isData; p = p.parent) {
    if (p.when) add(p.when, false);
    if (p.whenUp) add(p.whenUp, false);
  }
  return out;
}

/** The leafref inside a type (directly; unions of leafrefs are not used by this set). */
export function leafrefOf(t: SType | undefined): SType | undefined {
  return t?.b === 'leafref' ? t : undefined;
}

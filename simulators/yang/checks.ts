/**
 * The YANG constraints of one data node (RFC 7950): its `when`s (§7.21.5), `must`s (§7.5.3), leafref
 * existence (§9.9, require-instance) — and, for a container or list entry, what its children must
 * satisfy: mandatory leaves and choices (§7.6.5, §7.9.4, through non-presence containers §3),
 * min/max-elements (§7.7.5, §7.7.6) and unique (§7.8.3). Errors carry the RFC 7950 §15 tags.
 */
import { DList, DNode, pathOf, pushChildItems, rootItem, schemaPathOf, type Item } from './data.ts';
import type { Schema, SMust, SNode } from './schema.ts';
import { downward, valueOnly } from './when-reads.ts';
import { evaluate, stringValue, type XContext } from './xpath-eval.ts';
import { compileBool, type BoolTest } from './xpath-compile.ts';
import { caseAllowsDefaults } from './cases.ts';
import { ChildPlans } from './child-plans.ts';
import { leafrefOf, whensOf, type DependencyMap, type NodeWhen } from './deps.ts';
import { APP_TAG, type YangError } from './errors.ts';
import { PlanWhens } from './plan-whens.ts';

/**
 * Each when/must compiled once, when first evaluated (xpath-compile.ts). Kept here, not on the schema
 * node, so that schema.ts does not import the compiler that imports it (no import cycle).
 */
const compiled = new WeakMap<SMust, BoolTest>();

/** What each when reads (when-reads.ts), by expression, found when first asked. */
const downwardMemo = new WeakMap<SMust, boolean>();
function isDownward(m: SMust): boolean {
  let r = downwardMemo.get(m);
  if (r === undefined) downwardMemo.set(m, (r = downward(m.expr)));
  return r;
}
/** Musts whose answer is one per (tree, value) (when-reads.ts valueOnly), by expression. */
const valueOnlyMemo = new WeakMap<SMust, boolean>();
function isValueOnly(m: SMust): boolean {
  let r = valueOnlyMemo.get(m);
  if (r === undefined) valueOnlyMemo.set(m, (r = valueOnly(m.expr)));
  return r;
}

export class Checker {
  /**
   * The results of whens that read only below their context node, by node and source text, for the
   * tree `whenRoot` (see whenHolds); a new map for another tree.
   */
  private whenMemo = new Map<string, Map<DNode, boolean>>();
  private whenRoot: DNode | undefined;
  /** The answers of value-only musts on values of the tree `mustRoot`, by must and value. */
  private mustMemo = new Map<SMust, Map<string, boolean>>();
  private mustRoot: DNode | undefined;
  private readonly empties = new Map<SNode, DNode>();
  /** What the children constraints of a node of each shape leave to check (child-plans.ts). */
  private readonly plans = new ChildPlans();
  /** Per schema node (by uid): has it a when, must or leafref (most data nodes have none)? */
  readonly constrained: Uint8Array;
  /**
   * Per schema node (by uid): 1 if no child of it has anything for `within` to check, whatever the
   * node holds — no plan to look up (a T-CONT, a GEM port, a sub-interface's lower layer: ~10 000
   * nodes of a commit of 256 subscribers).
   */
  private readonly flat: Uint8Array;
  /**
   * whensOf per schema node (by uid): read for every data node a check visits and every absent child
   * its plan names (tens of thousands a commit of 256 subscribers): an array slot, not a map lookup.
   */
  private readonly whens: (readonly NodeWhen[])[];
  /** The whens of a plan's absent nodes decided at once by one leaf's value (plan-whens.ts). */
  private readonly planWhens: PlanWhens;
  /** The list a leafref of the form `/…/list/key` names, per schema node (by uid), if it has one. */
  private readonly leafrefList: (SNode | undefined)[];
  /** listAt of the tree `listsRoot`, by target list (a commit looks ~15 000 values up in a few lists). */
  private lists = new Map<SNode, DList | undefined>();
  private listsRoot: DNode | undefined;
  private readonly ctx: EvalContext;

  constructor(
    readonly schema: Schema,
    readonly deps: DependencyMap,
  ) {
    const none = rootItem(new DNode(schema.root));
    this.ctx = new EvalContext(this, none, none);
    this.constrained = new Uint8Array(schema.all.length);
    this.leafrefList = new Array<SNode | undefined>(schema.all.length);
    this.flat = new Uint8Array(schema.all.length);
    this.whens = schema.all.map((s) => whensOf(s));
    this.planWhens = new PlanWhens(schema, this.whens);
    for (const s of schema.all) {
      if (!s.isInner || !this.plans.relevantChildren(s).length) this.flat[s.uid] = 1;
      if (this.whens[s.uid].length || s.musts.length || leafrefOf(s.type)) this.constrained[s.uid] = 1;
      this.leafrefList[s.uid] = deps.deps.get(s)?.keyed.find((k) => !k.content)?.target;
    }
  }

  context = (root: Item, current: Item): XContext => new EvalContext(this, root, current);

  /** Whether a default leaf / implicit container `s` exists under `parent` (its case and whens). */
  implicitAllowed(parent: Item, s: SNode, root: Item): boolean {
    return typeof parent.n !== 'string' && caseAllowsDefaults(parent.n, s) && this.whensHold(s, parent, root);
  }

  /** Whether every when governing `s` holds with `parent` its data parent. */
  whensHold(s: SNode, parent: Item, root: Item): boolean {
    const ws = this.whens[s.uid];
    for (let i = 0; i < ws.length; i++) if (!this.whenHolds(ws[i], s, parent, root)) return false;
    return true;
  }

  /**
   * A when on the node itself sees a dummy of the node (no value, no children); the others its parent.
   * Most BBF whens test one leaf, the interface's type (`derived-from-or-self(if:type, …)`, from an
   * augment or uses, RFC 7950 §7.17, §7.13): a when whose answer is a function of one present leaf's
   * value (when-reads.ts leafRead) is evaluated once per value, not once per interface and child.
   */
  private whenHolds(w: NodeWhen, s: SNode, parent: Item, root: Item): boolean {
    const lr = w.lr;
    if (lr && (lr.ups > 0 || !w.self)) {
      // the value of the one leaf it reads decides it: once per (expression, leaf, value)
      let x: Item | undefined = parent;
      for (let i = w.self ? 1 : 0; i < lr.ups && x; i++) x = x.up;
      const d = x?.n;
      const leaf = d !== undefined && typeof d !== 'string' ? lr.leafOf(x!.s) : undefined;
      const v = leaf && (d as DNode).get(leaf);
      if (typeof v === 'string') {
        const answers = lr.answers(leaf!);
        let r = answers.get(v);
        if (r === undefined) answers.set(v, (r = this.whenAt(w, s, parent, root)));
        return r;
      }
    }
    return this.whenAt(w, s, parent, root);
  }

  /**
   * A when evaluated. One that reads only below its context node gives one answer per node of one
   * tree (nodes are immutable and each is at one place in a tree): remembered per node. An empty
   * node may be a shared dummy (at several places): not remembered.
   */
  private whenAt(w: NodeWhen, s: SNode, parent: Item, root: Item): boolean {
    if (w.self) return this.test(w.w, { n: s.isInner ? this.empty(s) : '', s, up: parent }, root);
    const d = parent.n;
    if (typeof d === 'string' || !d.k.length || !isDownward(w.w)) return this.test(w.w, parent, root);
    if (root.n !== this.whenRoot) {
      this.whenRoot = root.n as DNode;
      this.whenMemo = new Map();
    }
    // by text, then node: a few dozen texts, and no map (nor weak entry for the GC) per node
    let byNode = this.whenMemo.get(w.w.src);
    if (!byNode) this.whenMemo.set(w.w.src, (byNode = new Map()));
    let r = byNode.get(d);
    if (r === undefined) byNode.set(d, (r = this.test(w.w, parent, root)));
    return r;
  }

  /**
   * A when or must at `at`, in the one context this checker reuses (a commit evaluates ~80 000 of
   * them): a default's when, evaluated inside another expression, sets it for its own time and puts
   * back the outer expression's root and current() (RFC 7950 §6.4.1) when it is done.
   */
  private test(m: SMust, at: Item, root: Item): boolean {
    const c = this.ctx;
    const r = c.root;
    const cur = c.current;
    c.root = root;
    c.current = at;
    try {
      let t = compiled.get(m);
      if (!t) compiled.set(m, (t = compileBool(m.expr)));
      return t(at, c);
    } finally {
      c.root = r;
      c.current = cur;
    }
  }

  /**
   * A must at `it`. One on a value that reads only the value and the tree (isValueOnly) is evaluated
   * once per (must, value) in one tree: nodes are immutable, so one tree gives one answer.
   */
  private mustHolds(m: SMust, it: Item, root: Item): boolean {
    const v = it.n;
    if (typeof v !== 'string' || !isValueOnly(m)) return this.test(m, it, root);
    if (root.n !== this.mustRoot) {
      this.mustRoot = root.n as DNode;
      this.mustMemo = new Map();
    }
    let byValue = this.mustMemo.get(m);
    if (!byValue) this.mustMemo.set(m, (byValue = new Map()));
    let r = byValue.get(v);
    if (r === undefined) byValue.set(v, (r = this.test(m, it, root)));
    return r;
  }

  /** An inner node with no children, shared: what a when on it sees of it, an implicit container (read only). */
  private empty(s: SNode): DNode {
    let d = this.empties.get(s);
    if (!d) this.empties.set(s, (d = new DNode(s)));
    return d;
  }

  /** when / must / leafref of one node (an inner node, or a leaf / leaf-list value). */
  exprs(it: Item, root: Item, out: YangError[]): void {
    const s = it.s;
    if (this.constrained[s.uid] === 0) return;
    const parent = it.up!;
    const ws = this.whens[s.uid];
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i];
      if (!this.whenHolds(w, s, parent, root)) {
        out.push({
          type: 'application',
          tag: 'operation-failed',
          path: pathOf(it),
          libyangPath: pathOf(it, 'libyang'),
          message: `When condition "${w.w.src}" not satisfied.`,
        });
        return; // the node may not exist: its other constraints do not matter
      }
    }
    const lr = leafrefOf(s.type);
    if (lr?.requireInstance && typeof it.n === 'string' && !this.leafrefExists(it, root)) {
      out.push({
        type: 'application',
        tag: 'data-missing',
        appTag: APP_TAG.instanceRequired,
        path: pathOf(it),
        libyangPath: pathOf(it, 'libyang'),
        message: `Invalid leafref value "${it.n}" - no target instance "${lr.pathSrc}" with the same value.`,
      });
    }
    for (let i = 0; i < s.musts.length; i++) {
      const m = s.musts[i];
      if (this.mustHolds(m, it, root)) continue;
      out.push({
        type: 'application',
        tag: 'operation-failed',
        appTag: m.tag ?? APP_TAG.must,
        path: pathOf(it),
        libyangPath: pathOf(it, 'libyang'),
        message: m.msg ?? `Must condition "${m.src}" not satisfied.`,
      });
    }
  }

  private leafrefExists(it: Item, root: Item): boolean {
    const value = it.n as string;
    const target = this.leafrefList[it.s.uid];
    if (target) {
      if (root.n !== this.listsRoot) {
        this.listsRoot = root.n as DNode;
        this.lists = new Map();
      }
      let l = this.lists.get(target);
      if (l === undefined && !this.lists.has(target)) this.lists.set(target, (l = listAt(root.n as DNode, target)));
      return l?.has(value) ?? false;
    }
    // any other path: evaluated in the one context this checker reuses, as `test` does
    const lr = leafrefOf(it.s.type)!;
    const c = this.ctx;
    const r = c.root;
    const cur = c.current;
    c.root = root;
    c.current = it;
    let hits;
    try {
      hits = evaluate(lr.path!, it, c);
    } finally {
      c.root = r;
      c.current = cur;
    }
    if (!Array.isArray(hits)) return false;
    for (let i = 0; i < hits.length; i++) if (stringValue(hits[i]) === value) return true;
    return false;
  }

  /** Whether exprs or structure can find anything at a node of `s` (a constraint, a child to check). */
  checks(s: SNode): boolean {
    return this.constrained[s.uid] === 1 || (s.isInner && this.plans.relevantChildren(s).length > 0);
  }

  /** The children constraints of an inner node (present data only; present containers check themselves). */
  structure(it: Item, root: Item, out: YangError[]): void {
    this.within(it.n as DNode, it, root, out);
  }

  /**
   * What the children of `d` must satisfy, in schema order: only the children its shape leaves to
   * check (child-plans.ts) — an absent mandatory node or choice with no case, a list, an absent
   * non-presence container — each as `within` checked it child by child.
   */
  private within(d: DNode, it: Item, root: Item, out: YangError[]): void {
    if (this.flat[d.s.uid] === 1) return;
    const plan = this.plans.of(d);
    const held = this.planWhens.held(plan, d, it, root, this);
    for (let i = 0; i < plan.length; i++) {
      const c = plan[i];
      switch (c.kind) {
        case 'choice': {
          // no case of it has data (the plan inlines the children of an active case)
          if (held ? held[i] === 1 : this.whensHold(c, it, root)) {
            out.push({
              type: 'application',
              tag: 'data-missing',
              appTag: APP_TAG.missingChoice,
              path: pathOf(it, 'qualified', c),
              libyangPath: schemaPathOf(c),
              message: `Missing mandatory choice "${c.name}".`,
              info: { 'missing-choice': c.name },
            });
          }
          break;
        }
        case 'leaf':
        case 'anydata':
        case 'anyxml':
          // mandatory and absent
          if (held ? held[i] === 1 : this.whensHold(c, it, root))
            out.push({
              type: 'application',
              tag: 'data-missing',
              path: pathOf(it, 'qualified', c),
              libyangPath: schemaPathOf(c),
              message: `Mandatory node "${c.name}" instance does not exist.`,
              info: { 'bad-element': c.name },
            });
          break;
        case 'leaf-list':
        case 'list': {
          const v = d.get(c);
          const n = v === undefined ? 0 : v instanceof DList ? v.size : (v as string[]).length;
          if (n === 0 && !(c.minElements > 0 && this.whensHold(c, it, root))) break;
          if (n < c.minElements)
            out.push(this.cardinality(it, c, APP_TAG.tooFew, `Too few "${c.name}" instances.`));
          if (n > c.maxElements) {
            // libyang points at the first instance beyond the limit
            const extra: Item[] = [];
            pushChildItems(it, c, v!, extra);
            const e = this.cardinality(it, c, APP_TAG.tooMany, `Too many "${c.name}" instances.`);
            out.push({ ...e, path: pathOf(extra[c.maxElements]), libyangPath: pathOf(extra[c.maxElements], 'libyang') });
          }
          if (v instanceof DList && c.gen?.uq) this.unique(v, c, it, out);
          break;
        }
        case 'container':
          // absent, non-presence, with children that can fail empty
          if (held ? held[i] === 1 : this.whensHold(c, it, root)) {
            const implicit: Item = { n: this.empty(c), s: c, up: it, implicit: true };
            this.within(implicit.n as DNode, implicit, root, out);
          }
          break;
      }
    }
  }

  private cardinality(it: Item, c: SNode, appTag: string, message: string): YangError {
    return {
      type: 'application',
      tag: 'operation-failed',
      appTag,
      path: pathOf(it, 'qualified', c),
      libyangPath: schemaPathOf(c),
      message,
    };
  }

  private unique(list: DList, c: SNode, it: Item, out: YangError[]): void {
    for (const stmt of c.gen!.uq!) {
      const paths = stmt.map((p) => p.split('/'));
      const seen = new Map<string, DNode>();
      for (const e of list.values()) {
        const vals: string[] = [];
        for (const p of paths) {
          const v = valueAt(e, p);
          if (v === undefined) break;
          vals.push(v);
        }
        if (vals.length < paths.length) continue;
        const k = vals.join('\u0000');
        const first = seen.get(k);
        if (!first) {
          seen.set(k, e);
          continue;
        }
        const a: Item = { n: first, s: c, up: it };
        const b: Item = { n: e, s: c, up: it };
        out.push({
          type: 'application',
          tag: 'operation-failed',
          appTag: APP_TAG.notUnique,
          path: pathOf(b),
          libyangPath: pathOf(b, 'libyang'),
          message: `Unique data leaf(s) "${stmt.join(' ')}" not satisfied in "${pathOf(a, 'libyang')}" and "${pathOf(b, 'libyang')}".`,
          info: Object.fromEntries(stmt.map((p, i) => [`non-unique-${i}`, `${pathOf(b)}/${p}`])),
        });
      }
    }
  }
}

class EvalContext implements XContext {
  readonly schema: Schema;
  constructor(
    private readonly checker: Checker,
    public root: Item,
    public current: Item,
  ) {
    this.schema = checker.schema;
  }
  implicitAllowed(parent: Item, s: SNode): boolean {
    return this.checker.implicitAllowed(parent, s, this.root);
  }
}

/** The value of the leaf at `path` (`module:name` steps through containers) in a list entry. */
function valueAt(e: DNode, path: string[]): string | undefined {
  let d: DNode = e;
  for (let i = 0; i < path.length; i++) {
    const s = d.s.byName.get(path[i]);
    if (!s) return undefined;
    const v = d.get(s);
    if (i === path.length - 1) return typeof v === 'string' ? v : (s.dflt as string | undefined);
    if (!(v instanceof DNode)) return undefined;
    d = v;
  }
  return undefined;
}

/** The list `target` in the tree, reached through containers only; undefined if absent. */
export function listAt(root: DNode, target: SNode): DList | undefined {
  const chainS: SNode[] = [];
  for (let x: SNode | undefined = target; x && x.kind !== 'root'; x = x.dataParent) chainS.unshift(x);
  let d: DNode = root;
  for (const s of chainS) {
    const v = d.get(s);
    if (s === target) return v instanceof DList ? v : undefined;
    if (!(v instanceof DNode)) return undefined;
    d = v;
  }
  return undefined;
}

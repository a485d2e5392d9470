/**
 * `when` and `must` expressions (RFC 7950 §7.21.5, §7.5.3) compiled once into boolean tests for the
 * shapes the BBF modules write again and again — `derived-from-or-self(../if:type, 'x')`,
 * `../enable = 'true'`, `count(../tag[index = 0]) > 0`, `not(…)`, and/or of those. A commit of 256
 * subscribers evaluates ~80 000 of them, each on a different node; the general evaluator
 * (xpath-eval.ts) builds an array and an item per step for what is one child or one parent.
 *
 * Each shape tests a node-set existentially ("some node such that", XPath 1.0 §3.4, §4), so the
 * compiled test walks the path depth-first and stops at the first node that satisfies it, with no
 * node-set: duplicates and order, which the general evaluator removes and keeps, do not change such
 * a result. Whatever else an expression holds, and any step the walk meets that it does not handle
 * (a predicate that is no key lookup), is left to the general evaluator, so both give one answer.
 */
import { DList, DNode, type Item } from './data.ts';
import type { SNode } from './schema.ts';
import type { Expr } from './xpath-parse.ts';
import { evaluate, implicitChild, isKeyStep, numToString, stringValue, toBool, type XContext } from './xpath-eval.ts';

export type BoolTest = (node: Item, ctx: XContext) => boolean;

/** A step of a path the walk handles: `..`, `.`, `name`, or `name[key = literal | current()]`. */
type FStep =
  | { k: 'up' }
  | { k: 'self' }
  | {
      k: 'child';
      q: string;
      pred?: { t: 'cmp'; op: '='; a: Expr; b: Expr };
      /** The child `q` of the schema node the step last started from (a step nearly always starts from one). */
      from?: SNode;
      to?: SNode;
      /**
       * For `to`, the value side of `pred` when it is `key = value` on the list's one key and a value
       * the walk computes (keyValue), else null: found with `to`, not at each of the ~4 000 lookups
       * of a commit.
       */
      kv?: Expr | null;
    };

interface FPath {
  /** Where the path starts: the context node, current() or the root. */
  from: 'node' | 'current' | 'root';
  steps: FStep[];
}

/** A test of one node the path reaches (its value, or the inner node), and its schema node. */
type NodeTest = (n: string | DNode, s: SNode, ctx: XContext) => boolean;

const NONE = 0;
const FOUND = 1;
/** The walk met what it does not handle: the general evaluator decides. */
const GENERAL = 2;
type Walked = typeof NONE | typeof FOUND | typeof GENERAL;

const exists: NodeTest = () => true;

/** The boolean value of `e` (XPath 1.0 §4.3 boolean()), as the general evaluator computes it. */
export function compileBool(e: Expr): BoolTest {
  const general: BoolTest = (node, ctx) => toBool(evaluate(e, node, ctx));
  switch (e.t) {
    case 'or': {
      const a = compileBool(e.a);
      const b = compileBool(e.b);
      return (node, ctx) => a(node, ctx) || b(node, ctx);
    }
    case 'and': {
      const a = compileBool(e.a);
      const b = compileBool(e.b);
      return (node, ctx) => a(node, ctx) && b(node, ctx);
    }
    case 'path': {
      const p = simplePath(e);
      return p ? someNode(p, exists, general) : general;
    }
    case 'fn':
      return compileCall(e, general);
    case 'cmp':
      return compileCompare(e, general);
    default:
      return general;
  }
}

function compileCall(e: Extract<Expr, { t: 'fn' }>, general: BoolTest): BoolTest {
  const [x, y] = e.args;
  switch (e.name) {
    case 'not': {
      if (e.args.length !== 1) return general;
      const a = compileBool(x);
      return (node, ctx) => !a(node, ctx);
    }
    case 'boolean':
      return e.args.length === 1 ? compileBool(x) : general;
    case 'derived-from':
    case 'derived-from-or-self': {
      // RFC 7950 §10.4.1: true if some node of the set is an identity derived from the literal base
      if (e.args.length !== 2 || y.t !== 'lit') return general;
      const p = simplePath(x);
      if (!p) return general;
      const base = y.v;
      const orSelf = e.name === 'derived-from-or-self';
      return someNode(p, (n, s, ctx) => ctx.schema.derivesFrom(valueOf(n, s), base, orSelf), general);
    }
    default:
      return general;
  }
}

function compileCompare(e: Extract<Expr, { t: 'cmp' }>, general: BoolTest): BoolTest {
  // node-set = / != string: some node whose string value is (not) the string (XPath 1.0 §3.4)
  if (e.op === '=' || e.op === '!=') {
    const [pathSide, lit] = e.b.t === 'lit' ? [e.a, e.b.v] : e.a.t === 'lit' ? [e.b, e.a.v] : [undefined, ''];
    const p = pathSide && simplePath(pathSide);
    if (p) {
      const eq = e.op === '=';
      return someNode(p, (n, s) => (valueOf(n, s) === lit) === eq, general);
    }
  }
  // count(set) > 0, != 0: the set is not empty; count(set) = 0: it is
  if (e.a.t === 'fn' && e.a.name === 'count' && e.a.args.length === 1 && e.b.t === 'num' && e.b.v === 0) {
    const p = simplePath(e.a.args[0]);
    if (p && (e.op === '>' || e.op === '!=')) return someNode(p, exists, general);
    if (p && e.op === '=') {
      const some = someNode(p, exists, general);
      return (node, ctx) => !some(node, ctx);
    }
  }
  return general;
}

/** Whether some node `p` reaches satisfies `test`; the general evaluator where the walk gives up. */
function someNode(p: FPath, test: NodeTest, general: BoolTest): BoolTest {
  return (node, ctx) => {
    const start = p.from === 'node' ? node : p.from === 'current' ? ctx.current : ctx.root;
    const r = walk(p.steps, 0, start, ctx, test);
    return r === GENERAL ? general(node, ctx) : r === FOUND;
  };
}

function simplePath(e: Expr): FPath | undefined {
  if (e.t !== 'path') return undefined;
  let from: FPath['from'] = e.abs ? 'root' : 'node';
  if (e.base) {
    if (e.base.t !== 'fn' || e.base.name !== 'current' || e.base.args.length) return undefined;
    from = 'current';
  }
  const steps: FStep[] = [];
  for (const st of e.steps) {
    const plain = !st.preds.length;
    if (st.axis === 'parent' && st.test.kind === 'node' && plain) steps.push({ k: 'up' });
    else if (st.axis === 'self' && st.test.kind === 'node' && plain) steps.push({ k: 'self' });
    else if (st.axis === 'child' && st.test.kind === 'name' && st.preds.length <= 1) {
      const q = `${st.test.prefix}:${st.test.name}`;
      const p = st.preds[0];
      if (!p) steps.push({ k: 'child', q });
      else if (p.t === 'cmp' && p.op === '=' && (keyValue(p.a) || keyValue(p.b)))
        steps.push({ k: 'child', q, pred: { t: 'cmp', op: '=', a: p.a, b: p.b } });
      else return undefined;
    } else return undefined;
  }
  return { from, steps };
}

/** A key value the walk computes itself: a literal, a number or current(). */
const keyValue = (e: Expr): boolean =>
  e.t === 'lit' || e.t === 'num' || (e.t === 'fn' && e.name === 'current' && !e.args.length);

/** The value side of `[key = value]` on list `s`, if `s` has one key and the walk computes the value itself. */
function keyPredValue(p: { a: Expr; b: Expr }, s: SNode): Expr | null {
  if (s.keys.length !== 1) return null;
  const key = s.keys[0];
  const v = isKeyStep(p.a, key) ? p.b : isKeyStep(p.b, key) ? p.a : undefined;
  return v && keyValue(v) ? v : null;
}

/**
 * Depth-first over the nodes `steps[i…]` reach from `it` (the child steps as xpath-eval.ts
 * `children` takes them: present data, else the default or implicit container), stopping at the
 * first that passes `test`. Only the nodes a later step climbs from become items.
 */
function walk(steps: FStep[], i: number, it: Item, ctx: XContext, test: NodeTest): Walked {
  if (i === steps.length) return test(it.n, it.s, ctx) ? FOUND : NONE;
  const st = steps[i];
  if (st.k === 'up') return it.up ? walk(steps, i + 1, it.up, ctx, test) : NONE;
  if (st.k === 'self') return walk(steps, i + 1, it, ctx, test);
  const d = it.n;
  if (typeof d === 'string') return NONE;
  let s = st.to;
  if (st.from !== it.s) {
    st.from = it.s;
    s = st.to = it.s.byName.get(st.q);
    st.kv = s && st.pred ? keyPredValue(st.pred, s) : null;
  }
  if (!s) return NONE;
  const val = d.get(s);
  const last = i === steps.length - 1;
  if (val === undefined) {
    if (st.pred) return s.kind === 'list' ? NONE : GENERAL;
    const kids: Item[] = [];
    implicitChild(it, s, ctx, kids);
    return walkAll(steps, i + 1, kids, ctx, test);
  }
  if (st.pred) {
    // [key = value] on a one-key list: the map lookup xpath-eval.ts makes (keyLookup)
    const v = st.kv;
    if (!(val instanceof DList) || !v) return GENERAL;
    const k = v.t === 'lit' ? v.v : v.t === 'num' ? numToString(v.v) : stringValue(ctx.current);
    const e = val.get(k);
    if (!e) return NONE;
    return last ? (test(e, s, ctx) ? FOUND : NONE) : walk(steps, i + 1, { n: e, s, up: it }, ctx, test);
  }
  if (typeof val === 'string' || val instanceof DNode) {
    if (last) return test(val, s, ctx) ? FOUND : NONE;
    return walk(steps, i + 1, { n: val, s, up: it }, ctx, test);
  }
  if (Array.isArray(val)) return walkEach(steps, i, val, s, it, ctx, test, NONE);
  let r: Walked = NONE;
  for (const vs of val.valueArrays()) if ((r = walkEach(steps, i, vs, s, it, ctx, test, r)) === FOUND) break;
  return r;
}

/**
 * Step `i` over the instances `ns` of `s` (a leaf-list's values, a chunk of list entries) below `it`,
 * `r` what the instances before found. Not a closure in `walk`: V8 would make walk's context for
 * every call (a closure over its parameters), most of which never reach a list.
 */
function walkEach(
  steps: FStep[],
  i: number,
  ns: readonly (string | DNode)[],
  s: SNode,
  it: Item,
  ctx: XContext,
  test: NodeTest,
  r: Walked,
): Walked {
  const last = i === steps.length - 1;
  for (let j = 0; j < ns.length; j++) {
    const n = ns[j];
    const w = last ? (test(n, s, ctx) ? FOUND : NONE) : walk(steps, i + 1, { n, s, up: it }, ctx, test);
    if (w === FOUND) return FOUND;
    if (w === GENERAL) r = GENERAL;
  }
  return r;
}

function walkAll(steps: FStep[], i: number, items: Item[], ctx: XContext, test: NodeTest): Walked {
  let r: Walked = NONE;
  for (const x of items) {
    const w = walk(steps, i, x, ctx, test);
    if (w === FOUND) return FOUND;
    if (w === GENERAL) r = GENERAL;
  }
  return r;
}

/** The string value of a node the walk reached (XPath 1.0 §5: an inner node's is its text). */
const valueOf = (n: string | DNode, s: SNode): string => (typeof n === 'string' ? n : stringValue({ n, s, up: undefined }));

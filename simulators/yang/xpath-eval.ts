/**
 * XPath 1.0 evaluation over the lab OLT's data tree, with YANG's rules (RFC 7950 §6.4.1): the
 * accessible tree includes default values and non-presence containers (they are "in use"), the
 * context node and `current()` are set per expression, identityref values compare as
 * `module:identity`, and `derived-from[-or-self]()` follow the identity derivation (§10.4). A list
 * step whose predicate compares the key with a context-free value (`[name = current()]`) is a map
 * lookup, so a leafref or must into a 50 000-entry list stays O(1).
 */
import { DList, DNode, pushChildItems, type Item } from './data.ts';
import type { Schema, SNode } from './schema.ts';
import { xsdToJs } from './schema.ts';
import type { Expr, Step } from './xpath-parse.ts';

export type XValue = Item[] | string | number | boolean;

export interface XContext {
  schema: Schema;
  root: Item;
  current: Item;
  /** Decides whether a default leaf / implicit container exists (its `when`, its case). */
  implicitAllowed(parent: Item, s: SNode): boolean;
}

export function evaluate(e: Expr, node: Item, ctx: XContext): XValue {
  switch (e.t) {
    case 'lit':
      return e.v;
    case 'num':
      return e.v;
    case 'or':
      return toBool(evaluate(e.a, node, ctx)) || toBool(evaluate(e.b, node, ctx));
    case 'and':
      return toBool(evaluate(e.a, node, ctx)) && toBool(evaluate(e.b, node, ctx));
    case 'neg':
      return -toNum(evaluate(e.a, node, ctx));
    case 'arith': {
      const a = toNum(evaluate(e.a, node, ctx));
      const b = toNum(evaluate(e.b, node, ctx));
      return e.op === '+' ? a + b : e.op === '-' ? a - b : e.op === '*' ? a * b : e.op === 'div' ? a / b : a % b;
    }
    case 'cmp':
      return compare(e.op, evaluate(e.a, node, ctx), evaluate(e.b, node, ctx));
    case 'union': {
      const a = evaluate(e.a, node, ctx);
      const b = evaluate(e.b, node, ctx);
      if (!Array.isArray(a) || !Array.isArray(b)) throw new Error('union of non-node-sets');
      return dedupe([...a, ...b]);
    }
    case 'fn':
      return call(e.name, e.args, node, ctx);
    case 'path': {
      let set: Item[];
      if (e.base) {
        const b = evaluate(e.base, node, ctx);
        if (!Array.isArray(b)) throw new Error('a path step after a non-node-set');
        set = b;
      } else set = e.abs ? [ctx.root] : [node];
      for (const st of e.steps) set = step(set, st, ctx);
      return set;
    }
  }
}

export const evalBool = (e: Expr, node: Item, ctx: XContext): boolean => toBool(evaluate(e, node, ctx));

function step(set: Item[], st: Step, ctx: XContext): Item[] {
  if (st.axis === 'child') {
    // predicates apply per parent (positions count among one parent's children)
    const out: Item[] = [];
    for (const it of set) {
      if (!st.preds.length) {
        children(it, st, ctx, out);
        continue;
      }
      let kids: Item[] = [];
      for (const p of children(it, st, ctx, kids)) kids = applyPredicate(kids, p, ctx);
      for (const k of kids) out.push(k);
    }
    return out;
  }
  if (st.axis === 'parent' && set.length === 1 && !st.preds.length) {
    // `..` from one node (most relative paths of whens and musts start so)
    const up = set[0].up;
    return up && matches(up, st) ? [up] : [];
  }
  let out: Item[] = [];
  for (const it of set) {
    switch (st.axis) {
      case 'parent':
        if (it.up) out.push(it.up);
        break;
      case 'self':
        out.push(it);
        break;
      case 'ancestor':
      case 'ancestor-or-self':
        for (let x = st.axis === 'ancestor' ? it.up : it; x; x = x.up) out.push(x);
        break;
      case 'descendant':
      case 'descendant-or-self':
        if (st.axis === 'descendant-or-self') out.push(it);
        descendants(it, out);
        break;
    }
  }
  out = out.filter((x) => matches(x, st));
  if (set.length > 1 || st.axis !== 'self') out = dedupe(out);
  for (const p of st.preds) out = applyPredicate(out, p, ctx);
  return out;
}

function matches(it: Item, st: Step): boolean {
  const t = st.test;
  if (t.kind === 'node') return true;
  if (t.kind === 'text') return false;
  if (it.s.kind === 'root') return false;
  if (t.kind === 'any') return !t.prefix || t.prefix === it.s.module;
  return it.s.name === t.name && it.s.module === t.prefix;
}

/** Appends the children a child step selects from one parent to `out`; returns the predicates still to apply. */
function children(it: Item, st: Step, ctx: XContext, out: Item[]): readonly Expr[] {
  const d = it.n;
  if (typeof d === 'string') return NO_PREDS;
  const t = st.test;
  if (t.kind === 'name') {
    const s = it.s.byName.get((t.q ??= `${t.prefix}:${t.name}`));
    if (!s) return NO_PREDS;
    const val = d.get(s);
    if (val === undefined) {
      implicitChild(it, s, ctx, out);
      return st.preds;
    }
    // [key = value]: a map lookup instead of a scan (the first predicate only)
    if (val instanceof DList && st.preds.length) {
      const hit = keyLookup(val, st.preds[0], it, ctx);
      if (hit) {
        for (const e of hit) out.push({ n: e, s, up: it });
        return st.preds.slice(1);
      }
    }
    pushChildItems(it, s, val, out);
    return st.preds;
  }
  if (t.kind === 'node' || t.kind === 'any') {
    for (let i = 0; i < d.k.length; i++) {
      const s = d.k[i];
      if (t.kind === 'any' && t.prefix && s.module !== t.prefix) continue;
      pushChildItems(it, s, d.v[i], out);
    }
  }
  return st.preds;
}

const NO_PREDS: readonly Expr[] = [];

/** A default leaf or an implicit non-presence container (RFC 7950 §7.6.1, §7.5.1). */
export function implicitChild(parent: Item, s: SNode, ctx: XContext, out: Item[]): void {
  if (s.kind === 'leaf' && typeof s.dflt === 'string') {
    if (ctx.implicitAllowed(parent, s)) out.push({ n: s.dflt, s, up: parent, implicit: true });
  } else if (s.kind === 'leaf-list' && Array.isArray(s.dflt)) {
    if (ctx.implicitAllowed(parent, s)) for (const v of s.dflt) out.push({ n: v, s, up: parent, implicit: true });
  } else if (s.kind === 'container' && !s.presence) {
    if (ctx.implicitAllowed(parent, s)) out.push({ n: new DNode(s), s, up: parent, implicit: true });
  }
}

function keyLookup(list: DList, pred: Expr, parent: Item, ctx: XContext): DNode[] | undefined {
  const ls = list.s;
  if (ls.keys.length !== 1 || pred.t !== 'cmp' || pred.op !== '=') return undefined;
  const key = ls.keys[0];
  let valueExpr: Expr | undefined;
  if (isKeyStep(pred.a, key)) valueExpr = pred.b;
  else if (isKeyStep(pred.b, key)) valueExpr = pred.a;
  if (!valueExpr || !contextFree(valueExpr)) return undefined;
  const v = evaluate(valueExpr, parent, ctx);
  const keys = Array.isArray(v) ? v.map(stringValue) : [typeof v === 'number' ? numToString(v) : toStr(v)];
  const out: DNode[] = [];
  for (const k of keys) {
    const e = list.get(k);
    if (e && !out.includes(e)) out.push(e);
  }
  return out;
}

export function isKeyStep(e: Expr, key: SNode): boolean {
  if (e.t !== 'path' || e.abs || e.base || e.steps.length !== 1) return false;
  const s = e.steps[0];
  return (
    s.axis === 'child' &&
    !s.preds.length &&
    s.test.kind === 'name' &&
    s.test.name === key.name &&
    s.test.prefix === key.module
  );
}

/** True when the value does not depend on the candidate node (literal, current()-based, absolute). */
function contextFree(e: Expr): boolean {
  switch (e.t) {
    case 'lit':
    case 'num':
      return true;
    case 'path':
      return e.base ? contextFree(e.base) : e.abs;
    case 'fn':
      return e.name === 'current' || (e.name !== 'position' && e.name !== 'last' && e.args.length > 0 && e.args.every(contextFree));
    case 'neg':
      return contextFree(e.a);
    default:
      return contextFree(e.a) && contextFree(e.b);
  }
}

function applyPredicate(set: Item[], p: Expr, ctx: XContext): Item[] {
  return set.filter((it, i) => {
    const v = evaluate(p, it, ctx);
    return typeof v === 'number' ? v === i + 1 : toBool(v);
  });
}

function descendants(it: Item, out: Item[]): void {
  const d = it.n;
  if (typeof d === 'string') return;
  for (let i = 0; i < d.k.length; i++) {
    const kids: Item[] = [];
    pushChildItems(it, d.k[i], d.v[i], kids);
    for (const c of kids) {
      out.push(c);
      descendants(c, out);
    }
  }
}

function dedupe(set: Item[]): Item[] {
  if (set.length < 2) return set;
  const seen = new Set<DNode>();
  // a leaf value is identified by its parent node, schema node and value
  const leaves = new Map<unknown, Set<string>>();
  const out: Item[] = [];
  for (const it of set) {
    if (typeof it.n === 'string') {
      let per = leaves.get(it.up?.n);
      if (!per) leaves.set(it.up?.n, (per = new Set()));
      const k = `${it.s.qname}\u0000${it.n}`;
      if (per.has(k)) continue;
      per.add(k);
    } else {
      if (seen.has(it.n)) continue;
      seen.add(it.n);
    }
    out.push(it);
  }
  return out;
}

export function stringValue(it: Item): string {
  if (typeof it.n === 'string') return it.n;
  let s = '';
  const walk = (d: DNode) => {
    for (const v of d.v) {
      if (typeof v === 'string') s += v;
      else if (Array.isArray(v)) s += v.join('');
      else if (v instanceof DList) for (const vs of v.valueArrays()) for (const e of vs) walk(e);
      else walk(v);
    }
  };
  walk(it.n);
  return s;
}

export const numToString = (n: number): string => (Number.isInteger(n) ? String(n) : String(n));

function toStr(v: XValue): string {
  if (Array.isArray(v)) return v.length ? stringValue(v[0]) : '';
  if (typeof v === 'number') return Number.isNaN(v) ? 'NaN' : numToString(v);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return v;
}

function strToNum(s: string): number {
  const t = s.trim();
  return /^-?(\d+(\.\d*)?|\.\d+)$/.test(t) ? Number(t) : NaN;
}

function toNum(v: XValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return strToNum(toStr(v));
}

export function toBool(v: XValue): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  if (typeof v === 'string') return v.length > 0;
  return v;
}

/** XPath 1.0 §3.4. (No closures here: this runs for every comparison of every constraint.) */
function compare(op: string, a: XValue, b: XValue): boolean {
  const rel = op !== '=' && op !== '!=';
  if (Array.isArray(a) && Array.isArray(b)) {
    const bs = b.map(stringValue);
    for (const x of a) {
      const xs = stringValue(x);
      for (const y of bs) if (rel ? cmpNum(op, strToNum(xs), strToNum(y)) : cmpStr(op, xs, y)) return true;
    }
    return false;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    const set = (Array.isArray(a) ? a : b) as Item[];
    const other = Array.isArray(a) ? b : a;
    const flip = !Array.isArray(a);
    if (typeof other === 'boolean') return cmpBool(op, flip ? other : toBool(set), flip ? toBool(set) : other);
    for (const x of set) {
      const xs = stringValue(x);
      if (typeof other === 'number' || rel) {
        const xn = strToNum(xs);
        const on = toNum(other);
        if (flip ? cmpNum(op, on, xn) : cmpNum(op, xn, on)) return true;
      } else if (cmpStr(op, xs, other as string)) return true;
    }
    return false;
  }
  if (!rel) {
    if (typeof a === 'boolean' || typeof b === 'boolean') return cmpBool(op, toBool(a), toBool(b));
    if (typeof a === 'number' || typeof b === 'number') return cmpNum(op, toNum(a), toNum(b));
    return cmpStr(op, toStr(a), toStr(b));
  }
  return cmpNum(op, toNum(a), toNum(b));
}

function cmpNum(op: string, x: number, y: number): boolean {
  return op === '=' ? x === y : op === '!=' ? x !== y : op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
}

function cmpStr(op: string, x: string, y: string): boolean {
  return op === '=' ? x === y : x !== y;
}

const cmpBool = (op: string, x: boolean, y: boolean) => (op === '=' ? x === y : x !== y);

function call(name: string, args: Expr[], node: Item, ctx: XContext): XValue {
  switch (name) {
    case 'current':
      return [ctx.current];
    case 'count': {
      const v = evaluate(args[0], node, ctx);
      if (!Array.isArray(v)) throw new Error('count() of a non-node-set');
      return v.length;
    }
    case 'boolean':
      return toBool(evaluate(args[0], node, ctx));
    case 'not':
      return !toBool(evaluate(args[0], node, ctx));
    case 'true':
      return true;
    case 'false':
      return false;
    case 'string':
      return args.length ? toStr(evaluate(args[0], node, ctx)) : stringValue(node);
    case 'number':
      return args.length ? toNum(evaluate(args[0], node, ctx)) : strToNum(stringValue(node));
    case 'concat':
      {
      let out = '';
      for (const a of args) out += toStr(evaluate(a, node, ctx));
      return out;
    }
    case 'contains':
      return toStr(evaluate(args[0], node, ctx)).includes(toStr(evaluate(args[1], node, ctx)));
    case 'starts-with':
      return toStr(evaluate(args[0], node, ctx)).startsWith(toStr(evaluate(args[1], node, ctx)));
    case 'string-length':
      return [...(args.length ? toStr(evaluate(args[0], node, ctx)) : stringValue(node))].length;
    case 'normalize-space':
      return (args.length ? toStr(evaluate(args[0], node, ctx)) : stringValue(node)).trim().replace(/\s+/g, ' ');
    case 'sum': {
      const v = evaluate(args[0], node, ctx);
      return Array.isArray(v) ? v.reduce((a, x) => a + strToNum(stringValue(x)), 0) : NaN;
    }
    case 'derived-from':
    case 'derived-from-or-self': {
      const v = evaluate(args[0], node, ctx);
      const base = toStr(evaluate(args[1], node, ctx));
      if (!Array.isArray(v)) return false;
      const orSelf = name === 'derived-from-or-self';
      for (const x of v) if (ctx.schema.derivesFrom(stringValue(x), base, orSelf)) return true;
      return false;
    }
    case 're-match':
      return new RegExp(`^(?:${xsdToJs(toStr(evaluate(args[1], node, ctx)))})$`, 'u').test(toStr(evaluate(args[0], node, ctx)));
    default:
      throw new Error(`XPath function ${name}() is not implemented`);
  }
}

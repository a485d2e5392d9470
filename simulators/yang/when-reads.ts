/**
 * What a `when` (RFC 7950 §7.21.5) reads, found once per expression, so that the checker can decide
 * it once for many nodes:
 *   - `downward`: only the context node's subtree (its answer is one per node of one tree);
 *   - `leafRead`: only the value of one leaf, `ups` parent steps up from the context node — nearly
 *     every BBF when, `derived-from-or-self(if:type, 'x')` on an interface's augments,
 *     `derived-from-or-self(../../../../if:type, 'x')` under a sub-interface's tag rules,
 *     `../enable = 'true'` on a leaf itself. Its answer is one per value of that leaf: a commit of 256
 *     subscribers asks ~90 000 of them, for a few dozen (expression, leaf, value) triples.
 */
import type { SMust, SNode } from './schema.ts';
import type { Expr } from './xpath-parse.ts';

/** Functions of their arguments only (deref() and current() lead elsewhere). */
const PURE_FNS = new Set([
  'not',
  'boolean',
  'count',
  'string',
  'number',
  'true',
  'false',
  'contains',
  'starts-with',
  'string-length',
  'derived-from',
  'derived-from-or-self',
  're-match',
  'enum-value',
  'bit-is-set',
]);

/**
 * Does the expression read only the context node's subtree: relative child/self steps, no current(),
 * no absolute path, no parent or other axis? (Predicates are held to the same.) Its source text then
 * means one thing wherever it is written (prefixes are module names in the compiled schema).
 */
export function downward(e: Expr): boolean {
  switch (e.t) {
    case 'lit':
    case 'num':
      return true;
    case 'neg':
      return downward(e.a);
    case 'fn':
      return PURE_FNS.has(e.name) && e.args.every(downward);
    case 'path':
      return (
        !e.abs &&
        !e.base &&
        e.steps.every((st) => (st.axis === 'child' || st.axis === 'self') && st.preds.every(downward))
      );
    default:
      return downward(e.a) && downward(e.b);
  }
}

/** A when reading one leaf: `ups` `..` steps from its context node, then the child named `q`. */
export class LeafRead {
  /** Answers by the leaf's schema node, then its value. */
  private readonly results = new Map<SNode, Map<string, boolean>>();
  private lastFrom: SNode | undefined;
  private lastLeaf: SNode | undefined;
  private lastResults: Map<string, boolean> | undefined;

  constructor(
    readonly ups: number,
    readonly q: string,
  ) {}

  /** The leaf `q` under `from` (a leaf: a leaf-list or an inner node is not one value), undefined if none. */
  leafOf(from: SNode): SNode | undefined {
    if (from !== this.lastFrom) {
      this.lastFrom = from;
      const s = from.byName.get(this.q);
      this.lastLeaf = s?.kind === 'leaf' ? s : undefined;
      this.lastResults = undefined;
    }
    return this.lastLeaf;
  }

  /** The answers for values of `leaf` (from leafOf). */
  answers(leaf: SNode): Map<string, boolean> {
    let m = this.lastResults;
    if (m === undefined) {
      m = this.results.get(leaf);
      if (m === undefined) this.results.set(leaf, (m = new Map()));
      this.lastResults = m;
    }
    return m;
  }
}

/**
 * The LeafRead of a when, by source text (prefixes are module names: one text means one thing
 * wherever it is written), so that whens of the same text share their answers.
 */
const bySource = new Map<string, LeafRead | null>();
export function leafReadOf(m: SMust): LeafRead | undefined {
  let lr = bySource.get(m.src);
  if (lr === undefined) bySource.set(m.src, (lr = leafRead(m.expr) ?? null));
  return lr ?? undefined;
}

/**
 * The one leaf `e` reads, if its value alone decides `e`: every path in it is `..`-steps then one
 * child name, no predicates, all the same; only PURE_FNS, each with its arguments (string() and the
 * like without one read the context node itself). Undefined for anything else.
 */
export function leafRead(e: Expr): LeafRead | undefined {
  let found: { ups: number; q: string } | undefined;
  let ok = true;
  const visit = (x: Expr): void => {
    if (!ok) return;
    switch (x.t) {
      case 'lit':
      case 'num':
        return;
      case 'neg':
        return visit(x.a);
      case 'fn':
        if (!PURE_FNS.has(x.name) || (!x.args.length && x.name !== 'true' && x.name !== 'false')) ok = false;
        else x.args.forEach(visit);
        return;
      case 'path': {
        const n = x.steps.length - 1;
        const last = x.steps[n];
        const plain =
          !x.abs &&
          !x.base &&
          n >= 0 &&
          last.axis === 'child' &&
          last.test.kind === 'name' &&
          !last.preds.length &&
          x.steps.every((st, i) => i === n || (st.axis === 'parent' && st.test.kind === 'node' && !st.preds.length));
        if (!plain || last.test.kind !== 'name') ok = false;
        else {
          const q = `${last.test.prefix}:${last.test.name}`;
          if (found && (found.ups !== n || found.q !== q)) ok = false;
          found = { ups: n, q };
        }
        return;
      }
      default:
        visit(x.a);
        visit(x.b);
    }
  };
  visit(e);
  return ok && found ? new LeafRead(found.ups, found.q) : undefined;
}

/**
 * Does a must (RFC 7950 §7.5.3) on a leaf or leaf-list value read only that value and the tree from
 * its root: `.` and `current()` alone (§6.4.1: both are the node itself, whose string-value is its
 * value), absolute paths — their predicates read from the nodes they select, wherever the must
 * sits — and PURE_FNS with arguments? Its answer is then one per (tree, value): the musts on a
 * leafref naming an interface, `derived-from-or-self(/if:interfaces/if:interface[if:name =
 * current()]/if:type, 'x')`, are asked for every T-CONT, port and v-ANI of a commit, for a few
 * hundred distinct names (most v-ANIs name the same channel partition and pair). No climbing from
 * the node (`..`), nothing after `current()`.
 */
export function valueOnly(e: Expr): boolean {
  return reads(e, false);
}

/** `inPred`: inside a predicate of an absolute path, where relative paths start at a selected node. */
function reads(x: Expr, inPred: boolean): boolean {
  switch (x.t) {
    case 'lit':
    case 'num':
      return true;
    case 'neg':
      return reads(x.a, inPred);
    case 'fn':
      if (x.name === 'current') return !x.args.length;
      return (
        PURE_FNS.has(x.name) &&
        (x.args.length > 0 || x.name === 'true' || x.name === 'false') &&
        x.args.every((a) => reads(a, inPred))
      );
    case 'path': {
      const selfOnly = x.steps.every((st) => st.axis === 'self' && st.test.kind === 'node' && !st.preds.length);
      if (x.base) return x.base.t === 'fn' && x.base.name === 'current' && !x.base.args.length && selfOnly;
      if (x.abs || inPred) return x.steps.every((st) => st.preds.every((p) => reads(p, true)));
      return selfOnly;
    }
    default:
      return reads(x.a, inPred) && reads(x.b, inPred);
  }
}

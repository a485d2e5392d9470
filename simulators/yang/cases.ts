/**
 * Choice and case (RFC 7950 §7.9): not data nodes, but at most one case of a choice has data; when a
 * node of another case is created, the nodes of the old case go (§7.9.6 "the server deletes …").
 */
import type { DNode } from './data.ts';
import type { SNode } from './schema.ts';

const memo = new WeakMap<SNode, [SNode, SNode][]>();

/** The (choice, case) pairs between `s` and its data parent, innermost first. */
export function casePath(s: SNode): [SNode, SNode][] {
  let p = memo.get(s);
  if (p) return p;
  p = [];
  let x: SNode | undefined = s;
  while (x?.parent && !x.parent.isData) {
    const c: SNode = x.parent;
    if (c.kind === 'case' && c.parent?.kind === 'choice') p.push([c.parent, c]);
    x = c;
  }
  memo.set(s, p);
  return p;
}

function conflicts(a: [SNode, SNode][], b: [SNode, SNode][]): boolean {
  for (const [ch, cs] of a) for (const [ch2, cs2] of b) if (ch === ch2 && cs !== cs2) return true;
  return false;
}

/** Per node, its siblings (data children of its data parent) in other cases of its choices, or null. */
const against = new WeakMap<SNode, ReadonlySet<SNode> | null>();

export function othersOf(s: SNode, parent: SNode): ReadonlySet<SNode> | null {
  let r = against.get(s);
  if (r !== undefined) return r;
  const mine = casePath(s);
  let set: Set<SNode> | null = null;
  if (mine.length) for (const c of parent.byName.values()) if (c !== s && conflicts(casePath(c), mine)) (set ??= new Set()).add(c);
  against.set(s, (r = set));
  return r;
}

/** The case of `choice` that has data in `node`, if any. */
export function activeCase(node: DNode, choice: SNode): SNode | undefined {
  for (const c of node.k) for (const [ch, cs] of casePath(c)) if (ch === choice) return cs;
  return undefined;
}

/**
 * Whether nodes of `s`'s cases may exist implicitly (defaults) in `node`: every case on the way is
 * the one with data, or — when its choice has no data — the choice's default case (§7.9.3).
 */
export function caseAllowsDefaults(node: DNode, s: SNode): boolean {
  for (const [ch, cs] of casePath(s)) {
    const act = activeCase(node, ch);
    if (act ? act !== cs : ch.dflt !== cs.name) return false;
  }
  return true;
}

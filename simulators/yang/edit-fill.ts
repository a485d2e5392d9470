/**
 * The children of the node an edit is applying (edit.ts `children`), kept in the run's scratch arrays
 * of its depth — `kk` (schema nodes) and `vv` (values), the first `n` of them — until the node gets
 * arrays of exactly them (`DNode.fill`). The scratch arrays are written in order from index 0 and
 * never shrunk: a JS array emptied for reuse drops its storage, and one pushed into from empty grows
 * to 17 slots, ~300 bytes of garbage per node of an edit.
 */
import { DList, DNode, type Val } from './data.ts';
import type { SNode } from './schema.ts';

/** The arrays of a new node until `children` gives it its own: never written to. */
export const NO_KIDS: SNode[] = [];
export const NO_VALS: Val[] = [];

/** A new node of `s` for edit run `owner` to fill. */
export function fresh(owner: number, s: SNode): DNode {
  const d = new DNode(s, NO_KIDS, NO_VALS);
  d.owner = owner;
  return d;
}

/** A new list of `s` for edit run `owner`. */
export function ownList(owner: number, s: SNode): DList {
  const l = new DList(s);
  l.owner = owner;
  return l;
}

/** A new entry of list `s` for edit run `owner`, holding only its keys. */
export function skeleton(owner: number, s: SNode, keyVals: string[]): DNode {
  // the key leaves in the schema's order: read only, like every array of a node before `children`
  const e = new DNode(s, s.keys, keyVals.slice());
  e.owner = owner;
  return e;
}

/** The index of `s` in the first `n` of `kk`, or -1. */
export function indexIn(kk: SNode[], n: number, s: SNode): number {
  for (let i = 0; i < n; i++) if (kk[i] === s) return i;
  return -1;
}

/** Copy the children of `d` into `kk`/`vv`; returns their number. */
export function load(d: DNode, kk: SNode[], vv: Val[]): number {
  const n = d.k.length;
  for (let i = 0; i < n; i++) {
    kk[i] = d.k[i];
    vv[i] = d.v[i];
  }
  return n;
}

/**
 * Remove from the first `n` of `kk`/`vv` the children in `others` — those of the cases other than
 * the new child's (RFC 7950 §7.9.6: creating a node of one case deletes the nodes of the others;
 * cases.ts `othersOf`, kept in the child's slot) — in place, the rest in their order; returns the
 * number left. A node of ~20 000 an edit creates is in a case: a node made to clear them was
 * garbage each time.
 */
export function clearCases(others: ReadonlySet<SNode>, kk: SNode[], vv: Val[], n: number): number {
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (others.has(kk[i])) continue;
    kk[m] = kk[i];
    vv[m] = vv[i];
    m++;
  }
  return m;
}

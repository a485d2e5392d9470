/**
 * The children of the node an edit is applying (edit.ts `children`), kept in the run's scratch arrays
 * of its depth — `kk` (schema nodes) and `vv` (values), the first `n` of them — until the node gets
 * arrays of exactly them (`DNode.fill`). The scratch arrays are written in order from index 0 and
 * never shrunk: a JS array emptied for reuse drops its storage, and one pushed into from empty grows
 * to 17 slots, ~300 bytes of garbage per node of an edit.
 */
import { DNode, type Val } from './data.ts';
import type { SNode } from './schema.ts';
import { clearOtherCases } from './cases.ts';

/** The arrays of a new node until `children` gives it its own: never written to. */
export const NO_KIDS: SNode[] = [];
export const NO_VALS: Val[] = [];

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
 * Remove from the first `n` of `kk`/`vv` the children of the cases other than `s`'s (RFC 7950
 * §7.9.6: creating a node of one case deletes the nodes of the others), by cases.ts on a node of
 * them (the one place that knows which siblings conflict); returns the number left.
 */
export function clearCases(parent: SNode, s: SNode, kk: SNode[], vv: Val[], n: number): number {
  const d = new DNode(parent, kk.slice(0, n), vv.slice(0, n));
  clearOtherCases(d, s);
  return load(d, kk, vv);
}

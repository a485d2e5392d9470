/**
 * Building fresh data trees in code (the operational state, the YANG library data): containers,
 * list entries and leaves by `module:name`, mutated in place while under construction (nothing else
 * holds them yet). A name missing from the schema throws: the generated schema is the contract.
 */
import { DList, DNode, type Val } from './data.ts';
import type { SNode } from './schema.ts';

/** Owner stamp of trees under construction (edit runs use positive ids). */
const BUILDING = -1;

function child(s: SNode, q: string): SNode {
  const c = s.byName.get(q);
  if (!c) throw new Error(`schema: ${s.qname || '/'} has no child ${q}`);
  return c;
}

export function fresh(s: SNode): DNode {
  const d = new DNode(s);
  d.owner = BUILDING;
  return d;
}

/** The container `q` of `d`, created if absent. */
export function container(d: DNode, q: string): DNode {
  const s = child(d.s, q);
  let c = d.get(s);
  if (!(c instanceof DNode)) {
    c = fresh(s);
    d.put(s, c);
  }
  return c;
}

export function leaf(d: DNode, q: string, v: string | undefined): void {
  if (v !== undefined) d.put(child(d.s, q), v);
}

export function leafList(d: DNode, q: string, vs: string[]): void {
  if (vs.length) d.put(child(d.s, q), vs);
}

/** A new entry of list `q` with its keys (in key order). */
export function entry(d: DNode, q: string, ...keys: string[]): DNode {
  const s = child(d.s, q);
  let l = d.get(s);
  if (!(l instanceof DList)) {
    l = new DList(s);
    l.owner = BUILDING;
    d.put(s, l);
  }
  const e = fresh(s);
  s.keys.forEach((k, i) => e.put(k, keys[i]));
  l.set(keys.join('\u0000'), e);
  return e;
}

/** A copy of a (shared, immutable) node to add to while building. */
export function extend(d: DNode): DNode {
  const c = d.copy();
  c.owner = BUILDING;
  return c;
}

/** Put a value (a list copy, a container) under `d`. */
export function set(d: DNode, q: string, v: Val): void {
  d.put(child(d.s, q), v);
}

/** A copy of a list to replace entries of while building. */
export function extendList(l: DList): DList {
  const c = l.copy();
  c.owner = BUILDING;
  return c;
}

/**
 * What an edit needs to know of a child element before it applies it, found once per parent schema
 * node and element name instead of once per element: the child's schema node (RFC 7950 §7.5.8,
 * §7.6.7, §7.7.9, §7.8.6: the element names the node by its namespace and local name), whether it is
 * a key of the parent list entry, and a leaf's value memo. An edit of 256 subscribers has ~90 000
 * elements and ~60 distinct (parent, name) pairs: three map lookups (parent, namespace, name) and
 * a WeakMap lookup for the memo per element were a tenth of the apply.
 */
import type { Schema, SNode } from './schema.ts';
import { ownString } from './xml.ts';
import type { LeafMemo, ValueMemo } from './values.ts';
import { casePath } from './cases.ts';

export interface Slot {
  /** The namespace URI of the elements this slot is for (another namespace asks the schema). */
  readonly ns: string;
  readonly s: SNode;
  /** A key of the parent list (RFC 7950 §7.8.2: it identifies the entry, it is not applied). */
  readonly key: boolean;
  /** A leaf's or leaf-list's value memo (undefined for the other kinds). */
  readonly memo: LeafMemo | undefined;
  /** In a case of a choice (RFC 7950 §7.9.6: creating it removes the nodes of the other cases). */
  readonly cased: boolean;
}

export type Slots = Map<string, Slot>;

/** Per schema node (of any schema: a node belongs to one), its children's slots by local name. */
const byParent = new WeakMap<SNode, Slots>();

export function slotsOf(parent: SNode): Slots {
  let m = byParent.get(parent);
  if (!m) byParent.set(parent, (m = new Map()));
  return m;
}

/**
 * The slot of element `ns`/`name` under `parent` when `slots` has none for that namespace: from the
 * schema, kept if the name had none (a name bound under two namespaces asks the schema for the
 * second each time, as before); undefined for an unknown element.
 */
export function findSlot(schema: Schema, memo: ValueMemo, slots: Slots, parent: SNode, ns: string, name: string): Slot | undefined {
  const s = schema.childByNs(parent, ns, name);
  if (!s) return undefined;
  const leafy = (s.kind === 'leaf' || s.kind === 'leaf-list') && s.type !== undefined;
  const slot: Slot = {
    ns: ownString(ns),
    s,
    key: parent.kind === 'list' && parent.keys.includes(s),
    memo: leafy ? memo.leaf(s, s.type!) : undefined,
    cased: casePath(s).length > 0,
  };
  if (!slots.has(name)) slots.set(ownString(name), slot);
  return slot;
}

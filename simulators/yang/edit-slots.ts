/**
 * What an edit needs to know of a child element before it applies it, found once per parent schema
 * node and element name instead of once per element: the child's schema node (RFC 7950 §7.5.8,
 * §7.6.7, §7.7.9, §7.8.6: the element names the node by its namespace and local name), whether it is
 * a key of the parent list entry, and a leaf's value memo. An edit of 256 subscribers has ~90 000
 * elements and ~60 distinct (parent, name) pairs: three map lookups (parent, namespace, name) and
 * a WeakMap lookup for the memo per element were a tenth of the apply.
 *
 * Within one message the slot is found by the parsed name's number (`Doc.names`: ~120 in such an
 * edit) and checked by the namespace's number, both read from the element's row: a lookup by name
 * hashed the name and compared the namespace URI character by character (the slot's is a copy of
 * its own) for every element.
 */
import type { Schema, SNode } from './schema.ts';
import { ownString } from './xml.ts';
import { NAME, NS, W, type Doc } from './xml-doc.ts';
import type { LeafMemo, ValueMemo } from './values.ts';
import { casePath, othersOf } from './cases.ts';
import { shapesOf } from './nodes.ts';

export interface Slot {
  /** The namespace URI of the elements this slot is for (another namespace asks the schema). */
  readonly ns: string;
  readonly s: SNode;
  /** A key of the parent list (RFC 7950 §7.8.2: it identifies the entry, it is not applied). */
  readonly key: boolean;
  /** A leaf's or leaf-list's value memo (undefined for the other kinds). */
  readonly memo: LeafMemo | undefined;
  /**
   * In a case of a choice, the siblings in the other cases (RFC 7950 §7.9.6: creating it removes
   * them); null when it is in no case, or no sibling conflicts.
   */
  readonly others: ReadonlySet<SNode> | null;
  /** The slots of its own children (an inner node's: found when first applied). */
  kids: Slots | undefined;
  /** A list's keys' value memos, in key order (found when first applied). */
  keyMemos: LeafMemo[] | undefined;
}

/** The slots of the children of one schema node. */
export class Slots {
  /** By local name (the first namespace seen for it). */
  readonly byName = new Map<string, Slot>();
  /** The shapes the filled nodes of this schema node share (nodes.ts `fill`). */
  readonly shapes: SNode[][];
  /**
   * The edit run (edit.ts: one message each) whose message `ids` are numbers of — a number, not the
   * message: that would stay in memory after its edit — and per name number, the slot and the
   * namespace number it was found for.
   */
  private run = 0;
  private ids: (Slot | undefined)[] = [];
  private nsIds: number[] = [];

  constructor(readonly parent: SNode) {
    this.shapes = shapesOf(parent);
  }

  /** The slot of element `el` of `d` (edit run `run`'s message) found for an earlier one of its name and namespace. */
  known(run: number, d: Doc, el: number): Slot | undefined {
    if (this.run !== run) {
      this.run = run;
      this.ids = new Array<Slot | undefined>(d.names.length).fill(undefined);
      this.nsIds = new Array<number>(d.names.length).fill(-1);
    }
    const b = el * W;
    const id = d.cols[b + NAME];
    return this.nsIds[id] === d.cols[b + NS] ? this.ids[id] : undefined;
  }

  /**
   * The slot of element `el` of `d` when `known` has none: by its local name, else from the schema
   * (findSlot); kept for the elements of its name and namespace. Undefined for an unknown element.
   */
  find(schema: Schema, memo: ValueMemo, d: Doc, el: number): Slot | undefined {
    const ns = d.ns(el);
    const name = d.name(el);
    let slot = this.byName.get(name);
    if (slot === undefined || slot.ns !== ns) slot = findSlot(schema, memo, this, ns, name);
    if (slot) {
      const b = el * W;
      this.ids[d.cols[b + NAME]] = slot;
      this.nsIds[d.cols[b + NAME]] = d.cols[b + NS];
    }
    return slot;
  }
}

/** Per schema node (of any schema: a node belongs to one), its children's slots. */
const byParent = new WeakMap<SNode, Slots>();

export function slotsOf(parent: SNode): Slots {
  let m = byParent.get(parent);
  if (!m) byParent.set(parent, (m = new Slots(parent)));
  return m;
}

/** The slots of the children of the node of `slot`. */
export function kidsOf(slot: Slot): Slots {
  return (slot.kids ??= slotsOf(slot.s));
}

/** The value memos of list `slot`'s keys, in key order. */
export function keyMemosOf(memo: ValueMemo, slot: Slot): LeafMemo[] {
  return (slot.keyMemos ??= slot.s.keys.map((k) => memo.leaf(k, k.type!)));
}

/**
 * The slot of element `ns`/`name` under `parent` when `slots` has none for that namespace: from the
 * schema, kept if the name had none (a name bound under two namespaces asks the schema for the
 * second each time, as before); undefined for an unknown element.
 */
export function findSlot(schema: Schema, memo: ValueMemo, slots: Slots, ns: string, name: string): Slot | undefined {
  const parent = slots.parent;
  const s = schema.childByNs(parent, ns, name);
  if (!s) return undefined;
  const leafy = (s.kind === 'leaf' || s.kind === 'leaf-list') && s.type !== undefined;
  const slot: Slot = {
    ns: ownString(ns),
    s,
    key: parent.kind === 'list' && parent.keys.includes(s),
    memo: leafy ? memo.leaf(s, s.type!) : undefined,
    others: casePath(s).length > 0 ? othersOf(s, parent) : null,
    kids: undefined,
    keyMemos: undefined,
  };
  if (!slots.byName.has(name)) slots.byName.set(ownString(name), slot);
  return slot;
}

/**
 * `<edit-config>` content applied to a data tree (RFC 6241 §7.2; RFC 7950 §7.5.8, §7.6.7, §7.7.9,
 * §7.8.6 for the per-node operations and `insert`): operations merge, replace, create, delete,
 * remove, none on any node; default-operation; error-option. Values are parsed and type-checked
 * here (an invalid value is refused at once, even in the candidate); the cross-node constraints
 * (leafref, must, when, mandatory, unique, min/max) are checked on `<validate>` and `<commit>`.
 *
 * The input tree is never changed: nodes are copied on first write (copy-on-write, tracked in
 * `owner`), a list then changed in place, so a 4 096-subscriber edit copies the 50 000-entry
 * interface list once, and an edit that changes nothing returns the very same tree.
 */
import { DList, DNode, entryKey, keyOfValues, pathOf, type Item, type Val } from './data.ts';
import type { Schema, SNode } from './schema.ts';
import { lookupNs, type NsScope, type XAttr, type XEl } from './xml.ts';
import { TEXT, W, XNode, type Doc } from './xml-doc.ts';
import { parseValue, ValueMemo, type LeafMemo, type PrefixResolver } from './values.ts';
import { TextValues } from './edit-texts.ts';
import type { YangError } from './errors.ts';
import { keyMemosOf, kidsOf, slotsOf, type Slot, type Slots } from './edit-slots.ts';
import { clearCases, fresh, indexIn, load, NO_KIDS, NO_VALS, ownList, skeleton } from './edit-fill.ts';
import { attrOf, hasWritingOp, insertAttr, insertedEntries, insertedValue, NETCONF_NS, OPS, unknownElement } from './edit-ops.ts';
import type { EditOp, EditOptions, EditResult } from './edit-ops.ts';

export { NETCONF_NS, YANG_NS, type EditOp, type EditOptions, type EditResult, type ErrorOption } from './edit-ops.ts';

class Stop extends Error {}

let runs = 0;
/** Leaf values parsed before, shared by every run (and every OLT of the process). */
const memo = new ValueMemo();

export class EditRun {
  readonly errors: YangError[] = [];
  /** Nodes stamped with this id were made by this run and may be changed in place. */
  private readonly id = ++runs;
  /** Nodes stamped with this were made by this run and filled: copied before a change (`DNode.fill`). */
  private readonly filled = -1 - this.id;
  /**
   * The inner nodes from the root down to the one whose children are being applied (`depth` of
   * them), and their schema nodes: an error's path is made of them when it happens (`at`), instead
   * of an `Item` made for each of the ~90 000 elements of a big edit for errors that nearly never come.
   */
  private readonly upN: DNode[] = [];
  private readonly upS: SNode[] = [];
  private depth = 0;
  /** Per depth, the children of the node being applied at that depth (see `children`). */
  private readonly kk: SNode[][] = [];
  private readonly vv: Val[][] = [];
  /** Per number of keys, the key values of the entry being read (a new entry gets a copy, `skeleton`). */
  private readonly kv: string[][] = [];
  /** The parsed message: its elements are read by index (`Doc`), no view made per element. */
  private d!: Doc;
  /** The values the message's texts gave (edit-texts.ts). */
  private texts!: TextValues;

  constructor(
    private readonly schema: Schema,
    private readonly opts: EditOptions,
  ) {}

  private fail(e: YangError): void {
    this.errors.push(e);
    if (this.opts.errorOption !== 'continue-on-error') throw new Stop();
  }

  private mine<T extends DNode | DList>(x: T): T {
    if (x.owner === this.id) return x;
    const c = x.copy() as T;
    c.owner = this.id;
    return c;
  }

  /** The node being applied at, seen from the root; or its child `n` of schema node `s`. */
  private at(n?: DNode | string, s?: SNode): Item {
    let it: Item | undefined;
    for (let i = 0; i < this.depth; i++) it = { n: this.upN[i], s: this.upS[i], up: it };
    return s ? { n: n!, s, up: it } : it!;
  }

  /** Apply the children of `<config>` (or of a data document) to `root`. */
  apply(root: DNode, config: XEl, defaultOp: 'merge' | 'replace' | 'none'): EditResult {
    if (!(config instanceof XNode)) throw new TypeError('an edit applies a parsed message (parseXml)');
    this.d = config.d;
    this.texts = new TextValues(this.d.texts.length);
    const start = defaultOp === 'replace' ? fresh(this.id, root.s) : root;
    let out = start;
    this.depth = 0;
    try {
      out = this.children(start, config.i, defaultOp === 'replace' ? 'merge' : defaultOp, slotsOf(root.s));
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
    }
    if (this.errors.length && this.opts.errorOption !== 'continue-on-error')
      return { root, errors: this.errors, changed: false };
    // nothing of the result changes in place any more without a walk to freeze it: a node changes in
    // place only for the run whose id it carries, and ids are never reused (a later run copies it)
    return { root: out, errors: this.errors, changed: out !== root };
  }

  /** The operation of `el` (of schema node `s`; `n`: its node or value, for the error path). */
  private opOf(el: number, inherited: EditOp, n: DNode | string, s: SNode): EditOp {
    const attrs = this.d.attrs(el);
    let a: XAttr | undefined;
    // a plain loop: no callback made per element
    for (let i = 0; i < attrs.length && !a; i++) if (attrs[i].name === 'operation' && attrs[i].ns === NETCONF_NS) a = attrs[i];
    if (!a) return inherited;
    if (this.opts.document || !OPS.includes(a.value)) {
      this.fail({
        type: 'protocol',
        tag: 'bad-attribute',
        path: pathOf(this.at(n, s)),
        message: `operation "${a.value}" is not valid here`,
        info: { 'bad-attribute': 'operation', 'bad-element': this.d.name(el) },
      });
      return inherited;
    }
    return a.value as EditOp;
  }

  /**
   * The element children of `el` applied to inner node `cur`; returns the new node. Its children are
   * changed in this depth's scratch arrays (`kk`, `vv`: loaded from `cur` at the first change) and
   * the node gets arrays of exactly them at the end: a JS array emptied for reuse drops its storage,
   * and one pushed into from empty grows to 17 slots, ~300 bytes of garbage per node (~37 000 nodes
   * in an edit of 256 subscribers).
   */
  private children(cur: DNode, el: number, op: EditOp, slots: Slots): DNode {
    // the node on the path of the errors below it (a copy of it has the same keys)
    const depth = this.depth++;
    this.upN[depth] = cur;
    this.upS[depth] = cur.s;
    const kk = this.kk[depth] ?? (this.kk[depth] = []);
    const vv = this.vv[depth] ?? (this.vv[depth] = []);
    let n = -1; // the children in kk/vv once loaded
    const d = this.d;
    for (let c = d.first(el); c; c = d.next(c)) {
      const slot = slots.known(this.id, d, c) ?? slots.find(this.schema, memo, d, c);
      if (!slot) {
        this.fail(unknownElement(this.schema, d.ns(c), d.name(c), cur.s, pathOf(this.at())));
        continue;
      }
      const s = slot.s;
      if (!s.config && !this.opts.state) {
        this.fail({
          type: 'application',
          tag: 'invalid-value',
          path: pathOf(this.at(), 'qualified', s),
          message: `Unexpected data state node "${s.name}" found.`,
          info: { 'bad-element': d.name(c) },
        });
        continue;
      }
      if (slot.key) continue; // keys identify the entry
      let j = n < 0 ? cur.k.indexOf(s) : indexIn(kk, n, s);
      const old = j < 0 ? undefined : n < 0 ? cur.v[j] : vv[j];
      const next = this.child(old, slot, c, op);
      if (next === old) continue;
      if (n < 0) n = load(cur, kk, vv);
      if (next === undefined) {
        // remove it (j ≥ 0: a child that was there)
        for (n--; j < n; j++) {
          kk[j] = kk[j + 1];
          vv[j] = vv[j + 1];
        }
      } else if (j >= 0) vv[j] = next;
      else {
        if (slot.others) n = clearCases(slot.others, kk, vv, n);
        kk[n] = s;
        vv[n] = next;
        n++;
      }
    }
    this.depth = depth;
    // the node is filled (every change of an edit is made here): arrays of exactly its children, `k`
    // shared with the other nodes of its kind with the same children, so it is copied before a change
    // by this run too (`filled`), and lives on compact once frozen
    if (n < 0 && cur.owner !== this.id) return cur;
    const out = cur.owner === this.id ? cur : new DNode(cur.s, NO_KIDS, NO_VALS);
    if (n < 0) out.fill(cur.k, cur.v, cur.k.length, slots.shapes);
    else out.fill(kk, vv, n, slots.shapes);
    out.owner = this.filled;
    return out;
  }

  /** Child element `el` (of `slot`) applied to `old`. */
  private child(old: Val | undefined, slot: Slot, el: number, inherited: EditOp): Val | undefined {
    const s = slot.s;
    switch (s.kind) {
      case 'leaf':
        return this.leaf(old as string | undefined, s, el, inherited, slot.memo);
      case 'leaf-list':
        return this.leafList(old as string[] | undefined, s, el, inherited, slot.memo);
      case 'list':
        return this.listEntry(old as DList | undefined, slot, el, inherited);
      case 'container':
        return this.container(old as DNode | undefined, slot, el, inherited);
      default:
        // anydata/anyxml: not used by this module set; refused rather than silently dropped
        this.fail({
          type: 'application',
          tag: 'operation-not-supported',
          path: pathOf(this.at(), 'qualified', s),
          message: `${s.kind} ${s.name} cannot be configured on this OLT`,
        });
        return old;
    }
  }

  private container(old: DNode | undefined, slot: Slot, el: number, inherited: EditOp): DNode | undefined {
    const s = slot.s;
    // a new container: one node, for the error paths and to fill
    const made = old ? undefined : fresh(this.id, s);
    const n = old ?? made!;
    const op = this.opOf(el, inherited, n, s);
    if (op === 'delete' || op === 'remove') {
      if (!old && op === 'delete') this.missing(this.at(n, s), `Data for ${s.name} does not exist.`);
      return undefined;
    }
    if (op === 'create' && old) {
      this.exists(this.at(n, s), s);
      return old;
    }
    if (this.opts.document && old) {
      // a document holds one instance of a container (libyang: "Duplicate instance")
      const at = this.at(n, s);
      this.fail({ type: 'application', tag: 'operation-failed', path: pathOf(at), libyangPath: pathOf(at, 'libyang'), message: `Duplicate instance of "${s.name}".` });
      return old;
    }
    if (op === 'replace') return this.nonEmpty(this.children(made ?? fresh(this.id, s), el, 'merge', kidsOf(slot)), s);
    if (!old && op === 'none' && s.presence && hasWritingOp(this.d, el)) {
      this.missing(this.at(n, s), `Data for ${s.name} does not exist.`);
      return old;
    }
    const inner = op === 'create' ? 'merge' : op;
    const base = old ?? (op === 'none' && !hasWritingOp(this.d, el) ? undefined : made);
    if (!base) return old;
    const next = this.children(base, el, inner, kidsOf(slot));
    return next === base && old ? old : this.nonEmpty(next, s);
  }

  /** A non-presence container without children is no data (RFC 7950 §7.5.1). */
  private nonEmpty(d: DNode, s: SNode): DNode | undefined {
    return d.empty && !s.presence ? undefined : d;
  }

  private listEntry(old: DList | undefined, slot: Slot, el: number, inherited: EditOp): DList | undefined {
    const s = slot.s;
    const keyMemos = keyMemosOf(memo, slot);
    // no array per entry: read before the entry's children are applied (they reuse it), never after
    const keyVals = this.kv[s.keys.length] ?? (this.kv[s.keys.length] = s.keys.map(() => ''));
    const d = this.d;
    for (let i = 0; i < keyVals.length; i++) {
      const k = s.keys[i];
      let kEl = d.first(el);
      while (kEl && (d.name(kEl) !== k.name || d.ns(kEl) !== k.ns)) kEl = d.next(kEl);
      if (!kEl) {
        this.fail({
          type: 'protocol',
          tag: 'missing-element',
          path: pathOf(this.at(), 'qualified', s),
          message: `List instance is missing its key "${k.name}".`,
          info: { 'bad-element': k.name },
        });
        return old;
      }
      const v = this.value(k, kEl, keyMemos[i], '', s);
      if (v === undefined) return old;
      keyVals[i] = v;
    }
    const key = keyOfValues(keyVals);
    const cur = old?.get(key);
    // a new entry: one skeleton, for the error paths and to fill
    const made = cur ? undefined : skeleton(this.id, s, keyVals);
    const n = cur ?? made!;
    const op = this.opOf(el, inherited, n, s);
    let next: DNode | undefined;
    if (op === 'delete' || op === 'remove') {
      if (!cur) {
        if (op === 'delete') this.missing(this.at(n, s), `Data for ${s.name} does not exist.`);
        return old;
      }
      next = undefined;
    } else if (op === 'create' && cur) {
      this.exists(this.at(n, s), s);
      return old;
    } else if (this.opts.document && cur) {
      this.fail({
        type: 'application',
        tag: 'operation-failed',
        path: pathOf(this.at(n, s)),
        message: `Duplicate instance of "${s.name}".`,
      });
      return old;
    } else if (op === 'replace') next = this.children(made ?? skeleton(this.id, s, keyVals), el, 'merge', kidsOf(slot));
    else if (!cur && op === 'none') {
      if (hasWritingOp(this.d, el)) this.missing(this.at(n, s), `Data for ${s.name} does not exist.`);
      return old;
    } else {
      const base = cur ?? made!;
      next = this.children(base, el, op === 'create' ? 'merge' : op, kidsOf(slot));
      if (next === cur && !insertAttr(this.d.attrs(el))) return old;
    }
    const list = old ? this.mine(old) : ownList(this.id, s);
    if (next === undefined) list.delete(key);
    else if (s.userOrdered && insertAttr(this.d.attrs(el))) this.insertOrdered(list, key, next, el);
    else list.set(key, next);
    return list.size ? list : undefined;
  }

  /** RFC 7950 §7.8.6: insert first | last | before | after (the `key` attribute names the neighbour). */
  private insertOrdered(list: DList, key: string, entry: DNode, el: number): void {
    const entries = insertedEntries(list, key, entry, this.d.attrs(el));
    if (entries) return list.reorder(entries);
    this.fail({
      type: 'application',
      tag: 'data-missing',
      appTag: 'missing-instance',
      path: pathOf(this.at(), 'qualified', list.s),
      message: `The list entry ${attrOf(this.d.attrs(el), 'key') ?? ''} to insert ${insertAttr(this.d.attrs(el))} does not exist.`,
    });
  }

  private leaf(old: string | undefined, s: SNode, el: number, inherited: EditOp, lm: LeafMemo | undefined): string | undefined {
    const n = old ?? '';
    const op = this.opOf(el, inherited, n, s);
    if (op === 'delete' || op === 'remove') {
      if (old === undefined && op === 'delete') this.missing(this.at(n, s), `Data for ${s.name} does not exist.`);
      return undefined;
    }
    if (op === 'none') return old;
    const v = this.value(s, el, lm, n);
    if (v === undefined) return old;
    if (op === 'create' && old !== undefined) {
      this.exists(this.at(n, s), s);
      return old;
    }
    return v;
  }

  private leafList(old: string[] | undefined, s: SNode, el: number, inherited: EditOp, lm: LeafMemo | undefined): string[] | undefined {
    const op = this.opOf(el, inherited, '', s);
    const v = this.value(s, el, lm, '');
    if (v === undefined || op === 'none') return old;
    const has = old?.includes(v) ?? false;
    if (op === 'delete' || op === 'remove') {
      if (!has && op === 'delete') this.missing(this.at(v, s), `Data for ${s.name} "${v}" does not exist.`);
      if (!has) return old;
      const rest = old!.filter((x) => x !== v);
      return rest.length ? rest : undefined;
    }
    if (op === 'create' && has) {
      this.exists(this.at(v, s), s);
      return old;
    }
    if (this.opts.document && has) {
      this.fail({ type: 'application', tag: 'operation-failed', path: pathOf(this.at(v, s)), message: `Duplicate instance of "${s.name}".` });
      return old;
    }
    if (has && !insertAttr(this.d.attrs(el))) return old;
    return insertedValue(old, v, this.d.attrs(el), s.userOrdered);
  }

  /** The namespace bindings of the leaf being parsed, for `resolve` (parseValue is synchronous). */
  private scope: NsScope | undefined;
  /** An identityref's prefix → module, in the bindings of the element it came in (RFC 7950 §9.10.3). */
  private readonly resolve: PrefixResolver = (p) => {
    const ns = this.scope && lookupNs(this.scope, p);
    return ns === undefined ? undefined : this.schema.moduleOfNs.get(ns);
  };

  /**
   * A leaf's value from `el` (`lm`: the leaf's value memo; `n`: its old value or '', for the error
   * path); `keyOf`: the list whose key it is (its error names the key's path).
   */
  private value(s: SNode, el: number, lm: LeafMemo | undefined, n: string, keyOf?: SNode): string | undefined {
    if (this.d.count(el)) {
      this.fail({
        type: 'application',
        tag: 'invalid-value',
        path: pathOf(this.at(n, s)),
        message: `Invalid value of ${s.name}: elements inside a leaf.`,
        info: { 'bad-element': s.name },
      });
      return undefined;
    }
    const scope = (this.scope = this.d.scope(el));
    const l = lm ?? memo.leaf(s, s.type!);
    const t = this.d.cols[el * W + TEXT]; // < 0: a text of the message's table (TextValues)
    let v = t < 0 ? this.texts.get(~t, l.m, scope) : undefined;
    if (v !== undefined) return v;
    const text = this.d.text(el);
    v = memo.find(l, text, this.resolve);
    if (v === undefined) {
      const r = parseValue(this.schema, s.type!, text, this.resolve);
      if (r.ok) v = memo.put(text, r.v);
      else return this.invalid(s, n, r, keyOf);
    }
    if (t < 0) this.texts.set(~t, l.m, scope, v);
    return v;
  }

  private invalid(s: SNode, n: string, r: { msg: string; appTag?: string }, keyOf: SNode | undefined): undefined {
    const at = this.at(n, s);
    const keyPath = keyOf && `${pathOf(at.up!, 'libyang', keyOf)}/${s.name}`;
    this.fail({
      type: 'application',
      tag: 'invalid-value',
      appTag: r.appTag,
      path: keyPath ? pathOf(at.up!, 'qualified', s) : pathOf(at),
      libyangPath: keyPath ?? pathOf(at, 'libyang'),
      message: r.msg,
      info: { 'bad-element': s.name },
    });
    return undefined;
  }

  private missing(at: Item, message: string): void {
    this.fail({ type: 'application', tag: 'data-missing', path: pathOf(at), message });
  }

  private exists(at: Item, s: SNode): void {
    this.fail({ type: 'application', tag: 'data-exists', path: pathOf(at), message: `Data for ${s.name} already exists.` });
  }
}

/** Apply `<config>` content to a datastore tree. */
export function applyEdit(
  schema: Schema,
  root: DNode,
  config: XEl,
  defaultOp: 'merge' | 'replace' | 'none',
  opts: EditOptions,
): EditResult {
  return new EditRun(schema, opts).apply(root, config, defaultOp);
}

/** An instance document (the top-level elements of `doc`) as a tree, like `yanglint -t config`. */
export function parseDocument(schema: Schema, doc: XEl, state = false): EditResult {
  return applyEdit(schema, new DNode(schema.root), doc, 'merge', { errorOption: 'stop-on-error', document: true, state });
}

export { entryKey };

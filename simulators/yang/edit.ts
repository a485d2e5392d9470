/**
 * `<edit-config>` content applied to a data tree (RFC 6241 §7.2; RFC 7950 §7.5.8, §7.6.7, §7.7.9,
 * §7.8.6 for the per-node operations and `insert`): operations merge, replace, create, delete,
 * remove, none on any node; default-operation; error-option. Values are parsed and type-checked
 * here (an invalid value is refused at once, even in the candidate); the cross-node constraints
 * (leafref, must, when, mandatory, unique, min/max) are checked on `<validate>` and `<commit>`.
 *
 * The input tree is never changed: nodes are copied on first write (copy-on-write, tracked in `own`)
 * and then changed in place, so a 4 096-subscriber edit copies the 50 000-entry interface list once,
 * and an edit that changes nothing returns the very same tree.
 */
import { DList, DNode, entryKey, keyOfValues, pathOf, type Item, type Val } from './data.ts';
import type { Schema, SNode } from './schema.ts';
import { lookupNs, type NsScope, type XAttr, type XEl } from './xml.ts';
import { parseValue, ValueMemo, type PrefixResolver } from './values.ts';
import type { YangError } from './errors.ts';
import { clearOtherCases } from './cases.ts';

export type EditOp = 'merge' | 'replace' | 'create' | 'delete' | 'remove' | 'none';
export type ErrorOption = 'stop-on-error' | 'continue-on-error' | 'rollback-on-error';

export const NETCONF_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';
/** RFC 7950 §7.8.6: the `insert`, `key` and `value` attributes live in the YANG namespace. */
export const YANG_NS = 'urn:ietf:params:xml:ns:yang:1';
const OPS: readonly string[] = ['merge', 'replace', 'create', 'delete', 'remove'];

export interface EditOptions {
  errorOption: ErrorOption;
  /** Parsing a whole document (yanglint -t config): duplicates are errors, operations are not allowed. */
  document?: boolean;
  /** Accept config false nodes (a state document). */
  state?: boolean;
}

export interface EditResult {
  root: DNode;
  errors: YangError[];
  changed: boolean;
}

class Stop extends Error {}

let runs = 0;
/** Leaf values parsed before, shared by every run (and every OLT of the process). */
const memo = new ValueMemo();

export class EditRun {
  readonly errors: YangError[] = [];
  /** Nodes stamped with this id were made by this run and may be changed in place. */
  private readonly id = ++runs;
  /** Nodes stamped with this were made by this run and filled: copied before a change (`compact`). */
  private readonly filled = -1 - this.id;

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

  private fresh(s: SNode): DNode {
    const d = new DNode(s);
    d.owner = this.id;
    return d;
  }

  /** Apply the children of `<config>` (or of a data document) to `root`. */
  apply(root: DNode, config: XEl, defaultOp: 'merge' | 'replace' | 'none'): EditResult {
    const start = defaultOp === 'replace' ? this.fresh(root.s) : root;
    let out = start;
    try {
      out = this.children(start, config, defaultOp === 'replace' ? 'merge' : defaultOp, { n: start, s: root.s, up: undefined });
    } catch (e) {
      if (!(e instanceof Stop)) throw e;
    }
    if (this.errors.length && this.opts.errorOption !== 'continue-on-error')
      return { root, errors: this.errors, changed: false };
    // nothing of the result changes in place any more without a walk to freeze it: a node changes in
    // place only for the run whose id it carries, and ids are never reused (a later run copies it)
    return { root: out, errors: this.errors, changed: out !== root };
  }

  private opOf(el: XEl, inherited: EditOp, at: Item): EditOp {
    const attrs = el.attrs;
    let a: XAttr | undefined;
    // a plain loop: no callback made per element
    for (let i = 0; i < attrs.length && !a; i++) if (attrs[i].name === 'operation' && attrs[i].ns === NETCONF_NS) a = attrs[i];
    if (!a) return inherited;
    if (this.opts.document || !OPS.includes(a.value)) {
      this.fail({
        type: 'protocol',
        tag: 'bad-attribute',
        path: pathOf(at),
        message: `operation "${a.value}" is not valid here`,
        info: { 'bad-attribute': 'operation', 'bad-element': el.name },
      });
      return inherited;
    }
    return a.value as EditOp;
  }

  /** The element children of `el` applied to inner node `cur` (at `at`); returns the new node. */
  private children(cur: DNode, el: XEl, op: EditOp, at: Item, kids = el.children): DNode {
    let out = cur;
    // the node as seen from the root, made again only when it is copied (not once per child element)
    let here: Item = at.n === cur && at.s === cur.s ? at : { n: cur, s: cur.s, up: at.up };
    for (let i = 0; i < kids.length; i++) {
      const c = kids[i];
      const s = this.schema.childByNs(cur.s, c.ns, c.name);
      if (!s) {
        this.unknown(c, cur.s, at);
        continue;
      }
      if (!s.config && !this.opts.state) {
        this.fail({
          type: 'application',
          tag: 'invalid-value',
          path: pathOf(at, 'qualified', s),
          message: `Unexpected data state node "${s.name}" found.`,
          info: { 'bad-element': c.name },
        });
        continue;
      }
      if (cur.s.kind === 'list' && cur.s.keys.includes(s)) continue; // keys identify the entry
      if (here.n !== out) here = { n: out, s: cur.s, up: at.up };
      const old = out.get(s);
      const next = this.child(old, s, c, op, here);
      if (next === old) continue;
      if (out === cur) out = this.mine(cur);
      if (next !== undefined && old === undefined) clearOtherCases(out, s);
      out.put(s, next);
    }
    // the node is filled (every put of an edit is made here): arrays of exactly its children now, so
    // the grown ones (17 slots for 2 children) die young instead of being copied by the scavenges
    // that run while the rest of a big edit is applied, and the node lives on compact once frozen
    if (out.owner === this.id) {
      // its `k` may now be shared with other nodes: this run's still, but copied before a change
      out.compact();
      out.owner = this.filled;
    }
    return out;
  }

  private child(old: Val | undefined, s: SNode, el: XEl, inherited: EditOp, parent: Item): Val | undefined {
    switch (s.kind) {
      case 'leaf':
        return this.leaf(old as string | undefined, s, el, inherited, parent);
      case 'leaf-list':
        return this.leafList(old as string[] | undefined, s, el, inherited, parent);
      case 'list':
        return this.listEntry(old as DList | undefined, s, el, inherited, parent);
      case 'container':
        return this.container(old as DNode | undefined, s, el, inherited, parent);
      default:
        // anydata/anyxml: not used by this module set; refused rather than silently dropped
        this.fail({
          type: 'application',
          tag: 'operation-not-supported',
          path: pathOf(parent, 'qualified', s),
          message: `${s.kind} ${s.name} cannot be configured on this OLT`,
        });
        return old;
    }
  }

  private container(old: DNode | undefined, s: SNode, el: XEl, inherited: EditOp, parent: Item): DNode | undefined {
    // a new container: one node, for the error paths and to fill
    const made = old ? undefined : this.fresh(s);
    const at: Item = { n: old ?? made!, s, up: parent };
    const op = this.opOf(el, inherited, at);
    if (op === 'delete' || op === 'remove') {
      if (!old && op === 'delete') this.missing(at, `Data for ${s.name} does not exist.`);
      return undefined;
    }
    if (op === 'create' && old) {
      this.exists(at, s);
      return old;
    }
    if (this.opts.document && old) {
      // a document holds one instance of a container (libyang: "Duplicate instance")
      this.fail({ type: 'application', tag: 'operation-failed', path: pathOf(at), libyangPath: pathOf(at, 'libyang'), message: `Duplicate instance of "${s.name}".` });
      return old;
    }
    if (op === 'replace') return this.nonEmpty(this.children(made ?? this.fresh(s), el, 'merge', at), s);
    if (!old && op === 'none' && s.presence && hasWritingOp(el)) {
      this.missing(at, `Data for ${s.name} does not exist.`);
      return old;
    }
    const inner = op === 'create' ? 'merge' : op;
    const base = old ?? (op === 'none' && !hasWritingOp(el) ? undefined : made);
    if (!base) return old;
    const next = this.children(base, el, inner, at);
    return next === base && old ? old : this.nonEmpty(next, s);
  }

  /** A non-presence container without children is no data (RFC 7950 §7.5.1). */
  private nonEmpty(d: DNode, s: SNode): DNode | undefined {
    return d.empty && !s.presence ? undefined : d;
  }

  private listEntry(old: DList | undefined, s: SNode, el: XEl, inherited: EditOp, parent: Item): DList | undefined {
    const keyVals: string[] = [];
    const kids = el.children; // views made once: for the keys and the children
    for (const k of s.keys) {
      let kEl: XEl | undefined;
      for (let j = 0; j < kids.length && !kEl; j++) if (kids[j].name === k.name && kids[j].ns === k.ns) kEl = kids[j];
      if (!kEl) {
        this.fail({
          type: 'protocol',
          tag: 'missing-element',
          path: pathOf(parent, 'qualified', s),
          message: `List instance is missing its key "${k.name}".`,
          info: { 'bad-element': k.name },
        });
        return old;
      }
      const v = this.value(k, kEl, { n: '', s: k, up: parent }, s);
      if (v === undefined) return old;
      keyVals.push(v);
    }
    const key = keyOfValues(keyVals);
    const cur = old?.get(key);
    // a new entry: one skeleton, for the error paths and to fill
    const made = cur ? undefined : this.skeleton(s, keyVals);
    const at: Item = { n: cur ?? made!, s, up: parent };
    const op = this.opOf(el, inherited, at);
    let next: DNode | undefined;
    if (op === 'delete' || op === 'remove') {
      if (!cur) {
        if (op === 'delete') this.missing(at, `Data for ${s.name} does not exist.`);
        return old;
      }
      next = undefined;
    } else if (op === 'create' && cur) {
      this.exists(at, s);
      return old;
    } else if (this.opts.document && cur) {
      this.fail({
        type: 'application',
        tag: 'operation-failed',
        path: pathOf(at),
        message: `Duplicate instance of "${s.name}".`,
      });
      return old;
    } else if (op === 'replace') next = this.children(made ?? this.skeleton(s, keyVals), el, 'merge', at, kids);
    else if (!cur && op === 'none') {
      if (hasWritingOp(el)) this.missing(at, `Data for ${s.name} does not exist.`);
      return old;
    } else {
      const base = cur ?? made!;
      next = this.children(base, el, op === 'create' ? 'merge' : op, at, kids);
      if (next === cur && !this.insertAttr(el)) return old;
    }
    const list = old ? this.mine(old) : this.ownList(s);
    if (next === undefined) list.delete(key);
    else if (s.userOrdered && this.insertAttr(el)) this.insertOrdered(list, key, next, el, parent);
    else list.set(key, next);
    return list.size ? list : undefined;
  }

  private ownList(s: SNode): DList {
    const l = new DList(s);
    l.owner = this.id;
    return l;
  }

  private insertAttr(el: XEl): string | undefined {
    return el.attrs.find((a) => a.name === 'insert' && a.ns === YANG_NS)?.value;
  }

  /** RFC 7950 §7.8.6: insert first | last | before | after (the `key` attribute names the neighbour). */
  private insertOrdered(list: DList, key: string, entry: DNode, el: XEl, parent: Item): void {
    const where = this.insertAttr(el)!;
    const entries = [...list.entries()].filter(([k]) => k !== key);
    let pos = entries.length;
    if (where === 'first') pos = 0;
    else if (where === 'before' || where === 'after') {
      const ref = el.attrs.find((a) => a.name === 'key' && a.ns === YANG_NS)?.value ?? '';
      const vals = [...ref.matchAll(/\[[^=]+=\s*(['"])(.*?)\1\s*\]/g)].map((m) => m[2]);
      const i = entries.findIndex(([k]) => k === keyOfValues(vals));
      if (i < 0) {
        this.fail({
          type: 'application',
          tag: 'data-missing',
          appTag: 'missing-instance',
          path: pathOf(parent, 'qualified', list.s),
          message: `The list entry ${ref} to insert ${where} does not exist.`,
        });
        return;
      }
      pos = where === 'before' ? i : i + 1;
    }
    entries.splice(pos, 0, [key, entry]);
    list.reorder(entries);
  }

  private leaf(old: string | undefined, s: SNode, el: XEl, inherited: EditOp, parent: Item): string | undefined {
    const at: Item = { n: old ?? '', s, up: parent };
    const op = this.opOf(el, inherited, at);
    if (op === 'delete' || op === 'remove') {
      if (old === undefined && op === 'delete') this.missing(at, `Data for ${s.name} does not exist.`);
      return undefined;
    }
    if (op === 'none') return old;
    const v = this.value(s, el, at);
    if (v === undefined) return old;
    if (op === 'create' && old !== undefined) {
      this.exists(at, s);
      return old;
    }
    return v;
  }

  private leafList(old: string[] | undefined, s: SNode, el: XEl, inherited: EditOp, parent: Item): string[] | undefined {
    const op = this.opOf(el, inherited, { n: '', s, up: parent });
    const v = this.value(s, el, { n: '', s, up: parent });
    if (v === undefined || op === 'none') return old;
    const at: Item = { n: v, s, up: parent };
    const has = old?.includes(v) ?? false;
    if (op === 'delete' || op === 'remove') {
      if (!has && op === 'delete') this.missing(at, `Data for ${s.name} "${v}" does not exist.`);
      if (!has) return old;
      const rest = old!.filter((x) => x !== v);
      return rest.length ? rest : undefined;
    }
    if (op === 'create' && has) {
      this.exists(at, s);
      return old;
    }
    if (this.opts.document && has) {
      this.fail({ type: 'application', tag: 'operation-failed', path: pathOf(at), message: `Duplicate instance of "${s.name}".` });
      return old;
    }
    if (has && !this.insertAttr(el)) return old;
    const next = (old ?? []).filter((x) => x !== v);
    const where = this.insertAttr(el);
    if (s.userOrdered && where === 'first') next.unshift(v);
    else if (s.userOrdered && (where === 'before' || where === 'after')) {
      const ref = el.attrs.find((a) => a.name === 'value' && a.ns === YANG_NS)?.value;
      const i = ref === undefined ? -1 : next.indexOf(ref);
      next.splice(i < 0 ? next.length : where === 'before' ? i : i + 1, 0, v);
    } else next.push(v);
    return next;
  }

  /** The canonical value of a leaf element; `keyPath`: a list key's libyang location (no entry yet). */
  /** A new entry of list `s` holding only its keys. */
  private skeleton(s: SNode, keyVals: string[]): DNode {
    const e = this.fresh(s);
    for (let i = 0; i < s.keys.length; i++) e.put(s.keys[i], keyVals[i]);
    return e;
  }

  /** The namespace bindings of the leaf being parsed, for `resolve` (parseValue is synchronous). */
  private scope: NsScope | undefined;
  /** An identityref's prefix → module, in the bindings of the element it came in (RFC 7950 §9.10.3). */
  private readonly resolve: PrefixResolver = (p) => {
    const ns = this.scope && lookupNs(this.scope, p);
    return ns === undefined ? undefined : this.schema.moduleOfNs.get(ns);
  };

  /** A leaf's value from `el`; `keyOf`: the list whose key it is (its error names the key's path). */
  private value(s: SNode, el: XEl, at: Item, keyOf?: SNode): string | undefined {
    if (el.children.length) {
      this.fail({
        type: 'application',
        tag: 'invalid-value',
        path: pathOf(at),
        message: `Invalid value of ${s.name}: elements inside a leaf.`,
        info: { 'bad-element': s.name },
      });
      return undefined;
    }
    this.scope = el.scope;
    const text = el.text;
    const known = memo.get(s, s.type!, text, this.resolve);
    if (known !== undefined) return known;
    const r = parseValue(this.schema, s.type!, text, this.resolve);
    if (r.ok) return memo.put(text, r.v);
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

  private unknown(c: XEl, parent: SNode, at: Item): void {
    const known = this.schema.moduleOfNs.has(c.ns);
    this.fail({
      type: 'application',
      tag: known ? 'unknown-element' : 'unknown-namespace',
      path: pathOf(at),
      message: known
        ? `Node "${c.name}" not found as a child of "${parent.name || '/'}" node.`
        : `No module with namespace "${c.ns}" in the context.`,
      info: known ? { 'bad-element': c.name } : { 'bad-element': c.name, 'bad-namespace': c.ns },
    });
  }

  private missing(at: Item, message: string): void {
    this.fail({ type: 'application', tag: 'data-missing', path: pathOf(at), message });
  }

  private exists(at: Item, s: SNode): void {
    this.fail({ type: 'application', tag: 'data-exists', path: pathOf(at), message: `Data for ${s.name} already exists.` });
  }
}

/** Does the element (or anything below it) ask to write (RFC 6241 §7.2 default-operation none)? */
function hasWritingOp(el: XEl): boolean {
  for (const a of el.attrs)
    if (a.name === 'operation' && a.ns === NETCONF_NS && ['merge', 'replace', 'create'].includes(a.value)) return true;
  return el.children.some(hasWritingOp);
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

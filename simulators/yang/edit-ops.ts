/**
 * The vocabulary of `<edit-config>` (RFC 6241 §7.2): the `operation` attribute of any element, the
 * error-option, the options and result of applying an edit (edit.ts), and where the `insert`
 * attribute puts an entry of an `ordered-by user` list or leaf-list (RFC 7950 §7.8.6, §7.7.9).
 */
import { keyOfValues, type DList, type DNode } from './data.ts';
import type { YangError } from './errors.ts';
import type { Schema, SNode } from './schema.ts';
import type { Doc, XAttr } from './xml-doc.ts';

export type EditOp = 'merge' | 'replace' | 'create' | 'delete' | 'remove' | 'none';
export type ErrorOption = 'stop-on-error' | 'continue-on-error' | 'rollback-on-error';

export const NETCONF_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';
/** RFC 7950 §7.8.6: the `insert`, `key` and `value` attributes live in the YANG namespace. */
export const YANG_NS = 'urn:ietf:params:xml:ns:yang:1';
export const OPS: readonly string[] = ['merge', 'replace', 'create', 'delete', 'remove'];

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

/** The error for child element `ns`/`name` of schema node `parent` that the schema does not have (at `path`). */
export function unknownElement(schema: Schema, ns: string, name: string, parent: SNode, path: string): YangError {
  const known = schema.moduleOfNs.has(ns);
  return {
    type: 'application',
    tag: known ? 'unknown-element' : 'unknown-namespace',
    path,
    message: known
      ? `Node "${name}" not found as a child of "${parent.name || '/'}" node.`
      : `No module with namespace "${ns}" in the context.`,
    info: known ? { 'bad-element': name } : { 'bad-element': name, 'bad-namespace': ns },
  };
}

/** Does element `el` of `d` (or anything below it) ask to write (RFC 6241 §7.2 default-operation none)? */
export function hasWritingOp(d: Doc, el: number): boolean {
  for (const a of d.attrs(el))
    if (a.name === 'operation' && a.ns === NETCONF_NS && ['merge', 'replace', 'create'].includes(a.value)) return true;
  for (let c = d.first(el); c; c = d.next(c)) if (hasWritingOp(d, c)) return true;
  return false;
}

/** A YANG-namespace attribute among an element's `attrs` (RFC 7950 §7.8.6: `insert`, `key`, `value`). */
export function attrOf(attrs: readonly XAttr[], name: string): string | undefined {
  return attrs.find((a) => a.name === name && a.ns === YANG_NS)?.value;
}

export const insertAttr = (attrs: readonly XAttr[]): string | undefined => attrOf(attrs, 'insert');

/**
 * The entries of `list` with `entry` (of `key`) where the `insert` of its element (`attrs`) asks:
 * first, last, or before or after the entry its `key` attribute names; undefined if that entry does not exist.
 */
export function insertedEntries(list: DList, key: string, entry: DNode, attrs: readonly XAttr[]): [string, DNode][] | undefined {
  const where = insertAttr(attrs)!;
  const entries = [...list.entries()].filter(([k]) => k !== key);
  let pos = entries.length;
  if (where === 'first') pos = 0;
  else if (where === 'before' || where === 'after') {
    const ref = attrOf(attrs, 'key') ?? '';
    const vals = [...ref.matchAll(/\[[^=]+=\s*(['"])(.*?)\1\s*\]/g)].map((m) => m[2]);
    const i = entries.findIndex(([k]) => k === keyOfValues(vals));
    if (i < 0) return undefined;
    pos = where === 'before' ? i : i + 1;
  }
  entries.splice(pos, 0, [key, entry]);
  return entries;
}

/** A leaf-list's values with `v` added where its element's `insert` asks (a user-ordered one; else last). */
export function insertedValue(old: string[] | undefined, v: string, attrs: readonly XAttr[], userOrdered: boolean): string[] {
  const next = (old ?? []).filter((x) => x !== v);
  const where = insertAttr(attrs);
  if (userOrdered && where === 'first') next.unshift(v);
  else if (userOrdered && (where === 'before' || where === 'after')) {
    const ref = attrOf(attrs, 'value');
    const i = ref === undefined ? -1 : next.indexOf(ref);
    next.splice(i < 0 ? next.length : where === 'before' ? i : i + 1, 0, v);
  } else next.push(v);
  return next;
}

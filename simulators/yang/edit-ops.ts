/**
 * The vocabulary of `<edit-config>` (RFC 6241 §7.2): the `operation` attribute of any element, the
 * error-option, the options and result of applying an edit (edit.ts), and where the `insert`
 * attribute puts an entry of an `ordered-by user` list or leaf-list (RFC 7950 §7.8.6, §7.7.9).
 */
import { keyOfValues, type DList, type DNode } from './data.ts';
import type { YangError } from './errors.ts';
import type { XEl } from './xml.ts';

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

/** Does the element (or anything below it) ask to write (RFC 6241 §7.2 default-operation none)? */
export function hasWritingOp(el: XEl): boolean {
  for (const a of el.attrs)
    if (a.name === 'operation' && a.ns === NETCONF_NS && ['merge', 'replace', 'create'].includes(a.value)) return true;
  return el.children.some(hasWritingOp);
}

/** A YANG-namespace attribute of `el` (RFC 7950 §7.8.6: `insert`, `key`, `value`). */
export function attrOf(el: XEl, name: string): string | undefined {
  return el.attrs.find((a) => a.name === name && a.ns === YANG_NS)?.value;
}

export const insertAttr = (el: XEl): string | undefined => attrOf(el, 'insert');

/**
 * The entries of `list` with `entry` (of `key`) where `el`'s `insert` asks: first, last, or before
 * or after the entry its `key` attribute names; undefined if that entry does not exist.
 */
export function insertedEntries(list: DList, key: string, entry: DNode, el: XEl): [string, DNode][] | undefined {
  const where = insertAttr(el)!;
  const entries = [...list.entries()].filter(([k]) => k !== key);
  let pos = entries.length;
  if (where === 'first') pos = 0;
  else if (where === 'before' || where === 'after') {
    const ref = attrOf(el, 'key') ?? '';
    const vals = [...ref.matchAll(/\[[^=]+=\s*(['"])(.*?)\1\s*\]/g)].map((m) => m[2]);
    const i = entries.findIndex(([k]) => k === keyOfValues(vals));
    if (i < 0) return undefined;
    pos = where === 'before' ? i : i + 1;
  }
  entries.splice(pos, 0, [key, entry]);
  return entries;
}

/** A leaf-list's values with `v` added where `el`'s `insert` asks (a user-ordered one; else last). */
export function insertedValue(old: string[] | undefined, v: string, el: XEl, userOrdered: boolean): string[] {
  const next = (old ?? []).filter((x) => x !== v);
  const where = insertAttr(el);
  if (userOrdered && where === 'first') next.unshift(v);
  else if (userOrdered && (where === 'before' || where === 'after')) {
    const ref = attrOf(el, 'value');
    const i = ref === undefined ? -1 : next.indexOf(ref);
    next.splice(i < 0 ? next.length : where === 'before' ? i : i + 1, 0, v);
  } else next.push(v);
  return next;
}

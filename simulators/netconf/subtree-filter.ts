/**
 * Subtree filtering (RFC 6241 §6) over the schema table, straight from the OltConfig objects to
 * XML: namespace selection, containment nodes, selection nodes and content match nodes on list
 * keys and leaves. No intermediate DOM is built, so filtering 4 096 v-ANIs for one PON only
 * serialises that PON.
 */
import { entryToXml } from '../../src/adapters/driven/olt/netconf/olt-config-xml.ts';
import type { ListSpec } from '../../src/adapters/driven/olt/netconf/olt-config-schema.ts';
import { escapeText, type XNode } from '../../src/adapters/driven/olt/netconf/olt-config-xnode.ts';

type Obj = Record<string, unknown>;

const isContent = (f: XNode) => f.children.length === 0 && f.text !== '';
const isSelection = (f: XNode) => f.children.length === 0 && f.text === '';

function leafText(v: unknown): string {
  return typeof v === 'string' ? escapeText(v) : String(v);
}

/** Filter one list: `filters` are the filter elements naming this list (possibly several). */
export function filterList(spec: ListSpec, items: Obj[], filters: XNode[]): string {
  let s = '';
  for (const e of items) {
    for (const f of filters) {
      const out = filterEntry(spec, e, f);
      if (out !== undefined) {
        s += out;
        break;
      }
    }
  }
  return s;
}

/** One entry against one filter element: its XML, or undefined when the filter does not select it. */
export function filterEntry(spec: ListSpec, e: Obj, f: XNode): string | undefined {
  if (f.children.length === 0) return entryToXml(spec, e);
  const leaves = [spec.key, ...spec.leaves];
  // content match nodes must all match (RFC 6241 §6.2.5)
  for (const c of f.children) {
    if (!isContent(c)) continue;
    const l = leaves.find((x) => x.xml === c.name);
    if (!l) return undefined;
    const v = e[l.field];
    if (v === undefined || String(v) !== c.text) return undefined;
  }
  const others = f.children.filter((c) => !isContent(c));
  if (others.length === 0) return entryToXml(spec, e);
  let body = '';
  const keyText = e[spec.key.field];
  body += `<${spec.key.xml}>${leafText(keyText)}</${spec.key.xml}>`;
  for (const l of spec.leaves) {
    const v = e[l.field];
    if (v === undefined) continue;
    if (f.children.some((c) => c.name === l.xml)) body += `<${l.xml}>${leafText(v)}</${l.xml}>`;
  }
  let anyChild = false;
  for (const sub of spec.lists) {
    const subFilters = others.filter((c) => c.name === sub.xml);
    if (!subFilters.length) continue;
    const part = filterList(sub, (e[sub.field] as Obj[] | undefined) ?? [], subFilters);
    if (part) anyChild = true;
    body += part;
  }
  // an entry reached only through containment nodes that select nothing below is left out
  const selectsLeaves = others.some((c) => isSelection(c) && spec.leaves.some((l) => l.xml === c.name));
  if (!anyChild && !selectsLeaves && others.every((c) => !isSelection(c))) return undefined;
  return `<${spec.xml}>${body}</${spec.xml}>`;
}

/**
 * A container holding lists (`<olt>`, `<olt-state>`), filtered by its filter element `f`. `full`
 * serialises the whole container (cached by the caller for the common unfiltered case).
 */
export function filterContainer(
  f: XNode,
  lists: { spec: ListSpec; items: Obj[] }[],
  open: string,
  close: string,
  full: () => string,
): string {
  if (f.children.length === 0) return full();
  let s = '';
  for (const { spec, items } of lists) {
    const w = spec.wrapper ? f.children.find((c) => c.name === spec.wrapper) : undefined;
    let body: string;
    if (spec.wrapper) {
      if (!w) continue;
      body =
        w.children.length === 0
          ? items.map((e) => entryToXml(spec, e)).join('')
          : filterList(
              spec,
              items,
              w.children.filter((c) => c.name === spec.xml),
            );
      if (body) s += `<${spec.wrapper}>${body}</${spec.wrapper}>`;
    } else {
      const fs = f.children.filter((c) => c.name === spec.xml);
      if (!fs.length) continue;
      s += filterList(spec, items, fs);
    }
  }
  return s ? `${open}${s}${close}` : '';
}

/**
 * Test tooling: applies an `<edit-config>` `<config>` body to a configuration tree the way RFC 6241
 * §7.2 says — `merge` (default), `replace`, `create` (data-exists if present), `delete`
 * (data-missing if absent), `remove` — with list entries identified by the keys libyang's compiled
 * schema gives (bbf-yang.ts schemaKeys), not by anything the codec knows. The result is then checked
 * by yanglint, so an edit that leaves a dangling reference or a duplicate is caught.
 */
import type { XAttr, XNode } from '../../src/adapters/driven/olt/netconf/olt-config-xnode.ts';
import type { SchemaKeys } from './bbf-yang.ts';

const NC = 'urn:ietf:params:xml:ns:netconf:base:1.0';
type Op = 'merge' | 'replace' | 'create' | 'delete' | 'remove';

export class EditError extends Error {
  constructor(
    readonly tag: 'data-exists' | 'data-missing',
    readonly path: string,
  ) {
    super(`${tag}: ${path}`);
  }
}

const opOf = (n: XNode): Op | undefined =>
  n.attrs.find((a) => a.name === 'operation' && a.ns === NC)?.value as Op;
const nsDecls = (n: XNode): XAttr[] => n.attrs.filter((a) => a.qname.startsWith('xmlns:') && a.value !== NC);
const keyText = (n: XNode, k: string) => n.children.find((c) => c.name === k)?.text;

function copy(n: XNode, path: string): XNode | undefined {
  const o = opOf(n);
  if (o === 'remove') return undefined;
  if (o === 'delete') throw new EditError('data-missing', path);
  const kids: XNode[] = [];
  for (const c of n.children) {
    const k = copy(c, `${path}/${c.name}`);
    if (k) kids.push(k);
  }
  return { name: n.name, ns: n.ns, attrs: nsDecls(n), children: kids, text: n.text };
}

export class XmlEditApplier {
  constructor(private readonly keys: SchemaKeys) {}

  private same(a: XNode, b: XNode): boolean {
    if (a.name !== b.name || a.ns !== b.ns) return false;
    const ks = this.keys.lists.get(a.name);
    if (ks) return ks.every((k) => keyText(a, k) === keyText(b, k));
    if (this.keys.leafLists.has(a.name)) return a.text === b.text;
    return true;
  }

  /** Applies `edit` (the element holding the body's top-level containers) to `data`, in place. */
  apply(data: XNode, edit: XNode): void {
    // prefixes declared on <config> itself (yangcli puts them there) stay in scope for identityref values
    const outer = nsDecls(edit);
    for (const e of edit.children) {
      const own = new Set(e.attrs.map((a) => a.qname));
      const top = { ...e, attrs: [...e.attrs, ...outer.filter((d) => !own.has(d.qname))] };
      this.applyNode(data, top, 'merge', `/${e.name}`);
    }
  }

  private applyNode(parent: XNode, e: XNode, inherited: Op, path: string): void {
    const o = opOf(e) ?? inherited;
    const i = parent.children.findIndex((c) => this.same(c, e));
    const here = i >= 0 ? parent.children[i] : undefined;
    const where = `${path}${this.keyDesc(e)}`;
    switch (o) {
      case 'create':
        if (here) throw new EditError('data-exists', where);
        parent.children.push(copy(e, where)!);
        return;
      case 'delete':
      case 'remove':
        if (!here) {
          if (o === 'delete') throw new EditError('data-missing', where);
          return;
        }
        parent.children.splice(i, 1);
        return;
      case 'replace':
        if (here) parent.children.splice(i, 1, copy(e, where)!);
        else parent.children.push(copy(e, where)!);
        return;
      case 'merge': {
        if (!here) {
          const c = copy(e, where);
          if (c) parent.children.push(c);
          return;
        }
        for (const d of nsDecls(e)) if (!here.attrs.some((a) => a.qname === d.qname)) here.attrs.push(d);
        const elementKids = e.children.length > 0;
        if (!elementKids) here.text = e.text;
        const keyNames = this.keys.lists.get(e.name) ?? [];
        for (const c of e.children) {
          if (keyNames.includes(c.name)) continue;
          this.applyNode(here, c, 'merge', `${where}/${c.name}`);
        }
      }
    }
  }

  private keyDesc(e: XNode): string {
    const ks = this.keys.lists.get(e.name);
    if (!ks) return '';
    return ks.map((k) => `[${k}='${keyText(e, k) ?? ''}']`).join('');
  }
}

const esc = (s: string) => s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));

/** Serialises a tree back to XML, each element's namespace declared where it changes. */
export function toXml(n: XNode, parentNs = ''): string {
  const decl =
    (n.ns !== parentNs ? ` xmlns="${n.ns}"` : '') +
    nsDecls(n)
      .map((a) => ` ${a.qname}="${a.value}"`)
      .join('');
  if (!n.children.length)
    return n.text ? `<${n.name}${decl}>${esc(n.text)}</${n.name}>` : `<${n.name}${decl}/>`;
  return `<${n.name}${decl}>${n.children.map((c) => toXml(c, n.ns)).join('')}</${n.name}>`;
}

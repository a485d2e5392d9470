/**
 * Subtree filtering (RFC 6241 §6) of a data tree straight to XML: namespace selection (§6.2.1),
 * containment nodes (§6.2.3), selection nodes (§6.2.4) and content match nodes (§6.2.5) on any leaf
 * or leaf-list, several filter elements for one list meaning "any of them". A content match on a
 * list's key is a lookup, so filtering one interface out of 50 000 does not scan them.
 */
import { DList, DNode } from './data.ts';
import type { Schema, SNode } from './schema.ts';
import { lookupNs, type XEl } from './xml.ts';
import { parseValue } from './values.ts';
import { orderedChildren, tagsOf, XmlWriter } from './serialize.ts';

export class SubtreeFilter {
  private readonly w: XmlWriter;
  constructor(
    private readonly schema: Schema,
    trim = false,
  ) {
    this.w = new XmlWriter(schema, trim);
  }

  /** The top-level elements `filter` selects from `root` (the content of `<data>`), as parts of a reply (XmlWriter.takeParts). */
  apply(root: DNode, filter: XEl): string[] {
    if (!filter.children.length) return [];
    this.children(root, filter.children, '');
    return this.w.takeParts();
  }

  private resolve(parent: SNode, el: XEl): SNode | undefined {
    if (el.ns) return this.schema.childByNs(parent, el.ns, el.name);
    // no namespace in the filter: any module's node of that name (§6.2.1 makes the namespace optional)
    for (const s of parent.byName.values()) if (s.name === el.name) return s;
    return undefined;
  }

  private isContentMatch(el: XEl, s: SNode): boolean {
    return !el.children.length && el.text.trim() !== '' && (s.kind === 'leaf' || s.kind === 'leaf-list');
  }

  /** The value a content match node asks for, in canonical form (identityref QNames resolved). */
  private wanted(el: XEl, s: SNode): string {
    // a string is its own canonical form, valid or not (a name in a read-back by name: no length
    // or pattern check to make)
    if (!s.type || s.type.b === 'string') return el.text.trim();
    const r = parseValue(this.schema, s.type, el.text.trim(), (p) => {
      const ns = lookupNs(el.scope, p);
      return ns === undefined ? undefined : this.schema.moduleOfNs.get(ns);
    });
    return r.ok ? r.v : el.text.trim();
  }

  /**
   * Writes the children of `d` that `els` select; false when a content match fails (then `d` itself
   * is not selected, and nothing was written), else true.
   */
  private children(d: DNode, els: XEl[], ns: string): boolean {
    const matches: [XEl, SNode][] = [];
    const others = new Map<SNode, XEl[]>();
    for (const el of els) {
      const s = this.resolve(d.s, el);
      if (!s) continue;
      if (this.isContentMatch(el, s)) matches.push([el, s]);
      else {
        const list = others.get(s);
        if (list) list.push(el);
        else others.set(s, [el]);
      }
    }
    if (!this.matchAll(d, matches)) return false;
    if (!others.size) {
      this.w.children(d, ns, true);
      return true;
    }
    const keys = d.s.kind === 'list' ? d.s.keys : [];
    for (const s of orderedChildren(d)) {
      if (keys.includes(s)) continue;
      const v = d.get(s)!;
      if (matches.some(([, m]) => m === s)) {
        this.w.child(s, v, ns);
        continue;
      }
      const fs = others.get(s);
      if (fs) this.select(s, v, fs, ns);
    }
    return true;
  }

  /** Do the content match nodes `matches` (§6.2.5) all match in `d`? */
  private matchAll(d: DNode, matches: [XEl, SNode][]): boolean {
    for (const [el, s] of matches) {
      const v = d.get(s);
      const want = this.wanted(el, s);
      if (typeof v === 'string' ? v !== want : !(Array.isArray(v) && v.includes(want))) return false;
    }
    return true;
  }

  private select(s: SNode, v: string | string[] | DNode | DList, fs: XEl[], ns: string): void {
    if (typeof v === 'string' || Array.isArray(v)) return this.w.child(s, v, ns);
    const parts = this.w.parts;
    if (v instanceof DNode) {
      if (fs.some((f) => !f.children.length)) return this.w.child(s, v, ns);
      // a container with nothing selected below it is left out (cut back to before its start tag)
      const mark = parts.length;
      const body = this.open(v, ns);
      if (!this.children(v, fs.flatMap((f) => f.children), s.ns) || parts.length === body) parts.length = mark;
      else this.close(v);
      return;
    }
    const [picked, byKey] = this.candidates(v, fs);
    for (const [e, efs] of picked) {
      for (const f of efs) {
        const fc = f.children;
        // nothing below it, or (looked up by key) only the key, which then matches
        if (!fc.length || (byKey && fc.length === 1)) {
          this.w.entry(e, ns);
          break;
        }
        const matches: [XEl, SNode][] = [];
        const onlyMatches = fc.every((c) => {
          const cs = this.resolve(e.s, c);
          if (!cs || !this.isContentMatch(c, cs)) return false;
          matches.push([c, cs]);
          return true;
        });
        if (onlyMatches) {
          // content match nodes only (a read-back by name): the whole entry, as a whole read writes
          // it — memoised, so a later read of this version of the entry is a join
          if (!this.matchAll(e, matches)) continue;
          this.w.entry(e, ns);
          break;
        }
        const mark = parts.length;
        const body = this.open(e, ns);
        if (!this.children(e, fc, s.ns)) {
          parts.length = mark;
          continue;
        }
        if (parts.length === body) {
          parts.length = mark;
          continue;
        }
        this.close(e);
        break;
      }
    }
  }

  /**
   * Entries a set of filter elements may select, each with the filter elements that may select it:
   * by key when every element names one (content match) — so a filter naming thousands of entries
   * costs one lookup per element, not one test per element and entry — and whether they were.
   */
  private candidates(l: DList, fs: XEl[]): [Iterable<[DNode, XEl[]]>, boolean] {
    const key = l.s.keys.length === 1 ? l.s.keys[0] : undefined;
    const all = (): [Iterable<[DNode, XEl[]]>, boolean] => [[...l.values()].map((e) => [e, fs] as [DNode, XEl[]]), false];
    if (!key) return all();
    const picked = new Map<DNode, XEl[]>();
    for (const f of fs) {
      const k = f.children.find((c) => this.resolve(l.s, c) === key && this.isContentMatch(c, key));
      if (!k) return all();
      const e = l.get(this.wanted(k, key));
      if (!e) continue;
      const list = picked.get(e);
      if (list) list.push(f);
      else picked.set(e, [f]);
    }
    return [picked, true];
  }

  /**
   * The start tag of an inner node with its keys (list entries always carry them, §6.2.5), before
   * the selected body; returns the mark where the body starts.
   */
  private open(d: DNode, parentNs: string): number {
    const s = d.s;
    this.w.parts.push(tagsOf(s, parentNs).open);
    for (const k of s.kind === 'list' ? s.keys : []) {
      const v = d.get(k);
      if (typeof v === 'string') this.w.leaf(k, v, s.ns);
    }
    return this.w.parts.length;
  }

  private close(d: DNode): void {
    this.w.parts.push(tagsOf(d.s, '').close);
  }
}

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

/**
 * A filter element with its children, read once: XEl.children makes a new array of new views on each
 * read, and a read-back names ~3 500 entries, each read three times.
 */
interface FEl {
  el: XEl;
  kids: XEl[];
}

/** A content match node (§6.2.5): the element, its schema node and its text, trimmed. */
type Match = [el: XEl, s: SNode, text: string];

export class SubtreeFilter {
  private readonly w: XmlWriter;
  /** The last node `resolve` found, and for what (a filter names the same child thousands of times). */
  private last: { parent: SNode; ns: string; name: string; s: SNode | undefined } | undefined;
  constructor(
    private readonly schema: Schema,
    trim = false,
  ) {
    this.w = new XmlWriter(schema, trim);
  }

  /** The top-level elements `filter` selects from `root` (the content of `<data>`), as UTF-8 blocks (XmlOut.take). */
  apply(root: DNode, filter: XEl): Buffer[] {
    const els = filter.children;
    if (els.length) this.children(root, els, '');
    return this.w.out.take();
  }

  private resolve(parent: SNode, el: XEl): SNode | undefined {
    const ns = el.ns;
    const name = el.name;
    const l = this.last;
    if (l !== undefined && l.parent === parent && l.ns === ns && l.name === name) return l.s;
    const s = this.lookup(parent, ns, name);
    this.last = { parent, ns, name, s };
    return s;
  }

  private lookup(parent: SNode, ns: string, name: string): SNode | undefined {
    if (ns) return this.schema.childByNs(parent, ns, name);
    // no namespace in the filter: any module's node of that name (§6.2.1 makes the namespace optional)
    for (const s of parent.byName.values()) if (s.name === name) return s;
    return undefined;
  }

  /** The trimmed text of `el` (children `kids`) when it is a content match node on `s`, else undefined. */
  private matchText(el: XEl, kids: XEl[], s: SNode): string | undefined {
    if (kids.length || (s.kind !== 'leaf' && s.kind !== 'leaf-list')) return undefined;
    const t = el.text.trim();
    return t === '' ? undefined : t;
  }

  /** The value a content match node asks for (its trimmed text `t`), in canonical form (identityref QNames resolved). */
  private wanted(el: XEl, s: SNode, t: string): string {
    // a string is its own canonical form, valid or not (a name in a read-back by name: no length
    // or pattern check to make)
    if (!s.type || s.type.b === 'string') return t;
    const r = parseValue(this.schema, s.type, t, (p) => {
      const ns = lookupNs(el.scope, p);
      return ns === undefined ? undefined : this.schema.moduleOfNs.get(ns);
    });
    return r.ok ? r.v : t;
  }

  /**
   * Writes the children of `d` that `els` select; false when a content match fails (then `d` itself
   * is not selected, and nothing was written), else true.
   */
  private children(d: DNode, els: XEl[], ns: string): boolean {
    const matches: Match[] = [];
    const others = new Map<SNode, FEl[]>();
    for (let i = 0; i < els.length; i++) {
      const el = els[i];
      const s = this.resolve(d.s, el);
      if (!s) continue;
      const kids = el.children;
      const t = this.matchText(el, kids, s);
      if (t !== undefined) matches.push([el, s, t]);
      else {
        const list = others.get(s);
        if (list) list.push({ el, kids });
        else others.set(s, [{ el, kids }]);
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
  private matchAll(d: DNode, matches: Match[]): boolean {
    for (const [el, s, t] of matches) {
      const v = d.get(s);
      const want = this.wanted(el, s, t);
      if (typeof v === 'string' ? v !== want : !(Array.isArray(v) && v.includes(want))) return false;
    }
    return true;
  }

  private select(s: SNode, v: string | string[] | DNode | DList, fs: FEl[], ns: string): void {
    if (typeof v === 'string' || Array.isArray(v)) return this.w.child(s, v, ns);
    const o = this.w.out;
    if (v instanceof DNode) {
      if (fs.some((f) => !f.kids.length)) return this.w.child(s, v, ns);
      // a container with nothing selected below it is left out (cut back to before its start tag)
      const mark = o.mark();
      const body = this.open(v, ns);
      // one filter element for a container is the rule (<interfaces> around a read-back's 1 536
      // entries): its children as they are, not copied by flatMap
      const kids = fs.length === 1 ? fs[0].kids : fs.flatMap((f) => f.kids);
      if (!this.children(v, kids, s.ns) || o.mark() === body) o.cut(mark);
      else this.close(v);
      return;
    }
    const [picked, byKey] = this.candidates(v, fs);
    picked.forEach((efs, e) => {
      for (const f of efs) {
        const fc = f.kids;
        // nothing below it, or (looked up by key) only the key, which then matches
        if (!fc.length || (byKey && fc.length === 1)) {
          this.w.inner(e, ns);
          break;
        }
        const matches: Match[] = [];
        const onlyMatches = fc.every((c) => {
          const cs = this.resolve(e.s, c);
          const t = cs && this.matchText(c, c.children, cs);
          if (t === undefined) return false;
          matches.push([c, cs!, t]);
          return true;
        });
        if (onlyMatches) {
          // content match nodes only (a read-back by name): the whole entry, as a whole read writes it
          if (!this.matchAll(e, matches)) continue;
          this.w.inner(e, ns);
          break;
        }
        const mark = o.mark();
        const body = this.open(e, ns);
        if (!this.children(e, fc, s.ns)) {
          o.cut(mark);
          continue;
        }
        if (o.mark() === body) {
          o.cut(mark);
          continue;
        }
        this.close(e);
        break;
      }
    });
  }

  /**
   * Entries a set of filter elements may select, each with the filter elements that may select it
   * (in the order they are first selected): by key when every element names one (content match) —
   * so a filter naming thousands of entries costs one lookup per element, not one test per element
   * and entry — and whether they were.
   */
  private candidates(l: DList, fs: FEl[]): [Map<DNode, FEl[]>, boolean] {
    const key = l.s.keys.length === 1 ? l.s.keys[0] : undefined;
    const all = (): [Map<DNode, FEl[]>, boolean] => {
      const every = new Map<DNode, FEl[]>();
      for (const e of l.values()) every.set(e, fs);
      return [every, false];
    };
    if (!key) return all();
    const picked = new Map<DNode, FEl[]>();
    for (let i = 0; i < fs.length; i++) {
      const f = fs[i];
      let want: string | undefined;
      for (let j = 0; j < f.kids.length; j++) {
        const c = f.kids[j];
        if (this.resolve(l.s, c) !== key) continue;
        const t = this.matchText(c, c.children, key);
        if (t === undefined) continue;
        want = this.wanted(c, key, t);
        break;
      }
      if (want === undefined) return all();
      const e = l.get(want);
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
    this.w.out.tag(tagsOf(s, parentNs).open);
    for (const k of s.kind === 'list' ? s.keys : []) {
      const v = d.get(k);
      if (typeof v === 'string') this.w.leaf(k, v, s.ns);
    }
    return this.w.out.mark();
  }

  private close(d: DNode): void {
    this.w.out.tag(tagsOf(d.s, '').close);
  }
}

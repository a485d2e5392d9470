/**
 * A namespace-aware XML 1.0 parser for NETCONF messages and YANG instance data (RFC 7950 §9 XML
 * encoding; Namespaces in XML 1.0). The lab OLT's own, so that it shares nothing with the driver's
 * codec. It keeps what NETCONF needs: element names with their namespace URI, attributes with
 * theirs, text, and the prefix bindings in scope (identityref values are QNames, RFC 7950 §9.10.3).
 * Comments, processing instructions and the XML declaration are skipped; a DOCTYPE is refused.
 * One pass over the characters, no regular expression per character: a 60 MB edit parses in ~1 s.
 */
import { ATTRS, COUNT, Doc, FIRST, LAST, lookupNs, NAME, NEXT, NO_ATTRS, NS } from './xml-doc.ts';
import { SCOPE, TEXT, TEXT_END, W, XNode, type NsScope, type XAttr, type XEl } from './xml-doc.ts';

export { lookupNs, type NsScope, type XAttr, type XEl };

export class XmlError extends Error {}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function decode(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);?/g, (m, e: string) => {
    if (!m.endsWith(';')) throw new XmlError('bad entity reference');
    if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    const v = ENTITIES[e];
    if (v === undefined) throw new XmlError(`unknown entity &${e};`);
    return v;
  });
}

// character codes
const GT = 62;
const SLASH = 47;
const EQ = 61;
const QUOT = 34;
const APOS = 39;

const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;
const isNameEnd = (c: number) => isSpace(c) || c === SLASH || c === GT || c === EQ;

/** 1-based line of a character offset (for messages only). */
function lineAt(src: string, pos: number): number {
  let n = 1;
  for (let k = src.indexOf('\n'); k >= 0 && k < pos; k = src.indexOf('\n', k + 1)) n++;
  return n;
}


/**
 * Parse a document or a fragment with several top-level elements; returns a synthetic root whose
 * children are the top-level elements.
 */
export function parseXml(src: string): XEl {
  const names = new Map<string, number>();
  const nsIds = new Map<string, number>([['', 0]]);
  const doc = new Doc(src);
  const scopes = new ScopeCache(doc);
  doc.add(); // the root: every word 0
  // direct-mapped caches of this parse: name hash → 1 + name id; (scope, name) → namespace id
  const nameSlots = new Int32Array(SLOT_MASK + 1);
  const nsKeys = new Float64Array(SLOT_MASK + 1);
  const nsIdOf = new Int32Array(SLOT_MASK + 1);
  // text hash → 1 + index in doc.texts (a leaf's text, see the end tag)
  const textSlots = new Int32Array(TEXT_MASK + 1);
  const stack: number[] = [0];
  // a leaf's text so far: one run of src [t0, t1) (runs 1), or built up in `text` (runs 2)
  let runs = 0;
  let t0 = 0;
  let t1 = 0;
  let text = '';
  let i = 0;
  const n = src.length;
  const fail = (msg: string, at = i): never => {
    throw new XmlError(`${msg} (line ${lineAt(src, at)})`);
  };
  const addText = (s: string) => {
    if (runs === 1) text = src.slice(t0, t1);
    text += s;
    runs = 2;
  };
  while (i < n) {
    const lt = src.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    if (end > i) {
      if (stack.length > 1) {
        if (runs === 0) {
          t0 = i;
          t1 = end;
          runs = 1;
        } else addText(src.slice(i, end));
      } else if (src.slice(i, end).trim()) fail('text outside an element');
    }
    if (lt < 0) break;
    i = lt;
    const c1 = src.charCodeAt(i + 1);
    if (c1 === 33 /* ! */) {
      if (src.startsWith('<!--', i)) {
        const e = src.indexOf('-->', i + 4);
        if (e < 0) fail('unterminated comment');
        i = e + 3;
        continue;
      }
      if (src.startsWith('<![CDATA[', i)) {
        const e = src.indexOf(']]>', i + 9);
        if (e < 0) fail('unterminated CDATA');
        if (stack.length > 1) addText(src.slice(i + 9, e).replace(/&/g, '&amp;').replace(/</g, '&lt;'));
        i = e + 3;
        continue;
      }
      fail('DOCTYPE and declarations are not accepted');
    }
    if (c1 === 63 /* ? */) {
      const e = src.indexOf('?>', i + 2);
      if (e < 0) fail('unterminated processing instruction');
      i = e + 2;
      continue;
    }
    const cols = doc.cols;
    if (c1 === SLASH) {
      const e = src.indexOf('>', i);
      if (e < 0) fail('unterminated end tag');
      const el = stack.pop()!;
      const b = el * W;
      const open = doc.names[cols[b + NAME]][2];
      // the common case compared in place (no string per end tag); anything else as written
      // (a name's ends are not ASCII spaces; a non-ASCII end might be one trim() removes: as written)
      const exact =
        stack.length > 0 &&
        e === i + 2 + open.length &&
        open.charCodeAt(0) < 128 &&
        open.charCodeAt(open.length - 1) < 128 &&
        src.startsWith(open, i + 2);
      if (!exact) {
        const qname = src.slice(i + 2, e).trim();
        if (stack.length === 0) fail(`unexpected </${qname}>`);
        if (open !== qname) fail(`</${qname}> closes <${open}>`);
      }
      if (cols[b + COUNT] === 0 && runs > 0) {
        // a short run without references: the text's one string in this parse (sharedText); a long
        // one stays where it is (sliced when read); anything else decoded now
        const id = runs === 1 ? sharedText(doc, textSlots, t0, t1) : -1;
        if (id >= 0) cols[b + TEXT] = ~id;
        else if (runs === 1 && !hasAmp(src, t0, t1)) {
          cols[b + TEXT] = t0;
          cols[b + TEXT_END] = t1;
        } else {
          cols[b + TEXT] = ~doc.texts.length;
          doc.texts.push(decode(runs === 1 ? src.slice(t0, t1) : text));
        }
      }
      runs = 0;
      text = '';
      i = e + 1;
      continue;
    }
    // start tag
    runs = 0;
    text = '';
    let k = i + 1;
    let h = 0;
    for (; k < n; k++) {
      const ch = src.charCodeAt(k);
      if (isNameEnd(ch)) break;
      h = (Math.imul(h, 31) + ch) | 0;
    }
    const name0 = i + 1;
    const name1 = k;
    if (name1 === name0) fail('empty tag name');
    let rawAttrs: [string, string][] | undefined;
    // the value of a lone xmlns="…" without references, kept as a range (ScopeCache.defaultIn)
    let x0 = -1;
    let x1 = -1;
    let selfClose = false;
    for (;;) {
      while (k < n && isSpace(src.charCodeAt(k))) k++;
      const c = src.charCodeAt(k);
      if (c === GT) {
        k++;
        break;
      }
      if (c === SLASH && src.charCodeAt(k + 1) === GT) {
        selfClose = true;
        k += 2;
        break;
      }
      if (k >= n) fail('unterminated start tag');
      const a0 = k;
      while (k < n && !isNameEnd(src.charCodeAt(k))) k++;
      const an = src.slice(a0, k);
      while (isSpace(src.charCodeAt(k))) k++;
      if (src.charCodeAt(k) !== EQ) fail(`attribute ${an} without a value`);
      k++;
      while (isSpace(src.charCodeAt(k))) k++;
      const q = src.charCodeAt(k);
      if (q !== QUOT && q !== APOS) fail(`unquoted attribute ${an}`);
      const ve = src.indexOf(q === QUOT ? '"' : "'", k + 1);
      if (ve < 0) fail(`unterminated attribute ${an}`);
      if (!rawAttrs && x0 < 0 && an === 'xmlns' && !hasAmp(src, k + 1, ve)) {
        x0 = k + 1;
        x1 = ve;
      } else {
        if (x0 >= 0) (rawAttrs ??= []).push(['xmlns', src.slice(x0, x1)]);
        x0 = -1;
        (rawAttrs ??= []).push([an, decode(src.slice(k + 1, ve))]);
      }
      k = ve + 1;
    }
    const parent = stack[stack.length - 1];
    let scopeId = doc.cols[parent * W + SCOPE];
    let scope = doc.scopes[scopeId];
    let attrs = NO_ATTRS;
    if (x0 >= 0) {
      scopeId = scopes.defaultIn(scopeId, x0, x1);
      scope = doc.scopes[scopeId];
    } else if (rawAttrs) {
      let decls: Map<string, string> | undefined;
      let first: [string, string] | undefined;
      // indexed loops, not `for (const [a, v] of …)`: destructuring made iterator objects per attribute
      for (let r = 0; r < rawAttrs.length; r++) {
        const a = rawAttrs[r][0];
        const v = rawAttrs[r][1];
        const p = a === 'xmlns' ? '' : a.startsWith('xmlns:') ? a.slice(6) : undefined;
        if (p === undefined) continue;
        if (!first) first = [p, v];
        else (decls ??= new Map([[first[0], ownString(first[1])]])).set(p, ownString(v));
      }
      if (decls) scopeId = scopes.add({ parent: scope, decls });
      else if (first) scopeId = scopes.of(scopeId, first[0], first[1]);
      scope = doc.scopes[scopeId];
      for (let r = 0; r < rawAttrs.length; r++) {
        const an = rawAttrs[r][0];
        const v = rawAttrs[r][1];
        if (an === 'xmlns' || an.startsWith('xmlns:')) continue;
        const c = an.indexOf(':');
        const ap = c < 0 ? '' : an.slice(0, c);
        const ans = ap ? lookupNs(scope, ap) : '';
        if (ans === undefined) fail(`undeclared prefix ${ap}`);
        if (attrs === NO_ATTRS) attrs = [];
        attrs.push({ name: c < 0 ? an : an.slice(c + 1), prefix: ap, ns: ans!, value: v });
      }
    }
    // the name by the hash of its characters, compared in place (no string per element): the map
    // by name string only on a miss of this direct-mapped slot
    const slot = (h ^ (h >>> 12)) & SLOT_MASK;
    let nameId = nameSlots[slot] - 1;
    if (nameId < 0 || !sameText(src, name0, name1, doc.names[nameId][2])) {
      const qname = src.slice(name0, name1);
      nameId = names.get(qname) ?? -1;
      if (nameId < 0) {
        const colon = qname.indexOf(':');
        const q = ownString(qname);
        nameId = doc.names.length;
        doc.names.push(colon < 0 ? ['', q, q] : [qname.slice(0, colon), ownString(qname.slice(colon + 1)), q]);
        names.set(qname, nameId);
      }
      nameSlots[slot] = nameId + 1;
    }
    // its namespace: the same for the same name in the same scope
    const nsSlot = (Math.imul(scopeId, 0x9e3779b1) ^ nameId) & SLOT_MASK;
    let nsId: number;
    if (nsKeys[nsSlot] === scopeId * 4294967296 + nameId + 1) nsId = nsIdOf[nsSlot];
    else {
      const prefix = doc.names[nameId][0];
      const ns = lookupNs(scope, prefix);
      if (ns === undefined && prefix) fail(`undeclared prefix ${prefix}`);
      let id = nsIds.get(ns ?? '');
      if (id === undefined) {
        id = doc.nsList.length;
        doc.nsList.push(ns!);
        nsIds.set(ns!, id);
      }
      nsId = id;
      nsKeys[nsSlot] = scopeId * 4294967296 + nameId + 1;
      nsIdOf[nsSlot] = nsId;
    }
    const el = doc.add();
    const c = doc.cols;
    const b = el * W;
    c[b + NAME] = nameId;
    c[b + NS] = nsId;
    c[b + SCOPE] = scopeId;
    if (attrs !== NO_ATTRS) c[b + ATTRS] = doc.attrLists.push(attrs);
    const pb = parent * W;
    if (c[pb + COUNT]++ === 0) c[pb + FIRST] = el;
    else c[c[pb + LAST] * W + NEXT] = el;
    c[pb + LAST] = el;
    i = k;
    if (!selfClose) stack.push(el);
  }
  if (stack.length > 1) fail(`<${doc.names[doc.cols[stack[stack.length - 1] * W + NAME]][1]}> is not closed`, n);
  return new XNode(doc, 0);
}

const SLOT_MASK = 1023;
const TEXT_MASK = 16383;
/** Longer texts are not shared (sharedText: few repeat, and each would be copied). */
const MAX_SHARED_TEXT = 256;

/**
 * A string of its own with the characters of `s`. A string of 13 characters or more cut out of
 * another is a view of it in V8 (a sliced string): a Map lookup or a comparison with one takes ~3x
 * as long (names and namespaces are looked up in the schema for every element of an edit), and it
 * holds the whole message in memory. Shorter ones are copies already.
 */
export function ownString(s: string): string {
  if (s.length < 13) return s;
  const codes = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) codes[i] = s.charCodeAt(i);
  return String.fromCharCode.apply(null, codes);
}

/**
 * The index in `doc.texts` of the text src[t0, t1), added if new, or -1 (too long, or with
 * references): one string of its own per distinct text of a parse, found by the hash of its
 * characters in `slots` (hash → 1 + index). The ~56 000 leaf values of an edit of 256 subscribers
 * have ~7 000 distinct texts, each looked up in the value memo: a new slice per value was hashed
 * each time, and compared slowly (see ownString).
 */
function sharedText(doc: Doc, slots: Int32Array, t0: number, t1: number): number {
  if (t1 - t0 > MAX_SHARED_TEXT) return -1;
  const src = doc.src;
  let h = 0;
  for (let j = t0; j < t1; j++) {
    const ch = src.charCodeAt(j);
    if (ch === 38 /* & */) return -1;
    h = (Math.imul(h, 31) + ch) | 0;
  }
  const slot = (h ^ (h >>> 13)) & TEXT_MASK;
  let id = slots[slot] - 1;
  if (id < 0 || !sameText(src, t0, t1, doc.texts[id])) {
    id = doc.texts.length;
    doc.texts.push(ownString(src.slice(t0, t1)));
    slots[slot] = id + 1;
  }
  return id;
}

/** Whether src[from, to) is `s`. */
function sameText(src: string, from: number, to: number, s: string): boolean {
  return s.length === to - from && src.startsWith(s, from);
}

function hasAmp(src: string, from: number, to: number): boolean {
  for (let j = from; j < to; j++) if (src.charCodeAt(j) === 38 /* & */) return true;
  return false;
}

/**
 * The scopes of one parse (`doc.scopes`, by id), those adding one declaration to a parent scope
 * shared: an edit of 256 subscribers declares the same default namespace on ~20 000 elements under
 * the same parent scope (scopes are never changed once made; lookups see the same bindings either
 * way).
 */
class ScopeCache {
  /** parent id → prefix → URI → scope id. */
  private readonly m = new Map<number, Map<string, Map<string, number>>>();
  /** (parent id, default namespace URI) hash → 1 + the scope id, for `defaultIn`. */
  private readonly slots = new Int32Array(SLOT_MASK + 1);

  constructor(private readonly doc: Doc) {}

  /** A scope of its own (several declarations): its new id. */
  add(scope: NsScope): number {
    this.doc.scopes.push(scope);
    return this.doc.scopes.length - 1;
  }

  /** The id of the scope declaring `prefix` as `uri` under the scope `parent`. */
  of(parent: number, prefix: string, uri: string): number {
    let byPrefix = this.m.get(parent);
    if (!byPrefix) this.m.set(parent, (byPrefix = new Map()));
    let byUri = byPrefix.get(prefix);
    if (!byUri) byPrefix.set(prefix, (byUri = new Map()));
    let id = byUri.get(uri);
    if (id === undefined) {
      id = this.add({ parent: this.doc.scopes[parent], decls: new Map([[prefix, ownString(uri)]]) });
      byUri.set(uri, id);
    }
    return id;
  }

  /**
   * `of(parent, '', <the text src[x0, x1)>)`, without references in the text: found by the hash of
   * its characters and compared in place, so that the ~20 000 elements whose one attribute is
   * `xmlns="…"` make no string and no map lookup each.
   */
  defaultIn(parent: number, x0: number, x1: number): number {
    const src = this.doc.src;
    let h = parent;
    for (let j = x0; j < x1; j++) h = (Math.imul(h, 31) + src.charCodeAt(j)) | 0;
    const slot = (h ^ (h >>> 13)) & SLOT_MASK;
    const known = this.slots[slot] - 1;
    const s = known >= 0 ? this.doc.scopes[known] : undefined;
    // a slot holds only scopes this made (a default declaration each): a collision is told apart here
    if (s && s.parent === this.doc.scopes[parent] && sameText(src, x0, x1, s.decls.get('')!)) return known;
    const id = this.of(parent, '', src.slice(x0, x1));
    this.slots[slot] = id + 1;
    return id;
  }
}

/** The attribute `name` in namespace `ns` ('' = unqualified). */
export function attrOf(el: XEl, name: string, ns = ''): string | undefined {
  return el.attrs.find((a) => a.name === name && a.ns === ns)?.value;
}

export const childEl = (el: XEl, name: string, ns?: string): XEl | undefined =>
  el.children.find((c) => c.name === name && (ns === undefined || c.ns === ns));

export function escapeText(s: string): string {
  // most values have nothing to escape, found so by a loop (a regular expression literal is a new
  // RegExp at every call, and this runs for every leaf a reply writes)
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 60 /* < */ || c === 62 /* > */ || c === 38 /* & */)
      return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }
  return s;
}

export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

/**
 * A namespace-aware XML 1.0 parser for NETCONF messages and YANG instance data (RFC 7950 §9 XML
 * encoding; Namespaces in XML 1.0). The lab OLT's own, so that it shares nothing with the driver's
 * codec. It keeps what NETCONF needs: element names with their namespace URI, attributes with
 * theirs, text, and the prefix bindings in scope (identityref values are QNames, RFC 7950 §9.10.3).
 * Comments, processing instructions and the XML declaration are skipped; a DOCTYPE is refused.
 * One pass over the characters, no regular expression per character: a 60 MB edit parses in ~1 s.
 */
import { ATTRS, COUNT, Doc, FIRST, LAST, lookupNs, NAME, NEXT, NS } from './xml-doc.ts';
import { SCOPE, TEXT, TEXT_END, W, XNode, type NsScope, type XAttr, type XEl } from './xml-doc.ts';
import { asciiBytes, ownString, Refs, sameRun, ScopeCache, sharedText, SLOT_MASK, TEXT_MASK } from './xml-runs.ts';

export { lookupNs, ownString, type NsScope, type XAttr, type XEl };

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

/**
 * Words per slot of a parse's table of attributes (`regions`): where the characters after a name
 * were, their length, the scope they were read in, the scope and the attribute list (1 + index in
 * Doc.attrLists, 0: none) they gave, whether they ended in '/>' (two words spare: a slot a power of two).
 */
const REGION_WORDS = 8;

const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;
// the characters that end a name are all below 64: most of a name's (letters) fail the first test
const NAME_ENDS = new Uint8Array(64);
for (const c of [32, 10, 9, 13, SLASH, GT, EQ]) NAME_ENDS[c] = 1;
const isNameEnd = (c: number) => c < 64 && NAME_ENDS[c] === 1;

/**
 * The error for malformed input at offset `at`. A module function, not a closure in parseXml: the
 * variables a closure reads (the position, the text so far) would live in a context object, each
 * read and write of them in the loop a memory access.
 */
function fail(src: string, at: number, msg: string): never {
  throw new XmlError(`${msg} (line ${lineAt(src, at)})`);
}

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
  const bytes = asciiBytes(src);
  const u8 = bytes && new Uint8Array(bytes.buffer);
  const scopes = new ScopeCache(doc, bytes);
  const refs = new Refs(src);
  doc.add(); // the root: every word 0
  // direct-mapped caches of this parse: name hash → 1 + name id; (scope, name) → namespace id
  const nameSlots = new Int32Array(SLOT_MASK + 1);
  // where each name (by id) first occurs in src, and its length: compared there (sameRun)
  const nameAt: number[] = [0];
  const nameLen: number[] = [0];
  // 1 if the name's first and last characters are ASCII (see the end tag)
  const nameAsciiEnds: number[] = [0];
  const nsKeys = new Float64Array(SLOT_MASK + 1);
  const nsIdOf = new Int32Array(SLOT_MASK + 1);
  // leaf texts by hash (sharedText)
  const textSlots = new Int32Array(4 * (TEXT_MASK + 1));
  // (name hash, scope) → the attributes read last after that name in that scope (REGION_WORDS)
  const regions = new Int32Array(REGION_WORDS * (SLOT_MASK + 1));
  const stack: number[] = [0];
  // a leaf's text so far: one run of src [t0, t1) (runs 1), or built up in `text` (runs 2)
  let runs = 0;
  let t0 = 0;
  let t1 = 0;
  let text = '';
  let i = 0;
  const n = src.length;
  while (i < n) {
    const lt = src.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    if (end > i) {
      if (stack.length > 1) {
        if (runs === 0) {
          t0 = i;
          t1 = end;
          runs = 1;
        } else {
          text = (runs === 1 ? src.slice(t0, t1) : text) + src.slice(i, end);
          runs = 2;
        }
      } else if (src.slice(i, end).trim()) fail(src, i, 'text outside an element');
    }
    if (lt < 0) break;
    i = lt;
    const c1 = src.charCodeAt(i + 1);
    if (c1 === 33 /* ! */) {
      if (src.startsWith('<!--', i)) {
        const e = src.indexOf('-->', i + 4);
        if (e < 0) fail(src, i, 'unterminated comment');
        i = e + 3;
        continue;
      }
      if (src.startsWith('<![CDATA[', i)) {
        const e = src.indexOf(']]>', i + 9);
        if (e < 0) fail(src, i, 'unterminated CDATA');
        if (stack.length > 1) {
          text = (runs === 1 ? src.slice(t0, t1) : text) + src.slice(i + 9, e).replace(/&/g, '&amp;').replace(/</g, '&lt;');
          runs = 2;
        }
        i = e + 3;
        continue;
      }
      fail(src, i, 'DOCTYPE and declarations are not accepted');
    }
    if (c1 === 63 /* ? */) {
      const e = src.indexOf('?>', i + 2);
      if (e < 0) fail(src, i, 'unterminated processing instruction');
      i = e + 2;
      continue;
    }
    const cols = doc.cols;
    if (c1 === SLASH) {
      const el = stack.pop()!;
      const b = el * W;
      const nameId = cols[b + NAME];
      // the common case compared in place (no string per end tag; the name's length and ends from
      // this parse's tables, not its string), its '>' where the name ends (a name has none);
      // anything else as written (a name's ends are not ASCII spaces; a non-ASCII end might be one
      // trim() removes: as written)
      let e = i + 2 + nameLen[nameId];
      const exact =
        stack.length > 0 &&
        src.charCodeAt(e) === GT &&
        nameAsciiEnds[nameId] === 1 &&
        sameRun(src, bytes, i + 2, nameAt[nameId], nameLen[nameId]);
      if (!exact) {
        const open = doc.names[nameId][2];
        e = src.indexOf('>', i);
        if (e < 0) fail(src, i, 'unterminated end tag');
        const qname = src.slice(i + 2, e).trim();
        if (stack.length === 0) fail(src, i, `unexpected </${qname}>`);
        if (open !== qname) fail(src, i, `</${qname}> closes <${open}>`);
      }
      if (cols[b + COUNT] === 0 && runs > 0) {
        // a short run without references: the text's one string in this parse (sharedText); a long
        // one stays where it is (sliced when read); anything else decoded now
        const id = runs === 1 ? sharedText(doc, bytes, refs, textSlots, t0, t1) : -1;
        if (id >= 0) cols[b + TEXT] = ~id;
        else if (runs === 1 && !refs.within(t0, t1)) {
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
    // in the bytes of an ASCII message if it is one: a load, where charCodeAt first tells which
    // kind of string it reads (this loop sees every character of every name)
    if (u8 !== undefined)
      for (; k < n; k++) {
        const ch = u8[k];
        if (isNameEnd(ch)) break;
        h = (Math.imul(h, 31) + ch) | 0;
      }
    else
      for (; k < n; k++) {
        const ch = src.charCodeAt(k);
        if (isNameEnd(ch)) break;
        h = (Math.imul(h, 31) + ch) | 0;
      }
    const name0 = i + 1;
    const name1 = k;
    if (name1 === name0) fail(src, i, 'empty tag name');
    const parent = stack[stack.length - 1];
    // the scope by id; its object read only where a prefix is looked up in it
    const parentScope = doc.cols[parent * W + SCOPE];
    let scopeId = parentScope;
    // 1 + the element's list in doc.attrLists (0: none)
    let attrsRef = 0;
    let selfClose = false;
    // the attributes up to the tag's end: those the same characters gave last after this name in
    // this scope (`regions`), or parsed. The same characters in the same scope give the same
    // attributes and the same scope (ScopeCache shares a scope of one declaration), so an edit's
    // ~20 000 `xmlns="…"` and ~7 000 `nc:operation="…"` are compared in place, four bytes at a time,
    // not read attribute by attribute with strings, arrays and an attribute object each (a quarter
    // of the parse of a 4 MB edit). Stored only once read without error: errors come as before.
    // (the bytes past the message are an earlier one's)
    const c0 = k >= n ? -1 : u8 !== undefined ? u8[k] : src.charCodeAt(k);
    const rs = ((h ^ Math.imul(parentScope, 0x9e3779b1)) & SLOT_MASK) * REGION_WORDS;
    let rLen = 0;
    if (c0 === GT) k++;
    else if (c0 === SLASH && src.charCodeAt(k + 1) === GT) {
      selfClose = true;
      k += 2;
    } else if (
      regions[rs] > 0 &&
      regions[rs + 2] === parentScope &&
      k + (rLen = regions[rs + 1]) <= n &&
      sameRun(src, bytes, k, regions[rs] - 1, rLen)
    ) {
      scopeId = regions[rs + 3];
      attrsRef = regions[rs + 4];
      selfClose = regions[rs + 5] === 1;
      k += rLen;
    } else {
      const r0 = k;
      let rawAttrs: [string, string][] | undefined;
      // the value of a lone xmlns="…" without references, kept as a range (ScopeCache.defaultIn)
      let x0 = -1;
      let x1 = -1;
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
        if (k >= n) fail(src, i, 'unterminated start tag');
        const a0 = k;
        while (k < n && !isNameEnd(src.charCodeAt(k))) k++;
        const an = src.slice(a0, k);
        while (isSpace(src.charCodeAt(k))) k++;
        if (src.charCodeAt(k) !== EQ) fail(src, i, `attribute ${an} without a value`);
        k++;
        while (isSpace(src.charCodeAt(k))) k++;
        const q = src.charCodeAt(k);
        if (q !== QUOT && q !== APOS) fail(src, i, `unquoted attribute ${an}`);
        const ve = src.indexOf(q === QUOT ? '"' : "'", k + 1);
        if (ve < 0) fail(src, i, `unterminated attribute ${an}`);
        if (!rawAttrs && x0 < 0 && an === 'xmlns' && !refs.within(k + 1, ve)) {
          x0 = k + 1;
          x1 = ve;
        } else {
          if (x0 >= 0) (rawAttrs ??= []).push(['xmlns', src.slice(x0, x1)]);
          x0 = -1;
          (rawAttrs ??= []).push([an, decode(src.slice(k + 1, ve))]);
        }
        k = ve + 1;
      }
      let attrs: XAttr[] | undefined;
      let decls: Map<string, string> | undefined;
      if (x0 >= 0) scopeId = scopes.defaultIn(scopeId, x0, x1);
      else if (rawAttrs) {
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
        // several declarations: a scope of their own, not shared (see ScopeCache)
        if (decls) scopeId = scopes.add({ parent: doc.scopes[scopeId], decls });
        else if (first) scopeId = scopes.of(scopeId, first[0], first[1]);
        const scope = doc.scopes[scopeId];
        for (let r = 0; r < rawAttrs.length; r++) {
          const an = rawAttrs[r][0];
          const v = rawAttrs[r][1];
          if (an === 'xmlns' || an.startsWith('xmlns:')) continue;
          const c = an.indexOf(':');
          const ap = c < 0 ? '' : an.slice(0, c);
          const ans = ap ? lookupNs(scope, ap) : '';
          if (ans === undefined) fail(src, i, `undeclared prefix ${ap}`);
          (attrs ??= []).push({ name: c < 0 ? an : an.slice(c + 1), prefix: ap, ns: ans!, value: v });
        }
      }
      if (attrs) attrsRef = doc.attrLists.push(attrs);
      // for the next element with these characters: its list of attributes the same (read only, as
      // NO_ATTRS is); not a scope of several declarations (each element's own)
      if (!decls) {
        regions[rs] = r0 + 1;
        regions[rs + 1] = k - r0;
        regions[rs + 2] = parentScope;
        regions[rs + 3] = scopeId;
        regions[rs + 4] = attrsRef;
        regions[rs + 5] = selfClose ? 1 : 0;
      }
    }
    // the name by the hash of its characters, compared in place (no string per element): the map
    // by name string only on a miss of this direct-mapped slot
    const slot = (h ^ (h >>> 12)) & SLOT_MASK;
    let nameId = nameSlots[slot] - 1;
    if (nameId < 0 || nameLen[nameId] !== name1 - name0 || !sameRun(src, bytes, name0, nameAt[nameId], name1 - name0)) {
      const qname = src.slice(name0, name1);
      nameId = names.get(qname) ?? -1;
      if (nameId < 0) {
        const colon = qname.indexOf(':');
        const q = ownString(qname);
        nameId = doc.names.length;
        nameAt.push(name0);
        nameLen.push(name1 - name0);
        nameAsciiEnds.push(qname.charCodeAt(0) < 128 && qname.charCodeAt(qname.length - 1) < 128 ? 1 : 0);
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
      const ns = lookupNs(doc.scopes[scopeId], prefix);
      if (ns === undefined && prefix) fail(src, i, `undeclared prefix ${prefix}`);
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
    c[b + ATTRS] = attrsRef;
    const pb = parent * W;
    if (c[pb + COUNT]++ === 0) c[pb + FIRST] = el;
    else c[c[pb + LAST] * W + NEXT] = el;
    c[pb + LAST] = el;
    i = k;
    if (!selfClose) stack.push(el);
  }
  if (stack.length > 1) fail(src, n, `<${doc.names[doc.cols[stack[stack.length - 1] * W + NAME]][1]}> is not closed`);
  return new XNode(doc, 0);
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

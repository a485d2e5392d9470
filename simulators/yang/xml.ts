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
import { asciiBytes, Names, ownString, REGION_WORDS, Refs, sameRun, ScopeCache, sharedText, SLOT_MASK, tables } from './xml-runs.ts';
import { decode, fail, GT, isNameEnd, LT, readAttrs, SLASH, XmlError } from './xml-attrs.ts';

export { lookupNs, ownString, XmlError, type NsScope, type XAttr, type XEl };

/**
 * Parse a document or a fragment with several top-level elements; returns a synthetic root whose
 * children are the top-level elements.
 */
export function parseXml(src: string): XEl {
  const nsIds = new Map<string, number>([['', 0]]);
  const doc = new Doc(src);
  const bytes = asciiBytes(src);
  const u8 = bytes && new Uint8Array(bytes.buffer);
  const ep = tables.next();
  const scopes = new ScopeCache(doc, bytes, ep);
  const refs = new Refs(src);
  const names = new Names(doc, bytes, ep);
  const nameAt = names.at;
  const nameLen = names.len;
  const nameAsciiEnds = names.asciiEnds;
  // the direct-mapped tables of this parse (see Tables): tags by place, namespaces by (scope, name),
  // attributes by (name, scope)
  const tags = tables.tags;
  const nsSlots = tables.ns;
  const regions = tables.regions;
  // the rows, the root's first (every word 0), `count` of them filled
  let c: Int32Array = tables.rows;
  c.fill(0, 0, W);
  let count = 1;
  const stack: number[] = [0];
  // a leaf's text so far: one run of src [t0, t1) (runs 1), or built up in `text` (runs 2)
  let runs = 0;
  let t0 = 0;
  let t1 = 0;
  let text = '';
  let i = 0;
  const n = src.length;
  while (i < n) {
    // (the next '<' is often the next character: an element's first child, its next sibling)
    const lt = u8 !== undefined && u8[i] === LT ? i : src.indexOf('<', i);
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
    const c1 = u8 !== undefined && i + 1 < n ? u8[i + 1] : src.charCodeAt(i + 1);
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
    if (c1 === SLASH) {
      const el = stack.pop()!;
      const b = el * W;
      const nameId = c[b + NAME];
      // the common case compared in place (no string per end tag; the name's length and ends from
      // this parse's tables, not its string), its '>' where the name ends (a name has none);
      // anything else as written (a name's ends are not ASCII spaces; a non-ASCII end might be one
      // trim() removes: as written)
      let e = i + 2 + nameLen[nameId];
      const exact =
        stack.length > 0 &&
        (u8 !== undefined && e < n ? u8[e] : src.charCodeAt(e)) === GT &&
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
      if (c[b + COUNT] === 0 && runs > 0) {
        // a short run without references: the text's one string in this parse (sharedText); a long
        // one stays where it is (sliced when read); anything else decoded now
        const id = runs === 1 ? sharedText(doc, bytes, refs, ep, t0, t1) : -1;
        if (id >= 0) c[b + TEXT] = ~id;
        else if (runs === 1 && !refs.within(t0, t1)) {
          c[b + TEXT] = t0;
          c[b + TEXT_END] = t1;
        } else {
          c[b + TEXT] = ~doc.texts.length;
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
    const name0 = i + 1;
    const parent = stack[stack.length - 1];
    const pb = parent * W;
    // the scope by id; its object read only where a prefix is looked up in it
    const parentScope = c[pb + SCOPE];
    // the whole tag at once: the characters of the tag after the same previous sibling (or none)
    // under a parent of the same name last time (`tags`), compared in place, give the same name,
    // attributes, scope and namespace in the same parent scope. An edit repeats its structure for
    // each subscriber: ~97 % of its tags are found so, each compared four bytes at a time where its
    // name, attributes and namespace were looked up one after the other (a third of the parse)
    const ts = ((Math.imul(c[pb + NAME], 0x9e3779b1) ^ (c[pb + COUNT] ? c[c[pb + LAST] * W + NAME] + 1 : 0)) & SLOT_MASK) << 4;
    let nameId: number;
    let k: number;
    let scopeId: number;
    // 1 + the element's list in doc.attrLists (0: none)
    let attrsRef: number;
    let selfClose: boolean;
    let nsId: number;
    const tagLen = tags[ts + 1];
    if (tags[ts + 2] === parentScope && tags[ts + 8] === ep && name0 + tagLen <= n && sameRun(src, bytes, name0, tags[ts], tagLen)) {
      nameId = tags[ts + 3];
      scopeId = tags[ts + 4];
      attrsRef = tags[ts + 5];
      selfClose = tags[ts + 6] === 1;
      nsId = tags[ts + 7];
      k = name0 + tagLen;
    } else {
      // the name: first that of the tag there last time (its attributes may differ), compared in
      // place; else read character by character
      nameId = tags[ts + 3];
      k = tags[ts + 8] !== ep ? n + 1 : name0 + nameLen[nameId];
      if (
        k > n ||
        (k < n && !isNameEnd(u8 !== undefined ? u8[k] : src.charCodeAt(k))) ||
        !sameRun(src, bytes, name0, nameAt[nameId], nameLen[nameId])
      ) {
        k = name0;
        let h = 0;
        // in the bytes of an ASCII message if it is one: a load, where charCodeAt first tells which
        // kind of string it reads (this loop sees every character of every name it reads)
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
        if (k === name0) fail(src, i, 'empty tag name');
        nameId = names.of(h, name0, k);
      }
      scopeId = parentScope;
      attrsRef = 0;
      selfClose = false;
      let shared = true;
      // the attributes up to the tag's end: those the same characters gave last after this name in
      // this scope (`regions`), or parsed. The same characters in the same scope give the same
      // attributes and the same scope (ScopeCache shares a scope of one declaration), so an edit's
      // ~20 000 `xmlns="…"` and ~7 000 `nc:operation="…"` are compared in place, four bytes at a time,
      // not read attribute by attribute with strings, arrays and an attribute object each (a quarter
      // of the parse of a 4 MB edit). (the bytes past the message are an earlier one's)
      const c0 = k >= n ? -1 : u8 !== undefined ? u8[k] : src.charCodeAt(k);
      const rs = ((Math.imul(parentScope, 0x85ebca6b) ^ nameId) & SLOT_MASK) * REGION_WORDS;
      let rLen = 0;
      if (c0 === GT) k++;
      else if (c0 === SLASH && (u8 !== undefined && k + 1 < n ? u8[k + 1] : src.charCodeAt(k + 1)) === GT) {
        selfClose = true;
        k += 2;
      } else if (
        regions[rs + 6] === ep &&
        regions[rs + 2] === parentScope &&
        k + (rLen = regions[rs + 1]) <= n &&
        sameRun(src, bytes, k, regions[rs] - 1, rLen)
      ) {
        scopeId = regions[rs + 3];
        attrsRef = regions[rs + 4];
        selfClose = regions[rs + 5] === 1;
        k += rLen;
      } else {
        // (read only once without error: errors come as before)
        const r = readAttrs(src, i, k, parentScope, refs, scopes, doc);
        scopeId = r.scope;
        attrsRef = r.attrs;
        selfClose = r.selfClose;
        shared = !r.own;
        // for the next element with these characters: its list of attributes the same (read only, as
        // NO_ATTRS is); not a scope of several declarations (each element's own)
        if (shared) {
          regions[rs] = k + 1;
          regions[rs + 1] = r.end - k;
          regions[rs + 2] = parentScope;
          regions[rs + 3] = scopeId;
          regions[rs + 4] = attrsRef;
          regions[rs + 5] = selfClose ? 1 : 0;
          regions[rs + 6] = ep;
        }
        k = r.end;
      }
      // its namespace: the same for the same name in the same scope
      const nsSlot = ((Math.imul(scopeId, 0x9e3779b1) ^ nameId) & SLOT_MASK) << 2;
      if (nsSlots[nsSlot + 3] === ep && nsSlots[nsSlot] === scopeId && nsSlots[nsSlot + 1] === nameId) nsId = nsSlots[nsSlot + 2];
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
        nsSlots[nsSlot] = scopeId;
        nsSlots[nsSlot + 1] = nameId;
        nsSlots[nsSlot + 2] = nsId;
        nsSlots[nsSlot + 3] = ep;
      }
      // for the next tag there: all of this one, or its name alone if its scope is its own (several
      // declarations: not shared, see ScopeCache)
      tags[ts] = name0;
      tags[ts + 1] = k - name0;
      tags[ts + 2] = shared ? parentScope : -1;
      tags[ts + 3] = nameId;
      tags[ts + 4] = scopeId;
      tags[ts + 5] = attrsRef;
      tags[ts + 6] = selfClose ? 1 : 0;
      tags[ts + 7] = nsId;
      tags[ts + 8] = ep;
    }
    if ((count + 1) * W > c.length) c = tables.grow(count);
    const el = count++;
    const b = el * W;
    // every word: the rows are an earlier parse's
    c[b + NAME] = nameId;
    c[b + NS] = nsId;
    c[b + SCOPE] = scopeId;
    c[b + ATTRS] = attrsRef;
    c[b + FIRST] = 0;
    c[b + LAST] = 0;
    c[b + NEXT] = 0;
    c[b + COUNT] = 0;
    c[b + TEXT] = 0;
    c[b + TEXT_END] = 0;
    if (c[pb + COUNT]++ === 0) c[pb + FIRST] = el;
    else c[c[pb + LAST] * W + NEXT] = el;
    c[pb + LAST] = el;
    i = k;
    if (!selfClose) stack.push(el);
  }
  if (stack.length > 1) fail(src, n, `<${doc.names[c[stack[stack.length - 1] * W + NAME]][1]}> is not closed`);
  // a copy (the rows are the next parse's), exactly their size
  doc.cols = c.slice(0, count * W);
  doc.n = count;
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

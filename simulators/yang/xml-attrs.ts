/**
 * The pieces of the lab's XML parser (xml.ts) that read characters one by one: its errors, character
 * references, and the attributes of a start tag the first time the parse meets their characters.
 */
import { lookupNs, type Doc, type XAttr } from './xml-doc.ts';
import { ownString, type Refs, type ScopeCache } from './xml-runs.ts';

export class XmlError extends Error {}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function decode(s: string): string {
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
export const LT = 60;
export const GT = 62;
export const SLASH = 47;
const EQ = 61;
const QUOT = 34;
const APOS = 39;

const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;
// the characters that end a name are all below 64: most of a name's (letters) fail the first test
const NAME_ENDS = new Uint8Array(64);
for (const c of [32, 10, 9, 13, SLASH, GT, EQ]) NAME_ENDS[c] = 1;
export const isNameEnd = (c: number) => c < 64 && NAME_ENDS[c] === 1;

/**
 * The error for malformed input at offset `at`. A module function, not a closure in parseXml (xml.ts): the
 * variables a closure reads (the position, the text so far) would live in a context object, each
 * read and write of them in the loop a memory access.
 */
export function fail(src: string, at: number, msg: string): never {
  throw new XmlError(`${msg} (line ${lineAt(src, at)})`);
}

/** 1-based line of a character offset (for messages only). */
function lineAt(src: string, pos: number): number {
  let n = 1;
  for (let k = src.indexOf('\n'); k >= 0 && k < pos; k = src.indexOf('\n', k + 1)) n++;
  return n;
}

/** What `readAttrs` read (one object for every call: a parse is synchronous). */
const attrsRead = { end: 0, scope: 0, attrs: 0, selfClose: false, own: false };

/**
 * The attributes of the start tag at `i` from `k` (after its name) to its end, read one by one: its
 * scope (in `scopes`, under `parentScope`), its attribute list (1 + index in doc.attrLists, 0: none),
 * whether it ends in '/>', where it ends, and whether its scope is its own (several declarations).
 */
export function readAttrs(src: string, i: number, k: number, parentScope: number, refs: Refs, scopes: ScopeCache, doc: Doc) {
  const n = src.length;
  let scopeId = parentScope;
  let selfClose = false;
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
  attrsRead.end = k;
  attrsRead.scope = scopeId;
  attrsRead.attrs = attrs ? doc.attrLists.push(attrs) : 0;
  attrsRead.selfClose = selfClose;
  attrsRead.own = decls !== undefined;
  return attrsRead;
}

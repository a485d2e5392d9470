/**
 * A namespace-aware XML 1.0 parser for NETCONF messages and YANG instance data (RFC 7950 §9 XML
 * encoding; Namespaces in XML 1.0). The lab OLT's own, so that it shares nothing with the driver's
 * codec. It keeps what NETCONF needs: element names with their namespace URI, attributes with
 * theirs, text, and the prefix bindings in scope (identityref values are QNames, RFC 7950 §9.10.3).
 * Comments, processing instructions and the XML declaration are skipped; a DOCTYPE is refused.
 * One pass over the characters, no regular expression per character: a 60 MB edit parses in ~1 s.
 */
export interface NsScope {
  readonly parent?: NsScope;
  readonly decls: Map<string, string>;
}

export interface XAttr {
  name: string;
  prefix: string;
  /** Namespace URI ('' for an unprefixed attribute). */
  ns: string;
  value: string;
}

export interface XEl {
  name: string;
  prefix: string;
  ns: string;
  attrs: XAttr[];
  children: XEl[];
  text: string;
  scope: NsScope;
}

export class XmlError extends Error {}

const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const ROOT_SCOPE: NsScope = { decls: new Map([['xml', XML_NS]]) };
const NO_ATTRS: XAttr[] = [];
/** The children of every element without any: never written to (the parser replaces it first). */
const NO_CHILDREN: XEl[] = [];

export function lookupNs(scope: NsScope, prefix: string): string | undefined {
  for (let s: NsScope | undefined = scope; s; s = s.parent) {
    const v = s.decls.get(prefix);
    if (v !== undefined) return v;
  }
  return undefined;
}

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
  const names = new Map<string, [string, string]>();
  const scopes = new ScopeCache();
  const root: XEl = { name: '', prefix: '', ns: '', attrs: NO_ATTRS, children: [], text: '', scope: ROOT_SCOPE };
  const stack: XEl[] = [root];
  let text = '';
  let i = 0;
  const n = src.length;
  const fail = (msg: string, at = i): never => {
    throw new XmlError(`${msg} (line ${lineAt(src, at)})`);
  };
  while (i < n) {
    const lt = src.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    if (end > i) {
      if (stack.length > 1) text += src.slice(i, end);
      else if (src.slice(i, end).trim()) fail('text outside an element');
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
        if (stack.length > 1) text += src.slice(i + 9, e).replace(/&/g, '&amp;').replace(/</g, '&lt;');
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
    if (c1 === SLASH) {
      const e = src.indexOf('>', i);
      if (e < 0) fail('unterminated end tag');
      const el = stack.pop()!;
      const open = el.prefix ? `${el.prefix}:${el.name}` : el.name;
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
      if (el.children.length === 0) el.text = decode(text);
      // a parent's array grew by pushes (17 slots for 2 children): an exact copy lives on instead
      else if (el.children.length > 1 && el.children.length < 16) el.children = el.children.slice();
      text = '';
      i = e + 1;
      continue;
    }
    // start tag
    text = '';
    let k = i + 1;
    while (k < n && !isNameEnd(src.charCodeAt(k))) k++;
    const qname = src.slice(i + 1, k);
    if (!qname) fail('empty tag name');
    let rawAttrs: [string, string][] | undefined;
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
      (rawAttrs ??= []).push([an, decode(src.slice(k + 1, ve))]);
      k = ve + 1;
    }
    const parent = stack[stack.length - 1];
    let scope = parent.scope;
    let attrs = NO_ATTRS;
    if (rawAttrs) {
      let decls: Map<string, string> | undefined;
      let first: [string, string] | undefined;
      // indexed loops, not `for (const [a, v] of …)`: destructuring made iterator objects per attribute
      for (let r = 0; r < rawAttrs.length; r++) {
        const a = rawAttrs[r][0];
        const v = rawAttrs[r][1];
        const p = a === 'xmlns' ? '' : a.startsWith('xmlns:') ? a.slice(6) : undefined;
        if (p === undefined) continue;
        if (!first) first = [p, v];
        else (decls ??= new Map([first])).set(p, v);
      }
      if (decls) scope = { parent: scope, decls };
      else if (first) scope = scopes.of(scope, first[0], first[1]);
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
    let nm = names.get(qname);
    if (!nm) {
      const colon = qname.indexOf(':');
      nm = colon < 0 ? ['', qname] : [qname.slice(0, colon), qname.slice(colon + 1)];
      names.set(qname, nm);
    }
    const prefix = nm[0];
    const name = nm[1];
    const ns = lookupNs(scope, prefix);
    if (ns === undefined && prefix) fail(`undeclared prefix ${prefix}`);
    const el: XEl = { name, prefix, ns: ns ?? '', attrs, children: NO_CHILDREN, text: '', scope };
    // leaves (most elements) share one empty array; a parent gets its own at its first child
    if (parent.children === NO_CHILDREN) parent.children = [el];
    else parent.children.push(el);
    i = k;
    if (!selfClose) stack.push(el);
  }
  if (stack.length > 1) fail(`<${stack[stack.length - 1].name}> is not closed`, n);
  return root;
}

/**
 * The scopes of one parse that add one declaration to a parent scope, shared: an edit of 256
 * subscribers declares the same default namespace on ~20 000 elements under the same parent scope
 * (scopes are never changed once made; lookups see the same bindings either way).
 */
class ScopeCache {
  private readonly m = new Map<NsScope, Map<string, Map<string, NsScope>>>();
  of(parent: NsScope, prefix: string, uri: string): NsScope {
    let byPrefix = this.m.get(parent);
    if (!byPrefix) this.m.set(parent, (byPrefix = new Map()));
    let byUri = byPrefix.get(prefix);
    if (!byUri) byPrefix.set(prefix, (byUri = new Map()));
    let s = byUri.get(uri);
    if (!s) byUri.set(uri, (s = { parent, decls: new Map([[prefix, uri]]) }));
    return s;
  }
}

/** The attribute `name` in namespace `ns` ('' = unqualified). */
export function attrOf(el: XEl, name: string, ns = ''): string | undefined {
  return el.attrs.find((a) => a.name === name && a.ns === ns)?.value;
}

export const childEl = (el: XEl, name: string, ns?: string): XEl | undefined =>
  el.children.find((c) => c.name === name && (ns === undefined || c.ns === ns));

export function escapeText(s: string): string {
  return /[<>&]/.test(s) ? s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') : s;
}

export function escapeAttr(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;');
}

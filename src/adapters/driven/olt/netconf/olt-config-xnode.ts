/**
 * A small namespace-aware XML element tree on top of fast-xml-parser. NETCONF depends on XML
 * namespaces (RFC 6241 §3.1: the `nc:operation` attribute, a module's namespace on `<olt>`), which
 * fast-xml-parser leaves as raw prefixes; this resolves every element and attribute name to
 * (namespace URI, local name) once, so codec and server compare namespaces, never prefixes.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface XAttr {
  /** Local name (`operation`). */
  name: string;
  /** Namespace URI, '' when unprefixed (RFC: unprefixed attributes have no namespace). */
  ns: string;
  /** The raw qualified name as written (`nc:operation`, `xmlns:nc`). */
  qname: string;
  value: string;
}

export interface XNode {
  name: string;
  ns: string;
  attrs: XAttr[];
  children: XNode[];
  /** Concatenated text content (trimmed). */
  text: string;
}

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line?: number,
  ) {
    super(message);
    this.name = 'XmlSyntaxError';
  }
}

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignorePiTags: true,
  ignoreDeclaration: true,
  processEntities: true,
});

type Raw = Record<string, unknown>;
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Parse a document and return its root element, namespaces resolved. Throws XmlSyntaxError. */
export function parseXml(xml: string): XNode {
  const v = XMLValidator.validate(xml);
  if (v !== true) throw new XmlSyntaxError(v.err.msg, v.err.line);
  const raw = parser.parse(xml) as Raw[];
  const roots = convert(raw, new Map([['xml', XML_NS]]));
  if (roots.length !== 1) throw new XmlSyntaxError(`expected one root element, found ${roots.length}`);
  return roots[0];
}

function convert(items: Raw[], scope: Map<string, string>): XNode[] {
  const out: XNode[] = [];
  for (const item of items) {
    for (const key of Object.keys(item)) {
      if (key === ':@' || key === '#text' || key.startsWith('#') || key.startsWith('?')) continue;
      const attrsRaw = (item[':@'] ?? {}) as Record<string, string>;
      let local = scope;
      for (const [q, v] of Object.entries(attrsRaw)) {
        if (q === 'xmlns' || q.startsWith('xmlns:')) {
          if (local === scope) local = new Map(scope);
          local.set(q === 'xmlns' ? '' : q.slice(6), String(v));
        }
      }
      const [prefix, name] = splitQName(key);
      const ns = local.get(prefix) ?? '';
      const attrs: XAttr[] = [];
      for (const [q, v] of Object.entries(attrsRaw)) {
        const [p, n] = splitQName(q);
        attrs.push({
          name: n,
          qname: q,
          ns: p === '' || p === 'xmlns' || q === 'xmlns' ? '' : (local.get(p) ?? ''),
          value: String(v),
        });
      }
      const kids = (item[key] ?? []) as Raw[];
      let text = '';
      for (const k of kids) if (k['#text'] !== undefined) text += String(k['#text']);
      out.push({ name, ns, attrs, children: convert(kids, local), text });
    }
  }
  return out;
}

function splitQName(q: string): [string, string] {
  const i = q.indexOf(':');
  return i < 0 ? ['', q] : [q.slice(0, i), q.slice(i + 1)];
}

/** The attribute with this local name and namespace, if present. */
export function attr(node: XNode, name: string, ns = ''): string | undefined {
  return node.attrs.find((a) => a.name === name && a.ns === ns && !a.qname.startsWith('xmlns'))?.value;
}

/** The first child of this local name (and namespace, if given). */
export function child(node: XNode, name: string, ns?: string): XNode | undefined {
  // (a loop, not find with a closure: a BBF read-back's decoder makes some 30 000 lookups)
  for (const c of node.children) if (c.name === name && (ns === undefined || c.ns === ns)) return c;
  return undefined;
}

export function escapeText(s: string): string {
  return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

export function escapeAttr(s: string): string {
  return s.replace(/[&<>"]/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;',
  );
}

/**
 * Convert what fast-xml-parser produces in its default (non-preserveOrder) mode into an XNode, so
 * callers that parsed a reply their own way can still use the codec. Prefixes are dropped and the
 * namespace is taken from `xmlns` where present (best effort); attributes are keys starting with
 * `@_` (the parser's default prefix) or held under `:@`.
 */
export function xnodeFromPlain(name: string, value: unknown, ns = ''): XNode {
  const [, local] = splitQName(name);
  const node: XNode = { name: local, ns, attrs: [], children: [], text: '' };
  if (value === null || value === undefined) return node;
  if (typeof value !== 'object') {
    node.text = String(value);
    return node;
  }
  const obj = value as Record<string, unknown>;
  const xmlns = obj['@_xmlns'];
  if (typeof xmlns === 'string') node.ns = xmlns;
  for (const [k, v] of Object.entries(obj)) {
    if (k === '#text') {
      node.text = String(v);
      continue;
    }
    if (k.startsWith('@_')) {
      const [p, n] = splitQName(k.slice(2));
      node.attrs.push({
        name: n,
        qname: k.slice(2),
        ns: p === 'nc' ? 'urn:ietf:params:xml:ns:netconf:base:1.0' : '',
        value: String(v),
      });
      continue;
    }
    if (k === ':@') continue;
    const vs = Array.isArray(v) ? v : [v];
    for (const item of vs) node.children.push(xnodeFromPlain(k, item, node.ns));
  }
  return node;
}

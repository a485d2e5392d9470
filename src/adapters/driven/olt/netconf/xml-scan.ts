/**
 * A single-pass XML reader for large NETCONF replies: a whole OLT in the BBF models is ~15 KB per
 * subscriber (61 MB at 4 096), which fast-xml-parser's validate + preserveOrder + namespace pass
 * takes ~35 s to read. This one scans tags with indexOf, resolves namespaces (XML Namespaces §6)
 * as it goes and builds the same XNode tree (olt-config-xnode.ts) in about a second. It checks
 * what a reply from a conforming server can get wrong — unbalanced or mismatched tags, an
 * undeclared prefix — and leaves DTDs aside (RFC 6241 §3: NETCONF messages carry none).
 *
 * A reader of list entries may take each element as it ends (`onElement`) and keep it out of the
 * tree: the tree of a 256-v-ANI read-back (65 000 elements) then never lives long enough to be
 * copied by the young-generation collector, which took over half the time of building it whole.
 */
import { XmlSyntaxError, type XAttr, type XNode } from './olt-config-xnode.ts';

const ENTITY = /&(?:(lt|gt|amp|quot|apos)|#(\d+)|#x([0-9a-fA-F]+));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const decode = (s: string) =>
  s.indexOf('&') < 0
    ? s
    : s.replace(ENTITY, (_, n: string, d: string, h: string) =>
        n ? NAMED[n] : String.fromCodePoint(d ? Number(d) : parseInt(h, 16)),
      );

const ATTR = /([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const isSpace = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

/**
 * Called as each element ends, with the elements still open around it (`open[0]` the root …
 * `open[depth - 1]` its parent; their children are attached when they end). Returning true keeps
 * the element out of its parent: the caller has taken what it needs from it.
 */
export type OnElement = (node: XNode, open: readonly XNode[], depth: number) => boolean;

/** Prefixed bindings in scope, innermost first (an element declaring a prefix adds one link). */
interface Prefixes {
  prefix: string;
  uri: string;
  up: Prefixes | undefined;
}

function lookup(s: Prefixes | undefined, prefix: string): string | undefined {
  for (; s; s = s.up) if (s.prefix === prefix) return s.uri;
  return undefined;
}

/**
 * The attributes between `from` and `to` (a start tag after its name) when they are all plain
 * `name="value"` / `name='value'` pairs, whitespace around `=` allowed; false otherwise. Reads them
 * in place: a pattern over a slice of the tag cost a slice and a match array per element.
 */
function readAttrs(xml: string, from: number, to: number, attrs: XAttr[]): boolean {
  let i = from;
  for (;;) {
    while (i < to && isSpace(xml.charCodeAt(i))) i++;
    if (i >= to) return true;
    const nameFrom = i;
    for (let c = xml.charCodeAt(i); i < to && c > 32 && c !== 61 && c !== 47 && c !== 62;)
      c = xml.charCodeAt(++i);
    if (i === nameFrom) return false;
    const q = xml.slice(nameFrom, i);
    while (i < to && isSpace(xml.charCodeAt(i))) i++;
    if (xml.charCodeAt(i) !== 61 /* = */) return false;
    i++;
    while (i < to && isSpace(xml.charCodeAt(i))) i++;
    const quote = xml.charCodeAt(i);
    if (quote !== 34 && quote !== 39) return false;
    const close = xml.indexOf(quote === 34 ? '"' : "'", i + 1);
    if (close < 0 || close >= to) return false;
    attrs.push({ name: q, qname: q, ns: '', value: decode(xml.slice(i + 1, close)) });
    i = close + 1;
  }
}

/** `</…>` from `at` to `gt` closes `qname`: its name, then nothing but whitespace (compared in place). */
function closes(xml: string, at: number, gt: number, qname: string): boolean {
  const n = qname.length;
  if (at + n > gt) return false;
  for (let k = 0; k < n; k++) if (xml.charCodeAt(at + k) !== qname.charCodeAt(k)) return false;
  for (let i = at + n; i < gt; i++) if (!isSpace(xml.charCodeAt(i))) return false;
  return true;
}

/** An element's text: trimmed, entities decoded. */
const leafText = (s: string): string => decode(s.trim());

/**
 * Parses a document (one root element; a prolog and comments allowed); namespaces resolved. With
 * `wrap`, `xml` is the content of a root element of that name (no namespace, no attributes), read
 * as `<wrap>${xml}</wrap>` would be without making that string: the `<data>` of a 256-v-ANI
 * read-back is 3 MB, which the concatenation copied once more.
 */
export function scanXml(xml: string, onElement?: OnElement, wrap?: string): XNode {
  // the open elements as parallel stacks (no record per element)
  const nodes: XNode[] = [];
  const qnames: string[] = [];
  const scopes: (Prefixes | undefined)[] = [];
  /** the default namespace in scope (a BBF reply changes it on most elements) */
  const dflts: (string | undefined)[] = [];
  /** the children of the open elements, one after another; each gets an array of its own size when it ends */
  const kids: XNode[] = [];
  const kidsFrom: number[] = [];
  /** text before an open element's first child that a comment, PI or CDATA section interrupted */
  const texts: string[] = [];
  /** where the current run of text began (after the last markup) */
  let textFrom = 0;
  let root: XNode | undefined;
  const rootScope: Prefixes = { prefix: 'xml', uri: XML_NS, up: undefined };
  let depth = 0;
  let pos = 0;
  const fail = (msg: string): never => {
    throw new XmlSyntaxError(`${msg} (offset ${pos})`);
  };
  /** The open element at depth `d` ends where its text runs to `textTo`: its text, or its children. */
  const finish = (d: number, textTo: number): XNode => {
    const node = nodes[d];
    const from = kidsFrom[d];
    if (kids.length === from) node.text = leafText(texts[d] + xml.slice(textFrom, textTo));
    else {
      node.children = kids.slice(from);
      kids.length = from;
      if (texts[d]) node.text = leafText(texts[d]);
    }
    return node;
  };
  if (wrap !== undefined) {
    root = { name: wrap, ns: '', attrs: [], children: [], text: '' };
    nodes[0] = root;
    qnames[0] = wrap;
    scopes[0] = rootScope;
    dflts[0] = undefined;
    kidsFrom[0] = 0;
    texts[0] = '';
    depth = 1;
  }
  /** the shallowest depth a closing tag may close (the wrapping root closes at the end) */
  const floor = wrap === undefined ? 0 : 1;
  while (pos < xml.length) {
    const lt = xml.indexOf('<', pos);
    if (lt < 0) {
      // (wrapped, text after the last element is the wrapping root's)
      if ((wrap === undefined || depth !== 1) && xml.slice(pos).trim()) fail('text after the root element');
      break;
    }
    // text matters only in leaves: between child elements it is whitespace (no mixed content in YANG data)
    const noChildYet = depth > 0 && kids.length === kidsFrom[depth - 1];
    const c = xml.charCodeAt(lt + 1);
    if (c === 63 /* ? */ || c === 33 /* ! */) {
      if (noChildYet && lt > textFrom) texts[depth - 1] += xml.slice(textFrom, lt);
      if (c === 63) {
        pos = xml.indexOf('?>', lt) + 2;
        if (pos < 2) fail('unterminated processing instruction');
      } else if (xml.startsWith('<!--', lt)) {
        pos = xml.indexOf('-->', lt) + 3;
        if (pos < 3) fail('unterminated comment');
      } else if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt);
        if (end < 0 || !depth) fail('bad CDATA section');
        if (noChildYet)
          texts[depth - 1] += xml
            .slice(lt + 9, end)
            .replace(/&/g, '&amp;')
            .replace(/</g, '&lt;');
        pos = end + 3;
      } else fail('DTDs are not allowed in NETCONF messages');
      textFrom = pos;
      continue;
    }
    const gt = xml.indexOf('>', lt);
    if (gt < 0) fail('unterminated tag');
    if (c === 47 /* / */) {
      const d = depth - 1;
      const qname = d < floor ? '' : qnames[d];
      // the open element's name, then nothing but whitespace
      if (d < floor || !closes(xml, lt + 2, gt, qname))
        fail(`closing tag </${xml.slice(lt + 2, gt).trim()}> does not match <${qname}>`);
      const node = finish(d, lt);
      depth = d;
      if (d > 0 && onElement?.(node, nodes, d)) kids.pop();
      pos = textFrom = gt + 1;
      continue;
    }
    if (noChildYet && lt > textFrom) texts[depth - 1] += xml.slice(textFrom, lt);
    const selfClosing = xml.charCodeAt(gt - 1) === 47;
    const end = selfClosing ? gt - 1 : gt;
    let nameEnd = lt + 1;
    while (nameEnd < end && xml.charCodeAt(nameEnd) > 32) nameEnd++;
    const qname = xml.slice(lt + 1, nameEnd);
    let scope = depth ? scopes[depth - 1] : rootScope;
    let dflt = depth ? dflts[depth - 1] : undefined;
    const attrs: XAttr[] = [];
    if (nameEnd < end) {
      if (!readAttrs(xml, nameEnd, end, attrs)) {
        // not plain `name="value"` pairs: as the pattern finds them
        attrs.length = 0;
        const body = xml.slice(nameEnd, end);
        ATTR.lastIndex = 0;
        for (let m = ATTR.exec(body); m; m = ATTR.exec(body)) {
          const q = m[1];
          attrs.push({ name: q, qname: q, ns: '', value: decode(m[2] ?? m[3] ?? '') });
        }
      }
      for (const a of attrs) {
        const q = a.qname;
        if (q === 'xmlns') dflt = a.value;
        else if (q.startsWith('xmlns:')) scope = { prefix: q.slice(6), uri: a.value, up: scope };
      }
      // attribute names and namespaces once every declaration of the element is known
      for (const a of attrs) {
        const i = a.qname.indexOf(':');
        if (i < 0) continue;
        const p = a.qname.slice(0, i);
        a.name = a.qname.slice(i + 1);
        if (p !== 'xmlns') a.ns = lookup(scope, p) ?? '';
      }
    }
    const colon = qname.indexOf(':');
    let ns = dflt;
    let name = qname;
    if (colon >= 0) {
      ns = lookup(scope, qname.slice(0, colon));
      if (ns === undefined) fail(`undeclared prefix ${qname.slice(0, colon)}`);
      name = qname.slice(colon + 1);
    }
    const node: XNode = { name, ns: ns ?? '', attrs, children: [], text: '' };
    if (depth) kids.push(node);
    else if (root) fail('more than one root element');
    else root = node;
    pos = textFrom = gt + 1;
    if (selfClosing) {
      if (depth && onElement?.(node, nodes, depth)) kids.pop();
      continue;
    }
    nodes[depth] = node;
    qnames[depth] = qname;
    scopes[depth] = scope;
    dflts[depth] = dflt;
    kidsFrom[depth] = kids.length;
    texts[depth] = '';
    depth++;
  }
  // the wrapping root ends with the text
  if (wrap !== undefined && depth === 1) return finish(0, xml.length);
  if (depth) fail(`unclosed <${qnames[depth - 1]}>`);
  if (!root) fail('no root element');
  return root!;
}

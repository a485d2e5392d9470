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

function fail(msg: string, offset: number): never {
  throw new XmlSyntaxError(`${msg} (offset ${offset})`);
}

/**
 * An element's text: trimmed, entities decoded (unless the caller knows it has no `&`). `head` is
 * text before a comment, PI or CDATA section; the rest runs from `from` to `to`. Trimmed only when it
 * may need it (String.prototype.trim's whitespace is ASCII ≤ 32 or ≥ U+00A0), most leaves being a
 * bare value.
 */
function leafText(xml: string, head: string, from: number, to: number, entities: boolean): string {
  const s = head ? head + xml.slice(from, to) : xml.slice(from, to);
  const n = s.length;
  if (!n) return s;
  const a = s.charCodeAt(0);
  const z = s.charCodeAt(n - 1);
  const t = a <= 32 || a >= 160 || z <= 32 || z >= 160 ? s.trim() : s;
  return entities || head ? decode(t) : t;
}

/**
 * Ends an open element: its children are `kids` from `first` to `top` (the caller takes them off),
 * or else it is a leaf whose text is `head` and what runs from `textFrom` to `textTo` (`&` in it
 * when `entities`).
 */
function finish(
  node: XNode,
  kids: XNode[],
  first: number,
  top: number,
  head: string,
  xml: string,
  textFrom: number,
  textTo: number,
  entities: boolean,
): void {
  if (top === first) node.text = leafText(xml, head, textFrom, textTo, entities);
  else {
    node.children = kids.slice(first, top);
    if (head) node.text = leafText(xml, head, 0, 0, true);
  }
}

/**
 * Parses a document (one root element; a prolog and comments allowed); namespaces resolved. With
 * `wrap`, `xml` is the content of a root element of that name (no namespace, no attributes), read
 * as `<wrap>${xml}</wrap>` would be without making that string: the `<data>` of a 256-v-ANI
 * read-back is 3 MB, which the concatenation copied once more. With `from` and `to`, the document
 * is `xml.slice(from, to)`, read in place (offsets in errors are the slice's): the `<data>` of a
 * reply read within the reply; a scan of a 3 MB slice cost 15 % more than of the string it was cut
 * from, each character read through the slice.
 */
export function scanXml(xml: string, onElement?: OnElement, wrap?: string, from = 0, to = xml.length): XNode {
  // the open elements as parallel stacks (no record per element)
  const nodes: XNode[] = [];
  const qnames: string[] = [];
  const scopes: (Prefixes | undefined)[] = [];
  /** the default namespace in scope (a BBF reply changes it on most elements) */
  const dflts: (string | undefined)[] = [];
  /**
   * the children of the open elements, one after another up to `top`; each gets an array of its own
   * size when it ends (the stack is not shortened: setting an array's length is a call into the runtime)
   */
  const kids: (XNode | undefined)[] = [];
  let top = 0;
  /**
   * the first `&` at or after the text last read (texts are read in document order): a leaf's text
   * is searched for entities by one search for the whole document rather than one per leaf
   */
  let amp = -1;
  const kidsFrom: number[] = [];
  /** text before an open element's first child that a comment, PI or CDATA section interrupted */
  const texts: string[] = [];
  /** where the current run of text began (after the last markup) */
  let textFrom = from;
  let root: XNode | undefined;
  const rootScope: Prefixes = { prefix: 'xml', uri: XML_NS, up: undefined };
  let depth = 0;
  // (no closure over the positions: they stay in registers)
  let pos = from;
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
  while (pos < to) {
    const lt = xml.indexOf('<', pos);
    if (lt < 0 || lt >= to) {
      // (wrapped, text after the last element is the wrapping root's)
      if ((wrap === undefined || depth !== 1) && xml.slice(pos, to).trim())
        fail('text after the root element', pos - from);
      break;
    }
    // text matters only in leaves: between child elements it is whitespace (no mixed content in YANG data)
    const noChildYet = depth > 0 && top === kidsFrom[depth - 1];
    const c = lt + 1 < to ? xml.charCodeAt(lt + 1) : -1;
    if (c === 63 /* ? */ || c === 33 /* ! */) {
      if (noChildYet && lt > textFrom) texts[depth - 1] += xml.slice(textFrom, lt);
      if (c === 63) {
        const e = xml.indexOf('?>', lt);
        // (offsets 1 and 2: where a failed search left the position, as this reader always said)
        if (e < 0 || e + 2 > to) fail('unterminated processing instruction', 1);
        pos = e + 2;
      } else if (lt + 4 <= to && xml.startsWith('<!--', lt)) {
        const e = xml.indexOf('-->', lt);
        if (e < 0 || e + 3 > to) fail('unterminated comment', 2);
        pos = e + 3;
      } else if (lt + 9 <= to && xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt);
        if (end < 0 || end + 3 > to || !depth) fail('bad CDATA section', pos - from);
        if (noChildYet)
          texts[depth - 1] += xml
            .slice(lt + 9, end)
            .replace(/&/g, '&amp;')
            .replace(/</g, '&lt;');
        pos = end + 3;
      } else fail('DTDs are not allowed in NETCONF messages', pos - from);
      textFrom = pos;
      continue;
    }
    if (c === 47 /* / */) {
      const d = depth - 1;
      const qname = d < floor ? '' : qnames[d];
      // most closing tags are `</` the open element's name `>`: then that `>` is the first (the name
      // has none), found without a search; the slice compared is cheaper than startsWith
      let gt = lt + 2 + qname.length;
      if (d < floor || gt >= to || xml.charCodeAt(gt) !== 62 || xml.slice(lt + 2, gt) !== qname) {
        gt = xml.indexOf('>', lt);
        if (gt < 0 || gt >= to) fail('unterminated tag', pos - from);
        // the open element's name, then nothing but whitespace
        if (d < floor || !closes(xml, lt + 2, gt, qname))
          fail(`closing tag </${xml.slice(lt + 2, gt).trim()}> does not match <${qname}>`, pos - from);
      }
      const node = nodes[d];
      if (amp < textFrom) {
        amp = xml.indexOf('&', textFrom);
        if (amp < 0) amp = xml.length;
      }
      finish(node, kids as XNode[], kidsFrom[d], top, texts[d], xml, textFrom, lt, amp < lt);
      top = kidsFrom[d];
      depth = d;
      // (the entry taken is not kept alive by the stack)
      if (d > 0 && onElement?.(node, nodes, d)) kids[--top] = undefined;
      pos = textFrom = gt + 1;
      continue;
    }
    const gt = xml.indexOf('>', lt);
    if (gt < 0 || gt >= to) fail('unterminated tag', pos - from);
    if (noChildYet && lt > textFrom) texts[depth - 1] += xml.slice(textFrom, lt);
    const selfClosing = xml.charCodeAt(gt - 1) === 47;
    const end = selfClosing ? gt - 1 : gt;
    // the name, and where its prefix ends (found on the way: no search of the name afterwards)
    let nameEnd = lt + 1;
    let colon = -1;
    for (let ch = xml.charCodeAt(nameEnd); nameEnd < end && ch > 32; ch = xml.charCodeAt(++nameEnd))
      if (ch === 58 /* : */ && colon < 0) colon = nameEnd;
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
    let ns = dflt;
    let name = qname;
    if (colon >= 0) {
      const prefix = xml.slice(lt + 1, colon);
      ns = lookup(scope, prefix);
      if (ns === undefined) fail(`undeclared prefix ${prefix}`, pos - from);
      name = xml.slice(colon + 1, nameEnd);
    }
    const node: XNode = { name, ns: ns ?? '', attrs, children: [], text: '' };
    if (depth) kids[top++] = node;
    else if (root) fail('more than one root element', pos - from);
    else root = node;
    pos = textFrom = gt + 1;
    if (selfClosing) {
      if (depth && onElement?.(node, nodes, depth)) kids[--top] = undefined;
      continue;
    }
    nodes[depth] = node;
    qnames[depth] = qname;
    scopes[depth] = scope;
    dflts[depth] = dflt;
    kidsFrom[depth] = top;
    texts[depth] = '';
    depth++;
  }
  // the wrapping root ends with the text
  if (wrap !== undefined && depth === 1) {
    finish(root!, kids as XNode[], 0, top, texts[0], xml, textFrom, to, true);
    return root!;
  }
  if (depth) fail(`unclosed <${qnames[depth - 1]}>`, pos - from);
  if (!root) fail('no root element', pos - from);
  return root!;
}

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
 *
 * A reader that looks up only some names may also say which (`keep`): the other elements are
 * checked as ever but not built, and neither is anything within them; no attributes are kept. A BBF
 * read-back's decoder reads about half of its 67 000 elements and no attribute: each element it
 * skips spared an object, its arrays and its text, and each attribute an object and a slice.
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

/** The attributes of every element built with `keep` (none: the readers of that mode read none). */
const NO_ATTRS: XAttr[] = Object.freeze([]) as unknown as XAttr[];
/** The scope of a skipped element whose declarations are not read yet. */
const UNREAD: Prefixes = { prefix: '', uri: '', up: undefined };
/** No element skipped is open (`cut`). */
const NONE = 0x3fffffff;

/** One character more of a name's hash: ElementNames and the scan must take it alike. */
const hashStep = (h: number, c: number): number => (Math.imul(h, 31) + c) | 0;

/**
 * The local names a reader looks up (scanXml's `keep`), found by a hash of the characters taken as
 * the name is read and compared in place: an element skipped costs no string, and one built has the
 * one string of its name (compared by reference in the reader's lookups).
 */
export class ElementNames {
  /** by the hash's low bits (an array, not a Map: a hash out of the small-integer range was boxed) */
  private readonly table: (string[] | undefined)[] = new Array<string[] | undefined>(1024).fill(undefined);
  constructor(names: Iterable<string>) {
    for (const n of names) {
      let h = 0;
      for (let i = 0; i < n.length; i++) h = hashStep(h, n.charCodeAt(i));
      (this.table[h & 1023] ??= []).push(n);
    }
  }

  /** The name from `from` to `to` in `xml` (its hash `h`) if it is one of these. */
  find(xml: string, from: number, to: number, h: number): string | undefined {
    const names = this.table[h & 1023];
    if (names) for (const n of names) if (n.length === to - from && xml.startsWith(n, from)) return n;
    return undefined;
  }
}

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

/**
 * The `n` characters at `a` and at `b` are the same (compared in place: no slice of either); by
 * startsWith when `name` is all of them (a built element's unprefixed name), which reads it natively.
 */
function same(xml: string, a: number, b: number, n: number, name?: string): boolean {
  if (name !== undefined && name.length === n) return xml.startsWith(name, a);
  for (let k = 0; k < n; k++) if (xml.charCodeAt(a + k) !== xml.charCodeAt(b + k)) return false;
  return true;
}

/** The attributes from `from` to `to` (a start tag after its name), pushed to `attrs`. */
function readAllAttrs(xml: string, from: number, to: number, attrs: XAttr[]): void {
  if (readAttrs(xml, from, to, attrs)) return;
  // not plain `name="value"` pairs: as the pattern finds them
  attrs.length = 0;
  const body = xml.slice(from, to);
  ATTR.lastIndex = 0;
  for (let m = ATTR.exec(body); m; m = ATTR.exec(body)) {
    const q = m[1];
    attrs.push({ name: q, qname: q, ns: '', value: decode(m[2] ?? m[3] ?? '') });
  }
}

/** `</…>` from `at` to `gt` closes the name of `n` characters at `q`: it, then nothing but whitespace. */
function closes(xml: string, at: number, gt: number, q: number, n: number): boolean {
  if (at + n > gt || !same(xml, at, q, n)) return false;
  for (let i = at + n; i < gt; i++) if (!isSpace(xml.charCodeAt(i))) return false;
  return true;
}

function fail(msg: string, offset: number): never {
  throw new XmlSyntaxError(`${msg} (offset ${offset})`);
}

/**
 * An element's text: trimmed, entities decoded (unless the caller knows it has no `&`). `head` is text
 * before a comment, PI or CDATA section; the rest runs from `from` to `to`. Trimmed only when it may need
 * it (String.prototype.trim's whitespace is ASCII ≤ 32 or ≥ U+00A0), most leaves being a bare value.
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
 * `xmlns="…"` being all the attributes from `from` to `to` (a start tag after its name), the way a BBF
 * reply declares each module's namespace: what readAttrs reads as that one pair, without its objects.
 */
function onlyDefaultNs(xml: string, from: number, to: number): boolean {
  return (
    to - from >= 9 &&
    xml.charCodeAt(to - 1) === 34 &&
    xml.startsWith(' xmlns="', from) &&
    xml.indexOf('"', from + 8) === to - 1
  );
}

/**
 * Ends an open element: its children are `kids` from `first` to `top` (the caller takes them off),
 * unless it is a `leaf` (no child, built or skipped), whose text is `head` and what runs from
 * `textFrom` to `textTo` (`&` in it when `entities`).
 */
function finish(
  node: XNode,
  kids: XNode[],
  first: number,
  top: number,
  leaf: boolean,
  head: string,
  xml: string,
  textFrom: number,
  textTo: number,
  entities: boolean,
): void {
  if (leaf) node.text = leafText(xml, head, textFrom, textTo, entities);
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
 * from, each character read through the slice. With `keep`, only the root and elements of those
 * local names whose parent is built are built (their `attrs` empty), and only they reach `onElement`.
 */
export function scanXml(
  xml: string,
  onElement?: OnElement,
  wrap?: string,
  from = 0,
  to = xml.length,
  keep?: ElementNames,
): XNode {
  // the open elements as parallel stacks (no record per element)
  const nodes: XNode[] = [];
  /** where each open element's qualified name lies in `xml` (closing tags are compared with it in place) */
  const qAt: number[] = [];
  const qLen: number[] = [];
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
  /** per open element built: a child of it was skipped (it is no leaf, whatever it holds) */
  const lost: boolean[] = [];
  /** the depth of the outermost open element skipped (`keep`): what is deeper is skipped too */
  let cut = NONE;
  /** where the attributes of each open element skipped lie (read only if needed: `resolve`) */
  const attrAt: number[] = [];
  const attrEnd: number[] = [];
  /** the prefixes in scope in open element `k`, reading the declarations of skipped ones not read yet */
  const resolve = (k: number): Prefixes | undefined => {
    let s = scopes[k];
    if (s !== UNREAD) return s;
    s = resolve(k - 1);
    const all: XAttr[] = [];
    readAllAttrs(xml, attrAt[k], attrEnd[k], all);
    for (const a of all)
      if (a.qname.startsWith('xmlns:')) s = { prefix: a.qname.slice(6), uri: a.value, up: s };
    return (scopes[k] = s);
  };
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
    qAt[0] = qLen[0] = 0;
    scopes[0] = rootScope;
    dflts[0] = undefined;
    kidsFrom[0] = 0;
    lost[0] = false;
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
    const noChildYet = depth > 0 && depth <= cut && top === kidsFrom[depth - 1] && !lost[depth - 1];
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
      const q = d < floor ? 0 : qAt[d];
      const n = d < floor ? 0 : qLen[d];
      // most closing tags are `</` the open element's name `>`: then that `>` is the first (the name
      // has none), found without a search, and the name compared in place (a slice cost more)
      let gt = lt + 2 + n;
      const built = d >= floor && d < cut ? nodes[d].name : undefined;
      if (d < floor || gt >= to || xml.charCodeAt(gt) !== 62 || !same(xml, lt + 2, q, n, built)) {
        gt = xml.indexOf('>', lt);
        if (gt < 0 || gt >= to) fail('unterminated tag', pos - from);
        // the open element's name, then nothing but whitespace
        if (d < floor || !closes(xml, lt + 2, gt, q, n))
          fail(
            `closing tag </${xml.slice(lt + 2, gt).trim()}> does not match <${xml.slice(q, q + n)}>`,
            pos - from,
          );
      }
      if (d >= cut) {
        // a skipped element ends: nothing was built of it
        if (d === cut) cut = NONE;
        depth = d;
        pos = textFrom = gt + 1;
        continue;
      }
      const node = nodes[d];
      if (amp < textFrom) {
        amp = xml.indexOf('&', textFrom);
        if (amp < 0) amp = xml.length;
      }
      const leaf = top === kidsFrom[d] && !lost[d];
      finish(node, kids as XNode[], kidsFrom[d], top, leaf, texts[d], xml, textFrom, lt, amp < lt);
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
    // the name, where its prefix ends and the hash of its local name (found on the way: no search
    // of the name afterwards)
    let nameEnd = lt + 1;
    let colon = -1;
    let h = 0;
    for (let ch = xml.charCodeAt(nameEnd); nameEnd < end && ch > 32; ch = xml.charCodeAt(++nameEnd))
      if (ch === 58 /* : */ && colon < 0) {
        colon = nameEnd;
        h = 0;
      } else h = hashStep(h, ch);
    const local = colon < 0 ? lt + 1 : colon + 1;
    // (undefined: not built, being within an element skipped or not a name `keep` has; the root is built)
    const name =
      keep === undefined || depth === 0
        ? xml.slice(local, nameEnd)
        : depth <= cut
          ? keep.find(xml, local, nameEnd, h)
          : undefined;
    let scope = depth ? scopes[depth - 1] : rootScope;
    let dflt = depth ? dflts[depth - 1] : undefined;
    const attrs: XAttr[] = keep ? NO_ATTRS : [];
    // a skipped element's declarations are read when an element within it has a prefix (rarely)
    if (name === undefined && colon < 0 && (nameEnd < end || scope === UNREAD)) scope = UNREAD;
    else if (nameEnd < end) {
      if (scope === UNREAD) scope = resolve(depth - 1);
      if (keep && onlyDefaultNs(xml, nameEnd, end)) {
        if (name !== undefined) dflt = decode(xml.slice(nameEnd + 8, end - 1));
      } else {
        const all = keep ? [] : attrs;
        readAllAttrs(xml, nameEnd, end, all);
        for (const a of all) {
          const q = a.qname;
          if (q === 'xmlns') dflt = a.value;
          else if (q.startsWith('xmlns:')) scope = { prefix: q.slice(6), uri: a.value, up: scope };
        }
        // attribute names and namespaces once every declaration of the element is known
        if (!keep)
          for (const a of attrs) {
            const i = a.qname.indexOf(':');
            if (i < 0) continue;
            const p = a.qname.slice(0, i);
            a.name = a.qname.slice(i + 1);
            if (p !== 'xmlns') a.ns = lookup(scope, p) ?? '';
          }
      }
    }
    let ns = dflt;
    if (colon >= 0) {
      if (scope === UNREAD) scope = resolve(depth - 1);
      const prefix = xml.slice(lt + 1, colon);
      ns = lookup(scope, prefix);
      if (ns === undefined) fail(`undeclared prefix ${prefix}`, pos - from);
    }
    if (name === undefined) {
      pos = textFrom = gt + 1;
      if (depth <= cut) lost[depth - 1] = true;
      if (selfClosing) continue;
      if (depth < cut) cut = depth;
      qAt[depth] = lt + 1;
      qLen[depth] = nameEnd - lt - 1;
      scopes[depth] = scope;
      attrAt[depth] = nameEnd;
      attrEnd[depth] = end;
      depth++;
      continue;
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
    qAt[depth] = lt + 1;
    qLen[depth] = nameEnd - lt - 1;
    scopes[depth] = scope;
    dflts[depth] = dflt;
    kidsFrom[depth] = top;
    lost[depth] = false;
    texts[depth] = '';
    depth++;
  }
  // the wrapping root ends with the text
  if (wrap !== undefined && depth === 1) {
    finish(root!, kids as XNode[], 0, top, top === 0 && !lost[0], texts[0], xml, textFrom, to, true);
    return root!;
  }
  if (depth) fail(`unclosed <${xml.slice(qAt[depth - 1], qAt[depth - 1] + qLen[depth - 1])}>`, pos - from);
  if (!root) fail('no root element', pos - from);
  return root!;
}

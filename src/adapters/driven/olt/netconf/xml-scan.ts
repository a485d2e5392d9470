/**
 * A single-pass XML reader for large NETCONF replies: a whole OLT in the BBF models is ~15 KB per
 * subscriber (61 MB at 4 096), which fast-xml-parser's validate + preserveOrder + namespace pass
 * takes ~35 s to read. This one scans tags with indexOf, resolves namespaces (XML Namespaces §6)
 * as it goes and builds the same XNode tree (olt-config-xnode.ts) in about a second. It checks
 * what a reply from a conforming server can get wrong — unbalanced or mismatched tags, an
 * undeclared prefix — and leaves DTDs aside (RFC 6241 §3: NETCONF messages carry none).
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

interface Open {
  node: XNode;
  qname: string;
  /** Prefixed bindings in scope (copied only where an element declares a prefix). */
  scope: Map<string, string>;
  /** The default namespace in scope (a BBF reply changes it on most elements: no map copy for it). */
  dflt: string | undefined;
  text: string;
}

/** Parses a document (one root element; a prolog and comments allowed); namespaces resolved. */
export function scanXml(xml: string): XNode {
  const stack: Open[] = [];
  let root: XNode | undefined;
  let scope = new Map<string, string>([['xml', XML_NS]]);
  let pos = 0;
  const fail = (msg: string): never => {
    throw new XmlSyntaxError(`${msg} (offset ${pos})`);
  };
  while (pos < xml.length) {
    const lt = xml.indexOf('<', pos);
    const top = stack[stack.length - 1];
    if (lt < 0) {
      if (xml.slice(pos).trim()) fail('text after the root element');
      break;
    }
    // text matters only in leaves: between child elements it is whitespace (no mixed content in YANG data)
    if (top && lt > pos && top.node.children.length === 0) top.text += xml.slice(pos, lt);
    const c = xml.charCodeAt(lt + 1);
    if (c === 63 /* ? */) {
      pos = xml.indexOf('?>', lt) + 2;
      if (pos < 2) fail('unterminated processing instruction');
      continue;
    }
    if (c === 33 /* ! */) {
      if (xml.startsWith('<!--', lt)) {
        pos = xml.indexOf('-->', lt) + 3;
        if (pos < 3) fail('unterminated comment');
      } else if (xml.startsWith('<![CDATA[', lt)) {
        const end = xml.indexOf(']]>', lt);
        if (end < 0 || !top) fail('bad CDATA section');
        top!.text += xml
          .slice(lt + 9, end)
          .replace(/&/g, '&amp;')
          .replace(/</g, '&lt;');
        pos = end + 3;
      } else fail('DTDs are not allowed in NETCONF messages');
      continue;
    }
    const gt = xml.indexOf('>', lt);
    if (gt < 0) fail('unterminated tag');
    if (c === 47 /* / */) {
      const qname = xml.slice(lt + 2, gt).trim();
      const open = stack.pop();
      if (!open || open.qname !== qname)
        fail(`closing tag </${qname}> does not match <${open?.qname ?? ''}>`);
      close(open!);
      scope = stack.length ? stack[stack.length - 1].scope : scope;
      pos = gt + 1;
      continue;
    }
    const selfClosing = xml.charCodeAt(gt - 1) === 47;
    const end = selfClosing ? gt - 1 : gt;
    let nameEnd = lt + 1;
    for (let ch = xml.charCodeAt(nameEnd); nameEnd < end && ch > 32; ch = xml.charCodeAt(++nameEnd));
    const qname = xml.slice(lt + 1, nameEnd);
    const parentScope = stack.length ? stack[stack.length - 1].scope : scope;
    let local = parentScope;
    let dflt = stack.length ? stack[stack.length - 1].dflt : scope.get('');
    const attrs: XAttr[] = [];
    if (nameEnd < end) {
      const body = xml.slice(nameEnd, end);
      ATTR.lastIndex = 0;
      for (let m = ATTR.exec(body); m; m = ATTR.exec(body)) {
        const q = m[1];
        const v = decode(m[2] ?? m[3] ?? '');
        attrs.push({ name: q, qname: q, ns: '', value: v });
        if (q === 'xmlns') dflt = v;
        else if (q.startsWith('xmlns:')) {
          if (local === parentScope) local = new Map(local);
          local.set(q.slice(6), v);
        }
      }
      // attribute names and namespaces once every declaration of the element is known
      for (const a of attrs) {
        const i = a.qname.indexOf(':');
        if (i < 0) continue;
        const p = a.qname.slice(0, i);
        a.name = a.qname.slice(i + 1);
        if (p !== 'xmlns') a.ns = local.get(p) ?? '';
      }
    }
    const colon = qname.indexOf(':');
    const prefix = colon < 0 ? '' : qname.slice(0, colon);
    const ns = prefix ? local.get(prefix) : dflt;
    if (ns === undefined && prefix) fail(`undeclared prefix ${prefix}`);
    const node: XNode = {
      name: colon < 0 ? qname : qname.slice(colon + 1),
      ns: ns ?? '',
      attrs,
      children: [],
      text: '',
    };
    if (top) top.node.children.push(node);
    else if (root) fail('more than one root element');
    else root = node;
    if (selfClosing) {
      pos = gt + 1;
      continue;
    }
    stack.push({ node, qname, scope: local, dflt, text: '' });
    pos = gt + 1;
  }
  if (stack.length) fail(`unclosed <${stack[stack.length - 1].qname}>`);
  if (!root) fail('no root element');
  return root!;
}

function close(o: Open): void {
  if (o.node.children.length === 0 || o.text.trim()) o.node.text = decode(o.text.trim());
}

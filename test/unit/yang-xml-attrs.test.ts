/**
 * The lab OLT's XML parser (simulators/yang/xml.ts) gives an element the attributes and scope that
 * the same characters after the same name gave last in the same scope, without parsing them again.
 * Whatever differs — the scope, one character of the attributes, how the tag ends, a collision in
 * the table — each element must still get what its own attributes say, and the same errors.
 */
import { describe, expect, it } from 'vitest';
import { parseXml, type XEl } from '../../simulators/yang/xml.ts';

function flat(el: XEl, out: string[] = []): string[] {
  for (const c of el.children) {
    const attrs = c.attrs.map((a) => `${a.prefix}:${a.name}@${a.ns}=${a.value}`).join(',');
    out.push(`${c.name}@${c.ns}[${attrs}]${c.children.length ? '' : c.text}`);
    flat(c, out);
  }
  return out;
}

const NC = 'urn:ietf:params:xml:ns:netconf:base:1.0';

describe('parseXml attributes seen before', () => {
  it('reads the same attributes in another scope by that scope', () => {
    const doc =
      `<r><a xmlns:nc="urn:1"><b nc:operation="create"/><b nc:operation="create"/></a>` +
      `<a xmlns:nc="${NC}"><b nc:operation="create"/></a><a xmlns:nc="urn:1"><b nc:operation="create"/></a></r>`;
    expect(flat(parseXml(doc)).filter((s) => s.startsWith('b'))).toEqual([
      'b@[nc:operation@urn:1=create]',
      'b@[nc:operation@urn:1=create]',
      `b@[nc:operation@${NC}=create]`,
      'b@[nc:operation@urn:1=create]',
    ]);
    // an undeclared prefix fails where it is undeclared, however often it was read before
    expect(() =>
      parseXml(`<r xmlns:p="urn:p"><a><b p:x="1"/></a><a><b p:x="1"/></a></r><a><b p:x="1"/></a>`),
    ).toThrow('undeclared prefix p (line 1)');
  });

  it('tells apart attributes that differ in one character, or in how the tag ends', () => {
    const ops = ['create', 'createx', 'xreate', 'create', 'merge', 'creat'];
    const doc = `<r xmlns:nc="${NC}">${ops.map((o) => `<b nc:operation="${o}">t</b><b nc:operation="${o}"/>`).join('')}</r>`;
    expect(flat(parseXml(doc))).toEqual([
      'r@[]',
      ...ops.flatMap((o) => [`b@[nc:operation@${NC}=${o}]t`, `b@[nc:operation@${NC}=${o}]`]),
    ]);
    // a self-closing tag and a start tag with the same attributes: the second is still open
    expect(() => parseXml(`<r><b a="1"/><b a="1"></r>`)).toThrow('</r> closes <b>');
    expect(flat(parseXml(`<r><b a="1"/><b a="1" ><c/></b><b a="1" /></r>`))).toEqual([
      'r@[]',
      'b@[:a@=1]',
      'b@[:a@=1]',
      'c@[]',
      'b@[:a@=1]',
    ]);
  });

  it('refuses a message that ends inside a start tag, whatever the message before it held there', () => {
    // the bytes of an ASCII message are read in a buffer kept from the one before: here a '>'
    expect(flat(parseXml('<r><b>x</b></r>'))).toEqual(['r@[]', 'b@[]x']);
    expect(() => parseXml('<r><b')).toThrow('unterminated start tag');
    expect(flat(parseXml('<r><b a="1"/><b a="1"/></r>'))).toEqual(['r@[]', 'b@[:a@=1]', 'b@[:a@=1]']);
    expect(() => parseXml('<r><b a="1"/><b')).toThrow('unterminated start tag');
  });

  it('gives default namespaces, single quotes and references as written', () => {
    const doc =
      `<r><c xmlns="urn:a"><d/></c><c xmlns='urn:a'><d/></c><c xmlns="urn:b"><d/></c><c xmlns="urn:a"><d/></c>` +
      `<e k="a&amp;b" v='x"y'/><e k="a&amp;b" v='x"y'/><e k="a&lt;b" v='x"y'/></r>`;
    expect(flat(parseXml(doc))).toEqual([
      'r@[]',
      ...['urn:a', 'urn:a', 'urn:b', 'urn:a'].flatMap((u) => [`c@${u}[]`, `d@${u}[]`]),
      'e@[:k@=a&b,:v@=x"y]',
      'e@[:k@=a&b,:v@=x"y]',
      'e@[:k@=a<b,:v@=x"y]',
    ]);
  });

  it('gives each element with several declarations the bindings it declares', () => {
    const decl = (u: string) => `<c xmlns="urn:${u}" xmlns:p="urn:p${u}"><p:d q="1"/></c>`;
    const doc = `<r>${['1', '1', '2', '1'].map(decl).join('')}</r>`;
    const kids = parseXml(doc).children[0].children;
    expect(kids.map((c) => [c.ns, c.children[0].ns])).toEqual([
      ['urn:1', 'urn:p1'],
      ['urn:1', 'urn:p1'],
      ['urn:2', 'urn:p2'],
      ['urn:1', 'urn:p1'],
    ]);
  });

  it('keeps the attributes of many element names and scopes apart (more than the table has slots)', () => {
    const names = Array.from({ length: 3000 }, (_, i) => `n${i.toString(36)}`);
    const doc = `<r>${names
      .map((n, i) => `<${n} k="${i % 7}" xmlns="urn:${i % 5}"/>`)
      .join('')
      .repeat(2)}</r>`;
    const kids = parseXml(doc).children[0].children;
    expect(kids.map((c) => `${c.name} ${c.ns} ${c.attrs[0].value}`)).toEqual(
      [...names, ...names].map((n, i) => `${n} urn:${(i % 3000) % 5} ${(i % 3000) % 7}`),
    );
  });
});

/** The single-pass XML reader for large NETCONF replies (xml-scan.ts) against the parser it replaces. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { ElementNames, scanXml } from '../../src/adapters/driven/olt/netconf/xml-scan.ts';
import {
  parseXml,
  XmlSyntaxError,
  type XNode,
} from '../../src/adapters/driven/olt/netconf/olt-config-xnode.ts';

const shape = (n: XNode): unknown => [
  n.ns,
  n.name,
  n.text,
  n.attrs.map((a) => [a.ns, a.name, a.value]),
  n.children.map(shape),
];

describe('scanXml', () => {
  it('builds the same namespace-resolved tree as parseXml for the BBF reference instance', () => {
    const xml = readFileSync(new URL('../fixtures/bbf/one-subscriber.xml', import.meta.url), 'utf8').replace(
      /^<\?xml[^>]*>/,
      '',
    );
    expect(shape(scanXml(`<data>${xml}</data>`))).toEqual(shape(parseXml(`<data>${xml}</data>`)));
  });

  it('resolves prefixes per scope, decodes entities and CDATA, keeps nc:operation attributes', () => {
    const t = scanXml(
      '<?xml version="1.0"?><!-- c --><a xmlns="urn:x" xmlns:nc="urn:ietf:params:xml:ns:netconf:base:1.0">' +
        '<b nc:operation="delete" v=\'1 &amp; 2\'>x &lt; y &#x41;</b><p:c xmlns:p="urn:p"><![CDATA[<raw> & ]]></p:c><d/></a>',
    );
    expect(t.ns).toBe('urn:x');
    const [b, c, d] = t.children;
    expect(b.attrs.find((a) => a.name === 'operation')?.ns).toBe('urn:ietf:params:xml:ns:netconf:base:1.0');
    expect(b.attrs.find((a) => a.name === 'v')?.value).toBe('1 & 2');
    expect(b.text).toBe('x < y A');
    expect([c.ns, c.name, c.text]).toEqual(['urn:p', 'c', '<raw> &']);
    expect([d.ns, d.text]).toEqual(['urn:x', '']);
  });

  it('hands each element to onElement as it ends, with the open ones around it; true keeps it out of the tree', () => {
    const seen: string[] = [];
    const t = scanXml('<a xmlns="urn:a"><l><e><k>1</k></e><e><k>2</k></e><x/></l></a>', (n, open, depth) => {
      seen.push(
        `${open
          .slice(0, depth)
          .map((o) => o.name)
          .join('/')}/${n.name}=${n.text}`,
      );
      return n.name === 'e';
    });
    expect(seen).toEqual(['a/l/e/k=1', 'a/l/e=', 'a/l/e/k=2', 'a/l/e=', 'a/l/x=', 'a/l=']);
    expect(shape(t)).toEqual([
      'urn:a',
      'a',
      '',
      [['', 'xmlns', 'urn:a']],
      [['urn:a', 'l', '', [], [['urn:a', 'x', '', [], []]]]],
    ]);
  });

  it('refuses mismatched tags, undeclared prefixes, two roots and DTDs', () => {
    for (const bad of ['<a><b></a></b>', '<p:a/>', '<a/><b/>', '<!DOCTYPE a><a/>', '<a>'])
      expect(() => scanXml(bad), bad).toThrow(XmlSyntaxError);
  });

  it('with keep, builds only the named elements under built parents, without attributes, checking the rest as ever', () => {
    const keep = new ElementNames(['l', 'k']);
    const scan = (x: string) => scanXml(x, undefined, undefined, 0, x.length, keep);
    // (e is skipped with all within it; the third k keeps the text before its skipped child, as without keep)
    const t = scan(
      '<a xmlns="urn:a"><l a="1"><k>1</k><e xmlns:p="urn:p"><k>2</k><p:k/></e><k>3<x/></k></l></a>',
    );
    const k = (text: string) => ['urn:a', 'k', text, [], []];
    expect(shape(t)).toEqual(['urn:a', 'a', '', [], [['urn:a', 'l', '', [], [k('1'), k('3')]]]]);
    for (const bad of [
      '<a><e><p:k/></e></a>',
      '<a><e><k></e></k></a>',
      '<a><e>',
      '<a><e><!DOCTYPE x></e></a>',
    ])
      expect(() => scan(bad), bad).toThrow(XmlSyntaxError);
  });

  it('reads content wrapped in a root of its own as the wrapped document, refusing what that would', () => {
    const xml = readFileSync(new URL('../fixtures/bbf/one-subscriber.xml', import.meta.url), 'utf8').replace(
      /^<\?xml[^>]*>/,
      '',
    );
    for (const x of [xml, '', ' text &amp; more ', '<a xmlns="urn:x"><b>1</b></a> <c/>'])
      expect(shape(scanXml(x, undefined, 'data'))).toEqual(shape(scanXml(`<data>${x}</data>`)));
    const seen: string[] = [];
    scanXml(
      '<a xmlns="urn:x"><b>1</b></a>',
      (n, open, depth) => !!seen.push(`${open[0].name}/${n.name}@${depth}`),
      'data',
    );
    expect(seen).toEqual(['data/b@2', 'data/a@1']);
    for (const bad of ['</data>', '<a></data>', '<a>', '<a></b>', '<p:a/>'])
      expect(() => scanXml(bad, undefined, 'data'), bad).toThrow(XmlSyntaxError);
  });
});

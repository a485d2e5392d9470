/**
 * The lab OLT's XML parser (simulators/yang/xml.ts) finds an element's name by a hash of its
 * characters in a small direct-mapped table, and its namespace by (scope, name) in another: whatever
 * collides in those tables, each element must keep its own name and the namespace its scope binds.
 */
import { describe, expect, it } from 'vitest';
import { parseXml, type XEl } from '../../simulators/yang/xml.ts';

function flat(el: XEl, out: string[] = []): string[] {
  for (const c of el.children) {
    out.push(`${c.prefix}:${c.name}@${c.ns}`);
    flat(c, out);
  }
  return out;
}

describe('parseXml names and namespaces', () => {
  it('keeps 5 000 distinct names apart (far more than the table has slots)', () => {
    const names = Array.from({ length: 5000 }, (_, i) => `n${i.toString(36)}-${(i * 7919) % 9973}`);
    const doc = `<r xmlns="urn:x">${names.map((n) => `<${n}>${n}</${n}>`).join('')}${names.map((n) => `<${n}/>`).join('')}</r>`;
    const kids = parseXml(doc).children[0].children;
    expect(kids.map((c) => c.name)).toEqual([...names, ...names]);
    expect(kids.slice(0, 5000).map((c) => c.text)).toEqual(names);
    expect(new Set(kids.map((c) => c.ns))).toEqual(new Set(['urn:x']));
  });

  it('gives the same name the namespace of each scope it appears in', () => {
    const doc =
      '<a xmlns="urn:1" xmlns:p="urn:p1"><b/><p:b/>' +
      '<c xmlns="urn:2"><b/><p:b/><d xmlns:p="urn:p2"><b/><p:b/></d><b/><p:b/></c>' +
      '<b/><p:b/><e xmlns=""><b/></e></a>';
    expect(flat(parseXml(doc))).toEqual([
      ':a@urn:1',
      ':b@urn:1',
      'p:b@urn:p1',
      ':c@urn:2',
      ':b@urn:2',
      'p:b@urn:p1',
      ':d@urn:2',
      ':b@urn:2',
      'p:b@urn:p2',
      ':b@urn:2',
      'p:b@urn:p1',
      ':b@urn:1',
      'p:b@urn:p1',
      ':e@',
      ':b@',
    ]);
  });

  it('still refuses an undeclared prefix after the same name parsed in a scope that declared it', () => {
    expect(() => parseXml('<a><x xmlns:p="urn:p"><p:b/></x><p:b/></a>')).toThrow('undeclared prefix p');
  });
});

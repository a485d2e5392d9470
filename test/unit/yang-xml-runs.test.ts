/**
 * The lab OLT's XML parser (simulators/yang/xml.ts) tells names, end tags, leaf texts and default
 * namespaces apart by comparing runs of the message in place (xml-runs.ts): four bytes at a time in
 * an ASCII message, character by character in any other. Runs that differ in one character only, at
 * either end or where the last four bytes overlap, must still be told apart, in both kinds of message.
 */
import { describe, expect, it } from 'vitest';
import { parseXml, type XEl } from '../../simulators/yang/xml.ts';

function flat(el: XEl, out: string[] = []): string[] {
  for (const c of el.children) {
    out.push(`${c.name}@${c.ns}=${c.children.length ? '' : c.text}`);
    flat(c, out);
  }
  return out;
}

// the same message as ASCII and with a non-ASCII character outside every run compared
const both = (body: string) => [`<r>${body}</r>`, `<r>${body}<z>é</z></r>`];
const tail = (s: string) => (s.endsWith('<z>é</z></r>') ? ['z@=é'] : []);

describe('parseXml compares runs of the message in place', () => {
  it('keeps names apart that differ in one character, for every length and position', () => {
    for (let len = 1; len <= 13; len++)
      for (let at = 0; at < len; at++) {
        const a = 'n'.repeat(len);
        const b = a.slice(0, at) + 'm' + a.slice(at + 1);
        for (const doc of both(`<${a}>1</${a}><${b}>2</${b}><${a}/>`))
          expect(flat(parseXml(doc))).toEqual([`r@=`, `${a}@=1`, `${b}@=2`, `${a}@=`, ...tail(doc)]);
      }
  });

  it('refuses an end tag that differs from the start tag in one character', () => {
    for (let len = 1; len <= 9; len++)
      for (let at = 0; at < len; at++) {
        const a = 'e'.repeat(len);
        const b = a.slice(0, at) + 'f' + a.slice(at + 1);
        for (const doc of both(`<${a}></${b}>`)) expect(() => parseXml(doc)).toThrow(`</${b}> closes <${a}>`);
      }
    for (const doc of both('<abcd></abcde>')) expect(() => parseXml(doc)).toThrow('</abcde> closes <abcd>');
    for (const doc of both('<abcde></abcd>')) expect(() => parseXml(doc)).toThrow('</abcd> closes <abcde>');
    // spaces before the '>' of an end tag are allowed
    for (const doc of both('<abcde></abcde \n>')) expect(flat(parseXml(doc))[1]).toBe('abcde@=');
  });

  it('gives leaf texts that differ in one character their own values', () => {
    const texts = ['value-0001', 'value-0002', 'walue-0001', 'value-0001x', 'val', 'vam', 'value-0001'];
    for (const doc of both(texts.map((t) => `<v>${t}</v>`).join('')))
      expect(flat(parseXml(doc))).toEqual(['r@=', ...texts.map((t) => `v@=${t}`), ...tail(doc)]);
  });

  it('makes long leaf texts (13 characters and more) strings of their own, the same characters either way', () => {
    // in an ASCII message decoded from its bytes (xml-runs.ts ownRun), in any other from its characters
    const texts = [
      'vsi-A-00000003-internet',
      'vsi-A-00000003-internex',
      'twelve-chars',
      'thirteen-char',
      '~'.repeat(256),
    ];
    for (const doc of both(texts.map((t) => `<v>${t}</v>`).join('')))
      expect(flat(parseXml(doc))).toEqual(['r@=', ...texts.map((t) => `v@=${t}`), ...tail(doc)]);
  });

  it('gives default namespaces that differ in one character their own scopes', () => {
    const uris = [
      'urn:bbf:yang:a',
      'urn:bbf:yang:b',
      'urn:bbf:yang:a',
      'urn:bbf:yanh:a',
      'urn:bbf:yang:ab',
      'urn:a&amp;b',
    ];
    for (const doc of both(uris.map((u) => `<c xmlns="${u}"><d/></c>`).join('')))
      expect(flat(parseXml(doc))).toEqual([
        'r@=',
        ...uris.flatMap((u) => [`c@${u.replace('&amp;', '&')}=`, `d@${u.replace('&amp;', '&')}=`]),
        ...tail(doc),
      ]);
  });
});

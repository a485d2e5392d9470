/**
 * XmlOut (simulators/yang/xml-out.ts), the bytes every lab reply is written into: text escaped and
 * encoded exactly as escapeText + Buffer.from (the replies must not change by a byte), and marks cut
 * back to anywhere, across the blocks a large reply spans (the subtree filter leaves out a container
 * or entry with nothing selected by cutting back to before its start tag).
 */
import { describe, expect, it } from 'vitest';
import { tagOf, XmlOut } from '../../simulators/yang/xml-out.ts';
import { escapeText } from '../../simulators/yang/xml.ts';

const bytes = (o: XmlOut) => Buffer.concat(o.take());
/** Byte-equal (toEqual compares a large buffer element by element: seconds). */
const same = (a: Buffer, b: Buffer) =>
  expect(a.equals(b) ? 'same' : `${a.length} vs ${b.length} bytes`).toBe('same');

describe('XmlOut', () => {
  it('writes text as escapeText and UTF-8 would', () => {
    const texts = ['plain', 'a<b>&c', 'é', 'x&é<', '\u{1F600}&', 'ab\uD800', '', 'GPON&'.repeat(100)];
    for (const t of texts) {
      const o = new XmlOut();
      o.text(t);
      same(bytes(o), Buffer.from(escapeText(t), 'utf8'));
    }
  });

  it('writes tags (of any length: padded to words) and text across many blocks, in order', () => {
    const o = new XmlOut();
    const ref: Buffer[] = [];
    const text = '<interface xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces">';
    const tag = Buffer.from(text);
    const long = Buffer.alloc(70_001, 0x61);
    for (let i = 0; i < 5_000; i++) {
      o.tag(tagOf(text));
      o.text(`v-${i}&`);
      o.utf8('ü');
      ref.push(tag, Buffer.from(`v-${i}&amp;ü`));
      if (i % 1000 === 0) {
        o.tag(tagOf(long.toString()));
        ref.push(long);
      }
    }
    same(bytes(o), Buffer.concat(ref));
    // and it starts empty again; a tag's padding is never part of the output
    for (const t of ['', 'a', 'ab', 'abc', 'abcd', '<é/>']) {
      o.tag(tagOf(t));
      expect(bytes(o).toString()).toBe(t);
    }
  });

  it('writes tags of every length up to a few words at every offset of a block end', () => {
    // tag() writes its first words without a loop and up to seven bytes past the tag: every length
    // around those words, landing on every position before the end of a block
    const o = new XmlOut();
    const ref: Buffer[] = [];
    // a letter of its own for each length: a byte left unwritten shows another tag's letter
    const texts = Array.from({ length: 21 }, (_, n) => String.fromCharCode(0x41 + n).repeat(n));
    const tags = texts.map(tagOf);
    for (let i = 0; i < 40_000; i++) {
      const k = (i * 8) % tags.length;
      o.tag(tags[k]);
      ref.push(Buffer.from(texts[k]));
      if (i % 3 === 0) {
        o.text('x');
        ref.push(Buffer.from('x'));
      }
    }
    same(bytes(o), Buffer.concat(ref));
  });

  it('cuts back to a mark in the same block or blocks before', () => {
    const o = new XmlOut();
    const ref: string[] = [];
    for (let round = 0; round < 20; round++) {
      o.text(`keep${round}`);
      ref.push(`keep${round}`);
      const m = o.mark();
      // written and dropped: a few bytes, or ~200 KB (several blocks)
      const n = round % 2 ? 3 : 40_000;
      for (let i = 0; i < n; i++) o.text('dropped');
      expect(o.mark()).toBe(m + 7 * n);
      o.cut(m);
      expect(o.mark()).toBe(m);
    }
    o.text('end');
    ref.push('end');
    expect(bytes(o).toString()).toBe(ref.join(''));
  });
});

import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  decodeUtf8,
  FrameDecoder,
  encodeFrame,
  FramingError,
  type FramingMode,
} from '../../src/protocols/netconf/framing.ts';

/** Split a buffer at the given cut points (sorted, deduplicated, inside the buffer). */
function splitAt(buf: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(buf.subarray(prev, p));
    prev = p;
  }
  out.push(buf.subarray(prev));
  return out;
}

function decodeAll(pieces: Buffer[], mode: FramingMode): string[] {
  const d = new FrameDecoder(mode, 8); // tiny initial buffer: exercise growth and compaction
  const out: string[] = [];
  for (const p of pieces) {
    d.push(p);
    out.push(...d.drain());
  }
  expect(d.buffered).toBe(0);
  return out;
}

// any text, including multi-byte UTF-8, `]]>`, newlines and `#` runs
const text = fc.string({
  unit: fc.oneof(
    fc.constantFrom(']', '>', '\n', '#', 'é', '€', '😀', '<', 'a'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  ),
  maxLength: 200,
});

describe('NETCONF framing (RFC 6242)', () => {
  it('chunked: any messages, any chunk size, any split points round-trip', () => {
    fc.assert(
      fc.property(
        fc.array(
          text.filter((s) => s.length > 0),
          { minLength: 1, maxLength: 6 },
        ),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.nat(), { maxLength: 40 }),
        (msgs, chunk, cuts) => {
          const wire = Buffer.concat(msgs.map((m) => encodeFrame(m, 'chunked', chunk)));
          expect(decodeAll(splitAt(wire, cuts), 'chunked')).toEqual(msgs);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('a message in parts frames byte for byte as the whole (both framings, one chunk or many)', () => {
    fc.assert(
      fc.property(
        fc.array(text, { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 50 }),
        (parts, chunk) => {
          const whole = parts.join('');
          expect(encodeFrame(parts, 'eom')).toEqual(encodeFrame(whole, 'eom'));
          if (whole) {
            expect(encodeFrame(parts, 'chunked', chunk)).toEqual(encodeFrame(whole, 'chunked', chunk));
            expect(encodeFrame(parts, 'chunked')).toEqual(encodeFrame(whole, 'chunked'));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('end-of-message: any messages without the delimiter, any split points round-trip', () => {
    fc.assert(
      fc.property(
        fc.array(
          text.filter((s) => (s + ']]>]]>').indexOf(']]>]]>') === s.length),
          { minLength: 1, maxLength: 6 },
        ),
        fc.array(fc.nat(), { maxLength: 40 }),
        (msgs, cuts) => {
          const wire = Buffer.concat(msgs.map((m) => encodeFrame(m, 'eom')));
          expect(decodeAll(splitAt(wire, cuts), 'eom')).toEqual(msgs);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('decodes UTF-8 wherever a multi-byte character sits, whatever the alignment (the ASCII fast path)', () => {
    const ascii = '<data>' + 'x'.repeat(40) + '</data>';
    for (const ch of ['é', '€', '😀', '\u0080']) {
      for (let at = 0; at <= ascii.length; at++) {
        const msg = ascii.slice(0, at) + ch + ascii.slice(at);
        const bytes = Buffer.from(msg, 'utf8');
        for (let offset = 0; offset < 4; offset++) {
          // the message at every offset from a 4-byte boundary, with bytes around it
          const room = Buffer.alloc(bytes.length + 8, 0xc3);
          bytes.copy(room, offset);
          expect(decodeUtf8(room, offset, offset + bytes.length)).toBe(msg);
        }
      }
    }
    const plain = Buffer.from('#' + ascii + ']]>', 'latin1');
    expect(decodeUtf8(plain, 1, plain.length - 3)).toBe(ascii);
    expect(decodeUtf8(plain, 5, 5)).toBe('');
  });

  it('byte-at-a-time delivery of a multi-byte message', () => {
    const msg = '<rpc-reply>čćžšđ €😀 ]]> \n##\n</rpc-reply>';
    for (const mode of ['eom', 'chunked'] as const) {
      const wire = encodeFrame(msg, mode, 3);
      expect(
        decodeAll(
          [...wire].map((b) => Buffer.from([b])),
          mode,
        ),
      ).toEqual([msg]);
    }
  });

  it('hello in end-of-message framing, then the same buffer continues chunked (RFC 6242 §4.1)', () => {
    fc.assert(
      fc.property(
        fc.array(
          text.filter((s) => s.length > 0),
          { minLength: 1, maxLength: 4 },
        ),
        fc.array(fc.nat(), { maxLength: 20 }),
        (msgs, cuts) => {
          const hello = '<hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"/>';
          const wire = Buffer.concat([
            encodeFrame(hello, 'eom'),
            ...msgs.map((m) => encodeFrame(m, 'chunked', 7)),
          ]);
          const d = new FrameDecoder('eom');
          const out: string[] = [];
          for (const piece of splitAt(wire, cuts)) {
            d.push(piece);
            for (let m = d.next(); m !== undefined; m = d.next()) {
              out.push(m);
              if (m === hello) d.setMode('chunked');
            }
          }
          expect(out).toEqual([hello, ...msgs]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('rejects garbage in chunked mode', () => {
    for (const bad of ['\n#0\nx\n##\n', 'xx', '\n#12a\n', '\n#99999999999\n', '\n##\n', '\n##x']) {
      const d = new FrameDecoder('chunked');
      d.push(Buffer.from(bad));
      expect(() => d.next(), bad).toThrow(FramingError);
    }
  });

  it('waits on a partial chunk header or body', () => {
    const d = new FrameDecoder('chunked');
    d.push(Buffer.from('\n#1'));
    expect(d.next()).toBeUndefined();
    d.push(Buffer.from('0\nhello'));
    expect(d.next()).toBeUndefined();
    d.push(Buffer.from(' worl\n##'));
    expect(d.next()).toBeUndefined();
    d.push(Buffer.from('\n'));
    expect(d.next()).toBe('hello worl');
  });
});

/**
 * The OID codec net-snmp runs on (src/protocols/snmp/ber-oid.ts, installed by net-snmp.ts in place
 * of asn1-ber's own): fixed bytes of X.690 §8.19, then the same bytes, strings, offsets and errors as
 * asn1-ber's code it replaced on a seeded random sample of OIDs and of byte strings, well-formed or not.
 */
import { describe, expect, it } from 'vitest';
import { ber } from '../../src/protocols/snmp/net-snmp.ts';
import type { ReadOid, WriteOid } from '../../src/protocols/snmp/ber-oid.ts';

const fastRead = ber.Reader.prototype.readOID as ReadOid & { theirs?: ReadOid };
const fastWrite = ber.Writer.prototype.writeOID as WriteOid & { theirs?: WriteOid };

/** A seeded PRNG (mulberry32): the same sample every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function outcome<T>(f: () => T): { ok: T } | { error: string } {
  try {
    return { ok: f() };
  } catch (e) {
    return { error: `${(e as Error).name}: ${(e as Error).message}` };
  }
}

function written(write: WriteOid, oid: string, tag?: number) {
  const w = new ber.Writer();
  const r = outcome(() => write.call(w, oid, tag));
  return 'error' in r ? r : { ok: w.buffer.toString('hex') };
}

/** Every OID of the buffer read in turn, with the offset after each, until null or an error. */
function readAll(read: ReadOid, buf: Buffer, tag?: number) {
  const r = new ber.Reader(buf);
  const out: unknown[] = [];
  for (let i = 0; i < 8; i++) {
    const x = outcome(() => read.call(r, tag));
    out.push(x, r._offset);
    if ('error' in x || x.ok === null) break;
  }
  return out;
}

describe('BER OBJECT IDENTIFIER codec (X.690 §8.19) under net-snmp', () => {
  it('is installed in asn1-ber, the replaced code kept beside it', () => {
    expect(fastRead.theirs).toBeTypeOf('function');
    expect(fastWrite.theirs).toBeTypeOf('function');
  });

  it('encodes and decodes fixed bytes: 40 × X + Y first, then base 128 with bit 8 set on all but the last octet', () => {
    // ZTE C3xx ONU phase state of ONU 5 on 1/1/1 (docs/zxa10-dialect.md §9): 3902 = 0x9e 0x3e,
    // 268501248 = 0x10010100 = 0x81 0x80 0x84 0x82 0x00 in base 128
    const oid = '1.3.6.1.4.1.3902.1012.3.28.2.1.4.268501248.5';
    const hex = '0614' + '2b060104019e3e8774031c020104' + '8180848200' + '05';
    const w = new ber.Writer();
    w.writeOID(oid);
    expect(w.buffer.toString('hex')).toBe(hex);
    expect(new ber.Reader(Buffer.from(hex, 'hex')).readOID()).toBe(oid);
  });

  it('writes what asn1-ber writes, or throws what it throws', () => {
    const next = rng(16);
    const edges = [0, 1, 39, 127, 128, 16383, 16384, 2097151, 2097152, 268435455, 268435456, 4294967295];
    const sub = () =>
      next() < 0.3 ? edges[Math.floor(next() * edges.length)] : Math.floor(next() ** 4 * 4294967296);
    const oids = [
      '',
      '1',
      '1.',
      '.1',
      '1..3',
      'a.b',
      '1.3.6.1.x',
      '01.003.0006',
      '1.3.4294967296',
      '3.200.1',
    ];
    oids.push('1.3.6.1.99999999999999999999', '1.3.6.1.2.1.1.2.0', '2.999.3', '0.0');
    for (let i = 0; i < 3000; i++) {
      const n = 2 + Math.floor(next() * 18);
      const arcs = [Math.floor(next() * 3), Math.floor(next() * 40), ...Array.from({ length: n - 2 }, sub)];
      oids.push(arcs.join('.'));
    }
    for (const oid of oids) {
      for (const tag of [undefined, 0x06, 0x80]) {
        expect(written(fastWrite, oid, tag), `${oid} tag ${tag}`).toEqual(
          written(fastWrite.theirs!, oid, tag),
        );
      }
    }
    expect(written(fastWrite, 7 as unknown as string)).toEqual(
      written(fastWrite.theirs!, 7 as unknown as string),
    );
  });

  it('reads what asn1-ber reads (string, offset after it), or returns null / throws as it does', () => {
    const next = rng(61);
    const byte = () => Math.floor(next() * 256);
    const bufs: Buffer[] = [Buffer.alloc(0), Buffer.from('0600', 'hex'), Buffer.from('0680', 'hex')];
    bufs.push(Buffer.from('06028181', 'hex'), Buffer.from('0605', 'hex'), Buffer.from('040100', 'hex'));
    bufs.push(Buffer.from('0681032b0601', 'hex'), Buffer.from('06820003', 'hex'));
    for (let i = 0; i < 3000; i++) {
      const parts: number[] = [];
      for (let k = 0, tlvs = 1 + Math.floor(next() * 3); k < tlvs; k++) {
        const len = Math.floor(next() * 24);
        // mostly well-formed sub-identifiers; some with a dangling continuation octet or a stray tag
        const body = Array.from({ length: len }, (_, j) =>
          next() < 0.6 && j < len - 1 ? 0x80 | byte() : byte() & (next() < 0.9 ? 0x7f : 0xff),
        );
        parts.push(
          next() < 0.05 ? byte() : 0x06,
          ...(len > 127 || next() < 0.1 ? [0x81, len] : [len]),
          ...body,
        );
      }
      const cut = next() < 0.1 ? Math.floor(next() * parts.length) : parts.length;
      bufs.push(Buffer.from(parts.slice(0, cut)));
    }
    for (const buf of bufs) {
      for (const tag of [undefined, 0x06]) {
        expect(readAll(fastRead, buf, tag), buf.toString('hex')).toEqual(readAll(fastRead.theirs!, buf, tag));
      }
    }
  });
});

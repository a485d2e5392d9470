/**
 * OBJECT IDENTIFIER encoding and decoding (X.690 §8.19) for the `asn1-ber` package net-snmp encodes
 * and decodes with: the same bytes and strings as its own Reader.readOID / Writer.writeOID, without
 * their garbage. Theirs cost a Buffer view, an array and a join per OID read, and a regular
 * expression, a split, an array and a closure per OID written; a poll sweep reads one OID per ONT
 * and column (issue 16: 131 072 for state + RX of 65 536 ONTs), and a simulated OLT writes as many.
 * An OID read is spelt in a scratch buffer and made one flat string (no concatenations to flatten).
 * Anything out of the ordinary (an empty OID, fewer than two sub-identifiers, one of 2³² or more,
 * text that is no OID) goes to the package's own code, so errors and odd results stay theirs.
 */

/** What of asn1-ber's Reader these use (lib/ber/reader.js). */
export interface BerReader {
  _buf: Buffer;
  _size: number;
  _offset: number;
  readonly length: number;
  peek(): number | null;
  readLength(offset?: number): number | null;
}

/** What of asn1-ber's Writer these use (lib/ber/writer.js). */
export interface BerWriter {
  _buf: Buffer;
  _offset: number;
  _ensure(len: number): void;
  writeByte(b: number): void;
  writeLength(len: number): void;
}

export type ReadOid = (this: BerReader, tag?: number) => string | null;
export type WriteOid = (this: BerWriter, s: string, tag?: number) => void;

const OID_TAG = 0x06; // ASN1.OID
const DOT = 46;

/** Where an OID read is spelt before it becomes one flat string (grown for a longer OID). */
let text = Buffer.allocUnsafe(512);

/** Writes `v` in decimal digits at `at` of `text`; returns the offset after it. */
function putDecimal(at: number, v: number): number {
  let digits = 1;
  for (let x = v; x >= 10; x = Math.floor(x / 10)) digits++;
  for (let k = at + digits - 1; k >= at; k--) {
    text[k] = 48 + (v % 10);
    v = Math.floor(v / 10);
  }
  return at + digits;
}

/** Reader.readOID: the next OID as dotted text, null when the buffer ends first (theirs for the rest). */
export function fastReadOid(theirs: ReadOid): ReadOid {
  return function readOid(this: BerReader, tag?: number): string | null {
    const t = tag || OID_TAG;
    const start = this._offset;
    if (this.peek() !== t) return theirs.call(this, tag); // null at the end, or their error
    const o = this.readLength(start + 1);
    if (o === null) return null;
    const len = this.length;
    if (len > this._size - o) return null;
    if (len === 0) return theirs.call(this, tag);
    // at most len + 1 sub-identifiers (the first octet holds two) of ≤ 10 digits and a dot each
    if (text.length < 11 * (len + 1)) text = Buffer.allocUnsafe(11 * (len + 1));
    const buf = this._buf;
    let at = 0;
    let n = 0;
    let value = 0;
    for (let i = o; i < o + len; i++) {
      const byte = buf[i];
      // as theirs: 32-bit shifts, a sub-identifier ends at a byte without bit 8
      value <<= 7;
      value += byte & 0x7f;
      if ((byte & 0x80) === 0) {
        const v = value >>> 0;
        if (n === 0) {
          at = putDecimal(at, (v / 40) >> 0);
          text[at++] = DOT;
          at = putDecimal(at, v % 40);
        } else {
          text[at++] = DOT;
          at = putDecimal(at, v);
        }
        n++;
        value = 0;
      }
    }
    if (n === 0) return theirs.call(this, tag);
    this._offset = o + len;
    return text.toString('latin1', 0, at);
  };
}

const subIds: number[] = [];

/** The sub-identifiers of `s` into `subIds`, or -1 when it is no plain dotted OID below 2³² each. */
function parseSubIds(s: string): number {
  let n = 0;
  let v = 0;
  let digits = 0;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : DOT;
    if (c === DOT) {
      if (digits === 0 || v > 0xffffffff) return -1;
      subIds[n++] = v;
      v = 0;
      digits = 0;
    } else if (c >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      digits++;
    } else return -1;
  }
  return n;
}

/** Octets of one sub-identifier in base 128 (X.690 §8.19.2). */
const octetsOf = (v: number): number =>
  v < 128 ? 1 : v < 16384 ? 2 : v < 2097152 ? 3 : v < 268435456 ? 4 : 5;

/** Writer.writeOID: `s` as tag, length and base-128 sub-identifiers, the first two as 40 × X + Y. */
export function fastWriteOid(theirs: WriteOid): WriteOid {
  return function writeOid(this: BerWriter, s: string, tag?: number): void {
    const n = typeof s === 'string' ? parseSubIds(s) : -1;
    if (n < 2) return theirs.call(this, s, tag);
    let len = 1;
    for (let i = 2; i < n; i++) len += octetsOf(subIds[i]);
    this._ensure(2 + len);
    this.writeByte(typeof tag === 'number' ? tag : OID_TAG);
    this.writeLength(len);
    this._ensure(len);
    const b = this._buf;
    let at = this._offset;
    b[at++] = subIds[0] * 40 + subIds[1]; // one byte, as theirs writes it, whatever its value
    for (let i = 2; i < n; i++) {
      const v = subIds[i];
      if (v >= 268435456) b[at++] = (v >>> 28) | 0x80;
      if (v >= 2097152) b[at++] = (v >>> 21) | 0x80;
      if (v >= 16384) b[at++] = (v >>> 14) | 0x80;
      if (v >= 128) b[at++] = (v >>> 7) | 0x80;
      b[at++] = v & 0x7f;
    }
    this._offset = at;
  };
}

/** asn1-ber's exports these replace methods of. */
export interface BerModule {
  Reader: new (data: Buffer) => BerReader & { readOID: ReadOid };
  Writer: new () => BerWriter & { writeOID: WriteOid; readonly buffer: Buffer };
}

/**
 * Puts these in place of asn1-ber's own OID reader and writer (the module net-snmp loads); each
 * keeps the one it replaced as `theirs` (tests compare the two).
 */
export function installFastOidCodec(ber: BerModule): void {
  const r = ber.Reader.prototype as { readOID: ReadOid & { theirs?: ReadOid } };
  const w = ber.Writer.prototype as { writeOID: WriteOid & { theirs?: WriteOid } };
  if (r.readOID.theirs) return;
  r.readOID = Object.assign(fastReadOid(r.readOID), { theirs: r.readOID });
  w.writeOID = Object.assign(fastWriteOid(w.writeOID), { theirs: w.writeOID });
}

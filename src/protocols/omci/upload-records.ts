/**
 * The records of MIB upload next responses (G.988 §I.1.2 MIB upload; A.3 baseline, A.2 extended) and
 * of Get all alarms next responses.
 *
 * Baseline: G.988 puts exactly one ME per response — class · instance · mask · values (≤ 26 bytes),
 * zero-padded. The Broadband Forum's ONU simulator packs several records into one body and splits
 * one ME's attributes over consecutive bodies (docs/omci-notes.md §2.2), so the decoder reads records
 * until the body is exhausted or a class 0 starts the padding. BBF's priority-queue records carry two
 * bytes more than G.988's attribute sizes (its attribute 13 is defined twice); after such a record
 * the decoder skips at most 4 zero bytes to the next record that parses (`resync`).
 *
 * Extended: several records, each `attribute-values length (2) · class · instance · mask · values`.
 * BBF prefixes the body with its total length and counts the 8-byte record header in each record's
 * length; the decoder recognises that form (first 2 bytes = body length − 2) and reads it too.
 */
import { decodeAttributes, encodeAttributes } from './attributes.ts';
import { OmciCodecError } from './errors.ts';
import { attrsInMask, definedMask, meDef } from './me-defs.ts';
import { attrWireSize } from './attributes.ts';
import type { AlarmRecord, UploadRecord } from './message-types.ts';

/** Value bytes room of a baseline MIB upload next response (32 − class − instance − mask). */
export const BASELINE_UPLOAD_ROOM = 26;
const ALARM_BITMAP_BYTES = 28;
const RESYNC_LIMIT = 4;

/** The number of value bytes `mask` selects in class `meClass`, or undefined when unknown bits are set. */
function valuesLength(meClass: number, mask: number): number | undefined {
  const def = meDef(meClass);
  if (!def || mask & ~definedMask(def) & 0xffff) return undefined;
  return attrsInMask(def, mask).reduce((n, a) => n + attrWireSize(a, 'row'), 0);
}

function recordValues(meClass: number, mask: number, values: Buffer): UploadRecord['attributes'] {
  const def = meDef(meClass);
  return def && mask ? decodeAttributes(def, mask, values, 'row') : {};
}

/** The attributes that fit a record shorter than G.988's sizes say (BBF's 1-byte ONU-G attribute 13). */
function valuesThatFit(meClass: number, mask: number, values: Buffer): UploadRecord['attributes'] {
  const def = meDef(meClass);
  let fit = 0;
  let n = 0;
  for (const a of def ? attrsInMask(def, mask) : []) {
    if (n + attrWireSize(a, 'row') > values.length) break;
    n += attrWireSize(a, 'row');
    fit |= 0x8000 >>> (a.index - 1);
  }
  return recordValues(meClass, fit, values);
}

/** One baseline record at `off`, or undefined when none parses there. */
function baselineRecordAt(c: Buffer, off: number): { record: UploadRecord; next: number } | undefined {
  if (off + 6 > c.length) return undefined;
  const meClass = c.readUInt16BE(off);
  const mask = c.readUInt16BE(off + 4);
  if (meClass === 0) return undefined;
  const n = valuesLength(meClass, mask);
  if (n === undefined || off + 6 + n > c.length) return undefined;
  const values = c.subarray(off + 6, off + 6 + n);
  return {
    record: {
      meClass,
      meInstance: c.readUInt16BE(off + 2),
      mask,
      attributes: recordValues(meClass, mask, values),
    },
    next: off + 6 + n,
  };
}

/** Decode a baseline MIB upload next body: one record (G.988), or several (BBF's packing). */
export function decodeBaselineUpload(c: Buffer): UploadRecord[] {
  const out: UploadRecord[] = [];
  const first = c.readUInt16BE(0);
  if (first === 0) return out; // an empty body: sequence number beyond the snapshot
  if (!meDef(first) || valuesLength(first, c.readUInt16BE(4)) === undefined) {
    // a class (or attribute) this codec does not know: the ME exists, its values stay undecoded
    return [{ meClass: first, meInstance: c.readUInt16BE(2), mask: c.readUInt16BE(4), attributes: {} }];
  }
  let off = 0;
  while (off < c.length) {
    let r = baselineRecordAt(c, off);
    // only zero padding may be skipped, and only when something parses after it
    for (let skip = 1; !r && skip <= RESYNC_LIMIT && c[off + skip - 1] === 0; skip++)
      if (c.subarray(off + skip).some((b) => b !== 0)) r = baselineRecordAt(c, off + skip);
    if (!r) break;
    out.push(r.record);
    off = r.next;
  }
  return out;
}

/** Decode an extended MIB upload next body (G.988 A.2 records, or BBF's variant). */
export function decodeExtendedUpload(c: Buffer): UploadRecord[] {
  const bbf = c.length >= 2 && c.readUInt16BE(0) === c.length - 2;
  let off = bbf ? 2 : 0;
  const out: UploadRecord[] = [];
  while (off + 8 <= c.length) {
    const size = c.readUInt16BE(off);
    const n = bbf ? size - 8 : size;
    const meClass = c.readUInt16BE(off + 2);
    const meInstance = c.readUInt16BE(off + 4);
    const mask = c.readUInt16BE(off + 6);
    if (n < 0 || off + 8 + n > c.length)
      throw new OmciCodecError('bad-attributes', `upload record of ${size} bytes overruns the body`);
    const values = c.subarray(off + 8, off + 8 + n);
    // a record longer than G.988's sizes (BBF's priority queue) still holds them first; of a shorter
    // one (BBF's ONU-G) the attributes that fit are read
    const known = valuesLength(meClass, mask);
    const attributes =
      known === undefined
        ? {}
        : known <= n
          ? recordValues(meClass, mask, values)
          : valuesThatFit(meClass, mask, values);
    out.push({ meClass, meInstance, mask, attributes });
    off += 8 + n;
  }
  return out;
}

/** Encode MIB upload next records: exactly one baseline, any number extended (G.988 A.2 form). */
export function encodeUpload(records: readonly UploadRecord[], extended: boolean): Buffer {
  if (!extended && records.length > 1)
    throw new OmciCodecError('contents-too-long', 'a baseline MIB upload next response carries one ME');
  const parts: Buffer[] = [];
  for (const r of records) {
    const def = meDef(r.meClass);
    if (!def) throw new OmciCodecError('bad-attributes', `upload of unknown class ${r.meClass}`);
    const room = extended ? 0xffff : BASELINE_UPLOAD_ROOM;
    const enc = encodeAttributes(def, r.mask, r.attributes, 'row', room);
    if (enc.overflow)
      throw new OmciCodecError(
        'contents-too-long',
        `upload mask 0x${r.mask.toString(16)} exceeds ${room} bytes`,
      );
    const head = Buffer.alloc(extended ? 8 : 6);
    let o = 0;
    if (extended) o = head.writeUInt16BE(enc.bytes.length, 0);
    o = head.writeUInt16BE(r.meClass, o);
    o = head.writeUInt16BE(r.meInstance, o);
    head.writeUInt16BE(r.mask, o);
    parts.push(head, enc.bytes);
  }
  return Buffer.concat(parts);
}

/** Alarm numbers → 28-byte bit map (alarm 0 = MSB of byte 0, G.988 §A.1.4). */
export function alarmBitmap(alarms: readonly number[]): Buffer {
  const b = Buffer.alloc(ALARM_BITMAP_BYTES);
  for (const n of alarms) {
    if (!Number.isInteger(n) || n < 0 || n >= ALARM_BITMAP_BYTES * 8)
      throw new OmciCodecError('bad-attributes', `alarm number ${n}`);
    b[n >> 3] |= 0x80 >> (n & 7);
  }
  return b;
}

export function alarmsOf(bitmap: Buffer): number[] {
  const out: number[] = [];
  for (let n = 0; n < ALARM_BITMAP_BYTES * 8; n++) if (bitmap[n >> 3] & (0x80 >> (n & 7))) out.push(n);
  return out;
}

/** Get all alarms next records: one (baseline) or several (extended) class · instance · bit map. */
export function encodeAlarmRecords(records: readonly AlarmRecord[], extended: boolean): Buffer {
  if (!extended && records.length > 1)
    throw new OmciCodecError('contents-too-long', 'a baseline Get all alarms next response carries one ME');
  return Buffer.concat(
    records.map((r) => {
      const head = Buffer.alloc(4);
      head.writeUInt16BE(r.meClass, 0);
      head.writeUInt16BE(r.meInstance, 2);
      return Buffer.concat([head, alarmBitmap(r.alarms)]);
    }),
  );
}

export function decodeAlarmRecords(c: Buffer, extended: boolean): AlarmRecord[] {
  const out: AlarmRecord[] = [];
  for (let off = 0; off + 4 + ALARM_BITMAP_BYTES <= c.length; off += 4 + ALARM_BITMAP_BYTES) {
    const meClass = c.readUInt16BE(off);
    if (meClass === 0) break; // baseline: beyond the snapshot
    out.push({
      meClass,
      meInstance: c.readUInt16BE(off + 2),
      alarms: alarmsOf(c.subarray(off + 4, off + 4 + ALARM_BITMAP_BYTES)),
    });
    if (!extended) break;
  }
  return out;
}

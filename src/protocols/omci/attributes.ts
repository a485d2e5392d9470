/**
 * Attribute values on the wire (G.988 §11.2.4/§11.2.5): the attributes an attribute mask selects are
 * packed back to back in attribute order, each in its fixed size, big-endian, with no padding between.
 * A table attribute travels as one row (Set, MIB upload next, AVC), except in a Get response, where
 * its value is the table's size in bytes (4-byte unsigned) and the rows follow with Get next.
 */
import { OmciCodecError } from './errors.ts';
import { attrsInMask, attrBit, type AttributeDef, type MeDef } from './me-defs.ts';

/** number for integers, string for ASCII strings, Buffer for octets and table rows. */
export type AttrValue = number | string | Buffer;
export type AttrValues = Record<string, AttrValue>;
/** `get`: a table attribute is its size (Get response); `row`: it is one row (everything else). */
export type AttrContext = 'get' | 'row';

export function attrWireSize(a: AttributeDef, ctx: AttrContext): number {
  return a.type === 'table' && ctx === 'get' ? 4 : a.size;
}

function badValue(a: AttributeDef, v: unknown): never {
  throw new OmciCodecError(
    'bad-attributes',
    `attribute ${a.name} (${a.type}, ${a.size} bytes) cannot hold ${typeof v} ${String(v)}`,
  );
}

/** Write one attribute's value at `off`; returns the bytes written. */
export function writeAttr(a: AttributeDef, v: AttrValue, ctx: AttrContext, out: Buffer, off: number): number {
  const size = attrWireSize(a, ctx);
  const isInt = a.type === 'uint' || a.type === 'int' || (a.type === 'table' && ctx === 'get');
  if (isInt) {
    if (typeof v !== 'number' || !Number.isInteger(v)) badValue(a, v);
    if (a.type === 'int') {
      const lim = 2 ** (8 * size - 1);
      if (v < -lim || v >= lim) badValue(a, v);
      out.writeIntBE(v, off, size);
    } else {
      if (v < 0 || v >= 2 ** (8 * size)) badValue(a, v);
      out.writeUIntBE(v, off, size);
    }
  } else if (a.type === 'string') {
    if (typeof v !== 'string') badValue(a, v);
    // NUL-padded ASCII; a longer string is cut at the attribute size
    out.fill(0, off, off + size);
    out.write(v, off, size, 'latin1');
  } else {
    if (!Buffer.isBuffer(v)) badValue(a, v);
    out.fill(0, off, off + size);
    v.copy(out, off, 0, Math.min(size, v.length));
  }
  return size;
}

export function readAttr(a: AttributeDef, buf: Buffer, off: number, ctx: AttrContext): AttrValue {
  const size = attrWireSize(a, ctx);
  if (a.type === 'int') return buf.readIntBE(off, size);
  if (a.type === 'uint' || (a.type === 'table' && ctx === 'get')) return buf.readUIntBE(off, size);
  if (a.type === 'string') {
    const s = buf.toString('latin1', off, off + size);
    const nul = s.indexOf('\0');
    return nul < 0 ? s : s.slice(0, nul);
  }
  return Buffer.from(buf.subarray(off, off + size));
}

export interface EncodedAttributes {
  bytes: Buffer;
  /** Attributes actually encoded. */
  mask: number;
  /** Attributes of the requested mask that did not fit in `room` bytes. */
  overflow: number;
}

/**
 * Pack the values of the attributes selected by `mask`, in attribute order, into at most `room`
 * bytes. An attribute that does not fit is left out and reported in `overflow` (the responder turns
 * that into result 9 with the failed-attribute mask, G.988 §11.2.4 Get response). Bits of `mask` that
 * name no attribute of `def` are ignored here; callers report them as unsupported.
 */
export function encodeAttributes(
  def: MeDef,
  mask: number,
  values: AttrValues,
  ctx: AttrContext,
  room: number,
): EncodedAttributes {
  const out = Buffer.alloc(room);
  let off = 0;
  let done = 0;
  let overflow = 0;
  for (const a of attrsInMask(def, mask)) {
    const v = values[a.name];
    if (v === undefined) throw new OmciCodecError('bad-attributes', `no value for ${def.name}.${a.name}`);
    const size = attrWireSize(a, ctx);
    if (off + size > room) {
      overflow |= attrBit(a.index);
      continue;
    }
    off += writeAttr(a, v, ctx, out, off);
    done |= attrBit(a.index);
  }
  return { bytes: out.subarray(0, off), mask: done, overflow };
}

/** Read the attributes selected by `mask` from `bytes` (attribute order). Unknown bits are skipped. */
export function decodeAttributes(def: MeDef, mask: number, bytes: Buffer, ctx: AttrContext): AttrValues {
  const values: AttrValues = {};
  let off = 0;
  for (const a of attrsInMask(def, mask)) {
    const size = attrWireSize(a, ctx);
    if (off + size > bytes.length) {
      throw new OmciCodecError(
        'bad-attributes',
        `${def.name}: mask 0x${mask.toString(16)} needs more than ${bytes.length} bytes`,
      );
    }
    values[a.name] = readAttr(a, bytes, off, ctx);
    off += size;
  }
  return values;
}

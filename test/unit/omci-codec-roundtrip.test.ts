/**
 * Round-trip properties of the OMCI codec (both message sets): decode(encode(m)) = m for random
 * messages of every type, with random attribute masks and values of every ME class; the G-PON CRC of
 * every baseline message verified by an independent long-division CRC.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { withCrc, withoutCrc } from '../../src/protocols/omci/frame.ts';
import {
  decodeMessage,
  encodeMessage,
  setByCreateMask,
  type OmciMessage,
} from '../../src/protocols/omci/messages.ts';
import { ME_DEFS, ANI_G, attrsInMask, type MeDef } from '../../src/protocols/omci/me-defs.ts';
import { attrWireSize, type AttrContext, type AttrValues } from '../../src/protocols/omci/attributes.ts';
import { dbmToOpticalLevel, opticalLevelToDbm } from '../../src/protocols/omci/optics.ts';
import { crc32Aal5 } from '../../src/protocols/omci/crc.ts';

function valueArb(def: MeDef, mask: number, ctx: AttrContext): fc.Arbitrary<AttrValues> {
  const rec: Record<string, fc.Arbitrary<unknown>> = {};
  for (const a of attrsInMask(def, mask)) {
    const size = attrWireSize(a, ctx);
    if (a.type === 'int')
      rec[a.name] = fc.integer({ min: -(2 ** (8 * size - 1)), max: 2 ** (8 * size - 1) - 1 });
    else if (a.type === 'uint' || (a.type === 'table' && ctx === 'get'))
      rec[a.name] = fc.integer({ min: 0, max: 2 ** (8 * size) - 1 });
    else if (a.type === 'string') rec[a.name] = fc.stringMatching(new RegExp(`^[A-Za-z0-9 .-]{0,${size}}$`));
    else rec[a.name] = fc.uint8Array({ minLength: size, maxLength: size }).map((u) => Buffer.from(u));
  }
  return fc.record(rec) as fc.Arbitrary<AttrValues>;
}

/** A mask of `def` whose values fit in `room` bytes. */
function maskArb(def: MeDef, room: number, ctx: AttrContext): fc.Arbitrary<number> {
  return fc.integer({ min: 0, max: 0xffff }).map((m) => {
    let used = 0;
    let out = 0;
    for (const a of attrsInMask(def, m)) {
      const s = attrWireSize(a, ctx);
      if (used + s <= room) {
        used += s;
        out |= 0x8000 >>> (a.index - 1);
      }
    }
    return out;
  });
}

const defArb = fc.constantFrom(...ME_DEFS);
const header = fc.record({
  tci: fc.integer({ min: 0, max: 0x7fff }),
  priority: fc.boolean(),
  meInstance: fc.integer({ min: 0, max: 0xffff }),
});
/** Results that need no extra masks in an extended response (those are tested by example). */
const plainResult = fc.constantFrom(0, 1, 2, 4, 5, 6, 7) as fc.Arbitrary<0>;
const u16 = fc.integer({ min: 0, max: 0xffff });
const result = fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7, 9) as fc.Arbitrary<0>;
const alarms = fc
  .uniqueArray(fc.integer({ min: 0, max: 223 }), { maxLength: 10 })
  .map((a) => a.sort((x, y) => x - y));

const messageArb: fc.Arbitrary<OmciMessage> = fc.oneof(
  fc.tuple(header, defArb).chain(([h, d]) =>
    fc
      .tuple(
        maskArb(d, 30, 'row'),
        fc.constantFrom('set-request', 'avc-notification') as fc.Arbitrary<'set-request'>,
      )
      .chain(([mask, type]) =>
        valueArb(d, mask, 'row').map((attributes) => ({
          ...h,
          meClass: d.classId,
          type,
          mask,
          attributes,
        })),
      ),
  ),
  fc.tuple(header, defArb).chain(([h, d]) =>
    maskArb(d, 25, 'get').chain((mask) =>
      fc.tuple(valueArb(d, mask, 'get'), result, u16, u16).map(([attributes, r, um, fm]) => ({
        ...h,
        meClass: d.classId,
        type: 'get-response' as const,
        result: r,
        mask,
        attributes,
        unsupportedMask: um,
        failedMask: fm,
      })),
    ),
  ),
  fc.tuple(header, defArb).chain(([h, d]) =>
    maskArb(d, 26, 'row').chain((mask) =>
      valueArb(d, mask, 'row').map((attributes) => ({
        ...h,
        meClass: 2,
        type: 'mib-upload-next-response' as const,
        records: mask ? [{ meClass: d.classId, meInstance: h.meInstance, mask, attributes }] : [],
      })),
    ),
  ),
  fc
    .tuple(
      header,
      defArb.filter((d) => setByCreateMask(d) !== 0),
    )
    .chain(([h, d]) =>
      valueArb(d, setByCreateMask(d), 'row').map((attributes) => ({
        ...h,
        meClass: d.classId,
        type: 'create-request' as const,
        attributes,
      })),
    ),
  fc.tuple(header, u16).map(([h, c]) => ({ ...h, meClass: c, type: 'get-request' as const, mask: c })),
  fc.tuple(header, u16, plainResult).map(([h, c, r]) => ({
    ...h,
    meClass: c,
    type: 'create-response' as const,
    result: r,
    executionMask: 0,
  })),
  fc.tuple(header, plainResult).map(([h, r]) => ({
    ...h,
    meClass: 262,
    type: 'set-response' as const,
    result: r,
    unsupportedMask: 0,
    failedMask: 0,
  })),
  fc.tuple(header, result, u16, u16).map(([h, r, a, b]) => ({
    ...h,
    meClass: 262,
    type: 'set-response' as const,
    result: r,
    unsupportedMask: a,
    failedMask: b,
  })),
  fc.tuple(header, u16).map(([h, c]) => ({ ...h, meClass: c, type: 'delete-request' as const })),
  fc
    .tuple(header, result)
    .map(([h, r]) => ({ ...h, meClass: 268, type: 'delete-response' as const, result: r })),
  fc
    .tuple(header, result)
    .map(([h, r]) => ({ ...h, meClass: 2, type: 'mib-reset-response' as const, result: r })),
  header.map((h) => ({ ...h, meClass: 2, type: 'mib-upload-request' as const })),
  fc
    .tuple(header, u16)
    .map(([h, n]) => ({ ...h, meClass: 2, type: 'mib-upload-response' as const, commands: n })),
  fc
    .tuple(header, u16)
    .map(([h, n]) => ({ ...h, meClass: 2, type: 'mib-upload-next-request' as const, sequence: n })),
  fc
    .tuple(header, fc.integer({ min: 0, max: 1 }))
    .map(([h, n]) => ({ ...h, meClass: 2, type: 'get-all-alarms-request' as const, mode: n })),
  fc
    .tuple(header, u16)
    .map(([h, n]) => ({ ...h, meClass: 2, type: 'get-all-alarms-response' as const, commands: n })),
  fc
    .tuple(header, u16)
    .map(([h, n]) => ({ ...h, meClass: 2, type: 'get-all-alarms-next-request' as const, sequence: n })),
  fc.tuple(header, fc.integer({ min: 1, max: 0xffff }), u16, alarms).map(([h, c, i, a]) => ({
    ...h,
    meClass: 2,
    type: 'get-all-alarms-next-response' as const,
    records: [{ meClass: c, meInstance: i, alarms: a }],
  })),
  fc
    .tuple(header, fc.integer({ min: 0, max: 3 }))
    .map(([h, c]) => ({ ...h, meClass: 256, type: 'reboot-request' as const, condition: c })),
  fc
    .tuple(header, u16, u16)
    .map(([h, m, q]) => ({ ...h, meClass: 171, type: 'get-next-request' as const, mask: m, sequence: q })),
  fc
    .tuple(header, result)
    .map(([h, r]) => ({ ...h, meClass: 256, type: 'reboot-response' as const, result: r })),
  fc.tuple(header, alarms, fc.integer({ min: 0, max: 255 })).map(([h, a, s]) => ({
    ...h,
    meClass: 263,
    type: 'alarm-notification' as const,
    alarms: a,
    sequence: s,
  })),
);

/** Reference CRC: I.363.5 §10.1.3 as long division over one big integer. */
function referenceCrc(bytes: Uint8Array): number {
  const bits = BigInt(bytes.length * 8);
  let m = BigInt('0x' + Buffer.from(bytes).toString('hex'));
  m ^= 0xffffffffn << (bits - 32n);
  let r = m << 32n;
  const g = 0x104c11db7n;
  for (let i = bits + 31n; i >= 32n; i--) if ((r >> i) & 1n) r ^= g << (i - 32n);
  return Number(~r & 0xffffffffn);
}

describe('round trip', () => {
  it('baseline: decode(encode(m)) = m for every message type; the CRC of every frame verifies independently', () => {
    fc.assert(
      fc.property(messageArb, (m) => {
        const bytes = encodeMessage(m);
        expect(bytes.length).toBe(44);
        const frame = withCrc(bytes);
        expect(frame.readUInt32BE(44)).toBe(referenceCrc(bytes));
        expect(crc32Aal5(bytes)).toBe(frame.readUInt32BE(44));
        expect(decodeMessage(withoutCrc(frame))).toEqual(m);
      }),
      { numRuns: 1500 },
    );
  });

  it('extended: decode(encode(m)) = m for every message type, length field = contents', () => {
    fc.assert(
      fc.property(messageArb, (b) => {
        // extended responses carry the masks only with the results that need them (G.988 A.2)
        const m = { ...b, extended: true } as OmciMessage;
        if (m.type === 'set-response' && m.result !== 9)
          Object.assign(m, { unsupportedMask: 0, failedMask: 0 });
        const bytes = encodeMessage(m);
        expect(bytes[3]).toBe(0x0b);
        expect(bytes.readUInt16BE(8)).toBe(bytes.length - 10);
        expect(decodeMessage(bytes)).toEqual(m);
      }),
      { numRuns: 1500 },
    );
  });

  it('optical levels survive dBm → units → dBm within 0.001 dB', () => {
    fc.assert(
      fc.property(fc.double({ min: -60, max: 10, noNaN: true }), (dbm) => {
        expect(Math.abs(opticalLevelToDbm(dbmToOpticalLevel(dbm)) - dbm)).toBeLessThanOrEqual(0.0011);
      }),
    );
    expect(ANI_G.attributes[9]).toMatchObject({
      index: 10,
      name: 'opticalSignalLevel',
      size: 2,
      type: 'int',
    });
  });
});

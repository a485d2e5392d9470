/**
 * OMCI baseline codec against frames laid out byte by byte from G.988 §11.2 / Appendix II, with the
 * CRC-32 checked by an independent implementation (polynomial long division over BigInt, written
 * unlike the table-driven one in crc.ts) and by a frame published with its AAL5 CRC.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crc32Aal5 } from '../../src/protocols/omci/crc.ts';
import { decodeFrame, encodeFrame } from '../../src/protocols/omci/frame.ts';
import {
  decodeMessage,
  encodeMessage,
  setByCreateMask,
  type OmciMessage,
} from '../../src/protocols/omci/messages.ts';
import { ME_DEFS, ANI_G, attrsInMask, type MeDef } from '../../src/protocols/omci/me-defs.ts';
import { attrWireSize, type AttrContext, type AttrValues } from '../../src/protocols/omci/attributes.ts';
import { dbmToOpticalLevel, opticalLevelToDbm } from '../../src/protocols/omci/optics.ts';
import { OmciCodecError } from '../../src/protocols/omci/errors.ts';

/**
 * Reference CRC: the AAL5 CRC as its definition reads (I.363.5 §10.1.3): complement the first 32
 * bits of the message, multiply by x^32, divide by G(x) = 0x1_04C1_1DB7 over GF(2), complement the
 * remainder. Long division on one big integer, no table, no byte loop.
 */
function referenceCrc(bytes: Uint8Array): number {
  const bits = BigInt(bytes.length * 8);
  let m = BigInt('0x' + Buffer.from(bytes).toString('hex'));
  m ^= 0xffffffffn << (bits - 32n);
  let r = m << 32n;
  const g = 0x104c11db7n;
  for (let i = bits + 31n; i >= 32n; i--) if ((r >> i) & 1n) r ^= g << (i - 32n);
  return Number(~r & 0xffffffffn);
}

/** Hex with spaces and comments allowed: `hex('00 0a // x')`. */
function hex(s: string): Buffer {
  return Buffer.from(s.replace(/\/\/[^\n]*/g, '').replace(/\s+/g, ''), 'hex');
}

/** Append the CRC computed by the reference implementation. */
function withReferenceCrc(first44: Buffer): Buffer {
  expect(first44.length).toBe(44);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(referenceCrc(first44));
  return Buffer.concat([first44, crc]);
}

const ZERO = (n: number) => '00 '.repeat(n);

describe('AAL5 CRC-32', () => {
  it('gives the catalogue check value of CRC-32/BZIP2 (= AAL5) and differs from zlib CRC-32', () => {
    expect(crc32Aal5(Buffer.from('123456789'))).toBe(0xfc891918);
    expect(referenceCrc(Buffer.from('123456789'))).toBe(0xfc891918);
    expect(crc32Aal5(Buffer.from('123456789'))).not.toBe(0xcbf43926); // zlib's (reflected) CRC-32
  });

  it('agrees with the long-division reference on random data', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 4, maxLength: 64 }), (b) => crc32Aal5(b) === referenceCrc(b)),
      { numRuns: 300 },
    );
  });
});

describe('baseline frames laid out byte by byte', () => {
  it('decodes and re-encodes a published ONU alarm frame with its CRC 0x651AD04F', () => {
    // Frame published with its AAL5 CRC (tdmadam/OMCI-for-SFP-Stick files/crc32_aal5.md, computed there
    // with libscrc.aal5): an RTL9601 ONU's LAN-LOS alarm on PPTP Ethernet UNI 0x0401.
    const frame = hex(`
      00 00        // TCI 0: autonomous notification
      10           // message type: DB=0 AR=0 AK=0, action 16 = alarm
      0A           // device identifier: baseline
      00 0B        // ME class 11: PPTP Ethernet UNI
      04 01        // ME instance 0x0401 (slot 4, port 1)
      80 ${ZERO(27)} // alarm bit map: alarm 0 (LAN-LOS) set, 28 bytes
      00 00 00     // zero
      01           // alarm sequence number 1
      00 00        // CPCS-UU, CPI
      00 28        // CPCS-SDU length 40
      65 1A D0 4F  // CRC-32 as published`);
    expect(frame.length).toBe(48);
    expect(referenceCrc(frame.subarray(0, 44))).toBe(0x651ad04f);
    const m = decodeMessage(frame);
    expect(m).toEqual({
      type: 'alarm-notification',
      tci: 0,
      priority: false,
      meClass: 11,
      meInstance: 0x0401,
      alarms: [0],
      sequence: 1,
    });
    expect(encodeMessage(m).equals(frame)).toBe(true);
  });

  it('Get request for ANI-G optical levels', () => {
    const expected = withReferenceCrc(
      hex(`
      00 01        // TCI 1, low priority
      49           // message type: AR=1, action 9 = get
      0A           // baseline
      01 07        // ME class 263: ANI-G
      80 01        // instance 0x8001: slot 0x80, port 1
      00 44        // attribute mask: attr 10 optical signal level (0x0040) | attr 14 transmit optical level (0x0004)
      ${ZERO(30)}  // rest of contents
      00 00 00 28  // trailer`),
    );
    const bytes = encodeMessage({
      type: 'get-request',
      tci: 1,
      meClass: 263,
      meInstance: 0x8001,
      mask: 0x0044,
    });
    expect(bytes.toString('hex')).toBe(expected.toString('hex'));
    expect(decodeMessage(expected)).toMatchObject({ type: 'get-request', tci: 1, mask: 0x44 });
  });

  it("Get response with RX −20.37 dBm and TX +2.5 dBm in 0.002 dB two's complement units", () => {
    const expected = withReferenceCrc(
      hex(`
      00 01        // TCI echoed
      29           // message type: AK=1, action 9 = get
      0A 01 07 80 01
      00           // result: success
      00 44        // attribute mask
      D8 37        // optical signal level: -10185 × 0.002 dB = -20.370 dBm
      04 E2        // transmit optical level: 1250 × 0.002 dB = 2.500 dBm
      ${ZERO(21)}  // rest of the 25 value bytes
      00 00        // optional-attribute (unsupported) mask
      00 00        // attribute execution (failed) mask
      00 00 00 28`),
    );
    const m = decodeMessage(expected);
    expect(m).toMatchObject({
      type: 'get-response',
      result: 0,
      mask: 0x44,
      attributes: { opticalSignalLevel: -10185, transmitOpticalLevel: 1250 },
    });
    expect(dbmToOpticalLevel(-20.37)).toBe(-10185);
    expect(opticalLevelToDbm(-10185)).toBe(-20.37);
    expect(encodeMessage(m).equals(expected)).toBe(true);
  });

  it('MIB upload next response carrying a T-CONT', () => {
    const expected = withReferenceCrc(
      hex(`
      00 03 2E 0A  // TCI 3, AK + action 14 (MIB upload next), baseline
      00 02 00 00  // ONU data, instance 0
      01 06        // uploaded ME class 262: T-CONT
      80 00        // instance 0x8000
      E0 00        // mask: attrs 1..3
      00 FF        // alloc-id 0x00FF (GPON unassigned)
      01           // deprecated (mode indicator)
      00           // policy: null
      ${ZERO(22)}
      00 00 00 28`),
    );
    const m = decodeMessage(expected);
    expect(m).toEqual({
      type: 'mib-upload-next-response',
      tci: 3,
      priority: false,
      meClass: 2,
      meInstance: 0,
      uploadClass: 262,
      uploadInstance: 0x8000,
      mask: 0xe000,
      attributes: { allocId: 0xff, deprecated: 1, policy: 0 },
    });
    expect(encodeMessage(m).equals(expected)).toBe(true);
  });

  it('Create request for a GEM port network CTP (set-by-create attributes, no mask)', () => {
    const expected = withReferenceCrc(
      hex(`
      80 20 44 0A  // TCI 0x0020 with the priority bit, AR + action 4 (create)
      01 0C 00 01  // ME class 268 GEM port network CTP, instance 1
      04 01        // port-id 1025
      80 00        // T-CONT pointer 0x8000
      03           // direction: bidirectional
      00 00        // traffic management pointer upstream
      00 00        // traffic descriptor profile pointer upstream
      00 00        // priority queue pointer downstream
      00 00        // traffic descriptor profile pointer downstream
      00           // encryption key ring
      ${ZERO(18)}
      00 00 00 28`),
    );
    const m = decodeMessage(expected);
    expect(m).toMatchObject({
      type: 'create-request',
      tci: 0x20,
      priority: true,
      meClass: 268,
      attributes: { portId: 1025, tcontPointer: 0x8000, direction: 3 },
    });
    expect(encodeMessage(m).equals(expected)).toBe(true);
  });

  it('Set request, MIB reset request and Reboot request', () => {
    const set = withReferenceCrc(hex(`00 10 48 0A 01 06 80 00  80 00  04 01 ${ZERO(28)} 00 00 00 28`)); // alloc-id := 0x0401
    expect(
      encodeMessage({
        type: 'set-request',
        tci: 0x10,
        meClass: 262,
        meInstance: 0x8000,
        mask: 0x8000,
        attributes: { allocId: 0x401 },
      }).equals(set),
    ).toBe(true);
    const reset = withReferenceCrc(hex(`00 02 4F 0A 00 02 00 00 ${ZERO(32)} 00 00 00 28`));
    expect(
      encodeMessage({ type: 'mib-reset-request', tci: 2, meClass: 2, meInstance: 0 }).equals(reset),
    ).toBe(true);
    const reboot = withReferenceCrc(hex(`00 05 59 0A 01 00 00 00 00 ${ZERO(31)} 00 00 00 28`));
    expect(decodeMessage(reboot)).toEqual({
      type: 'reboot-request',
      tci: 5,
      priority: false,
      meClass: 256,
      meInstance: 0,
      flags: 0,
    });
  });

  it('rejects bad CRC, bad trailer, extended device id and wrong length', () => {
    const good = encodeMessage({ type: 'get-request', tci: 9, meClass: 256, meInstance: 0, mask: 0x0100 });
    const flip = Buffer.from(good);
    flip[10] ^= 1;
    const reason = (b: Buffer) => {
      try {
        decodeFrame(b);
        return 'ok';
      } catch (e) {
        return (e as OmciCodecError).reason;
      }
    };
    expect(reason(good)).toBe('ok');
    expect(reason(flip)).toBe('bad-crc');
    const trailer = Buffer.from(good);
    trailer[43] = 0x30;
    expect(reason(trailer)).toBe('bad-trailer');
    const ext = Buffer.from(good);
    ext[3] = 0x0b;
    expect(reason(ext)).toBe('bad-device-id');
    expect(reason(good.subarray(0, 44))).toBe('bad-length');
  });

  it('refuses attributes that do not fit the contents', () => {
    // ONU-G version (14) + logical ONU id (24) exceed the 30 bytes of a Set
    expect(() =>
      encodeMessage({
        type: 'set-request',
        tci: 1,
        meClass: 256,
        meInstance: 0,
        mask: 0x4040,
        attributes: { version: 'x', logicalOnuId: 'y' },
      }),
    ).toThrow(OmciCodecError);
    expect(() =>
      encodeFrame({
        tci: 1,
        priority: false,
        ar: true,
        ak: false,
        action: 9,
        meClass: 1,
        meInstance: 1,
        contents: Buffer.alloc(33),
      }),
    ).toThrow(OmciCodecError);
  });
});

// ── round-trip properties ───────────────────────────────────────────────────────────────────────
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
        uploadClass: d.classId,
        uploadInstance: h.meInstance,
        mask,
        attributes,
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
  fc.tuple(header, u16, result, u16).map(([h, c, r, m]) => ({
    ...h,
    meClass: c,
    type: 'create-response' as const,
    result: r,
    executionMask: m,
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
  fc.tuple(header, u16, u16, alarms).map(([h, c, i, a]) => ({
    ...h,
    meClass: 2,
    type: 'get-all-alarms-next-response' as const,
    alarmedClass: c,
    alarmedInstance: i,
    alarms: a,
  })),
  fc
    .tuple(header, fc.integer({ min: 0, max: 255 }))
    .map(([h, f]) => ({ ...h, meClass: 256, type: 'reboot-request' as const, flags: f })),
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

describe('round trip', () => {
  it('decode(encode(m)) = m for every message type, and the CRC always verifies independently', () => {
    fc.assert(
      fc.property(messageArb, (m) => {
        const bytes = encodeMessage(m);
        expect(bytes.length).toBe(48);
        expect(bytes.readUInt32BE(44)).toBe(referenceCrc(bytes.subarray(0, 44)));
        expect(decodeMessage(bytes)).toEqual(m);
      }),
      { numRuns: 2000 },
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

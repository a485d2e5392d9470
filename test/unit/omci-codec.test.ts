/**
 * OMCI codec against messages laid out byte by byte from G.988 §11.2 / Annex A (baseline A.3 and
 * extended A.2), with the G-PON CRC-32 checked by an independent implementation (polynomial long
 * division over BigInt, written unlike the table-driven one in crc.ts) and by a frame published with
 * its AAL5 CRC. Round-trip properties: omci-codec-roundtrip.test.ts; the MIC: omci-mic.test.ts.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { crc32Aal5 } from '../../src/protocols/omci/crc.ts';
import { decodeFrame, encodeFrame, withCrc, withoutCrc } from '../../src/protocols/omci/frame.ts';
import { decodeMessage, encodeMessage } from '../../src/protocols/omci/messages.ts';
import {
  decodeOpticalTestResult,
  dbmToOpticalLevel,
  encodeOpticalTestResult,
  opticalLevelToDbm,
  opticalTestRequest,
} from '../../src/protocols/omci/optics.ts';
import { OmciCodecError } from '../../src/protocols/omci/errors.ts';
import { supportsExtendedMessages } from '../../src/protocols/omci/omcc-version.ts';

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
    const m = decodeMessage(withoutCrc(frame));
    expect(m).toEqual({
      type: 'alarm-notification',
      tci: 0,
      priority: false,
      meClass: 11,
      meInstance: 0x0401,
      alarms: [0],
      sequence: 1,
    });
    expect(withCrc(encodeMessage(m)).equals(frame)).toBe(true);
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
    expect(withCrc(bytes).toString('hex')).toBe(expected.toString('hex'));
    expect(decodeMessage(withoutCrc(expected))).toMatchObject({ type: 'get-request', tci: 1, mask: 0x44 });
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
    const m = decodeMessage(withoutCrc(expected));
    expect(m).toMatchObject({
      type: 'get-response',
      result: 0,
      mask: 0x44,
      attributes: { opticalSignalLevel: -10185, transmitOpticalLevel: 1250 },
    });
    expect(dbmToOpticalLevel(-20.37)).toBe(-10185);
    expect(opticalLevelToDbm(-10185)).toBe(-20.37);
    expect(withCrc(encodeMessage(m)).equals(expected)).toBe(true);
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
    const m = decodeMessage(withoutCrc(expected));
    expect(m).toEqual({
      type: 'mib-upload-next-response',
      tci: 3,
      priority: false,
      meClass: 2,
      meInstance: 0,
      records: [
        {
          meClass: 262,
          meInstance: 0x8000,
          mask: 0xe000,
          attributes: { allocId: 0xff, deprecated: 1, policy: 0 },
        },
      ],
    });
    expect(withCrc(encodeMessage(m)).equals(expected)).toBe(true);
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
    const m = decodeMessage(withoutCrc(expected));
    expect(m).toMatchObject({
      type: 'create-request',
      tci: 0x20,
      priority: true,
      meClass: 268,
      attributes: { portId: 1025, tcontPointer: 0x8000, direction: 3 },
    });
    expect(withCrc(encodeMessage(m)).equals(expected)).toBe(true);
  });

  it('Set request, MIB reset request and Reboot request', () => {
    const set = withReferenceCrc(hex(`00 10 48 0A 01 06 80 00  80 00  04 01 ${ZERO(28)} 00 00 00 28`)); // alloc-id := 0x0401
    expect(
      withCrc(
        encodeMessage({
          type: 'set-request',
          tci: 0x10,
          meClass: 262,
          meInstance: 0x8000,
          mask: 0x8000,
          attributes: { allocId: 0x401 },
        }),
      ).equals(set),
    ).toBe(true);
    const reset = withReferenceCrc(hex(`00 02 4F 0A 00 02 00 00 ${ZERO(32)} 00 00 00 28`));
    expect(
      withCrc(encodeMessage({ type: 'mib-reset-request', tci: 2, meClass: 2, meInstance: 0 })).equals(reset),
    ).toBe(true);
    const reboot = withReferenceCrc(hex(`00 05 59 0A 01 00 00 00 00 ${ZERO(31)} 00 00 00 28`));
    expect(decodeMessage(withoutCrc(reboot))).toEqual({
      type: 'reboot-request',
      tci: 5,
      priority: false,
      meClass: 256,
      meInstance: 0,
      condition: 0,
    });
  });

  it('rejects bad CRC, bad trailer, unknown device id and wrong lengths', () => {
    const good = encodeMessage({ type: 'get-request', tci: 9, meClass: 256, meInstance: 0, mask: 0x0100 });
    const reason = (f: () => unknown) => {
      try {
        f();
        return 'ok';
      } catch (e) {
        return (e as OmciCodecError).reason;
      }
    };
    expect(reason(() => decodeFrame(good))).toBe('ok');
    const flip = withCrc(good);
    flip[10] ^= 1;
    expect(reason(() => withoutCrc(flip))).toBe('bad-crc');
    const trailer = Buffer.from(good);
    trailer[43] = 0x30;
    expect(reason(() => decodeFrame(trailer))).toBe('bad-trailer');
    const dev = Buffer.from(good);
    dev[3] = 0x0c;
    expect(reason(() => decodeFrame(dev))).toBe('bad-device-id');
    expect(reason(() => decodeFrame(withCrc(good)))).toBe('bad-length'); // a CRC never travels on the transport
    const ext = encodeMessage({
      type: 'get-request',
      tci: 9,
      meClass: 256,
      meInstance: 0,
      mask: 0x0100,
      extended: true,
    });
    expect(reason(() => decodeFrame(ext.subarray(0, ext.length - 1)))).toBe('bad-length');
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
        extended: false,
        meClass: 1,
        meInstance: 1,
        contents: Buffer.alloc(33),
      }),
    ).toThrow(OmciCodecError);
  });
});

describe('extended message set laid out byte by byte (G.988 A.2)', () => {
  it('Get response for ONU2-G: result, mask, both masks first, then values of any length', () => {
    const bytes = hex(`
      00 2a 29 0b  // TCI 42, AK + get, device id 0x0B
      01 01 00 00  // ONU2-G 0
      00 1c        // contents length 28
      00           // result success
      c0 00        // mask: attr 1 equipment id (20) + attr 2 OMCC version (1)
      00 00 00 00  // optional-attribute and execution masks
      5a 58 48 4e 2d 46 36 30 31 ${ZERO(11)}  // "ZXHN-F601" NUL-padded to 20
      b4           // OMCC version 0xB4: G.988 with the extended set`);
    const m = decodeMessage(bytes);
    expect(m).toMatchObject({
      type: 'get-response',
      extended: true,
      result: 0,
      mask: 0xc000,
      attributes: { equipmentId: 'ZXHN-F601', omccVersion: 0xb4 },
    });
    expect(encodeMessage(m).equals(bytes)).toBe(true);
  });

  it('MIB upload next response with two G.988 records (values length first), alarm with its 29 bytes, Test with its result', () => {
    const good = encodeMessage({
      type: 'mib-upload-next-response',
      tci: 7,
      meClass: 2,
      meInstance: 0,
      extended: true,
      records: [
        {
          meClass: 262,
          meInstance: 0x8000,
          mask: 0xe000,
          attributes: { allocId: 0xff, deprecated: 1, policy: 0 },
        },
        { meClass: 2, meInstance: 0, mask: 0x8000, attributes: { mibDataSync: 3 } },
      ],
    });
    expect(good.toString('hex')).toBe(
      '00072e0b000200000015' + '000401068000e00000ff0100' + '000100020000800003',
    );
    const alarm = encodeMessage({
      type: 'alarm-notification',
      tci: 0,
      meClass: 263,
      meInstance: 0x8001,
      extended: true,
      alarms: [0],
      sequence: 9,
    });
    expect(alarm.toString('hex')).toBe('0000100b01078001001d' + '80' + '00'.repeat(27) + '09');
    expect(decodeMessage(alarm)).toMatchObject({ alarms: [0], sequence: 9 });
    const test = encodeMessage({
      type: 'test-request',
      tci: 3,
      meClass: 263,
      meInstance: 0x8001,
      test: opticalTestRequest(),
    });
    expect(test.subarray(0, 13).toString('hex')).toBe('0003520a010780010700000000');
  });

  it('ANI-G optical line supervision test result: type-tagged readings in G.988 units', () => {
    const r = { powerFeedVoltageV: 3.3, rxDbm: -21.306, txDbm: 2.454, laserBiasMa: 12.5, temperatureC: 41.5 };
    const b = encodeOpticalTestResult(r);
    expect(b.toString('hex')).toBe('0100a5' + '03d663' + '0504cb' + '09186a' + '0c2980');
    expect(decodeOpticalTestResult(b)).toEqual(r);
    // omci-lib-go's decode test payload: types 1, 3, 5, 9, 12 in that order
    expect(decodeOpticalTestResult(hex('010034 030067 050091 090034 0c0067'))).toMatchObject({
      powerFeedVoltageV: 1.04,
    });
  });

  it('OMCC version: extended set from 0x96 and 0xB0-0xBF only (G.988 §9.1.2)', () => {
    expect([0x80, 0x86, 0x96, 0xa0, 0xa3, 0xb0, 0xb4].map(supportsExtendedMessages)).toEqual([
      false,
      false,
      true,
      false,
      false,
      true,
      true,
    ]);
  });
});

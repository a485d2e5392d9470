/**
 * The simulated ONT side without SSH: answers (TCI echo, CRC), silence on bad frames, lazy MIBs on a
 * 4 096-ONT OLT, and the relay framing under arbitrary chunking.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SimOlt } from '../../simulators/core/topology.ts';
import { OltOmci } from '../../simulators/omci/relay.ts';
import { decodeMessage, encodeMessage } from '../../src/protocols/omci/messages.ts';
import { decodeFrame } from '../../src/protocols/omci/frame.ts';
import { MeClass } from '../../src/protocols/omci/me-defs.ts';
import { opticalLevelToDbm } from '../../src/protocols/omci/optics.ts';
import {
  RelayDeframer,
  RelayFramingError,
  encodeRelayRecord,
} from '../../src/protocols/omci/relay-framing.ts';

const getAniG = (tci: number) =>
  encodeMessage({ type: 'get-request', tci, meClass: MeClass.aniG, meInstance: 0x8001, mask: 0x0044 });

describe('simulated ONT answers', () => {
  const olt = new SimOlt({ name: 'o', profile: 'zxa10-c300', pons: 1, ontsPerPon: 4, index: 1 });
  const omci = new OltOmci(olt);

  it('echoes the TCI and priority with a valid CRC', () => {
    const req = encodeMessage({
      type: 'get-request',
      tci: 0x1234,
      priority: true,
      meClass: MeClass.onuG,
      meInstance: 0,
      mask: 0x0100,
    });
    const res = omci.handle('1/1/1', 2, req)!;
    expect(decodeFrame(res)).toMatchObject({ tci: 0x1234, priority: true, ak: true, ar: false, action: 9 });
    expect(decodeMessage(res)).toMatchObject({
      type: 'get-response',
      result: 0,
      attributes: { operationalState: 0 },
    });
  });

  it('stays silent on a bad CRC, a response or notification sent to it, and an unknown ONT', () => {
    const bad = Buffer.from(getAniG(1));
    bad[47] ^= 0xff;
    expect(omci.handle('1/1/1', 1, bad)).toBeNull();
    expect(
      omci.handle(
        '1/1/1',
        1,
        encodeMessage({ type: 'mib-reset-response', tci: 1, meClass: 2, meInstance: 0, result: 0 }),
      ),
    ).toBeNull();
    expect(omci.handle('1/1/1', 9, getAniG(1))).toBeNull();
  });

  it('answers unknown class 4, unknown instance 5, and partial Gets with result 9 and the failed mask', () => {
    const unknown = decodeMessage(
      omci.handle(
        '1/1/1',
        1,
        encodeMessage({ type: 'get-request', tci: 2, meClass: 999, meInstance: 0, mask: 0x8000 }),
      )!,
    );
    expect(unknown).toMatchObject({ result: 4 });
    const noInst = decodeMessage(
      omci.handle(
        '1/1/1',
        1,
        encodeMessage({
          type: 'get-request',
          tci: 3,
          meClass: MeClass.aniG,
          meInstance: 0x8009,
          mask: 0x8000,
        }),
      )!,
    );
    expect(noInst).toMatchObject({ result: 5 });
    // ONU-G vendor id 4 + version 14 + serial 8 = 26 > 25 bytes: serial number does not fit
    const big = decodeMessage(
      omci.handle(
        '1/1/1',
        1,
        encodeMessage({ type: 'get-request', tci: 4, meClass: MeClass.onuG, meInstance: 0, mask: 0xe000 }),
      )!,
    );
    expect(big).toMatchObject({
      type: 'get-response',
      result: 9,
      mask: 0xc000,
      failedMask: 0x2000,
      attributes: { vendorId: 'ZTEG' },
    });
  });
});

describe('4 096 ONTs', () => {
  it('creates no MIB until asked, then answers every ONT with its own optical level', () => {
    const olt = new SimOlt({ name: 'big', profile: 'zxa10-c300', pons: 16, ontsPerPon: 256, index: 0 });
    const omci = new OltOmci(olt);
    expect(omci.mibCount).toBe(0);
    global.gc?.();
    const heap0 = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    let tci = 1;
    for (const pon of olt.pons) {
      for (const ont of pon.onts) {
        const res = decodeMessage(omci.handle(pon.name, ont.id, getAniG(tci++))!);
        if (res.type !== 'get-response') throw new Error(res.type);
        expect(
          Math.abs(opticalLevelToDbm(res.attributes.opticalSignalLevel as number) - olt.rxPowerDbm(ont)!),
        ).toBeLessThanOrEqual(0.001);
      }
    }
    const ms = performance.now() - t0;
    const heapMb = (process.memoryUsage().heapUsed - heap0) / 1e6;
    console.log(
      `OMCI sim: 4096 ANI-G Gets handled in ${ms.toFixed(0)} ms (${((ms * 1000) / 4096).toFixed(0)} µs each); heap +${heapMb.toFixed(1)} MB with ${omci.mibCount} MIBs`,
    );
    expect(omci.mibCount).toBe(4096);
    expect(ms).toBeLessThan(10_000);
  });
});

describe('relay framing', () => {
  it('parses the same records however the byte stream is chunked', () => {
    const rec = fc.record({
      pon: fc.stringMatching(/^[0-9]\/[0-9]{1,2}\/[0-9]{1,2}$/),
      onuId: fc.integer({ min: 0, max: 0xffff }),
      frame: fc.integer({ min: 0, max: 0x7fff }).map((t) => getAniG(t)),
    });
    fc.assert(
      fc.property(
        fc.array(rec, { minLength: 1, maxLength: 8 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1 }),
        (records, cuts) => {
          const stream = Buffer.concat(records.map(encodeRelayRecord));
          const d = new RelayDeframer();
          const out = [];
          let off = 0;
          let i = 0;
          while (off < stream.length) {
            const n = cuts[i++ % cuts.length];
            out.push(...d.push(stream.subarray(off, off + n)));
            off += n;
          }
          expect(out).toEqual(records);
        },
      ),
    );
  });

  it('rejects a record whose length disagrees with its name length', () => {
    const r = encodeRelayRecord({ pon: '1/1/1', onuId: 1, frame: getAniG(1) });
    r[2] = 9;
    expect(() => new RelayDeframer().push(r)).toThrow(RelayFramingError);
    expect(() => new RelayDeframer().push(Buffer.from([0x00, 0x05]))).toThrow(RelayFramingError);
  });
});

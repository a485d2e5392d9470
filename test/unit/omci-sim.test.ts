/**
 * The simulated ONT side without sockets: the OLT's OMCI endpoint fed datagrams by hand, its answers
 * collected. TCI echo and message set, silence on what an ONU would drop (unknown address, a response
 * sent to it, a bad MIC), result codes, lazy MIBs on a 4 096-ONT OLT, and the F601 MIB's shape.
 */
import { describe, expect, it } from 'vitest';
import { SimOlt } from '../../simulators/core/topology.ts';
import { OltOmciEndpoint, type OmciChannel } from '../../simulators/omci/index.ts';
import {
  decodeMessage,
  encodeMessage,
  type OmciMessage,
  type OmciRequest,
} from '../../src/protocols/omci/messages.ts';
import { MeClass } from '../../src/protocols/omci/me-defs.ts';
import { opticalLevelToDbm } from '../../src/protocols/omci/optics.ts';
import { decodeDatagram, encodeDatagram } from '../../src/protocols/omci/tr451-framing.ts';
import { labPonTag, loadOmciProfile } from '../../src/protocols/omci/omci-profile.ts';
import { MIC_DOWNSTREAM, MIC_UPSTREAM, appendMic, stripMic } from '../../src/protocols/omci/mic.ts';
import { omciIkOf } from '../../src/adapters/driven/telemetry/omci/udp-transport.ts';

const PEER = { address: '127.0.0.1', port: 40000 };

function endpoint(olt: SimOlt, mic = false) {
  const profile = loadOmciProfile(olt.profile);
  const channels: OmciChannel[] = olt.pons.map((p, k) => ({
    pon: p.name,
    name: profile.channelTerminationOf(p.name),
    ponType: mic ? 'xgs-pon' : 'gpon',
    mic: mic ? { ponTag: labPonTag(olt.index, k) } : undefined,
  }));
  const out: Buffer[] = [];
  const ep = new OltOmciEndpoint(olt, channels, { output: (d) => out.push(d) });
  /** Send one request; the messages the ONT sent back (decoded), after MIC removal on a MIC channel. */
  const ask = (
    pon: string,
    onuId: number,
    m: OmciRequest | Buffer,
    raw = false,
  ): (OmciMessage | Buffer)[] => {
    const ch = channels.find((c) => c.pon === pon)!;
    const ont = olt.ont(pon, onuId);
    let payload = Buffer.isBuffer(m) ? m : encodeMessage(m);
    const ik = mic && ont ? omciIkOf({ ponTag: ch.mic!.ponTag }, ont.serial) : undefined;
    if (ik && !raw) payload = appendMic(ik, MIC_DOWNSTREAM, payload);
    out.length = 0;
    ep.receive(encodeDatagram({ channelTermination: ch.name, onuId, payload }), PEER);
    return out.map((d) => {
      const r = decodeDatagram(d);
      expect(r).toMatchObject({ channelTermination: ch.name, onuId });
      return decodeMessage(ik ? stripMic(ik, MIC_UPSTREAM, r.payload) : r.payload);
    });
  };
  return { ep, ask, channels };
}

const get = (
  tci: number,
  meClass: number,
  meInstance: number,
  mask: number,
  extended = false,
): OmciRequest => ({
  type: 'get-request',
  tci,
  meClass,
  meInstance,
  mask,
  ...(extended ? { extended: true } : {}),
});

describe('simulated F601 answers', () => {
  const olt = new SimOlt({ name: 'o', profile: 'zxa10-c300', pons: 1, ontsPerPon: 4, index: 1 });
  const { ask } = endpoint(olt);

  it('echoes the TCI, priority and message set', () => {
    const [res] = ask('1/1/1', 2, { ...get(0x1234, MeClass.onuG, 0, 0x0100), priority: true });
    expect(res).toMatchObject({
      type: 'get-response',
      tci: 0x1234,
      priority: true,
      result: 0,
      attributes: { operationalState: 0 },
    });
    const [ext] = ask('1/1/1', 2, get(7, MeClass.onu2G, 0, 0xc000, true));
    expect(ext).toMatchObject({ extended: true, attributes: { equipmentId: 'F601', omccVersion: 0xa3 } });
  });

  it('stays silent on a response sent to it, garbage, and an ONU id nobody holds', () => {
    expect(
      ask(
        '1/1/1',
        1,
        encodeMessage({ type: 'mib-reset-response', tci: 1, meClass: 2, meInstance: 0, result: 0 }),
      ),
    ).toEqual([]);
    expect(ask('1/1/1', 1, Buffer.from('00014900', 'hex'))).toEqual([]);
    expect(ask('1/1/1', 9, get(1, MeClass.aniG, 0x8001, 0x0044))).toEqual([]);
  });

  it('unknown class 4, unknown instance 5, too big for a baseline Get 9 with the failed mask, extended fits', () => {
    expect(ask('1/1/1', 1, get(2, 999, 0, 0x8000))[0]).toMatchObject({ result: 4 });
    expect(ask('1/1/1', 1, get(3, MeClass.aniG, 1, 0x8000))[0]).toMatchObject({ result: 5 });
    // ONU-G vendor id 4 + version 14 + serial 8 = 26 > 25 bytes: the serial number does not fit
    expect(ask('1/1/1', 1, get(4, MeClass.onuG, 0, 0xe000))[0]).toMatchObject({
      result: 9,
      mask: 0xc000,
      failedMask: 0x2000,
      attributes: { vendorId: 'ZTEG' },
    });
    expect(ask('1/1/1', 1, get(5, MeClass.onuG, 0, 0xe000, true))[0]).toMatchObject({
      result: 0,
      mask: 0xe000,
    });
  });

  it('Test of ANI-G: result 0, then a Test result with the same TCI carrying the RX level', () => {
    const [res, result] = ask('1/1/1', 3, {
      type: 'test-request',
      tci: 77,
      meClass: MeClass.aniG,
      meInstance: 0x8001,
      test: Buffer.from([7, 0, 0, 0, 0]),
    });
    expect(res).toMatchObject({ type: 'test-response', result: 0 });
    expect(result).toMatchObject({ type: 'test-result', tci: 77, meClass: MeClass.aniG });
    expect(
      ask('1/1/1', 3, {
        type: 'reboot-request',
        tci: 8,
        meClass: MeClass.aniG,
        meInstance: 0x8001,
        condition: 0,
      })[0],
    ).toMatchObject({ result: 2 });
  });

  it('the MIB upload lists the fixture’s 102 ONU-created MEs (116 less the 14 the OLT creates), ANI-G at 0x8001, 72 priority queues', () => {
    const [start] = ask('1/1/1', 1, {
      type: 'mib-upload-request',
      tci: 9,
      meClass: 2,
      meInstance: 0,
    }) as OmciMessage[];
    if (start.type !== 'mib-upload-response') throw new Error(start.type);
    const seen = new Set<string>();
    for (let s = 0; s < start.commands; s++) {
      const [r] = ask('1/1/1', 1, {
        type: 'mib-upload-next-request',
        tci: 10,
        meClass: 2,
        meInstance: 0,
        sequence: s,
      }) as OmciMessage[];
      if (r.type !== 'mib-upload-next-response') throw new Error(r.type);
      expect(r.records).toHaveLength(1); // baseline: one ME per message (G.988)
      seen.add(`${r.records[0].meClass}:${r.records[0].meInstance}`);
    }
    expect(seen.size).toBe(102);
    expect(seen.has(`${MeClass.aniG}:${0x8001}`)).toBe(true);
    expect([...seen].filter((k) => k.startsWith('277:'))).toHaveLength(72);
  });
});

describe('XGS-PON channel with MIC', () => {
  const olt = new SimOlt({ name: 'x', profile: 'zxa10-c600', pons: 1, ontsPerPon: 2, index: 2 });
  const { ask } = endpoint(olt, true);

  it('answers a message with the right MIC (its own upstream MIC verified), drops one without', () => {
    const [res] = ask('1/1/1', 1, get(1, MeClass.onu2G, 0, 0x4000)) as OmciMessage[];
    expect(res).toMatchObject({ type: 'get-response', attributes: { omccVersion: 0xb4 } });
    expect(ask('1/1/1', 1, encodeMessage(get(2, MeClass.onu2G, 0, 0x4000)), true)).toEqual([]);
  });
});

describe('4 096 ONTs', () => {
  it('creates no MIB until asked, then answers every ONT with its own optical level', () => {
    const olt = new SimOlt({ name: 'big', profile: 'zxa10-c300', pons: 16, ontsPerPon: 256, index: 0 });
    const { ep, ask } = endpoint(olt);
    expect(ep.mibCount).toBe(0);
    const t0 = performance.now();
    let tci = 1;
    for (const pon of olt.pons)
      for (const ont of pon.onts) {
        const [res] = ask(
          pon.name,
          ont.id,
          get(tci++ & 0x7fff, MeClass.aniG, 0x8001, 0x0044),
        ) as OmciMessage[];
        if (res.type !== 'get-response') throw new Error(res.type);
        expect(
          Math.abs(opticalLevelToDbm(res.attributes.opticalSignalLevel as number) - olt.rxPowerDbm(ont)!),
        ).toBeLessThanOrEqual(0.001);
      }
    const ms = performance.now() - t0;
    console.log(
      `OMCI sim: 4096 ANI-G Gets in ${ms.toFixed(0)} ms (${((ms * 1000) / 4096).toFixed(0)} µs each) with ${ep.mibCount} MIBs`,
    );
    expect(ep.mibCount).toBe(4096);
  });
});

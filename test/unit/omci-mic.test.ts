/**
 * The XG(S)-PON OMCI message integrity check (mic.ts) against published vectors: AES-CMAC against
 * RFC 4493 §4, the G.9807.1 key hierarchy against the golden vector "IV.6" (MSK → SK → OMCI_IK, the
 * OMCI_IK also omci-lib-go's built-in one), and the MIC against "IV.10" (a downstream Get of ONU-G),
 * all verified independently with Python `cryptography` (docs/omci-notes.md §5).
 */
import { describe, expect, it } from 'vitest';
import {
  aesCmac,
  appendMic,
  deriveOmciIk,
  MIC_DOWNSTREAM,
  MIC_UPSTREAM,
  omciMic,
  stripMic,
} from '../../src/protocols/omci/mic.ts';
import { encodeMessage } from '../../src/protocols/omci/messages.ts';
import { OmciCodecError } from '../../src/protocols/omci/errors.ts';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const RFC4493_KEY = hex('2b7e1516 28aed2a6 abf71588 09cf4f3c');
const OMCI_IK = hex('184b8ad4d1ac4af4dd4b339ecc0d3370');

describe('AES-CMAC (RFC 4493 §4)', () => {
  it('examples 1-4: empty, one block, 40 bytes, 64 bytes', () => {
    const m = hex(`6bc1bee2 2e409f96 e93d7e11 7393172a ae2d8a57 1e03ac9c 9eb76fac 45af8e51
                   30c81c46 a35ce411 e5fbc119 1a0a52ef f69f2445 df4f9b17 ad2b417b e66c3710`);
    expect(aesCmac(RFC4493_KEY, Buffer.alloc(0)).toString('hex')).toBe('bb1d6929e95937287fa37d129b756746');
    expect(aesCmac(RFC4493_KEY, m.subarray(0, 16)).toString('hex')).toBe('070a16b46b4d4144f79bdd9dd04a287c');
    expect(aesCmac(RFC4493_KEY, m.subarray(0, 40)).toString('hex')).toBe('dfa66747de9ae63030ca32611497c827');
    expect(aesCmac(RFC4493_KEY, m).toString('hex')).toBe('51f0bebf7e3b9d92fc49741779363cfe');
  });
});

describe('OMCI MIC (G.987.3 §15.6 / G.9807.1 Annex C)', () => {
  it('key hierarchy IV.6: MSK, serial number and PON-TAG → SK → OMCI_IK', () => {
    const { sk, omciIk } = deriveOmciIk({
      msk: hex('112233445566778899aabbccddeeff00'),
      serialNumber: hex('564e445200112233'),
      ponTag: hex('4f4c542344556677'),
    });
    expect(sk.toString('hex')).toBe('795fcf6cb215224087430600dd170f07');
    expect(omciIk.toString('hex')).toBe(OMCI_IK.toString('hex'));
  });

  it('IV.10: downstream Get of ONU-G (TCI 0x8000, mask 0x0080) → MIC 78dca53d; upstream direction differs', () => {
    const get = encodeMessage({
      type: 'get-request',
      tci: 0,
      priority: true,
      meClass: 256,
      meInstance: 0,
      mask: 0x0080,
    });
    expect(get.toString('hex')).toBe('8000490a010000000080' + '00'.repeat(30) + '00000028');
    expect(omciMic(OMCI_IK, MIC_DOWNSTREAM, get).toString('hex')).toBe('78dca53d');
    expect(omciMic(OMCI_IK, MIC_UPSTREAM, get).toString('hex')).toBe('682f5c73');
  });

  it('appendMic / stripMic round trip; a flipped bit or the wrong direction is refused as bad-mic', () => {
    const m = encodeMessage({
      type: 'mib-upload-request',
      tci: 5,
      meClass: 2,
      meInstance: 0,
      extended: true,
    });
    const sent = appendMic(OMCI_IK, MIC_DOWNSTREAM, m);
    expect(sent.length).toBe(m.length + 4);
    expect(stripMic(OMCI_IK, MIC_DOWNSTREAM, sent).equals(m)).toBe(true);
    const flipped = Buffer.from(sent);
    flipped[2] ^= 0x01;
    expect(() => stripMic(OMCI_IK, MIC_DOWNSTREAM, flipped)).toThrow(OmciCodecError);
    try {
      stripMic(OMCI_IK, MIC_UPSTREAM, sent);
      expect.unreachable();
    } catch (e) {
      expect((e as OmciCodecError).reason).toBe('bad-mic');
    }
  });
});

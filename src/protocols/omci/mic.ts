/**
 * The OMCI message integrity check of XG-PON / XGS-PON (ITU-T G.987.3 §15.6, G.9807.1 Annex C): four
 * bytes after the message on the OMCC, where G-PON has the CRC. MIC = the first 32 bits of
 * AES-CMAC-128(OMCI_IK, C | message), C = 0x01 downstream (OLT → ONU), 0x02 upstream, over the whole
 * message before the MIC (baseline: the 44 bytes with the 00 00 00 28 trailer; extended: 10 + N).
 * Keys (G.9807.1 C.15): MSK = AES-CMAC(0x55×16, registration ID), SK = AES-CMAC(MSK, SN | PON-TAG |
 * "SessionK"), OMCI_IK = AES-CMAC(SK, "OMCIIntegrityKey"). Vectors in test/unit/omci-mic.test.ts.
 *
 * Under TR-451 the pOLT adds and checks the MIC; the vOMCI payload never carries it. Where ponctl's
 * direct transport carries it is docs/omci-transport.md §MIC.
 */
import { createCipheriv } from 'node:crypto';
import { OmciCodecError } from './errors.ts';

export const MIC_LENGTH = 4;
export const MIC_DOWNSTREAM = 0x01;
export const MIC_UPSTREAM = 0x02;
export type MicDirection = typeof MIC_DOWNSTREAM | typeof MIC_UPSTREAM;

const BLOCK = 16;
const RB = 0x87;

/** Doubling in GF(2^128) (RFC 4493 §2.3 subkey generation). */
function dbl(b: Buffer): Buffer {
  const out = Buffer.alloc(BLOCK);
  for (let i = 0; i < BLOCK; i++) out[i] = ((b[i] << 1) | (i + 1 < BLOCK ? b[i + 1] >> 7 : 0)) & 0xff;
  if (b[0] & 0x80) out[BLOCK - 1] ^= RB;
  return out;
}

function aesCbcLastBlock(key: Buffer, data: Buffer): Buffer {
  const c = createCipheriv('aes-128-cbc', key, Buffer.alloc(BLOCK)).setAutoPadding(false);
  const out = Buffer.concat([c.update(data), c.final()]);
  return out.subarray(out.length - BLOCK);
}

/** AES-CMAC-128 (RFC 4493): the CBC-MAC of the message with its last block masked by subkey K1 or K2. */
export function aesCmac(key: Buffer, message: Buffer): Buffer {
  if (key.length !== BLOCK) throw new RangeError('AES-CMAC-128 needs a 16-byte key');
  const l = aesCbcLastBlock(key, Buffer.alloc(BLOCK));
  const k1 = dbl(l);
  const k2 = dbl(k1);
  const n = Math.max(1, Math.ceil(message.length / BLOCK));
  const complete = message.length > 0 && message.length % BLOCK === 0;
  const padded = Buffer.alloc(n * BLOCK);
  message.copy(padded);
  if (!complete) padded[message.length] = 0x80;
  const sub = complete ? k1 : k2;
  for (let i = 0; i < BLOCK; i++) padded[(n - 1) * BLOCK + i] ^= sub[i];
  return aesCbcLastBlock(key, padded);
}

const ASCII = (s: string) => Buffer.from(s, 'ascii');

/** G.9807.1 C.15 key hierarchy from the master session key down to the OMCI integrity key. */
export function deriveOmciIk(p: { msk: Buffer; serialNumber: Buffer; ponTag: Buffer }): {
  sk: Buffer;
  omciIk: Buffer;
} {
  if (p.serialNumber.length !== 8 || p.ponTag.length !== 8)
    throw new RangeError('SN and PON-TAG are 8 bytes each (G.9807.1 C.15)');
  const sk = aesCmac(p.msk, Buffer.concat([p.serialNumber, p.ponTag, ASCII('SessionK')]));
  return { sk, omciIk: aesCmac(sk, ASCII('OMCIIntegrityKey')) };
}

/** MSK from a 36-byte registration ID (G.9807.1 C.15: key 0x55 repeated). */
export function masterSessionKey(registrationId: Buffer): Buffer {
  if (registrationId.length !== 36) throw new RangeError('registration ID is 36 bytes');
  return aesCmac(Buffer.alloc(BLOCK, 0x55), registrationId);
}

/** The 4-byte MIC of `message` in direction `dir`. */
export function omciMic(omciIk: Buffer, dir: MicDirection, message: Buffer): Buffer {
  return aesCmac(omciIk, Buffer.concat([Buffer.from([dir]), message])).subarray(0, MIC_LENGTH);
}

/** `message` followed by its MIC: what an XG(S)-PON OMCC carries. */
export function appendMic(omciIk: Buffer, dir: MicDirection, message: Buffer): Buffer {
  return Buffer.concat([message, omciMic(omciIk, dir, message)]);
}

/** The message of `withMic` after checking its MIC; throws OmciCodecError('bad-mic') on a mismatch. */
export function stripMic(omciIk: Buffer, dir: MicDirection, withMic: Buffer): Buffer {
  if (withMic.length <= MIC_LENGTH) throw new OmciCodecError('bad-length', 'no room for a MIC');
  const message = withMic.subarray(0, withMic.length - MIC_LENGTH);
  const got = withMic.subarray(withMic.length - MIC_LENGTH);
  const want = omciMic(omciIk, dir, message);
  if (!got.equals(want))
    throw new OmciCodecError('bad-mic', `MIC ${got.toString('hex')}, computed ${want.toString('hex')}`);
  return Buffer.from(message);
}

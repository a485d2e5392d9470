/**
 * The OMCI baseline frame, ITU-T G.988 §11.2 (baseline message set), 48 bytes:
 *
 *   offset  size  field
 *    0      2     transaction correlation identifier (TCI); its MSB is the priority bit (§11.2.1)
 *    2      1     message type: DB (bit 8, always 0) | AR (bit 7) | AK (bit 6) | action (bits 5..1)
 *    3      1     device identifier: 0x0A = baseline (0x0B = extended, not supported here)
 *    4      2     managed entity class
 *    6      2     managed entity instance
 *    8     32     message contents (layout per action, messages.ts)
 *   40      1     CPCS-UU  = 0x00  ┐
 *   41      1     CPI      = 0x00  │ OMCI trailer (AAL5 CPCS-PDU trailer, I.363.5)
 *   42      2     SDU len  = 0x0028┘
 *   44      4     CRC-32 over bytes 0..43 (crc.ts)
 *
 * This is the lowest layer: it knows nothing of what the contents mean. Written by hand: no npm
 * library implements G.988 (omci-lib-go is Go, VOLTHA's pyvoltha is Python), and the codec is small.
 */
import { crc32Aal5 } from './crc.ts';
import { OmciCodecError } from './errors.ts';

export const OMCI_FRAME_LENGTH = 48;
export const OMCI_CONTENTS_LENGTH = 32;
export const BASELINE_DEVICE_ID = 0x0a;
/** CPCS-SDU length: the 40 bytes before the trailer (G.988 §11.2.8). */
export const OMCI_SDU_LENGTH = 0x28;

const CONTENTS_OFFSET = 8;
const TRAILER_OFFSET = 40;
const CRC_OFFSET = 44;

/** Message type bits (G.988 §11.2.2). */
export const MT_DB = 0x80;
export const MT_AR = 0x40;
export const MT_AK = 0x20;
export const MT_ACTION_MASK = 0x1f;

/** Action codes, G.988 Table 11.2.2-1 (only those ponctl speaks). */
export const OmciAction = {
  create: 4,
  delete: 6,
  set: 8,
  get: 9,
  getAllAlarms: 11,
  getAllAlarmsNext: 12,
  mibUpload: 13,
  mibUploadNext: 14,
  mibReset: 15,
  alarm: 16,
  attributeValueChange: 17,
  reboot: 25,
} as const;
export type OmciActionCode = (typeof OmciAction)[keyof typeof OmciAction];

/** Result codes of responses, G.988 §11.2.4 (0b1000 is reserved). */
export const OmciResult = {
  success: 0,
  processingError: 1,
  notSupported: 2,
  parameterError: 3,
  unknownEntity: 4,
  unknownInstance: 5,
  deviceBusy: 6,
  instanceExists: 7,
  attributeFailed: 9,
} as const;
export type OmciResultCode = (typeof OmciResult)[keyof typeof OmciResult];

/** A decoded frame: header fields plus the raw 32-byte contents. */
export interface OmciFrame {
  /** Transaction correlation identifier without the priority bit (0..0x7FFF). */
  tci: number;
  /** TCI MSB: high-priority message (G.988 §11.2.1). */
  priority: boolean;
  ar: boolean;
  ak: boolean;
  action: number;
  meClass: number;
  meInstance: number;
  /** Exactly 32 bytes. */
  contents: Buffer;
}

/** Lay out a 48-byte baseline frame and compute its CRC. `contents` shorter than 32 bytes is zero-padded. */
export function encodeFrame(f: OmciFrame): Buffer {
  if (f.contents.length > OMCI_CONTENTS_LENGTH) {
    throw new OmciCodecError('contents-too-long', `${f.contents.length} bytes > ${OMCI_CONTENTS_LENGTH}`);
  }
  const b = Buffer.alloc(OMCI_FRAME_LENGTH);
  b.writeUInt16BE(((f.priority ? 0x8000 : 0) | (f.tci & 0x7fff)) >>> 0, 0);
  b[2] = (f.ar ? MT_AR : 0) | (f.ak ? MT_AK : 0) | (f.action & MT_ACTION_MASK);
  b[3] = BASELINE_DEVICE_ID;
  b.writeUInt16BE(f.meClass & 0xffff, 4);
  b.writeUInt16BE(f.meInstance & 0xffff, 6);
  f.contents.copy(b, CONTENTS_OFFSET);
  // trailer: CPCS-UU and CPI stay 0x00 (alloc zero-fills), then the SDU length
  b.writeUInt16BE(OMCI_SDU_LENGTH, TRAILER_OFFSET + 2);
  b.writeUInt32BE(crc32Aal5(b, 0, CRC_OFFSET), CRC_OFFSET);
  return b;
}

/** Check and split a 48-byte baseline frame. Throws OmciCodecError on anything G.988 does not allow. */
export function decodeFrame(b: Uint8Array): OmciFrame {
  const buf = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  if (buf.length !== OMCI_FRAME_LENGTH) {
    throw new OmciCodecError('bad-length', `baseline frame is ${OMCI_FRAME_LENGTH} bytes, got ${buf.length}`);
  }
  if (buf[3] !== BASELINE_DEVICE_ID) {
    throw new OmciCodecError(
      'bad-device-id',
      `device identifier 0x${buf[3].toString(16)} (only baseline 0x0a)`,
    );
  }
  if (
    buf[TRAILER_OFFSET] !== 0 ||
    buf[TRAILER_OFFSET + 1] !== 0 ||
    buf.readUInt16BE(TRAILER_OFFSET + 2) !== OMCI_SDU_LENGTH
  ) {
    throw new OmciCodecError(
      'bad-trailer',
      `trailer ${buf.subarray(TRAILER_OFFSET, CRC_OFFSET).toString('hex')}`,
    );
  }
  const want = crc32Aal5(buf, 0, CRC_OFFSET);
  const got = buf.readUInt32BE(CRC_OFFSET);
  if (want !== got) {
    throw new OmciCodecError(
      'bad-crc',
      `CRC-32 0x${got.toString(16).padStart(8, '0')}, computed 0x${want.toString(16).padStart(8, '0')}`,
    );
  }
  const tciField = buf.readUInt16BE(0);
  return {
    tci: tciField & 0x7fff,
    priority: (tciField & 0x8000) !== 0,
    ar: (buf[2] & MT_AR) !== 0,
    ak: (buf[2] & MT_AK) !== 0,
    action: buf[2] & MT_ACTION_MASK,
    meClass: buf.readUInt16BE(4),
    meInstance: buf.readUInt16BE(6),
    contents: Buffer.from(buf.subarray(CONTENTS_OFFSET, CONTENTS_OFFSET + OMCI_CONTENTS_LENGTH)),
  };
}

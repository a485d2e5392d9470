/**
 * The OMCI message as G.988 §11.1/§11.2 lays it out, in both message sets, without the transmission
 * trailer a PON adds (that is exactly the payload TR-451 carries: "OMCI message payload without the
 * CRC/MIC", docs/omci-transport.md):
 *
 *   offset  size  field
 *    0      2     transaction correlation identifier (TCI); its MSB is the priority bit (§11.2.1)
 *    2      1     message type: DB (bit 8, always 0) | AR (bit 7) | AK (bit 6) | action (bits 5..1)
 *    3      1     device identifier: 0x0A baseline, 0x0B extended (§11.2.3)
 *    4      2     managed entity class
 *    6      2     managed entity instance
 *  baseline (A.3):  8 32 contents (zero-padded) · 40 CPCS-UU 0x00 · 41 CPI 0x00 · 42 SDU length 0x0028
 *  extended (A.2):  8  2 contents length N · 10 N contents (N ≤ 1966: 1980 bytes with header and MIC)
 *
 * A G-PON OMCC appends the AAL5 CRC-32 to the 44 baseline bytes (`withCrc`, I.363.5); an XG(S)-PON
 * OMCC appends a 4-byte MIC instead (mic.ts). This layer knows nothing of what the contents mean.
 */
import { crc32Aal5 } from './crc.ts';
import { OmciCodecError } from './errors.ts';

export const BASELINE_DEVICE_ID = 0x0a;
export const EXTENDED_DEVICE_ID = 0x0b;
/** Baseline message without CRC/MIC: 8 header + 32 contents + 4 trailer bytes. */
export const BASELINE_MESSAGE_LENGTH = 44;
/** A G-PON baseline frame: the 44 bytes and their AAL5 CRC-32. */
export const GPON_FRAME_LENGTH = 48;
export const OMCI_CONTENTS_LENGTH = 32;
/** Extended set: 1980-byte maximum message minus 10 header bytes and the 4-byte MIC (G.988 §A.2). */
export const EXTENDED_MAX_CONTENTS = 1966;
/** CPCS-SDU length of the baseline trailer: the 40 bytes before it (G.988 §11.2.8). */
export const OMCI_SDU_LENGTH = 0x28;

const HEADER_LENGTH = 8;
const TRAILER_OFFSET = 40;

/** Message type bits (G.988 §11.2.2). */
export const MT_DB = 0x80;
export const MT_AR = 0x40;
export const MT_AK = 0x20;
export const MT_ACTION_MASK = 0x1f;

/** Action codes, G.988 Table 11.2.2-1 (those ponctl speaks or answers). */
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
  test: 18,
  synchronizeTime: 24,
  reboot: 25,
  getNext: 26,
  testResult: 27,
  getCurrentData: 28,
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

/** A decoded message: header fields plus the raw contents. */
export interface OmciFrame {
  /** Transaction correlation identifier without the priority bit (0..0x7FFF). */
  tci: number;
  /** TCI MSB: high-priority message (G.988 §11.2.1). */
  priority: boolean;
  ar: boolean;
  ak: boolean;
  action: number;
  /** Device identifier 0x0B (extended message set) rather than 0x0A. */
  extended: boolean;
  meClass: number;
  meInstance: number;
  /** Baseline: exactly 32 bytes; extended: the length the message says. */
  contents: Buffer;
}

/** Lay out a message: 44 bytes baseline (contents zero-padded), 10 + N extended. */
export function encodeFrame(f: OmciFrame): Buffer {
  const max = f.extended ? EXTENDED_MAX_CONTENTS : OMCI_CONTENTS_LENGTH;
  if (f.contents.length > max)
    throw new OmciCodecError('contents-too-long', `${f.contents.length} bytes > ${max}`);
  const b = Buffer.alloc(f.extended ? HEADER_LENGTH + 2 + f.contents.length : BASELINE_MESSAGE_LENGTH);
  b.writeUInt16BE(((f.priority ? 0x8000 : 0) | (f.tci & 0x7fff)) >>> 0, 0);
  b[2] = (f.ar ? MT_AR : 0) | (f.ak ? MT_AK : 0) | (f.action & MT_ACTION_MASK);
  b[3] = f.extended ? EXTENDED_DEVICE_ID : BASELINE_DEVICE_ID;
  b.writeUInt16BE(f.meClass & 0xffff, 4);
  b.writeUInt16BE(f.meInstance & 0xffff, 6);
  if (f.extended) {
    b.writeUInt16BE(f.contents.length, HEADER_LENGTH);
    f.contents.copy(b, HEADER_LENGTH + 2);
  } else {
    f.contents.copy(b, HEADER_LENGTH);
    // trailer: CPCS-UU and CPI stay 0x00 (alloc zero-fills), then the SDU length
    b.writeUInt16BE(OMCI_SDU_LENGTH, TRAILER_OFFSET + 2);
  }
  return b;
}

function asBuffer(b: Uint8Array): Buffer {
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/** Check and split a message (no CRC, no MIC). Throws OmciCodecError on anything G.988 does not allow. */
export function decodeFrame(bytes: Uint8Array): OmciFrame {
  const buf = asBuffer(bytes);
  if (buf.length < HEADER_LENGTH)
    throw new OmciCodecError('bad-length', `${buf.length} bytes: shorter than the OMCI header`);
  const deviceId = buf[3];
  if (deviceId !== BASELINE_DEVICE_ID && deviceId !== EXTENDED_DEVICE_ID)
    throw new OmciCodecError('bad-device-id', `device identifier 0x${deviceId.toString(16)}`);
  const extended = deviceId === EXTENDED_DEVICE_ID;
  let contents: Buffer;
  if (extended) {
    const n = buf.length >= HEADER_LENGTH + 2 ? buf.readUInt16BE(HEADER_LENGTH) : -1;
    // the 1966-byte limit binds encoders; BBF sends 1967 (one over), so only the length must agree
    if (n < 0 || buf.length !== HEADER_LENGTH + 2 + n)
      throw new OmciCodecError(
        'bad-length',
        `extended message of ${buf.length} bytes says its contents are ${n} bytes`,
      );
    contents = Buffer.from(buf.subarray(HEADER_LENGTH + 2));
  } else {
    if (buf.length !== BASELINE_MESSAGE_LENGTH)
      throw new OmciCodecError(
        'bad-length',
        `baseline message is ${BASELINE_MESSAGE_LENGTH} bytes without CRC/MIC, got ${buf.length}`,
      );
    if (
      buf[TRAILER_OFFSET] !== 0 ||
      buf[TRAILER_OFFSET + 1] !== 0 ||
      buf.readUInt16BE(TRAILER_OFFSET + 2) !== OMCI_SDU_LENGTH
    )
      throw new OmciCodecError('bad-trailer', `trailer ${buf.subarray(TRAILER_OFFSET).toString('hex')}`);
    contents = Buffer.from(buf.subarray(HEADER_LENGTH, TRAILER_OFFSET));
  }
  const tciField = buf.readUInt16BE(0);
  return {
    tci: tciField & 0x7fff,
    priority: (tciField & 0x8000) !== 0,
    ar: (buf[2] & MT_AR) !== 0,
    ak: (buf[2] & MT_AK) !== 0,
    action: buf[2] & MT_ACTION_MASK,
    extended,
    meClass: buf.readUInt16BE(4),
    meInstance: buf.readUInt16BE(6),
    contents,
  };
}

/** The G-PON OMCC frame of a 44-byte baseline message: the message and its AAL5 CRC-32 (G.988 §11.2). */
export function withCrc(message: Buffer): Buffer {
  if (message.length !== BASELINE_MESSAGE_LENGTH)
    throw new OmciCodecError(
      'bad-length',
      `only a ${BASELINE_MESSAGE_LENGTH}-byte baseline message takes a CRC`,
    );
  const b = Buffer.alloc(GPON_FRAME_LENGTH);
  message.copy(b);
  b.writeUInt32BE(crc32Aal5(b, 0, BASELINE_MESSAGE_LENGTH), BASELINE_MESSAGE_LENGTH);
  return b;
}

/** The 44-byte message of a 48-byte G-PON frame, after checking its CRC. */
export function withoutCrc(frame: Uint8Array): Buffer {
  const buf = asBuffer(frame);
  if (buf.length !== GPON_FRAME_LENGTH)
    throw new OmciCodecError('bad-length', `G-PON frame is ${GPON_FRAME_LENGTH} bytes, got ${buf.length}`);
  const want = crc32Aal5(buf, 0, BASELINE_MESSAGE_LENGTH);
  const got = buf.readUInt32BE(BASELINE_MESSAGE_LENGTH);
  if (want !== got)
    throw new OmciCodecError(
      'bad-crc',
      `CRC-32 0x${got.toString(16).padStart(8, '0')}, computed 0x${want.toString(16).padStart(8, '0')}`,
    );
  return Buffer.from(buf.subarray(0, BASELINE_MESSAGE_LENGTH));
}

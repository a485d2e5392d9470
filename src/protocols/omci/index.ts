/**
 * OMCI (ITU-T G.988, baseline and extended message sets) as both sides speak it, byte for byte: the
 * controller's client (adapters/driven/telemetry/omci) and the simulated ONTs (simulators/omci).
 * Message layout (frame.ts), typed messages (messages.ts), MIB upload records (upload-records.ts), ME
 * definitions (me-defs.ts), optical encodings, the XG(S)-PON MIC (mic.ts), which set an ONU speaks
 * (omcc-version.ts) and the TR-451-style datagram (tr451-framing.ts); golden vectors in
 * test/unit/omci-*.test.ts and test/fixtures/omci/bbf-frames.json.
 */
export { crc32Aal5 } from './crc.ts';
export * from './frame.ts';
export * from './messages.ts';
export * from './me-defs.ts';
export type { AttrValue, AttrValues } from './attributes.ts';
export * from './optics.ts';
export * from './mic.ts';
export * from './tr451-framing.ts';
export { supportsExtendedMessages } from './omcc-version.ts';
export {
  decodeBaselineUpload,
  decodeExtendedUpload,
  encodeUpload,
  BASELINE_UPLOAD_ROOM,
} from './upload-records.ts';
export { OmciCodecError, type OmciCodecErrorReason } from './errors.ts';

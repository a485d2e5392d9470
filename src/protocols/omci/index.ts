/**
 * OMCI (ITU-T G.988 baseline message set) as both sides speak it, byte for byte: the controller's
 * client (adapters/driven/telemetry/omci) and the simulated ONTs (simulators/omci). Frame codec with
 * AAL5 CRC-32, typed messages, ME definitions, optical level encodings, the OLT relay framing; each
 * with golden vectors in test/unit/omci-codec.test.ts.
 */
export { crc32Aal5 } from './crc.ts';
export {
  encodeFrame,
  decodeFrame,
  OmciAction,
  OmciResult,
  OMCI_FRAME_LENGTH,
  type OmciFrame,
  type OmciResultCode,
} from './frame.ts';
export {
  encodeMessage,
  decodeMessage,
  alarmBitmap,
  alarmsOf,
  RESPONSE_OF,
  type OmciMessage,
  type OmciMessageType,
  type OmciMessageOf,
  type OmciRequest,
  type ResponseTo,
} from './messages.ts';
export {
  ME_DEFS,
  MeClass,
  meDef,
  maskOf,
  attrBit,
  attrsInMask,
  type MeDef,
  type AttributeDef,
} from './me-defs.ts';
export type { AttrValue, AttrValues } from './attributes.ts';
export { dbmToOpticalLevel, opticalLevelToDbm, OPTICAL_LEVEL_UNIT_DB } from './optics.ts';
export { encodeRelayRecord, RelayDeframer, RelayFramingError, type RelayRecord } from './relay-framing.ts';
export { OmciCodecError, type OmciCodecErrorReason } from './errors.ts';

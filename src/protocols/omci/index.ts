/**
 * OMCI (ITU-T G.988 baseline message set), shared by the simulator and the controller: frame codec
 * with AAL5 CRC-32, typed messages, ME definitions, optical level encodings, the OLT relay framing,
 * and the client that talks to ONTs through an OLT's relay.
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
export { OmciCodecError, OmciResultError } from './errors.ts';
export {
  OmciClient,
  DEFAULT_ANI_G_INSTANCE,
  type OmciClientOptions,
  type OmciNotification,
  type OpticalLevels,
  type OnuState,
  type MibEntry,
} from '../../adapters/driven/telemetry/omci/omci-client.ts';

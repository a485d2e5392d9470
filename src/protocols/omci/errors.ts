/**
 * Why bytes are not a valid baseline OMCI message (G.988 §11.2), or a message cannot be encoded. A
 * protocol error, not a device's answer: it has its own stable code, so a caller can tell a frame we
 * could not read from an ONU that refused (the client's OmciResultError, `omci-result`).
 */

/** Why a byte string is not a valid baseline OMCI frame (or a message cannot be encoded). */
export type OmciCodecErrorReason =
  | 'bad-length' // not 48 bytes
  | 'bad-device-id' // not 0x0A: extended message set (0x0B) is not supported
  | 'bad-trailer' // CPCS-UU/CPI not 0, or SDU length not 0x0028
  | 'bad-crc' // CRC-32 mismatch
  | 'unknown-message-type'
  | 'contents-too-long' // attributes do not fit the 32-byte contents field
  | 'bad-attributes'; // an attribute mask selects more bytes than the contents hold, or a value has the wrong type

/** Thrown when encoding or decoding an OMCI frame fails. Never thrown for a well-formed frame. */
export class OmciCodecError extends Error {
  readonly code = 'omci-codec' as const;
  readonly reason: OmciCodecErrorReason;
  constructor(reason: OmciCodecErrorReason, message: string) {
    super(`OMCI ${reason}: ${message}`);
    this.name = 'OmciCodecError';
    this.reason = reason;
  }
}

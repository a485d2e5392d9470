/**
 * Why bytes are not a valid OMCI message (G.988 §11.1/§11.2, Annex A), or a message cannot be
 * encoded. A protocol error, not a device's answer: it has its own stable code, so a caller can tell a
 * message we could not read from an ONU that refused (the client's result errors, `omci-…`).
 */
export type OmciCodecErrorReason =
  | 'bad-length' // baseline not 44 bytes (48 with CRC), or extended length field disagrees
  | 'bad-device-id' // neither 0x0A (baseline) nor 0x0B (extended)
  | 'bad-trailer' // baseline CPCS-UU/CPI not 0, or SDU length not 0x0028
  | 'bad-crc' // CRC-32 mismatch (G-PON frame)
  | 'bad-mic' // message integrity check mismatch (XG(S)-PON, mic.ts)
  | 'unknown-message-type'
  | 'contents-too-long' // attributes do not fit the contents field
  | 'bad-attributes'; // a mask selects more bytes than the contents hold, or a value has the wrong type

/** Thrown when encoding or decoding an OMCI message fails. Never thrown for a well-formed message. */
export class OmciCodecError extends Error {
  readonly code = 'omci-codec' as const;
  readonly reason: OmciCodecErrorReason;
  constructor(reason: OmciCodecErrorReason, message: string) {
    super(`OMCI ${reason}: ${message}`);
    this.name = 'OmciCodecError';
    this.reason = reason;
  }
}

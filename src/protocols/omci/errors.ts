/**
 * OMCI-specific errors, in the driver error family (../errors.ts) so monitoring can switch on `code`.
 * Transport failures of the relay client reuse ConnectionError / ConnectionLostError / RpcTimeoutError.
 */
import { DriverError, type DriverErrorOptions } from '../../application/ports/olt-driver/errors.ts';
import type { OmciResultCode } from './frame.ts';

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
export class OmciCodecError extends DriverError {
  readonly reason: OmciCodecErrorReason;
  constructor(reason: OmciCodecErrorReason, message: string, opts: DriverErrorOptions = {}) {
    super('rpc-error', `OMCI ${reason}: ${message}`, opts);
    this.reason = reason;
  }
}

/**
 * The ONU answered with a result code other than success (G.988 §11.2.4 result/reason). Thrown by the
 * client's convenience calls; the raw `request()` returns the response and leaves judging to the caller.
 */
export class OmciResultError extends DriverError {
  readonly result: OmciResultCode;
  readonly operation: string;
  constructor(operation: string, result: OmciResultCode, opts: DriverErrorOptions = {}) {
    super('rpc-error', `OMCI ${operation} answered result ${result}`, opts);
    this.operation = operation;
    this.result = result;
  }
}

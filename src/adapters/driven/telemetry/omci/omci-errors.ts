/**
 * The OMCI client's own device error: the ONU answered with a result code other than success
 * (G.988 §11.2.4 result/reason). Transport failures of the relay reuse ConnectionError /
 * ConnectionLostError / RpcTimeoutError of the device error family.
 */
import { DriverError, type DriverErrorOptions } from '../../../../application/ports/olt-driver/errors.ts';
import type { OmciResultCode } from '../../../../protocols/omci/frame.ts';

/** Thrown by the client's convenience calls; the raw `request()` returns the response and leaves judging to the caller. */
export class OmciResultError extends DriverError {
  readonly result: OmciResultCode;
  readonly operation: string;
  constructor(operation: string, result: OmciResultCode, opts: DriverErrorOptions = {}) {
    super('omci-result', `OMCI ${operation} answered result ${result}`, opts);
    this.operation = operation;
    this.result = result;
  }
}

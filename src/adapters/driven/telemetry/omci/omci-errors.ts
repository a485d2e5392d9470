/**
 * The OMCI client's device errors: an ONU answered with a result other than success (G.988 §11.2.4
 * result/reason). Each result has its own class and stable code, so a caller tells "this ONU does not
 * do Reboot" (omci-not-supported) from "that instance is not in its MIB" (omci-unknown-instance)
 * without reading messages. No answer at all is the device family's RpcTimeoutError (TR-451's
 * NO_RESPONSE_FROM_ONU); a broken transport is ConnectionLostError.
 */
import {
  DriverError,
  type DriverErrorCode,
  type DriverErrorOptions,
} from '../../../../application/ports/olt-driver/errors.ts';
import { OmciResult, type OmciResultCode } from '../../../../protocols/omci/frame.ts';

export interface OmciResultContext extends DriverErrorOptions {
  meClass?: number;
  meInstance?: number;
  /** Result 9: attributes the ONU does not support / could not execute (Get, Set responses). */
  unsupportedMask?: number;
  failedMask?: number;
}

/** Any non-success result; `code` names the result (see the subclasses). */
export class OmciResultError extends DriverError {
  readonly result: OmciResultCode;
  readonly operation: string;
  readonly meClass?: number;
  readonly meInstance?: number;
  readonly unsupportedMask?: number;
  readonly failedMask?: number;
  constructor(
    operation: string,
    result: OmciResultCode,
    ctx: OmciResultContext = {},
    code: DriverErrorCode = 'omci-result',
  ) {
    const me =
      ctx.meClass === undefined ? '' : ` (ME ${ctx.meClass}/0x${(ctx.meInstance ?? 0).toString(16)})`;
    super(code, `OMCI ${operation}${me} answered result ${result} (${code})`, ctx);
    this.operation = operation;
    this.result = result;
    this.meClass = ctx.meClass;
    this.meInstance = ctx.meInstance;
    this.unsupportedMask = ctx.unsupportedMask;
    this.failedMask = ctx.failedMask;
  }
}

type Ctor = new (operation: string, result: OmciResultCode, ctx?: OmciResultContext) => OmciResultError;
function resultClass(code: DriverErrorCode): Ctor {
  return class extends OmciResultError {
    constructor(operation: string, result: OmciResultCode, ctx: OmciResultContext = {}) {
      super(operation, result, ctx, code);
    }
  };
}

/** 0b0001: the ONU could not process the command. */
export class OmciProcessingError extends resultClass('omci-processing-error') {}
/** 0b0010: the message type is not supported (e.g. Reboot or Test on an ONU that has neither). */
export class OmciNotSupportedError extends resultClass('omci-not-supported') {}
/** 0b0011: a parameter of the command is wrong. */
export class OmciParameterError extends resultClass('omci-parameter-error') {}
/** 0b0100: the ONU has no such ME class. */
export class OmciUnknownEntityError extends resultClass('omci-unknown-entity') {}
/** 0b0101: the ONU has no such ME instance (its MIB says which exist). */
export class OmciUnknownInstanceError extends resultClass('omci-unknown-instance') {}
/** 0b0110: the ONU is busy; try again later. */
export class OmciDeviceBusyError extends resultClass('omci-device-busy') {}
/** 0b0111: Create of an instance that exists. */
export class OmciInstanceExistsError extends resultClass('omci-instance-exists') {}
/** 0b1001: some attributes failed or are unknown (see the masks). */
export class OmciAttributeFailedError extends resultClass('omci-attribute-failed') {}

const BY_RESULT: Partial<Record<OmciResultCode, Ctor>> = {
  [OmciResult.processingError]: OmciProcessingError,
  [OmciResult.notSupported]: OmciNotSupportedError,
  [OmciResult.parameterError]: OmciParameterError,
  [OmciResult.unknownEntity]: OmciUnknownEntityError,
  [OmciResult.unknownInstance]: OmciUnknownInstanceError,
  [OmciResult.deviceBusy]: OmciDeviceBusyError,
  [OmciResult.instanceExists]: OmciInstanceExistsError,
  [OmciResult.attributeFailed]: OmciAttributeFailedError,
};

/** The typed error for `result` (a reserved code stays a plain OmciResultError). */
export function omciResultError(
  operation: string,
  result: OmciResultCode,
  ctx: OmciResultContext = {},
): OmciResultError {
  const C = BY_RESULT[result];
  return C ? new C(operation, result, ctx) : new OmciResultError(operation, result, ctx);
}

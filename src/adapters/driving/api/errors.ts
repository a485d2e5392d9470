/**
 * The API's one error handler (design §4, style.md fastify/demo): typed domain errors become
 * `{ error: { code, message, field } }` with their HTTP status; a device that cannot be reached or
 * refuses (a driver error) is a 502 with the driver's stable code as `DEVICE_<CODE>`; schema and
 * body-parsing failures are 400s with a code and the field; anything else is a 500 whose details
 * stay in the log.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, type ReasonCode } from '../../../domain/errors.ts';
import { isDriverError } from '../../../application/ports/olt-driver/errors.ts';

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string };
}

const STATUS: Partial<Record<ReasonCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_STATE: 409,
  NOT_CANCELLABLE: 409,
};

/** HTTP status of a domain rejection: 422 unless the code says otherwise (design §4: "422 with a reason code"). */
export const statusOf = (code: ReasonCode): number => STATUS[code] ?? 422;

export const errorBody = (code: string, message: string, field?: string): ApiErrorBody => ({
  error: { code, message, ...(field ? { field } : {}) },
});

/** The field a schema error points at: `/address/street` → `address.street`, plus a missing property. */
function fieldOf(err: FastifyError): string | undefined {
  const v = err.validation?.[0] as
    | { instancePath?: string; params?: { missingProperty?: string; requiredProperties?: string[] } }
    | undefined;
  if (!v) return undefined;
  const base = (v.instancePath ?? '').split('/').filter(Boolean).join('.');
  const missing = v.params?.missingProperty ?? v.params?.requiredProperties?.[0];
  const joined = [base, missing].filter(Boolean).join('.');
  const ctx = (err as FastifyError & { validationContext?: string }).validationContext;
  return joined || (ctx && ctx !== 'body' ? ctx : undefined);
}

export function handleError(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): void {
  if (err instanceof DomainError) {
    const forced = err.details?.httpStatus;
    void reply
      .status(typeof forced === 'number' ? forced : statusOf(err.code))
      .send(errorBody(err.code, err.message, err.field));
    return;
  }
  if (isDriverError(err)) {
    void reply
      .status(502)
      .send(errorBody(`DEVICE_${err.code.toUpperCase().replace(/-/g, '_')}`, err.message));
    return;
  }
  const fe = err as FastifyError;
  if (fe.validation) {
    void reply.status(400).send(errorBody('INCOMPLETE_ORDER', fe.message, fieldOf(fe)));
    return;
  }
  const status = fe.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // body parsing (invalid JSON, wrong content type, too large): the request is malformed
    const code = status === 404 ? 'NOT_FOUND' : status === 401 ? 'UNAUTHENTICATED' : 'INCOMPLETE_ORDER';
    void reply.status(status).send(errorBody(code, fe.message));
    return;
  }
  req.log.error({ err }, 'request failed');
  void reply.status(500).send(errorBody('INTERNAL', 'internal error'));
}

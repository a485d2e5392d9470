/**
 * The API's one error handler (design §4, style.md fastify/demo), the ONLY place an HTTP status is
 * chosen: errors say what happened with a stable code, this file says what HTTP makes of it.
 * - a rule said no (DomainError) → `{ error: { code, message, field } }`, 422 unless the reason code
 *   means something else (not found, conflict, …); an order the contract rejects is always 422;
 * - a device that cannot be reached or refuses (the device error family) → 502 `DEVICE_<CODE>`;
 * - another controller instance holds the OLT's write lock too long → 503 `OLT_BUSY`;
 * - schema and body-parsing failures → 400 with a code and the field;
 * - anything else → 500 whose details stay in the log.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, OrderRejection, type ReasonCode } from '../../../domain/errors.ts';
import { isDriverError } from '../../../application/ports/olt-driver/errors.ts';
import { OltLockTimeoutError } from '../../../application/ports/olt-locks.ts';
import { UniqueViolation } from '../../../application/ports/store/index.ts';

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string };
}

const STATUS: Partial<Record<ReasonCode, number>> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_STATE: 409,
  NOT_CANCELLABLE: 409,
  // a query parameter, not an order: malformed input (design §4 INVALID_REQUEST is the same kind)
  INVALID_MONTH: 400,
  SP_REQUIRED: 400,
  INVALID_REQUEST: 400,
  RATE_LIMITED: 429,
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
    const status = err instanceof OrderRejection ? 422 : statusOf(err.code);
    void reply.status(status).send(errorBody(err.code, err.message, err.field));
    return;
  }
  if (err instanceof OltLockTimeoutError) {
    void reply.status(503).header('retry-after', '5').send(errorBody('OLT_BUSY', err.message));
    return;
  }
  if (err instanceof UniqueViolation) {
    // two requests raced for the same key; the loser may simply retry
    void reply.status(409).send(errorBody('CONFLICT', 'a concurrent request wrote the same record; retry'));
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
    // a schema said no to a query string, a path or a (non-order) body: design §4 INVALID_REQUEST
    void reply.status(400).send(errorBody('INVALID_REQUEST', fe.message, fieldOf(fe)));
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

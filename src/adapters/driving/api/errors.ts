/**
 * The API's one error handler (design §4, style.md fastify/demo), the ONLY place an HTTP status is
 * chosen: errors say what happened with a stable code, this file says what HTTP makes of it.
 * - a rule said no (DomainError) → `{ error: { code, message, field } }`, 422 unless the reason code
 *   means something else (not found, conflict, …); an order the contract rejects is always 422;
 * - a device that cannot be reached or refuses (the device error family) → 502 `DEVICE_<CODE>`;
 * - another controller instance holds the OLT's write lock too long → 503 `OLT_BUSY`;
 * - schema failures of a query, a path or a non-order body → 400 `INVALID_REQUEST` with the field
 *   (design §4); a body of `POST /v1/orders` that is not JSON is the contract's `INCOMPLETE_ORDER`;
 * - what HTTP answers on its own (no route, wrong method, body too large, wrong media type, URI too
 *   long, unparsable request) → its status with a code of `HTTP_CODES`, in the same envelope;
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
  OLT_EXISTS: 409,
  OLT_HAS_SUBSCRIBERS: 409,
  // an SP at its open-order limit (docs/fairness.md): too many of its requests are still open
  TOO_MANY_OPEN_ORDERS: 429,
};

/** HTTP status of a domain rejection: 422 unless the code says otherwise (design §4: "422 with a reason code"). */
export const statusOf = (code: ReasonCode): number => STATUS[code] ?? 422;

export const errorBody = (code: string, message: string, field?: string): ApiErrorBody => ({
  error: { code, message, ...(field ? { field } : {}) },
});

/** Reason codes of the statuses HTTP answers on its own (design §4 lists the API's; these add to it). */
export const HTTP_CODES: Readonly<Record<number, string>> = {
  400: 'INVALID_REQUEST',
  401: 'UNAUTHENTICATED',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  431: 'HEADERS_TOO_LARGE',
};

/** A path that exists, asked with a method it does not take (RFC 9110 §15.5.6: 405 with `Allow`). */
export class MethodNotAllowed extends Error {
  readonly code = 'METHOD_NOT_ALLOWED' as const;
  constructor(
    method: string,
    path: string,
    readonly allow: readonly string[],
  ) {
    super(`${method} is not allowed on ${path}; allowed: ${allow.join(', ')}`);
    this.name = 'MethodNotAllowed';
  }
}

/** What to write on a socket whose request Node could not parse (http-edges.ts clientErrorHandler). */
export function clientErrorAnswer(err: { code?: string }): { status: number; body: ApiErrorBody } {
  const status =
    err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const message =
    status === 408
      ? 'request timed out'
      : status === 431
        ? 'request headers too large'
        : 'malformed HTTP request';
  return { status, body: errorBody(HTTP_CODES[status], message) };
}

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
    if (status === 401) void reply.header('www-authenticate', 'Bearer');
    const retryAfter = err.details?.retryAfterSeconds;
    if (status === 429 && typeof retryAfter === 'number')
      void reply.header('retry-after', String(retryAfter));
    void reply.status(status).send(errorBody(err.code, err.message, err.field));
    return;
  }
  if (err instanceof MethodNotAllowed) {
    void reply.status(405).header('allow', err.allow.join(', ')).send(errorBody(err.code, err.message));
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
    // fastify's own: body parsing (invalid JSON, empty body), too large, wrong content type, bad URL
    const orderBody = status === 400 && req.routeOptions?.config?.orderBody === true;
    const code = orderBody ? 'INCOMPLETE_ORDER' : (HTTP_CODES[status] ?? 'INVALID_REQUEST');
    void reply.status(HTTP_CODES[status] ? status : 400).send(errorBody(code, fe.message));
    return;
  }
  req.log.error({ err }, 'request failed');
  void reply.status(500).send(errorBody('INTERNAL', 'internal error'));
}

/**
 * Typed domain errors (style.md, Temporal): every rejection has a stable code — the API's reason
 * codes of design §4 — and the field a caller must fix. The API's one error handler maps them to
 * `{ error: { code, message, field } }`.
 */
export const REASON_CODES = [
  'INCOMPLETE_ORDER',
  'REQUESTED_DATE_IN_PAST',
  'REQUESTED_DATE_TOO_FAR',
  'ONT_SERIAL_REQUIRED',
  'ONT_SERIAL_NOT_ALLOWED',
  'ONT_SERIAL_NOT_IN_STOCK',
  'RATE_NOT_IN_CATALOGUE',
  'MANAGEMENT_ONLY',
  'RATE_NOT_SUPPORTED_BY_OLT',
  'ADAPTER_ID_UNKNOWN',
  'EARLIER_ORDER_PENDING',
  'PORT_BLOCKED',
  'TEMPORARY_DISCONNECTION_ALREADY_USED',
  'NOT_CANCELLABLE',
  'DISPUTE_WINDOW_CLOSED',
  'NOTHING_TO_RESTORE',
  'UNAUTHENTICATED',
  'NOT_FOUND',
  // added (design §4 says "at least"): an address the network does not cover, a conflict of state
  'ADDRESS_NOT_COVERED',
  'INVALID_STATE',
  'FORBIDDEN',
  'IDEMPOTENCY_KEY_REUSED',
  // issue 7 (SLA, faults, planned works)
  'INVALID_MONTH',
  'SP_REQUIRED',
  'VERIFICATION_WINDOW_CLOSED',
  'CLOCK_STOP_NOT_ALLOWED',
  'INVALID_INTERVAL',
  'PLANNED_WORKS_SCOPE_EMPTY',
  // issues 14 §7, 17 §2: a malformed query, path or non-order body (design §4); too many requests
  'INVALID_REQUEST',
  'RATE_LIMITED',
  // issue 17 item 3: a webhook URL that resolves inside (loopback, private, link-local, multicast,
  // reserved, the controller's own); more endpoints than an SP may have
  'WEBHOOK_URL_FORBIDDEN',
  'WEBHOOK_LIMIT_REACHED',
  // issue 17 item 4 (fairness, docs/fairness.md): a second open fault ticket of the same category on
  // one access (spec §3 priority rule applied to SBSN)
  'FAULT_ALREADY_OPEN',
  // issue 14 item 1: the OLT registry — a name taken, an OLT that still carries subscribers
  'OLT_EXISTS',
  'OLT_HAS_SUBSCRIBERS',
  // issue 17 item 4: an SP at its open-order limit (429, like RATE_LIMITED: ask again later)
  'TOO_MANY_OPEN_ORDERS',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** A rule said no: the reason code and the field to fix. The API's error handler decides the HTTP status. */
export class DomainError extends Error {
  readonly code: ReasonCode;
  readonly field?: string;
  /** What the rule looked at (order id, state, trigger, …), for logs and callers that act on it. */
  readonly details?: Readonly<Record<string, unknown>>;
  constructor(code: ReasonCode, message: string, field?: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.field = field;
    this.details = details;
  }
}

/**
 * The contract rejects an order at intake (spec §3; design §4: `POST /v1/orders` answers "422 with a
 * reason code"), whatever the code's usual meaning elsewhere (e.g. NOT_FOUND of an unknown port).
 */
export class OrderRejection extends DomainError {
  constructor(code: ReasonCode, message: string, field?: string) {
    super(code, message, field);
    this.name = 'OrderRejection';
  }
}

/** A rule's verdict: accepted with a value, or rejected with a reason code and field. */
export type Verdict<T> =
  { ok: true; value: T } | { ok: false; code: ReasonCode; message: string; field?: string };

export const accept = <T>(value: T): Verdict<T> => ({ ok: true, value });
export const reject = (code: ReasonCode, message: string, field?: string): Verdict<never> => ({
  ok: false,
  code,
  message,
  ...(field ? { field } : {}),
});

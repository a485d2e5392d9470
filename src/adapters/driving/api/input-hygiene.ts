/**
 * One check at the API's edge that input is clean before anything reaches a store (issue 17 §2):
 * PostgreSQL refuses a NUL in text (error 22021) and an integer ≥ 2³¹ in an int4 column (22003),
 * SQLite stores either silently; both are the caller's mistake, so both are 400 INVALID_REQUEST here,
 * with the field named, whatever the route.
 *
 * Looked at, after the route's schema has validated and coerced them: the path parameters, the query
 * string, the body (every string, every object key, every number, at any depth) and the headers a
 * route uses as data (`Idempotency-Key`, `Last-Event-ID`).
 * - strings: no C0 control character and no DEL in the path, the query and headers; in a body,
 *   free text may hold tab, line feed and carriage return, nothing else below U+0020; no unpaired
 *   UTF-16 surrogate (it cannot be stored as UTF-8);
 * - numbers: finite, and an integer-valued number within int4 (−2³¹ … 2³¹−1) — every integer the
 *   API takes (ONU ids, page sizes, rates, intervals) is far inside it;
 * - bodies nested deeper than 32 levels are refused (no honest request needs it, and it bounds the
 *   walk).
 */
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../../../domain/errors.ts';

// eslint-disable-next-line no-control-regex
const CONTROL_STRICT = /[\u0000-\u001f\u007f]/;
// eslint-disable-next-line no-control-regex
const CONTROL_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
/** With the `u` flag a surrogate range matches only unpaired halves (paired ones are one code point). */
const LONE_SURROGATE = /[\ud800-\udfff]/u;

export const INT4_MIN = -(2 ** 31);
export const INT4_MAX = 2 ** 31 - 1;
const MAX_DEPTH = 32;

/** The headers routes read as data. */
const DATA_HEADERS = ['idempotency-key', 'last-event-id'] as const;

const invalid = (field: string, why: string) =>
  new DomainError('INVALID_REQUEST', `${field || 'body'}: ${why}`, field || undefined);

function checkString(s: string, field: string, control: RegExp): void {
  if (control.test(s)) throw invalid(field, 'control characters are not allowed');
  if (LONE_SURROGATE.test(s)) throw invalid(field, 'not valid Unicode (unpaired surrogate)');
}

function checkNumber(n: number, field: string): void {
  if (!Number.isFinite(n)) throw invalid(field, 'number out of range');
  if (Number.isInteger(n) && (n < INT4_MIN || n > INT4_MAX)) {
    throw invalid(field, `integer out of range (${INT4_MIN} … ${INT4_MAX})`);
  }
}

/** Walks a parsed value without recursion (a deep body cannot overflow the stack). */
export function checkValue(root: unknown, base: string, control: RegExp): void {
  const stack: { v: unknown; path: string; depth: number }[] = [{ v: root, path: base, depth: 0 }];
  while (stack.length) {
    const { v, path, depth } = stack.pop()!;
    if (typeof v === 'string') checkString(v, path, control);
    else if (typeof v === 'number') checkNumber(v, path);
    else if (v && typeof v === 'object') {
      if (depth >= MAX_DEPTH) throw invalid(path, `nested deeper than ${MAX_DEPTH} levels`);
      const entries = Array.isArray(v) ? v.map((x, i) => [String(i), x] as const) : Object.entries(v);
      for (const [k, x] of entries) {
        const p = path ? `${path}.${k}` : k;
        if (!Array.isArray(v)) checkString(k, p, CONTROL_STRICT);
        stack.push({ v: x, path: p, depth: depth + 1 });
      }
    }
  }
}

/** fastify `preHandler`: throws INVALID_REQUEST for the first unclean value of the request. */
export async function rejectUncleanInput(req: FastifyRequest): Promise<void> {
  checkValue(req.params, '', CONTROL_STRICT);
  checkValue(req.query, '', CONTROL_STRICT);
  for (const h of DATA_HEADERS) {
    const v = req.headers[h];
    if (v !== undefined) checkValue(v, h, CONTROL_STRICT);
  }
  if (req.body !== undefined) checkValue(req.body, '', CONTROL_TEXT);
}

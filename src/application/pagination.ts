/**
 * Cursor pagination of every list (design §4: "Lists take `limit` and `cursor` and return `next`").
 *
 * A list is ordered by a key that is unique per row (its sort columns ending with the row's id); a
 * page holds up to `limit` rows and, when more follow, `next`: an opaque cursor naming the last row's
 * key. The next page is the rows strictly after that key, so rows inserted or removed meanwhile never
 * make a page repeat or skip one that stayed (keyset pagination, not OFFSET).
 *
 * - store-backed lists: the repository takes `after` (the decoded key) and `limit + 1`; the service
 *   hands the rows to `toPage`;
 * - small lists held in memory or read whole (OLTs, webhook endpoints, unconfigured ONUs): `pageOf`.
 *
 * A cursor is base64url JSON of the key; a cursor that does not decode to a key of the list's shape
 * is `INVALID_REQUEST` on `cursor` (never a store error: it is checked here, before any query).
 */
import { DomainError } from '../domain/errors.ts';

/** What a caller asks for (query `limit`, `cursor`). */
export interface PageRequest {
  limit?: number;
  cursor?: string;
}

/** One page of a list: the rows, and `next` when more follow. */
export interface Page<T> {
  items: T[];
  next?: string;
}

/** A row's position in its list: the values of its sort columns, the last one its unique id. */
export type PageKey = readonly (string | number)[];

/** Default and largest page sizes unless a list says otherwise. */
export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1000;

export interface PageSizes {
  defaultLimit?: number;
  maxLimit?: number;
}

// a cursor's strings reach SQL parameters: no control characters, bounded length (issue 17 §2)
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
const MAX_KEY_STRING = 300;

export function encodeCursor(key: PageKey): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

const badCursor = (why: string) =>
  new DomainError('INVALID_REQUEST', `cursor is not one this list returned (${why})`, 'cursor');

/**
 * The key a cursor names, checked against the list's key shape (`arity` values, when known);
 * undefined: the first page.
 */
export function decodeCursor(cursor: string | undefined, arity?: number): PageKey | undefined {
  if (cursor === undefined || cursor === '') return undefined;
  if (cursor.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw badCursor('not base64url');
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor('not a cursor');
  }
  if (
    !Array.isArray(key) ||
    key.length === 0 ||
    key.length > 8 ||
    (arity !== undefined && key.length !== arity)
  )
    throw badCursor('wrong shape');
  for (const v of key) {
    const ok =
      (typeof v === 'string' && v.length <= MAX_KEY_STRING && !CONTROL.test(v)) ||
      (typeof v === 'number' && Number.isSafeInteger(v));
    if (!ok) throw badCursor('bad value');
  }
  return key as PageKey;
}

/** The page size to use: the caller's, else the list's default, never above the list's maximum. */
export function pageLimit(req: PageRequest, sizes: PageSizes = {}): number {
  const max = sizes.maxLimit ?? MAX_PAGE_LIMIT;
  const n = req.limit ?? sizes.defaultLimit ?? DEFAULT_PAGE_LIMIT;
  return Math.max(1, Math.min(max, Math.trunc(n)));
}

/**
 * Rows read with `limit + 1` (ordered by the list's key, after the cursor) → the page: the first
 * `limit` rows, and a cursor after the last of them when the extra row shows that more follow.
 */
export function toPage<R>(rows: readonly R[], limit: number, keyOf: (r: R) => PageKey): Page<R> {
  if (rows.length <= limit) return { items: [...rows] };
  const items = rows.slice(0, limit);
  return { items, next: encodeCursor(keyOf(items[items.length - 1])) };
}

/** Maps a page's rows (the cursor stays the rows'). */
export function mapPage<R, T>(page: Page<R>, fn: (r: R) => T): Page<T> {
  return { items: page.items.map(fn), ...(page.next ? { next: page.next } : {}) };
}

const compareKeys = (a: PageKey, b: PageKey): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return a.length - b.length;
};

/**
 * A page of a list held whole in memory (a handful of OLTs, an SP's webhook endpoints): sorted by
 * `keyOf` (ascending, or descending with `descending`), the rows after the cursor, `limit` of them.
 */
export function pageOf<T>(
  all: readonly T[],
  req: PageRequest,
  keyOf: (t: T) => PageKey,
  o: PageSizes & { descending?: boolean } = {},
): Page<T> {
  const sign = o.descending ? -1 : 1;
  const sorted = [...all].sort((a, b) => sign * compareKeys(keyOf(a), keyOf(b)));
  const sample = sorted[0];
  const after = decodeCursor(req.cursor, sample ? keyOf(sample).length : undefined);
  const rest = after ? sorted.filter((t) => sign * compareKeys(keyOf(t), after) > 0) : sorted;
  const limit = pageLimit(req, o);
  return toPage(rest.slice(0, limit + 1), limit, keyOf);
}

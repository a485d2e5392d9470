/**
 * The thin SQL seam every repository is written against (design §8): one dialect-neutral interface
 * over better-sqlite3 and pg, so each repository is written once and runs on both. Placeholders are
 * `?` (rewritten to `$n` for PostgreSQL); booleans are stored as 0/1 integers; JSON as TEXT;
 * instants as ISO-8601 UTC strings (they sort as text); lease times as epoch milliseconds.
 */
export type Dialect = 'sqlite' | 'postgres';
export type SqlValue = string | number | null;
/** A parameter: a value, or on PostgreSQL only an array of values (rowsOf, anyOf). */
export type SqlParam = SqlValue | readonly SqlValue[];
export type Row = Record<string, unknown>;

export interface Db {
  readonly dialect: Dialect;
  all<T = Row>(sql: string, params?: readonly SqlParam[]): Promise<T[]>;
  get<T = Row>(sql: string, params?: readonly SqlParam[]): Promise<T | undefined>;
  /** A statement without a result set; `changes` = rows inserted/updated/deleted. */
  run(sql: string, params?: readonly SqlParam[]): Promise<{ changes: number }>;
  /** Several statements, no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs `fn` in one transaction on one connection; commits when it resolves, rolls back when it
   * throws. Inside `fn` use only the `tx` handed in, and do no other I/O (on SQLite the whole
   * database waits for the transaction). Nested calls join the outer transaction.
   */
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T>;
  /**
   * PostgreSQL, inside a transaction: runs `fn` right before COMMIT and answers true; anywhere else
   * answers false and the caller runs it at once. For rows many transactions update (an SP's open-order
   * count): written last, their row locks are held only for the commit and taken after every other lock
   * of the transaction, so they neither serialise its work nor close a deadlock cycle with it.
   */
  deferToCommit?(fn: () => Promise<void>): boolean;
  close(): Promise<void>;
}

export const toJson = (v: unknown): string | null =>
  v === undefined || v === null ? null : JSON.stringify(v);
export const fromJson = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));
export const toBool = (v: boolean | undefined): number => (v ? 1 : 0);
export const fromBool = (v: unknown): boolean => v === 1 || v === true || v === '1';
export const optStr = (v: unknown): string | undefined =>
  v === null || v === undefined ? undefined : String(v);
export const optNum = (v: unknown): number | undefined =>
  v === null || v === undefined ? undefined : Number(v);

/**
 * Keyset pagination (application/pagination.ts): the SQL condition "this row comes after `after`"
 * for a list ordered by `cols` (each ascending or descending; the last one unique), with its
 * parameters. Written as ORs of equalities so that mixed directions work the same on both dialects.
 */
export function keysetAfter(
  cols: readonly { col: string; desc?: boolean }[],
  after: readonly SqlValue[] | undefined,
): { sql: string; params: SqlValue[] } | undefined {
  if (!after) return undefined;
  const ors: string[] = [];
  const params: SqlValue[] = [];
  cols.forEach((c, i) => {
    const ands = cols.slice(0, i).map((p) => `${p.col} = ?`);
    params.push(...after.slice(0, i));
    ands.push(`${c.col} ${c.desc ? '<' : '>'} ?`);
    params.push(after[i]);
    ors.push(`(${ands.join(' AND ')})`);
  });
  return { sql: `(${ors.join(' OR ')})`, params };
}

/**
 * Rows of one multi-row statement at most on SQLite, whose lists of placeholders grow with the rows
 * (it takes 32 766; 500 rows × ≤ 8 columns stays well under).
 */
export const BATCH_ROWS = 500;

/**
 * `xs` in parts of at most the rows one statement built with rowsOf or anyOf takes on `dialect`:
 * BATCH_ROWS on SQLite; 8 192 on PostgreSQL, where those are a few parameters whatever the number of
 * rows, so a claim's orders (up to oltClaimLimit, 8 192) or a bring-forward chunk of 512 are one
 * statement, not a statement per 500 (issue 16: 3 reads of the orders and 3 of the accesses per
 * claimed OLT of 1 024, 2 moves and 2 event writes per chunk of 512).
 */
export function batches<T>(dialect: Dialect, xs: readonly T[]): T[][] {
  const n = dialect === 'sqlite' ? BATCH_ROWS : 8192;
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

/**
 * `(?, ?), (?, ?), …`: `rows` rows of `cols` placeholders, for `VALUES` lists. As a derived table
 * (`FROM (VALUES …) AS v`) its columns are `v.column1`, `v.column2`, … on both dialects; PostgreSQL
 * types untyped parameters there as text (every column it is compared with or written to here is).
 */
export function valuesRows(rows: number, cols: number): string {
  const row = `(${Array.from({ length: cols }, () => '?').join(', ')})`;
  return Array.from({ length: rows }, () => row).join(', ');
}

/** The rows as one JSON array of arrays of texts and nulls; undefined when it holds a `\u` escape. */
function jsonRows(rows: readonly (readonly SqlValue[])[]): string | undefined {
  let texts = rows;
  // a number goes as its text, as pg sends a number parameter (String(v)): the column's cast reads it
  if (rows.some((r) => r.some((x) => typeof x === 'number')))
    texts = rows.map((r) => r.map((x) => (typeof x === 'number' ? String(x) : x)));
  const json = JSON.stringify(texts);
  // JSON.stringify writes a lone surrogate or a control character as \uXXXX: PostgreSQL's JSON reader
  // refuses a lone surrogate and \u0000 where pg's text parameter sends U+FFFD or fails otherwise; such
  // rows go as arrays, so every text is written or refused as before (a `\\u` in a text may send a row
  // that needed no escape that way too, which costs nothing but the time)
  return json.includes('\\u') ? undefined : json;
}

/**
 * The rows `rows` (each of `types.length` values) as a derived table `v` with columns `v.column1`,
 * `v.column2`, … on both dialects, and its parameters. SQLite: `(VALUES (?, ?), …) AS v`.
 * PostgreSQL: one jsonb parameter, an array of rows, each an array of texts (`types`: each column's
 * type, text unless given; others are cast from the text): the text is the same whatever the number
 * of rows, so the statement is prepared by name and parsed and planned once per connection
 * (postgres-db.ts), where a VALUES list of a 256-order batch (700+ parameters, a new text at every
 * row count) was parsed and planned at every statement. One JSON text is written by JSON.stringify
 * where pg wrote an array per column escaping element by element (issue 16: 256 order events a
 * statement, controller CPU 0.93 → 0.57 ms and PostgreSQL's 0.69 → 0.61 ms in a micro-benchmark);
 * rows JSON cannot carry as they are go as one array per column (`unnest(?::text[], …)`).
 * Its plan joins each row by the table's key (a nested loop over the primary key) where the VALUES
 * forms were hash joins over a sequential scan (accesses, ont_stock: 16 384 rows read for 256; issue 16).
 */
export function rowsOf(
  dialect: Dialect,
  rows: readonly (readonly SqlValue[])[],
  types: readonly string[] = rows[0].map(() => 'text'),
): { sql: string; params: SqlParam[] } {
  if (dialect === 'sqlite')
    return { sql: `(VALUES ${valuesRows(rows.length, types.length)}) AS v`, params: rows.flat() };
  const json = jsonRows(rows);
  if (json !== undefined) {
    const cols = types.map((t, i) => (t === 'text' ? `r->>${i}` : `(r->>${i})::${t}`) + ` AS column${i + 1}`);
    return {
      sql: `(SELECT ${cols.join(', ')} FROM jsonb_array_elements(?::jsonb) AS r) AS v`,
      params: [json],
    };
  }
  return {
    sql: `unnest(${types.map((t) => `?::${t}[]`).join(', ')}) AS v(${types.map((_, i) => `column${i + 1}`).join(', ')})`,
    params: types.map((_, i) => rows.map((r) => r[i])),
  };
}

/**
 * `col` is one of `xs`, and its parameters: SQLite `col IN (?, ?, …)`; PostgreSQL `col = ANY(?::text[])`,
 * one text whatever the number of values (prepared once, as rowsOf).
 */
export function anyOf(
  dialect: Dialect,
  col: string,
  xs: readonly string[],
): { sql: string; params: SqlParam[] } {
  return dialect === 'sqlite'
    ? { sql: `${col} IN (${xs.map(() => '?').join(', ')})`, params: [...xs] }
    : { sql: `${col} = ANY(?::text[])`, params: [xs] };
}

/**
 * PostgreSQL behind the `Db` seam (design §8: several controller instances share one database).
 * A pool of connections; a transaction takes one connection for its duration. `schema` sets the
 * search_path of every connection (tests isolate themselves in a schema of their own).
 */
import pg from 'pg';
import { UniqueViolation } from '../../../../application/ports/store/index.ts';
import type { Db, SqlParam } from '../db.ts';

const INT8 = 20;
const NUMERIC = 1700;
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 || oid === NUMERIC
      ? (v: string) => Number(v)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

const placeholderCache = new Map<string, string>();
/** `?` → `$1, $2, …` (repositories never put a literal `?` in their SQL). */
export function toPgPlaceholders(sql: string): string {
  let out = placeholderCache.get(sql);
  if (out === undefined) {
    let n = 0;
    out = sql.replace(/\?/g, () => `$${++n}`);
    placeholderCache.set(sql, out);
  }
  return out;
}

/**
 * Statements of up to MAX_NAMED_PARAMS parameters are prepared by name, once per connection: the
 * server then parses them once and, after five executions, plans them once if a generic plan is as
 * cheap as a planned one. The polls every scheduler tick makes (scheduled orders, forced orders,
 * webhook deliveries, …) cost PostgreSQL more to plan than to run: planning a read of `orders`
 * weighs every one of its ten indexes (issue 16). A batch's rows go as one array per column
 * (db.ts rowsOf, anyOf): a few parameters, prepared too. Texts of more parameters (IN lists of
 * values one by one) stay unnamed: a text per count, each planned for its own values.
 */
const MAX_NAMED_PARAMS = 64;
const MAX_NAMED_TEXT = 4000;
/** Names beyond this many texts are not given (a bound on what each connection holds prepared). */
const MAX_NAMES = 2000;
const statementNames = new Map<string, string>();
/** Texts the server refused to run prepared (a table's columns changed under a `SELECT *`). */
const unnamed = new Set<string>();

function queryOf(text: string, values: SqlParam[]): pg.QueryConfig<SqlParam[]> {
  if (values.length > MAX_NAMED_PARAMS || text.length > MAX_NAMED_TEXT || unnamed.has(text))
    return { text, values };
  let name = statementNames.get(text);
  if (name === undefined) {
    if (statementNames.size >= MAX_NAMES) return { text, values };
    name = `ponctl_${statementNames.size}`;
    statementNames.set(text, name);
  }
  return { name, text, values };
}

/**
 * Another instance's migration changed a table's columns: a statement prepared before returns
 * another row type, which PostgreSQL refuses ("cached plan must not change result type"). The text
 * runs unnamed from then on (here once more, when not in a transaction the error has aborted).
 */
const resultTypeChanged = (e: unknown, text: string): boolean => {
  const x = e as { code?: string; message?: string };
  if (x?.code !== '0A000' || !x.message?.includes('result type')) return false;
  unnamed.add(text);
  return true;
};

function mapError(err: unknown): unknown {
  const e = err as { code?: string; message?: string };
  if (e?.code === '23505') return new UniqueViolation(e.message ?? 'unique violation', err);
  return err;
}

type Queryable = pg.Pool | pg.PoolClient;

class PgQueries implements Db {
  readonly dialect = 'postgres' as const;
  /** @param atCommit the transaction's pre-commit work (absent: not a transaction). */
  constructor(
    protected readonly q: Queryable,
    private readonly atCommit?: (() => Promise<void>)[],
  ) {}
  deferToCommit(fn: () => Promise<void>): boolean {
    if (!this.atCommit) return false;
    this.atCommit.push(fn);
    return true;
  }
  private async query(sql: string, params: readonly SqlParam[]): Promise<pg.QueryResult> {
    const text = toPgPlaceholders(sql);
    try {
      return await this.q.query(queryOf(text, params as SqlParam[]));
    } catch (e) {
      if (!this.atCommit && resultTypeChanged(e, text)) {
        try {
          return await this.q.query(text, params as SqlParam[]);
        } catch (e2) {
          throw mapError(e2);
        }
      }
      throw mapError(e);
    }
  }
  async all<T>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    return (await this.query(sql, params)).rows as T[];
  }
  async get<T>(sql: string, params?: readonly SqlParam[]): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }
  async run(sql: string, params: readonly SqlParam[] = []): Promise<{ changes: number }> {
    return { changes: (await this.query(sql, params)).rowCount ?? 0 };
  }
  async exec(sql: string): Promise<void> {
    try {
      await this.q.query(sql);
    } catch (e) {
      throw mapError(e);
    }
  }
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return fn(this); // a client already in a transaction
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

export class PostgresDb extends PgQueries {
  private constructor(private readonly pool: pg.Pool) {
    super(pool);
  }

  static open(url: string, opts: { schema?: string; max?: number } = {}): PostgresDb {
    const pool = new pg.Pool({
      connectionString: url,
      max: opts.max ?? 10,
      types,
      ...(opts.schema ? { options: `-c search_path=${opts.schema}` } : {}),
    });
    pool.on('error', () => {
      /* an idle client died; the pool replaces it */
    });
    return new PostgresDb(pool);
  }

  override async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      try {
        const atCommit: (() => Promise<void>)[] = [];
        const out = await fn(new PgQueries(client, atCommit));
        for (let i = 0; i < atCommit.length; i++) await atCommit[i]();
        await client.query('COMMIT');
        return out;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      }
    } finally {
      client.release();
    }
  }

  override async close(): Promise<void> {
    await this.pool.end();
  }
}

/**
 * PostgreSQL behind the `Db` seam (design §8: several controller instances share one database).
 * A pool of connections; a transaction takes one connection for its duration. `schema` sets the
 * search_path of every connection (tests isolate themselves in a schema of their own).
 */
import pg from 'pg';
import { UniqueViolation } from '../../../../application/ports/store/index.ts';
import type { Db, SqlValue } from '../db.ts';

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
  async all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    try {
      return (await this.q.query(toPgPlaceholders(sql), params as SqlValue[])).rows as T[];
    } catch (e) {
      throw mapError(e);
    }
  }
  async get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }
  async run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    try {
      return { changes: (await this.q.query(toPgPlaceholders(sql), params as SqlValue[])).rowCount ?? 0 };
    } catch (e) {
      throw mapError(e);
    }
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

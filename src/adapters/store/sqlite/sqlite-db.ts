/**
 * SQLite behind the `Db` seam (design §8: the embedded default). better-sqlite3 is synchronous; the
 * async surface lets the PostgreSQL implementation share every repository. A transaction holds an
 * in-process lock so that statements of concurrent requests never interleave with it; statements
 * outside a transaction run at once when no transaction is open (the fast path).
 */
import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { UniqueViolation, type Db, type SqlValue } from '../db.ts';

type Sqlite = InstanceType<typeof Database>;

function mapError(err: unknown): unknown {
  const e = err as { code?: string; message?: string };
  if (e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') return new UniqueViolation(e.message ?? 'unique violation', err);
  return err;
}

class StatementCache {
  private readonly cache = new Map<string, Statement>();
  constructor(private readonly db: Sqlite) {}
  get(sql: string): Statement {
    let s = this.cache.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.cache.set(sql, s);
    }
    return s;
  }
}

/** Direct, synchronous execution on the connection (used inside the lock). */
class SqliteDirect implements Db {
  readonly dialect = 'sqlite' as const;
  constructor(protected readonly conn: Sqlite, protected readonly stmts: StatementCache) {}
  all<T>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    try { return Promise.resolve(this.stmts.get(sql).all(...params) as T[]); } catch (e) { return Promise.reject(mapError(e)); }
  }
  get<T>(sql: string, params: readonly SqlValue[] = []): Promise<T | undefined> {
    try { return Promise.resolve(this.stmts.get(sql).get(...params) as T | undefined); } catch (e) { return Promise.reject(mapError(e)); }
  }
  run(sql: string, params: readonly SqlValue[] = []): Promise<{ changes: number }> {
    try { return Promise.resolve({ changes: this.stmts.get(sql).run(...params).changes }); } catch (e) { return Promise.reject(mapError(e)); }
  }
  exec(sql: string): Promise<void> {
    try { this.conn.exec(sql); return Promise.resolve(); } catch (e) { return Promise.reject(mapError(e)); }
  }
  transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return fn(this); // already inside the outer transaction
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

export class SqliteDb extends SqliteDirect {
  /** FIFO lock: the tail of the queue of holders; `pending` = holders + waiters. */
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;
  private readonly direct: SqliteDirect;

  private constructor(conn: Sqlite) {
    const stmts = new StatementCache(conn);
    super(conn, stmts);
    this.direct = new SqliteDirect(conn, stmts);
  }

  /** Opens (creating) the database file; `:memory:` for a private in-memory database. */
  static open(file: string): SqliteDb {
    if (file !== ':memory:') mkdirSync(path.dirname(file), { recursive: true });
    const conn = new Database(file);
    conn.pragma('journal_mode = WAL');
    // WAL + NORMAL: a commit survives a process crash (SIGKILL); only an OS crash may lose the last ones.
    conn.pragma('synchronous = NORMAL');
    conn.pragma('busy_timeout = 5000');
    conn.pragma('foreign_keys = ON');
    return new SqliteDb(conn);
  }

  private async acquire(): Promise<() => void> {
    this.pending++;
    let release!: () => void;
    const mine = new Promise<void>((r) => { release = r; });
    const prev = this.tail;
    this.tail = prev.then(() => mine);
    await prev;
    return () => { this.pending--; release(); };
  }

  /** Runs a single statement: at once when nothing holds the lock, else in turn. */
  private async inTurn<T>(op: () => Promise<T>): Promise<T> {
    if (this.pending === 0) return op();
    const release = await this.acquire();
    try { return await op(); } finally { release(); }
  }

  override all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.inTurn(() => this.direct.all<T>(sql, params));
  }
  override get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.inTurn(() => this.direct.get<T>(sql, params));
  }
  override run(sql: string, params?: readonly SqlValue[]): Promise<{ changes: number }> {
    return this.inTurn(() => this.direct.run(sql, params));
  }
  override exec(sql: string): Promise<void> {
    return this.inTurn(() => this.direct.exec(sql));
  }

  override async transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      this.conn.exec('BEGIN IMMEDIATE');
      try {
        const out = await fn(this.direct);
        this.conn.exec('COMMIT');
        return out;
      } catch (err) {
        if (this.conn.inTransaction) this.conn.exec('ROLLBACK');
        throw err;
      }
    } finally {
      release();
    }
  }

  override close(): Promise<void> {
    if (this.conn.open) this.conn.close();
    return Promise.resolve();
  }
}

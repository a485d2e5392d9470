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
    // checkpoint every ~40 MB of WAL rather than 4 MB: the hot index pages every order rewrites are
    // copied back once per checkpoint, so fewer checkpoints mean far fewer page writes (bench intake)
    conn.pragma('wal_autocheckpoint = 10000');
    conn.pragma('foreign_keys = ON');
    for (const extra of (process.env.PONCTL_SQLITE_PRAGMAS ?? '').split(';').filter(Boolean)) conn.pragma(extra);
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

  /**
   * Group commit: transactions that arrive in the same turn of the event loop run one after the
   * other inside ONE SQLite transaction, each in its own SAVEPOINT (a failing one rolls back alone),
   * and are all answered after the one COMMIT. The commit's page writes (and the WAL checkpoints)
   * are then paid once per batch instead of once per order; nothing is acknowledged before COMMIT.
   */
  override transaction<T>(fn: (tx: Db) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.batch.push({ fn: fn as (tx: Db) => Promise<unknown>, resolve: resolve as (v: unknown) => void, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private readonly batch: { fn: (tx: Db) => Promise<unknown>; resolve: (v: unknown) => void; reject: (e: unknown) => void }[] = [];
  private flushScheduled = false;
  private static readonly MAX_BATCH = 256;
  /** Group-commit statistics: batches committed and transactions in them. */
  batches = 0;
  batched = 0;

  private async flush(): Promise<void> {
    const release = await this.acquire();
    const items = this.batch.splice(0, SqliteDb.MAX_BATCH);
    this.flushScheduled = false;
    if (this.batch.length) { this.flushScheduled = true; setImmediate(() => void this.flush()); }
    const results: ({ ok: true; value: unknown } | { ok: false; error: unknown })[] = [];
    try {
      this.conn.exec('BEGIN IMMEDIATE');
      const one = items.length === 1;
      for (const item of items) {
        // a batch of one needs no savepoint: a failure rolls the whole transaction back below
        if (!one) this.stmts.get('SAVEPOINT tx').run();
        try {
          const value = await item.fn(this.direct);
          if (!one) this.stmts.get('RELEASE tx').run();
          results.push({ ok: true, value });
        } catch (error) {
          if (one) throw error;
          this.stmts.get('ROLLBACK TO tx').run();
          this.stmts.get('RELEASE tx').run();
          results.push({ ok: false, error });
        }
      }
      this.conn.exec('COMMIT');
    } catch (err) {
      if (this.conn.inTransaction) this.conn.exec('ROLLBACK');
      release();
      for (const item of items) item.reject(err);
      return;
    }
    this.batches++;
    this.batched += items.length;
    release();
    items.forEach((item, i) => {
      const r = results[i];
      if (r.ok) item.resolve(r.value); else item.reject(r.error);
    });
  }

  override close(): Promise<void> {
    if (this.conn.open) this.conn.close();
    return Promise.resolve();
  }
}

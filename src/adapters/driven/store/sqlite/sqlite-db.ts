/**
 * SQLite behind the `Db` seam (design §8: the embedded default). better-sqlite3 is synchronous; the
 * async surface lets the PostgreSQL implementation share every repository. A transaction holds an
 * in-process lock so that statements of concurrent requests never interleave with it; statements
 * outside a transaction run at once when no transaction is open (the fast path).
 *
 * Durability (journal_mode=WAL, synchronous=NORMAL): a transaction's promise resolves only after its
 * COMMIT has written it to the WAL file, so whatever the API has acknowledged (e.g. 202 for an order)
 * survives the process being killed (SIGKILL, crash: test/integration/restart.test.ts). The WAL is
 * not fsynced per commit: a power loss or kernel crash may lose the last commits before the next
 * checkpoint, never corrupt the database. Checkpoints (fsync of WAL and database) run in a worker.
 */
import Database from 'better-sqlite3';
import type { Statement } from 'better-sqlite3';
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { UniqueViolation } from '../../../../application/ports/store/index.ts';
import type { Db, SqlParam, SqlValue } from '../db.ts';

type Sqlite = InstanceType<typeof Database>;

function mapError(err: unknown): unknown {
  const e = err as { code?: string; message?: string };
  if (e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY')
    return new UniqueViolation(e.message ?? 'unique violation', err);
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

/**
 * The WAL checkpointer, run in a worker thread on its own connection. A checkpoint copies the WAL's
 * pages back into the database file and fsyncs both; done by the writer's connection (SQLite's
 * autocheckpoint) it stalled the event loop for 50–180 ms every ~10 000 pages (bench intake: most
 * of p99). A PASSIVE checkpoint never blocks the writer, so here it runs beside it, every
 * `intervalMs`. Durability is unchanged: a commit is durable once it is in the WAL; checkpoints only
 * move committed pages. Plain CommonJS evaluated in the worker (no TypeScript loader there).
 */
const CHECKPOINTER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
const db = new Database(workerData.file);
db.pragma('synchronous = NORMAL');
const checkpoint = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or closing: next turn */ } };
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;
const BETTER_SQLITE3 = createRequire(import.meta.url).resolve('better-sqlite3');

/** Direct, synchronous execution on the connection (used inside the lock). */
class SqliteDirect implements Db {
  readonly dialect = 'sqlite' as const;
  constructor(
    protected readonly conn: Sqlite,
    protected readonly stmts: StatementCache,
  ) {}
  all<T>(sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
    try {
      return Promise.resolve(this.stmts.get(sql).all(...(params as SqlValue[])) as T[]);
    } catch (e) {
      return Promise.reject(mapError(e));
    }
  }
  get<T>(sql: string, params: readonly SqlParam[] = []): Promise<T | undefined> {
    try {
      return Promise.resolve(this.stmts.get(sql).get(...(params as SqlValue[])) as T | undefined);
    } catch (e) {
      return Promise.reject(mapError(e));
    }
  }
  run(sql: string, params: readonly SqlParam[] = []): Promise<{ changes: number }> {
    try {
      return Promise.resolve({ changes: this.stmts.get(sql).run(...(params as SqlValue[])).changes });
    } catch (e) {
      return Promise.reject(mapError(e));
    }
  }
  exec(sql: string): Promise<void> {
    try {
      this.conn.exec(sql);
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(mapError(e));
    }
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
    if (file !== ':memory:') {
      mkdirSync(path.dirname(file), { recursive: true });
      // issue 17 item 7: the store holds contact details and sealed secrets — owner only. SQLite
      // creates its -wal and -shm files with the database file's mode, so they follow.
      closeSync(openSync(file, 'a', 0o600));
      chmodSync(file, 0o600);
    }
    const conn = new Database(file);
    conn.pragma('journal_mode = WAL');
    // WAL + NORMAL: a commit survives a process crash (SIGKILL); only an OS crash may lose the last ones.
    conn.pragma('synchronous = NORMAL');
    conn.pragma('busy_timeout = 5000');
    // checkpoint every ~40 MB of WAL rather than 4 MB: the hot index pages every order rewrites are
    // copied back once per checkpoint, so fewer checkpoints mean far fewer page writes (bench intake)
    conn.pragma('wal_autocheckpoint = 10000');
    conn.pragma('foreign_keys = ON');
    for (const extra of (process.env.PONCTL_SQLITE_PRAGMAS ?? '').split(';').filter(Boolean))
      conn.pragma(extra);
    const db = new SqliteDb(conn);
    if (file !== ':memory:') db.file = file;
    return db;
  }

  private file?: string;
  private checkpointer?: Worker;
  /**
   * Started with the connection's 64th group commit (a store that writes little never needs it).
   * The writer keeps its own autocheckpoint at 10 000 pages: by then the checkpointer has copied
   * nearly everything, so that checkpoint is short, and it lets the WAL start over from its beginning
   * (a WAL checkpointed only beside a busy writer would never be fully copied at a write's start).
   */
  private startCheckpointer(): void {
    if (!this.file || this.checkpointer || process.env.PONCTL_SQLITE_CHECKPOINTER === '0') return;
    const w = new Worker(CHECKPOINTER_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: { file: this.file, module: BETTER_SQLITE3, intervalMs: 100 },
    });
    w.unref();
    w.on('error', () => {
      /* checkpoints fall back to the writer's autocheckpoint */
    });
    w.on('exit', () => {
      if (this.checkpointer === w) this.checkpointer = undefined;
    });
    this.checkpointer = w;
  }

  private async acquire(): Promise<() => void> {
    this.pending++;
    let release!: () => void;
    const mine = new Promise<void>((r) => {
      release = r;
    });
    const prev = this.tail;
    this.tail = prev.then(() => mine);
    await prev;
    return () => {
      this.pending--;
      release();
    };
  }

  /** Runs a single statement: at once when nothing holds the lock, else in turn. */
  private async inTurn<T>(op: () => Promise<T>): Promise<T> {
    if (this.pending === 0) return op();
    const release = await this.acquire();
    try {
      return await op();
    } finally {
      release();
    }
  }

  override all<T>(sql: string, params?: readonly SqlParam[]): Promise<T[]> {
    return this.inTurn(() => this.direct.all<T>(sql, params));
  }
  override get<T>(sql: string, params?: readonly SqlParam[]): Promise<T | undefined> {
    return this.inTurn(() => this.direct.get<T>(sql, params));
  }
  override run(sql: string, params?: readonly SqlParam[]): Promise<{ changes: number }> {
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
      this.batch.push({
        fn: fn as (tx: Db) => Promise<unknown>,
        resolve: resolve as (v: unknown) => void,
        reject,
      });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => void this.flush());
      }
    });
  }

  private readonly batch: {
    fn: (tx: Db) => Promise<unknown>;
    resolve: (v: unknown) => void;
    reject: (e: unknown) => void;
  }[] = [];
  private flushScheduled = false;
  private static readonly MAX_BATCH = 256;
  /** Group-commit statistics: batches committed and transactions in them. */
  batches = 0;
  batched = 0;

  private async flush(): Promise<void> {
    const release = await this.acquire();
    const items = this.batch.splice(0, SqliteDb.MAX_BATCH);
    this.flushScheduled = false;
    if (this.batch.length) {
      this.flushScheduled = true;
      setImmediate(() => void this.flush());
    }
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
    if (this.batches === 64) this.startCheckpointer();
    release();
    items.forEach((item, i) => {
      const r = results[i];
      if (r.ok) item.resolve(r.value);
      else item.reject(r.error);
    });
  }

  override async close(): Promise<void> {
    const w = this.checkpointer;
    this.checkpointer = undefined;
    // the checkpointer's connection closes first, so the writer's close can checkpoint and remove the WAL
    if (w) {
      w.ref(); // an unref'd worker's exit would not keep this process alive while close() waits for it
      await new Promise<void>((resolve) => {
        w.once('exit', () => resolve());
        w.postMessage('close');
      });
    }
    if (this.conn.open) this.conn.close();
  }
}

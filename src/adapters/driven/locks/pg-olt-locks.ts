/**
 * One writer per OLT across controller instances (design §8, issue 5 item 8): on PostgreSQL several
 * instances share the database, so the in-process mutex is joined by a session-level
 * `pg_advisory_lock` per OLT held on a dedicated connection (not a pooled one: the lock must outlive
 * transactions, and dies with the connection if the instance crashes, so a crashed writer never
 * blocks the OLT for good).
 */
import pg from 'pg';
import { OltLockTimeoutError, type OltLocks } from '../../../application/ports/olt-locks.ts';
import { InProcessOltLocks } from './in-process-olt-locks.ts';

/** ASCII 'pono': the advisory-lock class of OLT write locks (the object id is hashtext(schema/olt)). */
const LOCK_CLASS = 0x706f6e6f;

export interface PgOltLocksOptions {
  url: string;
  /** Schema of the store: part of the key, so separate deployments on one server never contend. */
  schema?: string;
  /** Give up after this long (default 60 s) with OltLockTimeoutError. */
  waitMs?: number;
  pollMs?: number;
}

export class PgOltLocks implements OltLocks {
  private readonly local = new InProcessOltLocks();
  private client: pg.Client | undefined;
  private connecting: Promise<pg.Client> | undefined;
  /** The last query on the connection (see `serially`). */
  private tail: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: PgOltLocksOptions) {}

  private async conn(): Promise<pg.Client> {
    if (this.client) return this.client;
    this.connecting ??= (async () => {
      const c = new pg.Client({ connectionString: this.o.url });
      c.on('error', () => {
        if (this.client === c) this.client = undefined;
      });
      c.on('end', () => {
        if (this.client === c) this.client = undefined;
      });
      await c.connect();
      this.client = c;
      return c;
    })().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  /**
   * One query at a time on the one connection: a pass's lanes lock and unlock their OLTs at once, and
   * a query sent while another runs was queued by pg with a deprecation warning (pg 8: "client.query()
   * when the client is already executing a query"; pg 9 refuses it). Each query is short (try-lock).
   */
  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  private key(olt: string): string {
    return `${this.o.schema ?? ''}/${olt}`;
  }

  withOlt<T>(olt: string, fn: () => Promise<T>): Promise<T> {
    return this.local.withOlt(olt, async () => {
      const waitMs = this.o.waitMs ?? 60_000;
      const t0 = Date.now();
      const c = await this.conn();
      // try-lock in a loop, not a blocking pg_advisory_lock: the one connection serves every OLT of
      // this instance, and a blocked query would hold up the others' unlocks
      for (;;) {
        const r = await this.serially(() =>
          c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::int, hashtext($2)) AS ok', [
            LOCK_CLASS,
            this.key(olt),
          ]),
        );
        if (r.rows[0]?.ok) break;
        if (Date.now() - t0 > waitMs) throw new OltLockTimeoutError(olt, Date.now() - t0);
        await new Promise((res) => setTimeout(res, this.o.pollMs ?? 25));
      }
      try {
        return await fn();
      } finally {
        await this.serially(() =>
          c.query('SELECT pg_advisory_unlock($1::int, hashtext($2))', [LOCK_CLASS, this.key(olt)]),
        ).catch(() => {
          // the connection died: the server released the lock with it
        });
      }
    });
  }

  async close(): Promise<void> {
    const c = this.client;
    this.client = undefined;
    await c?.end().catch(() => undefined);
  }
}

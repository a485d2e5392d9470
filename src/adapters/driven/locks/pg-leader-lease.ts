/**
 * Single-active monitoring across controller instances on PostgreSQL (design §8: instances share
 * work through the database, a crashed instance's work is taken over). Two instances polling the
 * same OLTs would each open an incident for one PON cut, and the SLA engine would credit the outage
 * twice; so only the holder of this lease runs pollers, traps and correlation.
 *
 * The lease is a session-level `pg_try_advisory_lock` on a dedicated connection (like PgOltLocks:
 * a pooled connection would hand the lock to whoever borrows it next). It lives exactly as long as
 * the session: if the leader's process dies, PostgreSQL ends the session and frees the lock, and
 * the next retry of another instance takes over. On SQLite (one instance) no lease is used.
 */
import pg from 'pg';

/** ASCII 'ponm': the advisory-lock class of the monitoring leader (object id hashtext(schema/…)). */
const LOCK_CLASS = 0x706f6e6d;

export interface LeaderLeaseOptions {
  url: string;
  /** Schema of the store: part of the key, so separate deployments on one server each have a leader. */
  schema?: string;
  /** How often a non-leader retries, and a leader checks its session is alive (default 3 s). */
  retryMs?: number;
  onError?: (e: unknown) => void;
}

export interface LeaderCallbacks {
  /** Called on gaining the lease (e.g. MonitoringService.start, which restores open incidents). */
  onGain(): Promise<void>;
  /** Called on losing it (session died) or on stop, before the lock is released. */
  onLose(): Promise<void>;
}

export class PgLeaderLease {
  private client: pg.Client | undefined;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private held = false;
  private stopped = false;

  constructor(
    private readonly o: LeaderLeaseOptions,
    private readonly cb: LeaderCallbacks,
  ) {}

  /** True while this instance holds the lease and its monitoring runs. */
  get leader(): boolean {
    return this.held;
  }

  /** Tries at once, then every `retryMs`; resolves after the first attempt. */
  start(): Promise<void> {
    this.stopped = false;
    this.timer = setInterval(() => void this.step(), this.o.retryMs ?? 3000);
    return this.step();
  }

  /** Stops monitoring if leading and ends the session, which frees the lock for another instance. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.serial(async () => {
      await this.lose();
      const c = this.client;
      this.client = undefined;
      await c?.end().catch(() => undefined);
    });
  }

  private serial(fn: () => Promise<void>): Promise<void> {
    const run = this.chain.then(fn);
    this.chain = run.catch((e) => this.o.onError?.(e));
    return this.chain;
  }

  private step(): Promise<void> {
    return this.serial(async () => {
      if (this.stopped) return;
      if (this.held) {
        // the lock is only as alive as the session: a dead connection means another instance may lead
        try {
          await this.client!.query('SELECT 1');
        } catch {
          await this.lose();
        }
        return;
      }
      const c = await this.conn();
      const r = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::int, hashtext($2)) AS ok', [
        LOCK_CLASS,
        `${this.o.schema ?? ''}/monitoring-leader`,
      ]);
      if (!r.rows[0]?.ok || this.stopped) return;
      this.held = true;
      try {
        await this.cb.onGain();
      } catch (e) {
        // could not start: give the lease back so another instance can lead
        await this.lose();
        await c
          .query('SELECT pg_advisory_unlock($1::int, hashtext($2))', [
            LOCK_CLASS,
            `${this.o.schema ?? ''}/monitoring-leader`,
          ])
          .catch(() => undefined);
        throw e;
      }
    });
  }

  private async lose(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    await this.cb.onLose();
  }

  private async conn(): Promise<pg.Client> {
    if (this.client) return this.client;
    const c = new pg.Client({ connectionString: this.o.url });
    // the session (and the lock with it) is gone: stop leading at the next step, reconnect after
    const gone = () => {
      if (this.client !== c) return;
      this.client = undefined;
      if (this.held) void this.serial(() => this.lose());
    };
    c.on('error', gone);
    c.on('end', gone);
    await c.connect();
    this.client = c;
    return c;
  }
}

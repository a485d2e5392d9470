/**
 * What the controller instances sharing one store keep there about each other (design §8, issue 16):
 * the instances registry (who is alive: a registration with a heartbeat and an expiry), each OLT's
 * monitoring lease, and notifications relayed from the instance that received them to the instance
 * that owns their OLT.
 *
 * Every expiry is computed on the DATABASE's clock (PostgreSQL `statement_timestamp()`, SQLite's
 * `'now'`), never an instance's: instances on several hosts, or started with an injected controller
 * clock (`PONCTL_CLOCK`), must agree on when a registration or a lease ran out.
 *
 * On SQLite the store is embedded in ONE process (design §8), so there is one live instance: joining
 * declares every other registered instance dead at once (a restart after a crash recovers at once,
 * without waiting out the dead run's expiry).
 */

/** One controller instance as the registry holds it; instants are ISO strings of the database's clock. */
export interface InstanceRecord {
  /** `config.instanceId` (`PONCTL_INSTANCE`): stable across restarts when configured. */
  id: string;
  /** Random per process start: tells a restarted instance from the run before it. */
  incarnation: string;
  host: string;
  /** The controller's version (package.json). */
  version: string;
  startedAt: string;
  heartbeatAt: string;
  /** When the registration runs out unless heartbeated again. */
  expiresAt: string;
}

export interface InstanceRepository {
  /**
   * Registers this incarnation for `ttlMs`. Returns the registrations it replaced, which are dead:
   * an earlier incarnation of the same id (a restart), and on SQLite every other instance.
   */
  join(
    me: Pick<InstanceRecord, 'id' | 'incarnation' | 'host' | 'version'>,
    ttlMs: number,
  ): Promise<InstanceRecord[]>;

  /** Extends this incarnation's registration by `ttlMs`; false when it is gone (declared dead). */
  heartbeat(id: string, incarnation: string, ttlMs: number): Promise<boolean>;

  /** Registrations not run out, by start (oldest first). */
  live(): Promise<InstanceRecord[]>;

  /** Deletes the registrations that ran out and returns them: each is returned to one caller only. */
  reapExpired(): Promise<InstanceRecord[]>;

  /** Removes this incarnation's registration (a clean stop). */
  leave(id: string, incarnation: string): Promise<void>;

  /** The database's clock, epoch ms. */
  nowMs(): Promise<number>;
}

/** An OLT's monitoring lease; `owner` undefined = released. Instants: epoch ms of the database's clock. */
export interface OltLeaseRecord {
  olt: string;
  owner?: string;
  /** Grows by one at every change of owner: a fencing token for the OLT's monitoring records. */
  epoch: number;
  acquiredMs: number;
  expiresMs: number;
}

export interface OltLeaseRepository {
  /**
   * Takes `olt` for `owner` for `ttlMs` when it is free, ran out, is already `owner`'s (renewed), or
   * is held by an instance no longer registered (declared dead: its leases end with it); the lease,
   * or undefined when another owner holds it.
   */
  acquire(olt: string, owner: string, ttlMs: number): Promise<OltLeaseRecord | undefined>;

  /** Extends every lease `owner` holds by `ttlMs`; returns the OLTs it holds. */
  renewAll(owner: string, ttlMs: number): Promise<string[]>;

  /** Gives up `olts` where `owner` holds them (they are free from now on). */
  release(owner: string, olts: readonly string[]): Promise<void>;

  /** Every lease row, held, run out or released, by OLT. */
  list(): Promise<OltLeaseRecord[]>;
}

/** A notification received by one instance for an OLT another instance owns. */
export interface RelayedTrapRecord {
  /** Increasing: the order notifications were relayed in. */
  id: number;
  olt: string;
  receivedBy: string;
  receivedAt: string;
  /** JSON text (application/monitoring/trap-relay.ts). */
  body: string;
}

export interface TrapRelayRepository {
  relay(t: Omit<RelayedTrapRecord, 'id'>): Promise<void>;

  /** Takes (removes and returns) up to `limit` relayed notifications of `olts`, in relay order. */
  drain(olts: readonly string[], limit: number): Promise<RelayedTrapRecord[]>;
}

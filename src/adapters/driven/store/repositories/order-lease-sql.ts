/**
 * The order lease rule in SQL, one text for every claim of orders (orders.claimDueOrders,
 * provisioning.claim and claimOlt; design §8) and both dialects but the clock (db-clock.ts).
 *
 * An order leased to a controller instance stays its own while that instance's registration is live
 * (`instances.expires_ms`, on the database's clock, pushed forward by its heartbeat every L/4 —
 * application/cluster/membership.ts), whatever the order's `lease_until` says: the heartbeat is one
 * row per instance, not one per held order. Before, every beat rewrote `lease_until` of every order
 * a pass held (up to 8 OLTs of 1 024 orders every 2.5 s): a cost of the run's size times its
 * length, with a dead row and an index entry per rewrite on a PostgreSQL without vacuum, which made
 * every scan of open orders slower as the run went on (bench scale: PostgreSQL CPU per order 0.9 ms
 * at 2 048 orders, 10.3 ms at 16 384).
 * An instance that dies stops beating: its registration runs out within 5L/8 and its orders are
 * released when it is declared dead (crash-recovery.ts), or free as soon as their `lease_until` has
 * passed. Owners that are not instances (backoff, reservations) and instances never registered
 * (a store without membership) hold until `lease_until` only.
 */
import type { Dialect } from '../db.ts';
import { dbNowMs } from './db-clock.ts';

/** The ids of live registrations (a subquery; a handful of rows, hashed once per statement). */
const liveInstances = (d: Dialect) => `SELECT id FROM instances WHERE expires_ms >= ${dbNowMs(d)}`;

/** SQL and its parameters: the order's lease lets `owner` claim it at `now` (epoch ms). */
export function claimableBy(
  d: Dialect,
  owner: string,
  now: number,
): { sql: string; params: [string, number] } {
  return {
    sql: `(lease_until IS NULL OR lease_owner = ? OR (lease_until < ?
            AND (lease_owner IS NULL OR lease_owner NOT IN (${liveInstances(d)}))))`,
    params: [owner, now],
  };
}

/** SQL and its parameters: the order is held at `now` by an owner other than those in `notOwners`. */
export function heldByOther(
  d: Dialect,
  notOwners: readonly string[],
  now: number,
): { sql: string; params: (string | number)[] } {
  return {
    sql: `(lease_owner NOT IN (${notOwners.map(() => '?').join(', ')})
            AND (lease_until >= ? OR lease_owner IN (${liveInstances(d)})))`,
    params: [...notOwners, now],
  };
}

/**
 * The database's clock as SQL (application/ports/store/cluster.ts: registrations and leases expire
 * on ONE clock, the database's, whatever the instances' clocks say), in epoch milliseconds.
 */
import type { Dialect } from '../db.ts';

/** An SQL expression: now on the database server, epoch ms (BIGINT). */
export function dbNowMs(dialect: Dialect): string {
  return dialect === 'postgres'
    ? `(EXTRACT(EPOCH FROM clock_timestamp()) * 1000)::BIGINT`
    : `CAST(ROUND((julianday('now') - 2440587.5) * 86400000.0) AS INTEGER)`;
}

export const isoOfMs = (ms: unknown): string => new Date(Number(ms)).toISOString();

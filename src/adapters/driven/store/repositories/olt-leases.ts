/**
 * `SqlOltLeaseRepository`: the `OltLeaseRepository` port (application/ports/store/cluster.ts) in SQL,
 * one text for both dialects but the clock expression (db-clock.ts). Taking a lease is one upsert
 * whose condition is the whole rule (free, run out, or already mine), so two instances racing for
 * one OLT cannot both win.
 */
import type { OltLeaseRecord, OltLeaseRepository } from '../../../../application/ports/store/cluster.ts';
import { optStr, type Db } from '../db.ts';
import { dbNowMs } from './db-clock.ts';

const toLease = (r: Record<string, unknown>): OltLeaseRecord => ({
  olt: String(r.olt),
  owner: optStr(r.owner),
  epoch: Number(r.epoch),
  acquiredMs: Number(r.acquired_ms),
  expiresMs: Number(r.expires_ms),
});

export class SqlOltLeaseRepository implements OltLeaseRepository {
  private readonly now: string;
  constructor(private readonly db: Db) {
    this.now = dbNowMs(db.dialect);
  }

  async acquire(olt: string, owner: string, ttlMs: number): Promise<OltLeaseRecord | undefined> {
    const r = await this.db.get(
      `INSERT INTO olt_leases (olt, owner, epoch, acquired_ms, expires_ms) VALUES (?, ?, 1, ${this.now}, ${this.now} + ?)
       ON CONFLICT (olt) DO UPDATE SET owner = excluded.owner, expires_ms = excluded.expires_ms,
         epoch = CASE WHEN olt_leases.owner = excluded.owner THEN olt_leases.epoch ELSE olt_leases.epoch + 1 END,
         acquired_ms = CASE WHEN olt_leases.owner = excluded.owner THEN olt_leases.acquired_ms ELSE excluded.acquired_ms END
       WHERE olt_leases.owner IS NULL OR olt_leases.owner = excluded.owner OR olt_leases.expires_ms < ${this.now}
         OR NOT EXISTS (SELECT 1 FROM instances i WHERE i.id = olt_leases.owner AND i.expires_ms >= ${this.now})
       RETURNING *`,
      [olt, owner, ttlMs],
    );
    return r && toLease(r);
  }

  async renewAll(owner: string, ttlMs: number): Promise<string[]> {
    const rows = await this.db.all<{ olt: string }>(
      `UPDATE olt_leases SET expires_ms = ${this.now} + ? WHERE owner = ? RETURNING olt`,
      [ttlMs, owner],
    );
    return rows.map((r) => String(r.olt)).sort();
  }

  async release(owner: string, olts: readonly string[]): Promise<void> {
    if (!olts.length) return;
    // expires_ms = now: "free since", so a lease nobody takes up can be told from a fresh release
    await this.db.run(
      `UPDATE olt_leases SET owner = NULL, expires_ms = ${this.now}
       WHERE owner = ? AND olt IN (${olts.map(() => '?').join(', ')})`,
      [owner, ...olts],
    );
  }

  async list(): Promise<OltLeaseRecord[]> {
    return (await this.db.all('SELECT * FROM olt_leases ORDER BY olt')).map(toLease);
  }
}

/**
 * `SqlTrapRelayRepository`: the `TrapRelayRepository` port (application/ports/store/cluster.ts) in
 * SQL, one text for both dialects (the key is generated: 070_cluster.{sqlite,postgres}.sql). A
 * drain is one DELETE … RETURNING, so a relayed notification is handed to one drainer only.
 */
import type { RelayedTrapRecord, TrapRelayRepository } from '../../../../application/ports/store/cluster.ts';
import type { Db } from '../db.ts';

export class SqlTrapRelayRepository implements TrapRelayRepository {
  constructor(private readonly db: Db) {}

  async relay(t: Omit<RelayedTrapRecord, 'id'>): Promise<void> {
    await this.db.run('INSERT INTO relayed_traps (olt, received_by, received_at, body) VALUES (?, ?, ?, ?)', [
      t.olt,
      t.receivedBy,
      t.receivedAt,
      t.body,
    ]);
  }

  async drain(olts: readonly string[], limit: number): Promise<RelayedTrapRecord[]> {
    if (!olts.length) return [];
    const rows = await this.db.all(
      `DELETE FROM relayed_traps WHERE id IN (
         SELECT id FROM relayed_traps WHERE olt IN (${olts.map(() => '?').join(', ')}) ORDER BY id LIMIT ?)
       RETURNING *`,
      [...olts, limit],
    );
    return rows
      .map((r) => ({
        id: Number(r.id),
        olt: String(r.olt),
        receivedBy: String(r.received_by),
        receivedAt: String(r.received_at),
        body: String(r.body),
      }))
      .sort((a, b) => a.id - b.id);
  }
}

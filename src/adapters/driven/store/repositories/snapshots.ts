/**
 * `SqlSnapshotRepository`: the `SnapshotRepository` port (application/ports/store/snapshots.ts) in SQL, one text for both
 * dialects (db.ts: `?` placeholders, 0/1 booleans, JSON as TEXT).
 */
import type { PortSnapshot } from '../../../../domain/unblocking/snapshot.ts';
import { fromJson, toJson, type Db } from '../db.ts';
import {
  type SnapshotState,
  type SnapshotRepository,
} from '../../../../application/ports/store/snapshots.ts';

const toSnapshot = (r: Record<string, unknown>): PortSnapshot => ({
  ...fromJson<PortSnapshot>(r.body),
  state: r.state as SnapshotState,
  newAdapterId: r.new_adapter_id == null ? undefined : String(r.new_adapter_id),
});

export class SqlSnapshotRepository implements SnapshotRepository {
  constructor(private readonly db: Db) {}

  async insert(s: PortSnapshot): Promise<void> {
    await this.db.run(
      `INSERT INTO port_snapshots (id, adapter_id, sp_id, new_sp_id, new_adapter_id, taken_by_order, olt, pon, onu_id, taken_at,
         dispute_until, state, body, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        s.id,
        s.adapterId,
        s.sp,
        s.newSp,
        s.newAdapterId ?? null,
        s.takenByOrder,
        s.port.olt,
        s.port.pon,
        s.port.onuId,
        s.takenAt,
        s.disputeUntil,
        s.state,
        toJson(s),
        s.takenAt,
      ],
    );
  }

  async get(id: string): Promise<PortSnapshot | undefined> {
    const r = await this.db.get('SELECT * FROM port_snapshots WHERE id = ?', [id]);
    return r && toSnapshot(r);
  }
  async latestForAdapter(adapterId: string): Promise<PortSnapshot | undefined> {
    const r = await this.db.get(
      'SELECT * FROM port_snapshots WHERE adapter_id = ? ORDER BY taken_at DESC LIMIT 1',
      [adapterId],
    );
    return r && toSnapshot(r);
  }
  async byOrder(orderId: string): Promise<PortSnapshot | undefined> {
    const r = await this.db.get(
      'SELECT * FROM port_snapshots WHERE taken_by_order = ? ORDER BY taken_at DESC LIMIT 1',
      [orderId],
    );
    return r && toSnapshot(r);
  }
  async remove(id: string): Promise<void> {
    await this.db.run('DELETE FROM port_snapshots WHERE id = ?', [id]);
  }
  async claimForcedOrders(
    reserved: string,
    owner: string,
    staleBefore: string,
    limit = 20,
  ): Promise<string[]> {
    // `<reserved>@…`: on PostgreSQL as the byte range ['<reserved>@', '<reserved>A') of the
    // text_pattern_ops index orders_open_lease (migration 105) — the same owners as LIKE '<reserved>@%'
    // ('A' follows '@'), but a range the prepared statement's one generic plan reads through the
    // index: with the pattern a parameter, LIKE had the pass (every scheduler tick) planned anew each
    // time, and planning cost PostgreSQL about four times running it (issue 16)
    const [prefixed, prefix] =
      this.db.dialect === 'postgres'
        ? ['lease_owner ~>=~ ? AND lease_owner ~<~ ?', [`${reserved}@`, `${reserved}A`]]
        : ['lease_owner LIKE ?', [`${reserved}@%`]];
    const rows = await this.db.all<{ id: string }>(
      `UPDATE orders SET lease_owner = ? WHERE id IN (
         SELECT id FROM orders WHERE state IN ('due', 'in-progress')
           AND (lease_owner = ? OR (${prefixed} AND updated_at < ?)) ORDER BY received_at LIMIT ?)
         AND (lease_owner = ? OR (${prefixed} AND updated_at < ?))
       RETURNING id`,
      [owner, reserved, ...prefix, staleBefore, limit, reserved, ...prefix, staleBefore],
    );
    return rows.map((r) => String(r.id));
  }
  async setState(id: string, from: SnapshotState, to: SnapshotState, at: string): Promise<boolean> {
    return (
      (
        await this.db.run('UPDATE port_snapshots SET state = ?, updated_at = ? WHERE id = ? AND state = ?', [
          to,
          at,
          id,
          from,
        ])
      ).changes > 0
    );
  }
  async expiredHeld(today: string, limit = 500): Promise<PortSnapshot[]> {
    const rows = await this.db.all(
      `SELECT * FROM port_snapshots WHERE state = 'held' AND dispute_until < ? ORDER BY taken_at LIMIT ?`,
      [today, limit],
    );
    return rows.map(toSnapshot);
  }

  /** Releasing drops the device body (the snapshot is gone, port-unblocking.md step 15); the row stays as a record. */
  async release(id: string, at: string): Promise<boolean> {
    const cur = await this.get(id);
    if (!cur || cur.state !== 'held') return false;
    const { device: _d, trafficProfiles: _p, ...rest } = cur;
    const body = toJson({ ...rest, state: 'released' });
    return (
      (
        await this.db.run(
          `UPDATE port_snapshots SET state = 'released', body = ?, updated_at = ? WHERE id = ? AND state = 'held'`,
          [body, at, id],
        )
      ).changes > 0
    );
  }
}

/**
 * `SqlProvisioningRepository`: the `ProvisioningRepository` port (application/ports/store/provisioning.ts) in SQL, one text for both
 * dialects (db.ts: `?` placeholders, 0/1 booleans, JSON as TEXT).
 */
import type { Category, OrderState } from '../../../../domain/orders/types.ts';
import { fromJson, optNum, optStr, toJson, type Db } from '../db.ts';
import { UniqueViolation } from '../../../../application/ports/store/index.ts';
import { claimableBy, heldByOther } from './order-lease-sql.ts';
import {
  BACKOFF_OWNER,
  type ClaimOltOptions,
  type RunKind,
  type RunOutcome,
  type ProvisioningRun,
  type ProvisioningRepository,
} from '../../../../application/ports/store/provisioning.ts';

const toRun = (r: Record<string, unknown>): ProvisioningRun => ({
  id: String(r.id),
  olt: String(r.olt),
  instance: String(r.instance),
  kind: r.kind as RunKind,
  startedMs: Number(r.started_ms),
  finishedMs: optNum(r.finished_ms),
  outcome: optStr(r.outcome) as RunOutcome | undefined,
  orders: fromJson<string[]>(r.orders) ?? [],
  changes: optNum(r.changes),
  error: optStr(r.error),
  detail: r.detail == null ? undefined : fromJson(r.detail),
});

export class SqlProvisioningRepository implements ProvisioningRepository {
  constructor(private readonly db: Db) {}

  async vlanBase(spId: string, at: string, baseFor: (n: number) => number): Promise<number> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const r = await this.db.get<{ vlan_base: number }>('SELECT vlan_base FROM sp_vlans WHERE sp_id = ?', [
        spId,
      ]);
      if (r) return Number(r.vlan_base);
      const n = await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM sp_vlans');
      try {
        await this.db.run('INSERT INTO sp_vlans (sp_id, vlan_base, created_at) VALUES (?, ?, ?)', [
          spId,
          baseFor(Number(n?.n ?? 0) + attempt),
          at,
        ]);
      } catch (e) {
        if (!(e instanceof UniqueViolation)) throw e; // another instance allocated at the same time: read again
      }
    }
    throw new Error(`could not allocate a VLAN base for ${spId}`);
  }
  async claim(
    categories: readonly Category[],
    limit: number,
    owner: string,
    leaseMs: number,
    now = Date.now(),
    states: readonly OrderState[] = ['due', 'in-progress'],
    o: { withoutOlt?: boolean } = {},
  ): Promise<string[]> {
    const lock = this.db.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
    const free = claimableBy(this.db.dialect, owner, now);
    const ids = await this.db.all<{ id: string }>(
      `UPDATE orders SET lease_owner = ?, lease_until = ? WHERE id IN (
         SELECT id FROM orders WHERE state IN (${states.map(() => '?').join(', ')}) AND category IN (${categories.map(() => '?').join(', ')})
           AND ${free.sql}${o.withoutOlt ? ' AND olt IS NULL' : ''}
         ORDER BY planned_date, received_at LIMIT ? ${lock})
       RETURNING id`,
      [owner, now + leaseMs, ...states, ...categories, ...free.params, limit],
    );
    return ids.map((r) => String(r.id));
  }
  async claimOlt(
    categories: readonly Category[],
    limit: number,
    owner: string,
    leaseMs: number,
    o: ClaimOltOptions,
  ): Promise<{ olt: string; ids: string[] } | undefined> {
    const now = o.now ?? Date.now();
    const cats = categories.map(() => '?').join(', ');
    const free = claimableBy(this.db.dialect, owner, now);
    const held = heldByOther(this.db.dialect, [owner, ...o.notInstances], now);
    const busy = [...o.busy];
    // per OLT with open orders: its earliest claimable order, unless another instance holds a live
    // lease there. A few index probes per OLT, not a read of every open order (issue 16: grouping all
    // 16 384 open orders took 50–70 ms of PostgreSQL per claim): the OLTs by a skip scan of an index
    // led by olt (a recursive MIN: PostgreSQL has no loose index scan), per OLT one leased order of
    // another instance through orders_olt_lease (free orders, lease_owner NULL, are not read; a
    // scalar LIMIT 1, where an EXISTS was planned as one read of every leased order), and only if
    // there is none, its first claimable order through orders_olt_planned in planned order.
    const rows = await this.db.all<{ olt: string; first: string | null }>(
      `WITH RECURSIVE o(name) AS (
         SELECT MIN(olt) FROM orders WHERE olt IS NOT NULL AND state IN ('due', 'in-progress')
         UNION ALL
         SELECT (SELECT MIN(olt) FROM orders WHERE olt > o.name AND state IN ('due', 'in-progress'))
           FROM o WHERE o.name IS NOT NULL)
       SELECT name AS olt, CASE
           WHEN (SELECT lease_owner FROM orders WHERE olt = o.name AND state IN ('due', 'in-progress')
                   AND lease_owner IS NOT NULL AND category IN (${cats}) AND ${held.sql} LIMIT 1) IS NOT NULL
             THEN NULL
           ELSE (SELECT planned_date FROM orders
                   WHERE olt = o.name AND state IN ('due', 'in-progress') AND category IN (${cats}) AND ${free.sql}
                   ORDER BY planned_date LIMIT 1) END AS first
         FROM o WHERE name IS NOT NULL${busy.length ? ` AND name NOT IN (${busy.map(() => '?').join(', ')})` : ''}`,
      [...categories, ...held.params, ...categories, ...free.params, ...busy],
    );
    const candidates = rows
      .filter((r) => r.first != null)
      .map((r) => ({ olt: String(r.olt), first: String(r.first), rank: o.rank(String(r.olt)) }))
      .sort((a, b) => (a.first < b.first ? -1 : a.first > b.first ? 1 : a.rank - b.rank));
    const lock = this.db.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
    for (const c of candidates) {
      const ids = await this.db.all<{ id: string }>(
        `UPDATE orders SET lease_owner = ?, lease_until = ? WHERE id IN (
           SELECT id FROM orders WHERE olt = ? AND state IN ('due', 'in-progress') AND category IN (${cats})
             AND ${free.sql}
           ORDER BY planned_date, received_at LIMIT ? ${lock})
         RETURNING id`,
        [owner, now + leaseMs, c.olt, ...categories, ...free.params, limit],
      );
      if (ids.length) return { olt: c.olt, ids: ids.map((r) => String(r.id)) };
    }
    return undefined;
  }
  async backoff(orderId: string, untilMs: number): Promise<void> {
    await this.db.run('UPDATE orders SET lease_owner = ?, lease_until = ? WHERE id = ?', [
      BACKOFF_OWNER,
      untilMs,
      orderId,
    ]);
  }
  async release(orderIds: readonly string[], owner: string): Promise<number> {
    if (!orderIds.length) return 0;
    if (this.db.dialect === 'sqlite')
      return (
        await this.db.run(
          `UPDATE orders SET lease_owner = NULL, lease_until = NULL
             WHERE lease_owner = ? AND state IN ('due', 'in-progress') AND id IN (${orderIds.map(() => '?').join(', ')})`,
          [owner, ...orderIds],
        )
      ).changes;
    // PostgreSQL: rows an open transaction holds are skipped, not waited for (a multi-row UPDATE locking
    // in scan order against the batch transactions that settle orders row by row deadlocked, 40P01 in
    // bench scale); a skipped order is being settled, or stays this owner's and its next pass takes it.
    // The ids go as one array (one text whatever their number, prepared once: postgres-db.ts), joined
    // with the open orders the owner holds (orders_open_lease), where a list of 1 024 placeholders was
    // parsed and planned at every release of a claimed OLT's orders
    return (
      await this.db.run(
        `UPDATE orders SET lease_owner = NULL, lease_until = NULL WHERE id IN (
           SELECT o.id FROM unnest(?::text[]) AS x(id) JOIN orders o ON o.id = x.id
             WHERE o.lease_owner = ? AND o.state IN ('due', 'in-progress')
           FOR UPDATE OF o SKIP LOCKED)`,
        [orderIds, owner],
      )
    ).changes;
  }
  async releaseLeasesOf(owner: string): Promise<number> {
    const r = await this.db.run(
      `UPDATE orders SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = ? AND state IN ('due', 'in-progress')`,
      [owner],
    );
    return r.changes;
  }
  async abandonRuns(
    q: { instance: string } | { aliveInstances: readonly string[]; startedBeforeMs: number },
    finishedMs: number,
    error: string,
  ): Promise<Pick<ProvisioningRun, 'id' | 'olt' | 'instance' | 'kind'>[]> {
    // the partial index provisioning_runs_open (085) keeps this cheap however many runs are recorded
    const [where, args] =
      'instance' in q
        ? ['instance = ?', [q.instance]]
        : [
            `started_ms < ?${q.aliveInstances.length ? ` AND instance NOT IN (${q.aliveInstances.map(() => '?').join(', ')})` : ''}`,
            [q.startedBeforeMs, ...q.aliveInstances],
          ];
    const rows = await this.db.all(
      `UPDATE provisioning_runs SET finished_ms = ?, outcome = 'abandoned', error = ?
         WHERE finished_ms IS NULL AND ${where} RETURNING id, olt, instance, kind`,
      [finishedMs, error, ...args],
    );
    return rows.map((r) => ({
      id: String(r.id),
      olt: String(r.olt),
      instance: String(r.instance),
      kind: r.kind as RunKind,
    }));
  }
  async moveAccess(
    adapterId: string,
    to: { olt: string; pon: string; onuId: number; addressKey: string },
    at: string,
  ): Promise<void> {
    await this.db.run(
      'UPDATE accesses SET olt = ?, pon = ?, onu_id = ?, address_key = ?, updated_at = ? WHERE adapter_id = ?',
      [to.olt, to.pon, to.onuId, to.addressKey, at, adapterId],
    );
  }

  async startRun(r: Omit<ProvisioningRun, 'finishedMs' | 'outcome'>): Promise<void> {
    await this.db.run(
      'INSERT INTO provisioning_runs (id, olt, instance, kind, started_ms, orders) VALUES (?, ?, ?, ?, ?, ?)',
      [r.id, r.olt, r.instance, r.kind, r.startedMs, toJson(r.orders)],
    );
  }

  async finishRun(
    id: string,
    f: {
      finishedMs: number;
      outcome: RunOutcome;
      changes?: number;
      error?: string;
      detail?: Record<string, unknown>;
      orders?: string[];
    },
  ): Promise<void> {
    await this.db.run(
      `UPDATE provisioning_runs SET finished_ms = ?, outcome = ?, changes = ?, error = ?, detail = ?${f.orders ? ', orders = ?' : ''} WHERE id = ?`,
      [
        f.finishedMs,
        f.outcome,
        f.changes ?? null,
        f.error ?? null,
        toJson(f.detail),
        ...(f.orders ? [toJson(f.orders)] : []),
        id,
      ],
    );
  }

  async runs(q: { olt?: string; limit?: number } = {}): Promise<ProvisioningRun[]> {
    const rows = await this.db.all(
      `SELECT * FROM provisioning_runs WHERE (? = '' OR olt = ?) ORDER BY started_ms DESC LIMIT ?`,
      [q.olt ?? '', q.olt ?? '', q.limit ?? 1000],
    );
    return rows.map(toRun);
  }
}

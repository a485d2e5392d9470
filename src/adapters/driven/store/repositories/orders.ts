/**
 * `SqlOrderRepository`: the `OrderRepository` port (application/ports/store/orders.ts) in SQL, one text for both
 * dialects (db.ts: `?` placeholders, 0/1 booleans, JSON as TEXT).
 */
import type { Category, Form, OrderInput, OrderState } from '../../../../domain/orders/types.ts';
import { claimableBy } from './order-lease-sql.ts';
import {
  anyOf,
  batches,
  fromJson,
  keysetAfter,
  optNum,
  optStr,
  rowsOf,
  toJson,
  type Db,
  type SqlValue,
} from '../db.ts';
import {
  OPEN_ORDER_STATES,
  type OrderDetail,
  type OrderMove,
  type OrderRecord,
  type OrderPatch,
  type OrderQuery,
  type OrderRepository,
  type OrderVersion,
} from '../../../../application/ports/store/orders.ts';

const inList = (xs: readonly string[]) => xs.map((s) => `'${s}'`).join(', ');
const isOpen = (s: OrderState): number => (OPEN_ORDER_STATES.includes(s) ? 1 : 0);
const OPEN_IN = inList(OPEN_ORDER_STATES);
const sameStates = (a: readonly OrderState[], b: readonly OrderState[]) =>
  a.length === b.length && b.every((x) => a.includes(x));

const toOrder = (r: Record<string, unknown>): OrderRecord => ({
  id: String(r.id),
  spId: String(r.sp_id),
  form: r.form as Form,
  category: r.category as Category,
  state: r.state as OrderState,
  adapterId: optStr(r.adapter_id),
  olt: optStr(r.olt),
  input: fromJson<OrderInput>(r.input),
  receivedAt: String(r.received_at),
  receivedDate: String(r.received_date),
  plannedDate: optStr(r.planned_date),
  deadline: optStr(r.deadline),
  feeCents: optNum(r.fee_cents),
  // the form is the row's own: rows written before the detail carried it read the same
  detail:
    r.detail == null
      ? undefined
      : ({ ...fromJson<OrderDetail>(r.detail), form: r.form as Form } as OrderDetail),
  leaseOwner: optStr(r.lease_owner),
  leaseUntil: optNum(r.lease_until),
  updatedAt: String(r.updated_at),
});

export class SqlOrderRepository implements OrderRepository {
  /** Open-order deltas by SP this transaction writes at its commit (PostgreSQL; Db.deferToCommit). */
  private deferred?: Map<string, number>;

  constructor(private readonly db: Db) {}

  /**
   * The SP's open-order count moves by `delta` (sp_open_orders, migration 095): at once on SQLite
   * (one writer), at the commit on PostgreSQL, in SP order, so the SP's one hot row is locked only
   * for the commit and never before a lock another transaction holds while waiting for it.
   */
  private async moveOpenCount(spId: string, delta: number): Promise<void> {
    if (this.deferred) {
      this.deferred.set(spId, (this.deferred.get(spId) ?? 0) + delta);
      return;
    }
    const deferred = new Map([[spId, delta]]);
    if (this.db.deferToCommit?.(() => this.writeOpenCounts(deferred))) {
      this.deferred = deferred;
      return;
    }
    await this.writeOpenCount(spId, delta);
  }

  private async writeOpenCounts(deltas: Map<string, number>): Promise<void> {
    this.deferred = undefined;
    for (const sp of [...deltas.keys()].sort()) await this.writeOpenCount(sp, deltas.get(sp)!);
  }

  private async writeOpenCount(spId: string, delta: number): Promise<void> {
    if (delta === 0) return;
    await this.db.run(
      `INSERT INTO sp_open_orders (sp_id, open_orders) VALUES (?, ?)
       ON CONFLICT (sp_id) DO UPDATE SET open_orders = sp_open_orders.open_orders + excluded.open_orders`,
      [spId, delta],
    );
  }

  async openCount(spId: string): Promise<number> {
    const r = await this.db.get<{ n: number }>(
      'SELECT open_orders AS n FROM sp_open_orders WHERE sp_id = ?',
      [spId],
    );
    return Number(r?.n ?? 0) + (this.deferred?.get(spId) ?? 0);
  }

  async insert(o: OrderRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO orders (id, sp_id, form, category, state, adapter_id, input, received_at, received_date, planned_date, deadline,
         fee_cents, detail, lease_owner, lease_until, updated_at, olt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        o.id,
        o.spId,
        o.form,
        o.category,
        o.state,
        o.adapterId ?? null,
        toJson(o.input),
        o.receivedAt,
        o.receivedDate,
        o.plannedDate ?? null,
        o.deadline ?? null,
        o.feeCents ?? null,
        toJson(o.detail),
        o.leaseOwner ?? null,
        o.leaseUntil ?? null,
        o.updatedAt,
        o.olt ?? null,
      ],
    );
    if (isOpen(o.state)) await this.moveOpenCount(o.spId, 1);
  }

  async get(id: string): Promise<OrderRecord | undefined> {
    const r = await this.db.get('SELECT * FROM orders WHERE id = ?', [id]);
    return r && toOrder(r);
  }

  async list(q: OrderQuery = {}): Promise<OrderRecord[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (q.spId !== undefined) {
      where.push('sp_id = ?');
      params.push(q.spId);
    }
    if (q.states?.length && sameStates(q.states, OPEN_ORDER_STATES)) {
      // the open states verbatim as the partial indexes of migration 095 hold them (SQLite matches an
      // index's WHERE only by the same expression): an access's open orders are read from there
      where.push(`state IN (${OPEN_IN})`);
    } else if (q.states?.length) {
      where.push(`state IN (${q.states.map(() => '?').join(', ')})`);
      params.push(...q.states);
    }
    if (q.adapterId !== undefined) {
      where.push('adapter_id = ?');
      params.push(q.adapterId);
    }
    if (q.from !== undefined) {
      where.push('received_date >= ?');
      params.push(q.from);
    }
    if (q.to !== undefined) {
      where.push('received_date <= ?');
      params.push(q.to);
    }
    const after = keysetAfter([{ col: 'received_at' }, { col: 'id' }], q.after);
    if (after) {
      where.push(after.sql);
      params.push(...after.params);
    }
    params.push(q.limit ?? 1000);
    const rows = await this.db.all(
      `SELECT * FROM orders ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY received_at, id LIMIT ?`,
      params,
    );
    return rows.map(toOrder);
  }

  async count(q: { spId?: string } = {}): Promise<number> {
    const r =
      q.spId === undefined
        ? await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM orders')
        : await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM orders WHERE sp_id = ?', [q.spId]);
    return Number(r?.n ?? 0);
  }
  async getMany(ids: readonly string[]): Promise<OrderRecord[]> {
    const out: OrderRecord[] = [];
    for (const part of batches(this.db.dialect, ids)) {
      const ofIds = anyOf(this.db.dialect, 'id', part);
      const rows = await this.db.all(`SELECT * FROM orders WHERE ${ofIds.sql}`, ofIds.params);
      for (const r of rows) out.push(toOrder(r));
    }
    return out;
  }

  async versions(ids: readonly string[]): Promise<OrderVersion[]> {
    const out: OrderVersion[] = [];
    for (const part of batches(this.db.dialect, ids)) {
      const ofIds = anyOf(this.db.dialect, 'id', part);
      const rows = await this.db.all(
        `SELECT id, state, updated_at, lease_owner, lease_until FROM orders WHERE ${ofIds.sql}`,
        ofIds.params,
      );
      for (const r of rows)
        out.push({
          id: String(r.id),
          state: r.state as OrderState,
          updatedAt: String(r.updated_at),
          leaseOwner: optStr(r.lease_owner),
          leaseUntil: optNum(r.lease_until),
        });
    }
    return out;
  }

  async setStates(moves: readonly OrderMove[], o: { skipLocked?: boolean } = {}): Promise<string[]> {
    const skip = o.skipLocked === true && this.db.dialect === 'postgres';
    const groups = new Map<string, OrderMove[]>();
    for (const m of moves) {
      const k = `${m.from} ${m.to} ${m.detail !== undefined}`;
      const g = groups.get(k);
      if (g) g.push(m);
      else groups.set(k, [m]);
    }
    const moved: string[] = [];
    for (const group of groups.values()) {
      const { from, to } = group[0];
      const withDetail = group[0].detail !== undefined;
      const sets = ['state = ?', 'updated_at = v.column3'];
      if (withDetail) sets.push('detail = v.column4');
      // leaving a worked state ends the lease (as setState)
      if (to !== 'in-progress') sets.push('lease_owner = NULL', 'lease_until = NULL');
      const delta = isOpen(to) - isOpen(from);
      for (const part of batches(this.db.dialect, group)) {
        // the from-state is a column of every row, not a constant: compared with a constant,
        // PostgreSQL (a table without statistics: this database is not analysed) read every order in
        // that state through orders_state_planned and hashed them (issue 16: 22 000 index entries for
        // 256 rows); as a join column, each row is found by its primary key alone
        const v = rowsOf(
          this.db.dialect,
          part.map((m) => [m.id, from, m.at, ...(withDetail ? [toJson(m.detail)] : [])]),
        );
        // the rows no other transaction holds, locked first: the UPDATE then waits for none of them.
        // Locked as the batch's rows joined to their orders by primary key: locked by a read of their
        // own (`id = ANY(ids) AND state = ?`), the generic plan (no statistics) matched each locked id
        // against every row of the batch again, 500 × 500 per statement (issue 16: 2.8 of 6.6 s of
        // PostgreSQL CPU for 16 384 orders brought forward and provisioned, 0.76 s after)
        const rowsOfBatch = skip
          ? `(SELECT v.* FROM ${v.sql} JOIN orders o ON o.id = v.column1 AND o.state = v.column2
               FOR UPDATE OF o SKIP LOCKED) AS v`
          : v.sql;
        const rows = await this.db.all<{ id: string; sp_id: string }>(
          `UPDATE orders SET ${sets.join(', ')} FROM ${rowsOfBatch}
           WHERE orders.id = v.column1 AND orders.state = v.column2 RETURNING orders.id, orders.sp_id`,
          [to, ...v.params],
        );
        const bySp = new Map<string, number>();
        for (const r of rows) {
          moved.push(String(r.id));
          bySp.set(String(r.sp_id), (bySp.get(String(r.sp_id)) ?? 0) + delta);
        }
        // between open and final: the SP's open-order count follows, in this transaction
        if (delta !== 0) for (const [sp, d] of bySp) await this.moveOpenCount(sp, d);
      }
    }
    return moved;
  }

  async setState(
    id: string,
    from: OrderState,
    to: OrderState,
    at: string,
    patch: OrderPatch = {},
  ): Promise<boolean> {
    const sets = ['state = ?', 'updated_at = ?'];
    const params: (string | number | null)[] = [to, at];
    if ('adapterId' in patch) {
      sets.push('adapter_id = ?');
      params.push(patch.adapterId ?? null);
    }
    if ('plannedDate' in patch) {
      sets.push('planned_date = ?');
      params.push(patch.plannedDate ?? null);
    }
    if ('deadline' in patch) {
      sets.push('deadline = ?');
      params.push(patch.deadline ?? null);
    }
    if ('feeCents' in patch) {
      sets.push('fee_cents = ?');
      params.push(patch.feeCents ?? null);
    }
    if ('detail' in patch) {
      sets.push('detail = ?');
      params.push(toJson(patch.detail));
    }
    // leaving a worked state ends the lease
    if (to !== 'in-progress') sets.push('lease_owner = NULL', 'lease_until = NULL');
    params.push(id, from);
    const delta = isOpen(to) - isOpen(from);
    const sql = `UPDATE orders SET ${sets.join(', ')} WHERE id = ? AND state = ?`;
    if (delta === 0) return (await this.db.run(sql, params)).changes > 0;
    // between open and final: the SP's open-order count follows, in this transaction
    const row = await this.db.get<{ sp_id: string }>(`${sql} RETURNING sp_id`, params);
    if (!row) return false;
    await this.moveOpenCount(String(row.sp_id), delta);
    return true;
  }
  async scheduledUpTo(date: string, limit = 500): Promise<OrderRecord[]> {
    const rows = await this.db.all(
      `SELECT * FROM orders WHERE state = 'scheduled' AND planned_date <= ? ORDER BY planned_date, received_at LIMIT ?`,
      [date, limit],
    );
    return rows.map(toOrder);
  }
  async countOpenOnAdapter(adapterId: string): Promise<number> {
    const r = await this.db.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM orders WHERE adapter_id = ? AND state IN (${OPEN_IN})`,
      [adapterId],
    );
    return Number(r?.n ?? 0);
  }

  async earliestOpenOnAdapter(
    adapterId: string,
    q: { forms: readonly Form[]; category?: Category; exceptId?: string },
  ): Promise<OrderRecord | undefined> {
    if (q.forms.length === 0) return undefined;
    // the open-orders partial index (migration 095): its WHERE must be this query's state list, verbatim
    const params: SqlValue[] = [adapterId, ...q.forms];
    let sql = `SELECT * FROM orders WHERE adapter_id = ? AND form IN (${q.forms.map(() => '?').join(', ')})`;
    if (q.category !== undefined) {
      sql += ' AND category = ?';
      params.push(q.category);
    }
    if (q.exceptId !== undefined) {
      sql += ' AND id <> ?';
      params.push(q.exceptId);
    }
    const r = await this.db.get(`${sql} AND state IN (${OPEN_IN}) ORDER BY received_at, id LIMIT 1`, params);
    return r && toOrder(r);
  }
  async countReceivedOn(date: string, categories: readonly Category[]): Promise<number> {
    if (categories.length === 0) return 0;
    const r = await this.db.get<{ n: number }>(
      `SELECT COUNT(*) AS n FROM orders WHERE received_date = ? AND category IN (${categories.map(() => '?').join(', ')})`,
      [date, ...categories],
    );
    return Number(r?.n ?? 0);
  }

  /**
   * Claims up to `limit` orders in `states` whose lease is free or expired for `owner` for `leaseMs`
   * (design §8). PostgreSQL: `FOR UPDATE SKIP LOCKED`, so instances claiming together never get the
   * same order; SQLite: one UPDATE statement, atomic by itself.
   */
  async claimDueOrders(
    limit: number,
    owner: string,
    leaseMs: number,
    now = Date.now(),
    states: readonly OrderState[] = ['due', 'in-progress'],
  ): Promise<OrderRecord[]> {
    const lock = this.db.dialect === 'postgres' ? 'FOR UPDATE SKIP LOCKED' : '';
    const free = claimableBy(this.db.dialect, owner, now);
    const rows = await this.db.all(
      `UPDATE orders SET lease_owner = ?, lease_until = ? WHERE id IN (
         SELECT id FROM orders WHERE state IN (${inList(states)}) AND ${free.sql}
         ORDER BY planned_date, received_at LIMIT ? ${lock})
       RETURNING *`,
      [owner, now + leaseMs, ...free.params, limit],
    );
    return rows
      .map(toOrder)
      .sort(
        (a, b) =>
          (a.plannedDate ?? '').localeCompare(b.plannedDate ?? '') ||
          a.receivedAt.localeCompare(b.receivedAt),
      );
  }
  async holdLease(id: string, owner: string, untilMs: number): Promise<void> {
    await this.db.run('UPDATE orders SET lease_owner = ?, lease_until = ? WHERE id = ?', [
      owner,
      untilMs,
      id,
    ]);
  }

  async releaseLease(id: string, owner: string): Promise<boolean> {
    return (
      (
        await this.db.run(
          'UPDATE orders SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?',
          [id, owner],
        )
      ).changes > 0
    );
  }
}

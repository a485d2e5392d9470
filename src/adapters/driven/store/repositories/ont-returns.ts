/**
 * `SqlOntReturnRepository`: the `OntReturnRepository` port (application/ports/store/ont-returns.ts) in SQL, one text for both
 * dialects (db.ts: `?` placeholders, 0/1 booleans, JSON as TEXT).
 */
import { fromBool, optNum, optStr, type Db, keysetAfter } from '../db.ts';
import {
  type OntReturnReason,
  type OntReturnState,
  type OntReturnRecord,
  type OntReturnRepository,
} from '../../../../application/ports/store/ont-returns.ts';

const toReturn = (r: Record<string, unknown>): OntReturnRecord => ({
  serial: String(r.serial),
  spId: String(r.sp_id),
  adapterId: optStr(r.adapter_id),
  reason: r.reason as OntReturnReason,
  startedOn: String(r.started_on),
  dueOn: String(r.due_on),
  state: r.state as OntReturnState,
  dueNotified: fromBool(r.due_notified),
  feeCents: optNum(r.fee_cents),
  closedAt: optStr(r.closed_at),
});

export class SqlOntReturnRepository implements OntReturnRepository {
  constructor(private readonly db: Db) {}

  async open(r: Omit<OntReturnRecord, 'state' | 'dueNotified'>): Promise<boolean> {
    if (await this.openFor(r.serial)) return false;
    await this.db.run(
      `INSERT INTO ont_returns (serial, sp_id, adapter_id, reason, started_on, due_on, state, due_notified) VALUES (?, ?, ?, ?, ?, ?, 'open', 0)`,
      [r.serial.toUpperCase(), r.spId, r.adapterId ?? null, r.reason, r.startedOn, r.dueOn],
    );
    return true;
  }

  async openFor(serial: string): Promise<OntReturnRecord | undefined> {
    const r = await this.db.get(`SELECT * FROM ont_returns WHERE serial = ? AND state = 'open'`, [
      serial.toUpperCase(),
    ]);
    return r && toReturn(r);
  }

  async list(
    q: {
      spId?: string;
      state?: OntReturnState;
      after?: readonly [string, string];
      limit?: number;
    } = {},
  ): Promise<OntReturnRecord[]> {
    const after = keysetAfter([{ col: 'started_on' }, { col: 'serial' }], q.after);
    const rows = await this.db.all(
      `SELECT * FROM ont_returns WHERE (? = '' OR sp_id = ?) AND (? = '' OR state = ?) ${after ? `AND ${after.sql}` : ''}
       ORDER BY started_on, serial LIMIT ?`,
      [q.spId ?? '', q.spId ?? '', q.state ?? '', q.state ?? '', ...(after?.params ?? []), q.limit ?? 10_000],
    );
    return rows.map(toReturn);
  }
  async dueSoon(date: string): Promise<OntReturnRecord[]> {
    return (
      await this.db.all(
        `SELECT * FROM ont_returns WHERE state = 'open' AND due_notified = 0 AND due_on <= ? ORDER BY due_on`,
        [date],
      )
    ).map(toReturn);
  }
  async overdue(today: string): Promise<OntReturnRecord[]> {
    return (
      await this.db.all(`SELECT * FROM ont_returns WHERE state = 'open' AND due_on < ? ORDER BY due_on`, [
        today,
      ])
    ).map(toReturn);
  }

  async markDueNotified(serial: string, startedOn: string): Promise<boolean> {
    return (
      (
        await this.db.run(
          `UPDATE ont_returns SET due_notified = 1 WHERE serial = ? AND started_on = ? AND due_notified = 0 AND state = 'open'`,
          [serial.toUpperCase(), startedOn],
        )
      ).changes > 0
    );
  }

  async close(
    serial: string,
    startedOn: string,
    state: 'returned' | 'charged',
    at: string,
    feeCents?: number,
  ): Promise<boolean> {
    return (
      (
        await this.db.run(
          `UPDATE ont_returns SET state = ?, closed_at = ?, fee_cents = ? WHERE serial = ? AND started_on = ? AND state = 'open'`,
          [state, at, feeCents ?? null, serial.toUpperCase(), startedOn],
        )
      ).changes > 0
    );
  }
}

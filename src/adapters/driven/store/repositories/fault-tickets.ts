/**
 * `SqlFaultTicketRepository`: the `FaultTicketRepository` port (application/ports/store/fault-tickets.ts) in SQL, one text for both
 * dialects (db.ts: `?` placeholders, 0/1 booleans, JSON as TEXT).
 */
import type { FaultTicket } from '../../../../domain/sla/repair-clock/index.ts';
import { fromJson, optStr, toJson, type Db, type SqlValue, keysetAfter } from '../db.ts';
import {
  type FaultTicketRecord,
  type FaultTicketEventRecord,
  type FaultTicketQuery,
  type FaultTicketRepository,
} from '../../../../application/ports/store/fault-tickets.ts';

const toRecord = (r: Record<string, unknown>): FaultTicketRecord => ({
  id: String(r.id),
  spId: String(r.sp_id),
  adapterId: String(r.adapter_id),
  ticket: fromJson<FaultTicket>(r.ticket),
  measurements: optStr(r.measurements),
  version: Number(r.version),
  updatedAt: String(r.updated_at),
});

const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString());

export class SqlFaultTicketRepository implements FaultTicketRepository {
  constructor(private readonly db: Db) {}

  async insert(rec: Omit<FaultTicketRecord, 'version'>): Promise<boolean> {
    const t = rec.ticket;
    const r = await this.db.run(
      `INSERT INTO fault_tickets (id, sp_id, adapter_id, category, state, reported_at, closed_at, measurements, ticket, version, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?) ON CONFLICT (id) DO NOTHING`,
      [
        rec.id,
        rec.spId,
        rec.adapterId,
        t.category,
        t.state,
        iso(t.reportedAt),
        iso(t.closedAt),
        rec.measurements ?? null,
        toJson(t),
        rec.updatedAt,
      ],
    );
    return r.changes > 0;
  }

  async get(id: string): Promise<FaultTicketRecord | undefined> {
    const r = await this.db.get('SELECT * FROM fault_tickets WHERE id = ?', [id]);
    return r && toRecord(r);
  }
  async update(
    id: string,
    ticket: FaultTicket,
    expectVersion: number,
    at: string,
    measurements?: string,
  ): Promise<boolean> {
    const r = await this.db.run(
      `UPDATE fault_tickets SET state = ?, closed_at = ?, measurements = COALESCE(?, measurements), ticket = ?, version = version + 1, updated_at = ?
       WHERE id = ? AND version = ?`,
      [ticket.state, iso(ticket.closedAt), measurements ?? null, toJson(ticket), at, id, expectVersion],
    );
    return r.changes > 0;
  }
  async list(q: FaultTicketQuery = {}): Promise<FaultTicketRecord[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (q.spId) {
      where.push('sp_id = ?');
      params.push(q.spId);
    }
    if (q.adapterId) {
      where.push('adapter_id = ?');
      params.push(q.adapterId);
    }
    if (q.state) {
      where.push('state = ?');
      params.push(q.state);
    }
    const after = keysetAfter([{ col: 'reported_at', desc: true }, { col: 'id' }], q.after);
    if (after) {
      where.push(after.sql);
      params.push(...after.params);
    }
    params.push(q.limit ?? 1000);
    const sql = `SELECT * FROM fault_tickets ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY reported_at DESC, id LIMIT ?`;
    return (await this.db.all(sql, params)).map(toRecord);
  }
  async forAdapters(adapterIds: readonly string[], before: string): Promise<FaultTicketRecord[]> {
    if (adapterIds.length === 0) return [];
    const out: FaultTicketRecord[] = [];
    for (let i = 0; i < adapterIds.length; i += 500) {
      const chunk = adapterIds.slice(i, i + 500);
      const rows = await this.db.all(
        `SELECT * FROM fault_tickets WHERE adapter_id IN (${chunk.map(() => '?').join(', ')}) AND reported_at < ?`,
        [...chunk, before],
      );
      out.push(...rows.map(toRecord));
    }
    return out;
  }

  async appendEvent(e: Omit<FaultTicketEventRecord, 'seq'>): Promise<number> {
    const r = await this.db.get<{ seq: number }>(
      `INSERT INTO fault_ticket_events (ticket_id, seq, at, event, from_state, to_state, details, by_key)
       SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ?, ?, ?, ? FROM fault_ticket_events WHERE ticket_id = ?
       RETURNING seq`,
      [e.ticketId, e.at, e.event, e.from ?? null, e.to, toJson(e.details), e.byKey ?? null, e.ticketId],
    );
    return Number(r!.seq);
  }

  async events(ticketId: string): Promise<FaultTicketEventRecord[]> {
    const rows = await this.db.all('SELECT * FROM fault_ticket_events WHERE ticket_id = ? ORDER BY seq', [
      ticketId,
    ]);
    return rows.map((r) => ({
      ticketId: String(r.ticket_id),
      seq: Number(r.seq),
      at: String(r.at),
      event: String(r.event),
      from: optStr(r.from_state),
      to: String(r.to_state),
      details: r.details == null ? undefined : fromJson(r.details),
      byKey: optStr(r.by_key),
    }));
  }
}

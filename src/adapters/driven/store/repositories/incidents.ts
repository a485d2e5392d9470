/**
 * `SqlIncidentRepository`: the `IncidentRepository` port (application/ports/store/incidents.ts) in SQL, one text for both
 * dialects (db.ts: `?` placeholders, 0/1 booleans, JSON as TEXT).
 */
import type { AffectedOnt, Incident, IncidentCause } from '../../../../domain/monitoring/incidents.ts';
import { fromBool, fromJson, optStr, toBool, toJson, type Db, type SqlValue, keysetAfter } from '../db.ts';
import {
  type IncidentQuery,
  type IncidentRepository,
} from '../../../../application/ports/store/incidents.ts';

const toIncident = (r: Record<string, unknown>): Incident => ({
  id: String(r.id),
  cause: r.cause as IncidentCause,
  olt: String(r.olt),
  pon: optStr(r.pon),
  start: String(r.start_at),
  end: optStr(r.end_at),
  status: r.status as Incident['status'],
  affected: fromJson<AffectedOnt[]>(r.affected),
  countsForSla: fromBool(r.counts_for_sla),
  summary: String(r.summary),
});

export class SqlIncidentRepository implements IncidentRepository {
  constructor(private readonly db: Db) {}

  async save(i: Incident, at: string): Promise<void> {
    await this.db.run(
      `INSERT INTO incidents (id, cause, olt, pon, start_at, end_at, status, affected, counts_for_sla, summary, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET cause = excluded.cause, end_at = excluded.end_at, status = excluded.status,
         affected = excluded.affected, counts_for_sla = excluded.counts_for_sla, summary = excluded.summary, updated_at = excluded.updated_at`,
      [
        i.id,
        i.cause,
        i.olt,
        i.pon ?? null,
        i.start,
        i.end ?? null,
        i.status,
        toJson(i.affected),
        toBool(i.countsForSla),
        i.summary,
        at,
      ],
    );
  }

  async get(id: string): Promise<Incident | undefined> {
    const r = await this.db.get('SELECT * FROM incidents WHERE id = ?', [id]);
    return r && toIncident(r);
  }
  async list(q: IncidentQuery = {}): Promise<Incident[]> {
    const where: string[] = [];
    const params: SqlValue[] = [];
    if (q.status) {
      where.push('status = ?');
      params.push(q.status);
    }
    if (q.cause) {
      where.push('cause = ?');
      params.push(q.cause);
    }
    if (q.olt) {
      where.push('olt = ?');
      params.push(q.olt);
    }
    if (q.to) {
      where.push('start_at < ?');
      params.push(q.to);
    }
    if (q.from) {
      where.push('(end_at IS NULL OR end_at >= ?)');
      params.push(q.from);
    }
    const after = keysetAfter([{ col: 'start_at', desc: true }, { col: 'id' }], q.after);
    if (after) {
      where.push(after.sql);
      params.push(...after.params);
    }
    params.push(q.limit ?? 1000);
    const sql = `SELECT * FROM incidents ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY start_at DESC, id LIMIT ?`;
    return (await this.db.all(sql, params)).map(toIncident);
  }
}

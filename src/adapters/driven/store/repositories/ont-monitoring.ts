/**
 * `SqlOntMonitoringRepository`: the `OntMonitoringRepository` port (application/ports/store/ont-monitoring.ts) in SQL, one text for both
 * dialects (db.ts: `?` placeholders, 0/1 booleans, JSON as TEXT).
 */
import type { OntState } from '../../../../domain/monitoring/ont-state.ts';
import { optNum, optStr, type Db, type SqlValue } from '../db.ts';
import {
  type OntStatusRecord,
  type OpticalSample,
  type OntMonitoringRepository,
} from '../../../../application/ports/store/ont-monitoring.ts';

const toStatus = (r: Record<string, unknown>): OntStatusRecord => ({
  olt: String(r.olt),
  pon: String(r.pon),
  onuId: Number(r.onu_id),
  state: r.state as OntState,
  rxDbm: optNum(r.rx_dbm),
  txDbm: optNum(r.tx_dbm),
  serial: optStr(r.serial),
  adapterId: optStr(r.adapter_id),
  source: optStr(r.source) as OntStatusRecord['source'],
  updatedAt: String(r.updated_at),
});

/** Rows per multi-row INSERT: well under SQLite's 32 766 parameters. */
const CHUNK = 500;

export class SqlOntMonitoringRepository implements OntMonitoringRepository {
  constructor(private readonly db: Db) {}

  async saveStatus(rows: readonly OntStatusRecord[]): Promise<void> {
    for (let i = 0; i < rows.length; i += CHUNK) {
      const part = rows.slice(i, i + CHUNK);
      const params: SqlValue[] = [];
      for (const s of part)
        params.push(
          s.olt,
          s.pon,
          s.onuId,
          s.state,
          s.rxDbm ?? null,
          s.txDbm ?? null,
          s.serial ?? null,
          s.adapterId ?? null,
          s.source ?? null,
          s.updatedAt,
        );
      await this.db.run(
        `INSERT INTO ont_status (olt, pon, onu_id, state, rx_dbm, tx_dbm, serial, adapter_id, source, updated_at)
         VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (olt, pon, onu_id) DO UPDATE SET state = excluded.state, rx_dbm = excluded.rx_dbm, tx_dbm = excluded.tx_dbm,
           serial = COALESCE(excluded.serial, ont_status.serial), adapter_id = COALESCE(excluded.adapter_id, ont_status.adapter_id),
           source = COALESCE(excluded.source, ont_status.source), updated_at = excluded.updated_at`,
        params,
      );
    }
  }

  async status(olt: string, pon: string, onuId: number): Promise<OntStatusRecord | undefined> {
    const r = await this.db.get('SELECT * FROM ont_status WHERE olt = ? AND pon = ? AND onu_id = ?', [
      olt,
      pon,
      onuId,
    ]);
    return r && toStatus(r);
  }

  async statusByAdapterId(adapterId: string): Promise<OntStatusRecord | undefined> {
    const r = await this.db.get('SELECT * FROM ont_status WHERE adapter_id = ? ORDER BY updated_at DESC', [
      adapterId,
    ]);
    return r && toStatus(r);
  }

  async listStatus(q: { olt?: string; pon?: string; limit?: number } = {}): Promise<OntStatusRecord[]> {
    const rows = await this.db.all(
      `SELECT * FROM ont_status WHERE (? = '' OR olt = ?) AND (? = '' OR pon = ?) ORDER BY olt, pon, onu_id LIMIT ?`,
      [q.olt ?? '', q.olt ?? '', q.pon ?? '', q.pon ?? '', q.limit ?? 100_000],
    );
    return rows.map(toStatus);
  }

  async appendOptics(samples: readonly OpticalSample[]): Promise<void> {
    for (let i = 0; i < samples.length; i += CHUNK) {
      const part = samples.slice(i, i + CHUNK);
      const params: SqlValue[] = [];
      for (const s of part) params.push(s.olt, s.pon, s.onuId, s.at, s.rxDbm, s.txDbm ?? null, s.source);
      await this.db.run(
        `INSERT INTO ont_optics (olt, pon, onu_id, at, rx_dbm, tx_dbm, source) VALUES ${part.map(() => '(?, ?, ?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT DO NOTHING`,
        params,
      );
    }
  }
  async optics(
    olt: string,
    pon: string,
    onuId: number,
    q: { from?: string; to?: string; limit?: number } = {},
  ): Promise<OpticalSample[]> {
    const rows = await this.db.all(
      `SELECT * FROM (SELECT * FROM ont_optics WHERE olt = ? AND pon = ? AND onu_id = ? AND at >= ? AND at < ?
         ORDER BY at DESC LIMIT ?) AS recent ORDER BY at`,
      [olt, pon, onuId, q.from ?? '', q.to ?? '9999', q.limit ?? 2000],
    );
    return rows.map((r) => ({
      olt: String(r.olt),
      pon: String(r.pon),
      onuId: Number(r.onu_id),
      at: String(r.at),
      rxDbm: r.rx_dbm === null || r.rx_dbm === undefined ? null : Number(r.rx_dbm),
      txDbm: r.tx_dbm === null || r.tx_dbm === undefined ? null : Number(r.tx_dbm),
      source: r.source as OpticalSample['source'],
    }));
  }
  async pruneOptics(before: string): Promise<number> {
    return (await this.db.run('DELETE FROM ont_optics WHERE at < ?', [before])).changes;
  }
}

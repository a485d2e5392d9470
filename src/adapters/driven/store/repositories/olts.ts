/**
 * `SqlOltRepository`: the `OltRepository` port (application/ports/store/olts.ts) in SQL, one text for both
 * dialects (db.ts: `?` placeholders, 0/1 booleans, JSON as TEXT).
 */
import { fromBool, fromJson, optStr, toJson, type Db } from '../db.ts';
import {
  type OltPorts,
  type DriftReport,
  type OltRecord,
  type OltRepository,
} from '../../../../application/ports/store/olts.ts';

const toOlt = (r: Record<string, unknown>): OltRecord => ({
  name: String(r.name),
  profile: String(r.profile),
  host: String(r.host),
  ports: fromJson<OltPorts>(r.ports),
  protocol: optStr(r.protocol) as OltRecord['protocol'],
  credentialsRef: String(r.credentials_ref),
  needsReconciliation: fromBool(r.needs_reconciliation),
  reconciliationReason: optStr(r.reconciliation_reason),
  drift: r.drift == null ? undefined : fromJson<DriftReport>(r.drift),
  driftCheckedAt: optStr(r.drift_checked_at),
  lastAppliedAt: optStr(r.last_applied_at),
  updatedAt: String(r.updated_at),
});

export class SqlOltRepository implements OltRepository {
  constructor(private readonly db: Db) {}

  async upsert(
    o: Pick<OltRecord, 'name' | 'profile' | 'host' | 'ports' | 'protocol' | 'credentialsRef'>,
    at: string,
  ): Promise<void> {
    await this.db.run(
      `INSERT INTO olts (name, profile, host, ports, protocol, credentials_ref, needs_reconciliation, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, 0, ?)
       ON CONFLICT (name) DO UPDATE SET profile = excluded.profile, host = excluded.host, ports = excluded.ports,
         protocol = excluded.protocol, credentials_ref = excluded.credentials_ref, updated_at = excluded.updated_at`,
      [o.name, o.profile, o.host, toJson(o.ports), o.protocol ?? null, o.credentialsRef, at],
    );
  }

  async get(name: string): Promise<OltRecord | undefined> {
    const r = await this.db.get('SELECT * FROM olts WHERE name = ?', [name]);
    return r && toOlt(r);
  }

  async list(): Promise<OltRecord[]> {
    return (await this.db.all('SELECT * FROM olts ORDER BY name')).map(toOlt);
  }
  async setNeedsReconciliation(name: string, reason: string | null, at: string): Promise<void> {
    await this.db.run(
      'UPDATE olts SET needs_reconciliation = ?, reconciliation_reason = ?, updated_at = ? WHERE name = ?',
      [reason === null ? 0 : 1, reason, at, name],
    );
  }

  async setDrift(name: string, report: DriftReport): Promise<void> {
    await this.db.run('UPDATE olts SET drift = ?, drift_checked_at = ?, updated_at = ? WHERE name = ?', [
      toJson(report),
      report.checkedAt,
      report.checkedAt,
      name,
    ]);
  }

  async setLastApplied(name: string, at: string): Promise<void> {
    await this.db.run('UPDATE olts SET last_applied_at = ?, updated_at = ? WHERE name = ?', [at, at, name]);
  }
}

/**
 * The OLT registry (issue 5): which devices the controller drives, with which device profile and
 * protocol, whether a lost session left one needing reconciliation, and its last drift report.
 * Credentials are a reference only (src/adapters/driven/olt/registry.ts resolves them; never stored).
 */
import { fromBool, fromJson, optStr, toJson, type Db } from '../db.ts';

export interface OltPorts {
  cli?: number;
  netconf?: number;
  snmp?: number;
}

/** What a drift check found (GET /v1/olts): managed ONUs differing from intent, ONUs nobody manages. */
export interface DriftReport {
  checkedAt: string;
  /** Changes needed to bring managed ONUs back to intent (describeChange lines). */
  drift: string[];
  /** ONUs on the device that no access of ponctl owns (left alone; reported). */
  unmanaged: string[];
  /** Set when the device could not be read. */
  error?: string;
}

export interface OltRecord {
  name: string;
  profile: string;
  host: string;
  ports: OltPorts;
  protocol?: 'netconf' | 'cli';
  credentialsRef: string;
  needsReconciliation: boolean;
  reconciliationReason?: string;
  drift?: DriftReport;
  driftCheckedAt?: string;
  lastAppliedAt?: string;
  updatedAt: string;
}

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

export class OltRepository {
  constructor(private readonly db: Db) {}

  /** Registers an OLT or updates where it is reached (flags and reports are kept). */
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

  /** Flag (reason given) or clear (reason null) the need to reconcile. */
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

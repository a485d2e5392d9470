/**
 * `SqlOltRepository`: the `OltRepository` port (application/ports/store/olts.ts) in SQL, one text for both
 * dialects (db.ts: `?` placeholders, 0/1 booleans, JSON as TEXT).
 */
import { fromBool, fromJson, optStr, toJson, type Db, type SqlValue } from '../db.ts';
import {
  type OltPorts,
  type DriftReport,
  type OltRecord,
  type OltRepository,
  type OltRegistration,
  type OltSnmpSettings,
  type OltPollSettings,
} from '../../../../application/ports/store/olts.ts';

const toOlt = (r: Record<string, unknown>): OltRecord => ({
  name: String(r.name),
  profile: String(r.profile),
  host: String(r.host),
  ports: fromJson<OltPorts>(r.ports),
  protocol: optStr(r.protocol) as OltRecord['protocol'],
  credentialsRef: String(r.credentials_ref),
  site: optStr(r.site),
  secrets: optStr(r.secrets),
  snmp: r.snmp == null ? undefined : fromJson<OltSnmpSettings>(r.snmp),
  poll: r.poll == null ? undefined : fromJson<OltPollSettings>(r.poll),
  maintenance: fromBool(r.maintenance),
  hostKey: {
    pinned: optStr(r.host_key),
    presented: optStr(r.host_key_presented),
    presentedAt: optStr(r.host_key_presented_at),
  },
  createdAt: optStr(r.created_at),
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

  async add(o: OltRegistration, at: string): Promise<boolean> {
    const r = await this.db.run(
      `INSERT INTO olts (name, profile, host, ports, protocol, credentials_ref, site, secrets, snmp, poll,
         maintenance, host_key, needs_reconciliation, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?) ON CONFLICT (name) DO NOTHING`,
      [
        o.name,
        o.profile,
        o.host,
        toJson(o.ports),
        o.protocol ?? null,
        o.credentialsRef,
        o.site ?? null,
        o.secrets ?? null,
        o.snmp ? toJson(o.snmp) : null,
        o.poll ? toJson(o.poll) : null,
        o.maintenance ? 1 : 0,
        o.hostKey ?? null,
        at,
        at,
      ],
    );
    return r.changes > 0;
  }

  async edit(name: string, p: Partial<OltRegistration>, at: string): Promise<boolean> {
    const sets: string[] = [];
    const args: SqlValue[] = [];
    const set = (col: string, v: SqlValue) => {
      sets.push(`${col} = ?`);
      args.push(v);
    };
    if (p.profile !== undefined) set('profile', p.profile);
    if (p.host !== undefined) set('host', p.host);
    if (p.ports !== undefined) set('ports', toJson(p.ports));
    if (p.protocol !== undefined) set('protocol', p.protocol);
    if (p.site !== undefined) set('site', p.site);
    if (p.secrets !== undefined) set('secrets', p.secrets);
    if (p.snmp !== undefined) set('snmp', toJson(p.snmp));
    if (p.poll !== undefined) set('poll', toJson(p.poll));
    if (p.maintenance !== undefined) set('maintenance', p.maintenance ? 1 : 0);
    if (p.hostKey !== undefined) set('host_key', p.hostKey);
    set('updated_at', at);
    const r = await this.db.run(`UPDATE olts SET ${sets.join(', ')} WHERE name = ?`, [...args, name]);
    return r.changes > 0;
  }

  async remove(name: string): Promise<boolean> {
    return (await this.db.run('DELETE FROM olts WHERE name = ?', [name])).changes > 0;
  }

  async setHostKey(
    name: string,
    k: { pinned?: string | null; presented?: string | null },
    at: string,
  ): Promise<void> {
    if (k.pinned !== undefined)
      await this.db.run(
        'UPDATE olts SET host_key = ?, host_key_presented = NULL, host_key_presented_at = NULL, updated_at = ? WHERE name = ?',
        [k.pinned, at, name],
      );
    else if (k.presented !== undefined)
      await this.db.run(
        'UPDATE olts SET host_key_presented = ?, host_key_presented_at = ?, updated_at = ? WHERE name = ?',
        [k.presented, k.presented === null ? null : at, at, name],
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

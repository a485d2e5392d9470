/**
 * `SqlSlaAccessRepository`: the `SlaAccessRepository` port (application/ports/store/sla-accesses.ts) in SQL, one text for both
 * dialects (db.ts: `?` placeholders, 0/1 booleans, JSON as TEXT).
 */
import type { AccessLevel, ServiceSelection } from '../../../../domain/catalogue/catalogue.ts';
import { fromBool, fromJson, optStr, toBool, type Db } from '../db.ts';
import {
  type SlaAccessRow,
  type SlaAttributes,
  type SlaAccessRepository,
} from '../../../../application/ports/store/sla-accesses.ts';

function ownerInstallsFromOrder(input: unknown): boolean {
  if (input == null) return false;
  const o = fromJson<{ ownerInstallsHome?: unknown }>(input);
  return o?.ownerInstallsHome === true;
}

export class SqlSlaAccessRepository implements SlaAccessRepository {
  constructor(private readonly db: Db) {}

  async forMonth(monthStart: string, monthEnd: string, spId?: string): Promise<SlaAccessRow[]> {
    const rows = await this.db.all(
      `SELECT a.adapter_id, a.sp_id, a.olt, a.pon, a.state, a.access_level, a.services, a.multi_dwelling_no_in_building,
              a.owner_installed_home, a.ont_from_owner, a.created_at, a.updated_at, o.input AS order_input,
              b.start_date AS billing_start, b.end_date AS billing_end
         FROM accesses a
         LEFT JOIN orders o ON o.id = a.order_id
         LEFT JOIN access_billing b ON b.adapter_id = a.adapter_id
        WHERE a.state <> 'pending' AND a.created_at < ? AND (a.state <> 'deactivated' OR a.updated_at >= ?)
          AND (? = '' OR a.sp_id = ?)
        ORDER BY a.adapter_id`,
      [monthEnd, monthStart, spId ?? '', spId ?? ''],
    );
    return rows.map((r) => ({
      adapterId: String(r.adapter_id),
      spId: String(r.sp_id),
      olt: String(r.olt),
      pon: String(r.pon),
      state: String(r.state),
      accessLevel: r.access_level as AccessLevel,
      services: fromJson<ServiceSelection>(r.services),
      multiDwellingNoInBuilding: fromBool(r.multi_dwelling_no_in_building),
      ownerInstalledHome:
        r.owner_installed_home == null
          ? ownerInstallsFromOrder(r.order_input)
          : fromBool(r.owner_installed_home),
      ontFromOwner: fromBool(r.ont_from_owner),
      createdAt: String(r.created_at),
      updatedAt: String(r.updated_at),
      billingStart: optStr(r.billing_start),
      billingEnd: optStr(r.billing_end),
    }));
  }
  async unbilledPeriods(from: string, to: string): Promise<Map<string, { start: string; end?: string }[]>> {
    const rows = await this.db.all(
      'SELECT adapter_id, start_date, end_date FROM sl_periods WHERE start_date <= ? AND (end_date IS NULL OR end_date >= ?)',
      [to, from],
    );
    const out = new Map<string, { start: string; end?: string }[]>();
    for (const r of rows) {
      const id = String(r.adapter_id);
      const list = out.get(id) ?? [];
      list.push({ start: String(r.start_date), end: optStr(r.end_date) });
      out.set(id, list);
    }
    return out;
  }
  async liveOn(olt: string, pon?: string): Promise<string[]> {
    const rows = await this.db.all<{ adapter_id: string }>(
      `SELECT adapter_id FROM accesses WHERE olt = ? AND (? = '' OR pon = ?) AND state IN ('active', 'temporarily-disconnected', 'taken-over', 'pending')
        ORDER BY adapter_id`,
      [olt, pon ?? '', pon ?? ''],
    );
    return rows.map((r) => String(r.adapter_id));
  }
  async existing(adapterIds: readonly string[]): Promise<Set<string>> {
    if (adapterIds.length === 0) return new Set();
    const rows = await this.db.all<{ adapter_id: string }>(
      `SELECT adapter_id FROM accesses WHERE adapter_id IN (${adapterIds.map(() => '?').join(', ')})`,
      adapterIds,
    );
    return new Set(rows.map((r) => String(r.adapter_id)));
  }
  async setAttributes(adapterId: string, a: SlaAttributes): Promise<boolean> {
    const sets: string[] = [];
    const params: (number | string)[] = [];
    if (a.multiDwellingNoInBuilding !== undefined) {
      sets.push('multi_dwelling_no_in_building = ?');
      params.push(toBool(a.multiDwellingNoInBuilding));
    }
    if (a.ownerInstalledHome !== undefined) {
      sets.push('owner_installed_home = ?');
      params.push(toBool(a.ownerInstalledHome));
    }
    if (a.ontFromOwner !== undefined) {
      sets.push('ont_from_owner = ?');
      params.push(toBool(a.ontFromOwner));
    }
    if (sets.length === 0) return false;
    return (
      (
        await this.db.run(`UPDATE accesses SET ${sets.join(', ')} WHERE adapter_id = ?`, [
          ...params,
          adapterId,
        ])
      ).changes > 0
    );
  }
}

/**
 * `SqlAccessRepository`: the `AccessRepository` port (application/ports/store/accesses.ts) in SQL, one text for both
 * dialects (db.ts: `?` placeholders, 0/1 booleans, JSON as TEXT).
 */
import type { AccessLevel, ServiceSelection } from '../../../../domain/catalogue/catalogue.ts';
import type { AccessState } from '../../../../domain/subscribers/access-lifecycle.ts';
import { anyOf, batches, fromJson, optStr, rowsOf, toJson, type Db } from '../db.ts';
import type { Technology } from '../../../../application/ports/store/coverage.ts';
import {
  LIVE_ACCESS_STATES,
  type AccessRecord,
  type AccessPatch,
  type AccessRepository,
} from '../../../../application/ports/store/accesses.ts';

const LIVE_IN = `state IN (${LIVE_ACCESS_STATES.map((s) => `'${s}'`).join(', ')})`;

const toAccess = (r: Record<string, unknown>): AccessRecord => ({
  adapterId: String(r.adapter_id),
  spId: String(r.sp_id),
  addressKey: String(r.address_key),
  olt: String(r.olt),
  pon: String(r.pon),
  onuId: Number(r.onu_id),
  technology: r.technology as Technology,
  state: r.state as AccessState,
  services: fromJson<ServiceSelection>(r.services),
  accessLevel: r.access_level as AccessLevel,
  ontSerial: optStr(r.ont_serial),
  slStarts: fromJson<string[]>(r.sl_starts) ?? [],
  slUntil: optStr(r.sl_until),
  orderId: optStr(r.order_id),
  createdAt: String(r.created_at),
  updatedAt: String(r.updated_at),
});

const PATCH_COLUMNS: Record<keyof AccessPatch, [string, (v: unknown) => string | number | null]> = {
  state: ['state', (v) => v as string],
  services: ['services', (v) => toJson(v)],
  accessLevel: ['access_level', (v) => v as string],
  ontSerial: ['ont_serial', (v) => (v as string | undefined) ?? null],
  slStarts: ['sl_starts', (v) => toJson(v ?? [])],
  slUntil: ['sl_until', (v) => (v as string | undefined) ?? null],
  spId: ['sp_id', (v) => v as string],
  technology: ['technology', (v) => v as string],
};

export class SqlAccessRepository implements AccessRepository {
  constructor(private readonly db: Db) {}

  async insert(a: AccessRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO accesses (adapter_id, sp_id, address_key, olt, pon, onu_id, technology, state, services, access_level,
         ont_serial, sl_starts, sl_until, order_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        a.adapterId,
        a.spId,
        a.addressKey,
        a.olt,
        a.pon,
        a.onuId,
        a.technology,
        a.state,
        toJson(a.services),
        a.accessLevel,
        a.ontSerial ?? null,
        toJson(a.slStarts),
        a.slUntil ?? null,
        a.orderId ?? null,
        a.createdAt,
        a.updatedAt,
      ],
    );
  }

  /** `forUpdate` (inside a transaction): PostgreSQL locks the row until commit (orders on one AdapterID in turn). */
  async get(adapterId: string, o: { forUpdate?: boolean } = {}): Promise<AccessRecord | undefined> {
    const lock = o.forUpdate && this.db.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const r = await this.db.get(`SELECT * FROM accesses WHERE adapter_id = ?${lock}`, [adapterId]);
    return r && toAccess(r);
  }
  async update(
    adapterId: string,
    patch: AccessPatch,
    at: string,
    expectState?: AccessState,
  ): Promise<boolean> {
    const sets: string[] = [];
    const params: (string | number | null)[] = [];
    for (const [k, v] of Object.entries(patch) as [keyof AccessPatch, unknown][]) {
      const [col, conv] = PATCH_COLUMNS[k];
      sets.push(`${col} = ?`);
      params.push(conv(v));
    }
    sets.push('updated_at = ?');
    params.push(at, adapterId);
    let sql = `UPDATE accesses SET ${sets.join(', ')} WHERE adapter_id = ?`;
    if (expectState) {
      sql += ' AND state = ?';
      params.push(expectState);
    }
    return (await this.db.run(sql, params)).changes > 0;
  }
  async getMany(adapterIds: readonly string[]): Promise<AccessRecord[]> {
    const out: AccessRecord[] = [];
    for (const part of batches(this.db.dialect, adapterIds)) {
      const ofIds = anyOf(this.db.dialect, 'adapter_id', part);
      const rows = await this.db.all(`SELECT * FROM accesses WHERE ${ofIds.sql}`, ofIds.params);
      for (const r of rows) out.push(toAccess(r));
    }
    return out;
  }

  async updateMany(items: readonly { adapterId: string; patch: AccessPatch }[], at: string): Promise<void> {
    const shapes = new Map<string, { adapterId: string; patch: AccessPatch }[]>();
    for (const i of items) {
      const k = Object.keys(i.patch).sort().join(',');
      const g = shapes.get(k);
      if (g) g.push(i);
      else shapes.set(k, [i]);
    }
    for (const group of shapes.values()) {
      const keys = Object.keys(group[0].patch) as (keyof AccessPatch)[];
      // every patch column is TEXT: PostgreSQL's text-typed VALUES columns need no cast
      const sets = keys.map((k, n) => `${PATCH_COLUMNS[k][0]} = v.column${n + 2}`);
      for (const part of batches(this.db.dialect, group)) {
        const v = rowsOf(
          this.db.dialect,
          part.map((i) => [i.adapterId, ...keys.map((k) => PATCH_COLUMNS[k][1](i.patch[k]))]),
        );
        await this.db.run(
          `UPDATE accesses SET ${[...sets, 'updated_at = ?'].join(', ')}
           FROM ${v.sql} WHERE accesses.adapter_id = v.column1`,
          [at, ...v.params],
        );
      }
    }
  }

  async liveAtPort(olt: string, pon: string, onuId: number): Promise<AccessRecord | undefined> {
    const r = await this.db.get(
      `SELECT * FROM accesses WHERE olt = ? AND pon = ? AND onu_id = ? AND ${LIVE_IN} ORDER BY created_at DESC`,
      [olt, pon, onuId],
    );
    return r && toAccess(r);
  }

  async liveAtAddresses(keys: readonly string[]): Promise<AccessRecord[]> {
    if (keys.length === 0) return [];
    const rows = await this.db.all(
      `SELECT * FROM accesses WHERE address_key IN (${keys.map(() => '?').join(', ')}) AND ${LIVE_IN}`,
      keys,
    );
    return rows.map(toAccess);
  }

  async listBySp(spId: string, limit = 1000): Promise<AccessRecord[]> {
    return (
      await this.db.all('SELECT * FROM accesses WHERE sp_id = ? ORDER BY adapter_id LIMIT ?', [spId, limit])
    ).map(toAccess);
  }

  async list(q: { state?: AccessState; olt?: string; limit?: number } = {}): Promise<AccessRecord[]> {
    const rows = await this.db.all(
      `SELECT * FROM accesses WHERE (? = '' OR state = ?) AND (? = '' OR olt = ?) ORDER BY adapter_id LIMIT ?`,
      [q.state ?? '', q.state ?? '', q.olt ?? '', q.olt ?? '', q.limit ?? 100_000],
    );
    return rows.map(toAccess);
  }
}

/**
 * `SqlSealedSecretRepository`: the SealedSecretRepository port (application/ports/store/sealed-secrets.ts)
 * over the two tables that hold sealed values: `olts.secrets` and `webhook_endpoints.secret`.
 */
import type { Db } from '../db.ts';
import type {
  SealedSecretRepository,
  SealedValue,
} from '../../../../application/ports/store/sealed-secrets.ts';

const WHERE = {
  olt: { table: 'olts', column: 'secrets', key: 'name' },
  webhook: { table: 'webhook_endpoints', column: 'secret', key: 'id' },
} as const;

export class SqlSealedSecretRepository implements SealedSecretRepository {
  constructor(private readonly db: Db) {}

  async list(): Promise<SealedValue[]> {
    const out: SealedValue[] = [];
    for (const kind of ['olt', 'webhook'] as const) {
      const w = WHERE[kind];
      const rows = await this.db.all(
        `SELECT ${w.key} AS id, ${w.column} AS value FROM ${w.table} WHERE ${w.column} IS NOT NULL ORDER BY ${w.key}`,
      );
      for (const r of rows) out.push({ kind, id: String(r.id), value: String(r.value) });
    }
    return out;
  }

  async replace(v: SealedValue, to: string): Promise<boolean> {
    const w = WHERE[v.kind];
    const r = await this.db.run(
      `UPDATE ${w.table} SET ${w.column} = ? WHERE ${w.key} = ? AND ${w.column} = ?`,
      [to, v.id, v.value],
    );
    return r.changes > 0;
  }
}

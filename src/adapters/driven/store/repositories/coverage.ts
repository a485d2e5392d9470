/**
 * `SqlCoverageRepository`: the `CoverageRepository` port (application/ports/store/coverage.ts) in SQL, one text for both
 * dialects (db.ts: `?` placeholders, 0/1 booleans, JSON as TEXT).
 */
import { optStr, type Db } from '../db.ts';
import {
  addressKey,
  normalizeAddressPart,
  type Technology,
  type AddressParts,
  type CoverageRecord,
  type CoverageRepository,
} from '../../../../application/ports/store/coverage.ts';

const norm = normalizeAddressPart;

const collator = new Intl.Collator('hr', { numeric: true, sensitivity: 'base' });

const toCoverage = (r: Record<string, unknown>): CoverageRecord => ({
  addressKey: String(r.address_key),
  street: String(r.street),
  number: String(r.number),
  city: String(r.city),
  county: String(r.county),
  flat: optStr(r.flat),
  node: String(r.node),
  technology: r.technology as Technology,
  olt: String(r.olt),
  pon: String(r.pon),
  onuId: Number(r.onu_id),
  installation: String(r.installation),
});

export class SqlCoverageRepository implements CoverageRepository {
  constructor(private readonly db: Db) {}

  async upsert(c: CoverageRecord): Promise<void> {
    await this.db.run(
      `INSERT INTO coverage (address_key, street, number, city, county, flat, node, technology, olt, pon, onu_id, installation)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (address_key) DO UPDATE SET street = excluded.street, number = excluded.number, city = excluded.city,
         county = excluded.county, flat = excluded.flat, node = excluded.node, technology = excluded.technology, olt = excluded.olt,
         pon = excluded.pon, onu_id = excluded.onu_id, installation = excluded.installation`,
      [
        c.addressKey,
        c.street,
        c.number,
        c.city,
        c.county,
        c.flat ?? null,
        c.node,
        c.technology,
        c.olt,
        c.pon,
        c.onuId,
        c.installation,
      ],
    );
  }

  /**
   * `forUpdate` (inside a transaction): PostgreSQL locks the row until commit, so concurrent
   * intakes for one port run one after the other (SQLite transactions are serial anyway).
   */
  async get(key: string, o: { forUpdate?: boolean } = {}): Promise<CoverageRecord | undefined> {
    const lock = o.forUpdate && this.db.dialect === 'postgres' ? ' FOR UPDATE' : '';
    const r = await this.db.get(`SELECT * FROM coverage WHERE address_key = ?${lock}`, [key]);
    return r && toCoverage(r);
  }
  async findByAddress(a: AddressParts, o: { forUpdate?: boolean } = {}): Promise<CoverageRecord | undefined> {
    if (a.flat) {
      const own = await this.get(addressKey(a), o);
      if (own) return own;
    }
    return this.get(addressKey({ ...a, flat: undefined }), o);
  }

  async findByPort(olt: string, pon: string, onuId: number): Promise<CoverageRecord | undefined> {
    const r = await this.db.get('SELECT * FROM coverage WHERE olt = ? AND pon = ? AND onu_id = ?', [
      olt,
      pon,
      onuId,
    ]);
    return r && toCoverage(r);
  }
  async search(q: {
    city?: string;
    street?: string;
    after?: readonly [string];
    limit?: number;
  }): Promise<CoverageRecord[]> {
    const esc = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);
    const street = esc(norm(q.street));
    const pattern = q.city && norm(q.city) ? `${esc(norm(q.city))}|${street}%` : `%|${street}%`;
    const rows = await this.db.all(
      `SELECT * FROM coverage WHERE address_key LIKE ? ESCAPE '\\' ${q.after ? 'AND address_key > ?' : ''} ORDER BY address_key LIMIT ?`,
      [pattern, ...(q.after ? [q.after[0]] : []), q.limit ?? 1000],
    );
    // house numbers in natural order (2 before 10), the same on both dialects
    return rows
      .map(toCoverage)
      .sort(
        (a, b) =>
          collator.compare(`${a.city}|${a.street}`, `${b.city}|${b.street}`) ||
          collator.compare(a.number, b.number) ||
          collator.compare(a.flat ?? '', b.flat ?? ''),
      );
  }

  async count(): Promise<number> {
    return Number((await this.db.get<{ n: number }>('SELECT COUNT(*) AS n FROM coverage'))?.n ?? 0);
  }
}

/** Named monotonic counters (e.g. AdapterID numbers); atomic on both dialects. */
import type { Db } from '../db.ts';

export class SequenceRepository {
  constructor(private readonly db: Db) {}

  /** The next value of counter `name` (1 first). Call inside a transaction to keep it with its use. */
  async next(name: string): Promise<number> {
    const r = await this.db.get<{ value: number }>(
      `INSERT INTO counters (name, value) VALUES (?, 1)
       ON CONFLICT (name) DO UPDATE SET value = counters.value + 1 RETURNING value`,
      [name],
    );
    return Number(r!.value);
  }

  async current(name: string): Promise<number> {
    return Number(
      (await this.db.get<{ value: number }>('SELECT value FROM counters WHERE name = ?', [name]))?.value ?? 0,
    );
  }
}

/**
 * `SqlSequenceRepository`: the `SequenceRepository` port (application/ports/store/sequences.ts) in SQL, one text for both
 * dialects (db.ts: `?` placeholders, 0/1 booleans, JSON as TEXT).
 */
import type { Db } from '../db.ts';
import { type SequenceRepository } from '../../../../application/ports/store/sequences.ts';

export class SqlSequenceRepository implements SequenceRepository {
  constructor(private readonly db: Db) {}

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

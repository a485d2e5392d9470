/**
 * `SqlInstanceRepository`: the `InstanceRepository` port (application/ports/store/cluster.ts) in SQL,
 * one text for both dialects but the clock expression (db-clock.ts). On SQLite (one process, design
 * §8) joining replaces every other registration: there can be no other live instance.
 */
import type { InstanceRecord, InstanceRepository } from '../../../../application/ports/store/cluster.ts';
import type { Db } from '../db.ts';
import { dbNowMs, isoOfMs } from './db-clock.ts';

const toInstance = (r: Record<string, unknown>): InstanceRecord => ({
  id: String(r.id),
  incarnation: String(r.incarnation),
  host: String(r.host),
  version: String(r.version),
  startedAt: isoOfMs(r.started_ms),
  heartbeatAt: isoOfMs(r.heartbeat_ms),
  expiresAt: isoOfMs(r.expires_ms),
});

export class SqlInstanceRepository implements InstanceRepository {
  private readonly now: string;
  constructor(private readonly db: Db) {
    this.now = dbNowMs(db.dialect);
  }

  join(
    me: Pick<InstanceRecord, 'id' | 'incarnation' | 'host' | 'version'>,
    ttlMs: number,
  ): Promise<InstanceRecord[]> {
    return this.db.transaction(async (tx) => {
      const replaced =
        tx.dialect === 'sqlite'
          ? await tx.all('DELETE FROM instances WHERE NOT (id = ? AND incarnation = ?) RETURNING *', [
              me.id,
              me.incarnation,
            ])
          : await tx.all('DELETE FROM instances WHERE id = ? AND incarnation <> ? RETURNING *', [
              me.id,
              me.incarnation,
            ]);
      await tx.run(
        `INSERT INTO instances (id, incarnation, host, version, started_ms, heartbeat_ms, expires_ms)
         VALUES (?, ?, ?, ?, ${this.now}, ${this.now}, ${this.now} + ?)
         ON CONFLICT (id) DO UPDATE SET heartbeat_ms = excluded.heartbeat_ms, expires_ms = excluded.expires_ms`,
        [me.id, me.incarnation, me.host, me.version, ttlMs],
      );
      return replaced.map(toInstance);
    });
  }

  async heartbeat(id: string, incarnation: string, ttlMs: number): Promise<boolean> {
    const r = await this.db.run(
      `UPDATE instances SET heartbeat_ms = ${this.now}, expires_ms = ${this.now} + ? WHERE id = ? AND incarnation = ?`,
      [ttlMs, id, incarnation],
    );
    return r.changes > 0;
  }

  async live(): Promise<InstanceRecord[]> {
    return (
      await this.db.all(`SELECT * FROM instances WHERE expires_ms >= ${this.now} ORDER BY started_ms, id`)
    ).map(toInstance);
  }

  async reapExpired(): Promise<InstanceRecord[]> {
    return (await this.db.all(`DELETE FROM instances WHERE expires_ms < ${this.now} RETURNING *`)).map(
      toInstance,
    );
  }

  async leave(id: string, incarnation: string): Promise<void> {
    await this.db.run('DELETE FROM instances WHERE id = ? AND incarnation = ?', [id, incarnation]);
  }

  async nowMs(): Promise<number> {
    return Number((await this.db.get<{ now: number }>(`SELECT ${this.now} AS now`))!.now);
  }
}

/**
 * The CPU PostgreSQL spends for the bench's controller instances (bench/_scale-provision.ts): the
 * backends whose application_name is the instances' (PGAPPNAME), found in pg_stat_activity at every
 * sample and read from /proc (Linux; PostgreSQL on this machine). A backend first seen after the
 * first sample was started during the run: all its CPU counts.
 * Not a benchmark itself (bench/run.ts skips files starting with `_`).
 */
import type pg from 'pg';
import { cpuMsOf } from './_scale-util.ts';

export class PgBackendCpu {
  /** pid → CPU ms at its first sample (0 for backends started after the first) and at its last. */
  private readonly seen = new Map<number, { first: number; last: number }>();
  private sampled = false;

  constructor(
    private readonly client: pg.Client,
    private readonly appName: string,
  ) {}

  async sample(): Promise<void> {
    const q = await this.client.query<{ pid: number }>(
      'SELECT pid FROM pg_stat_activity WHERE application_name = $1',
      [this.appName],
    );
    for (const { pid } of q.rows) {
      let ms: number;
      try {
        ms = cpuMsOf(pid);
      } catch {
        continue; // gone since
      }
      const s = this.seen.get(pid);
      if (s) s.last = ms;
      else this.seen.set(pid, { first: this.sampled ? 0 : ms, last: ms });
    }
    this.sampled = true;
  }

  /** CPU ms used between the first sample and each backend's last one. */
  usedMs(): number {
    let n = 0;
    for (const s of this.seen.values()) n += s.last - s.first;
    return n;
  }
}

/**
 * Row churn of the tables a run writes most (pg_stat_user_tables; counters lag up to a second): rows
 * updated and of those HOT (no index entries written), dead rows left, and the relation sizes —
 * without vacuum (this machine runs PostgreSQL with autovacuum off) every non-HOT update leaves a
 * dead row and an entry in each index that later scans step over.
 */
export async function tableChurn(client: pg.Client): Promise<string> {
  await new Promise((r) => setTimeout(r, 1100)); // backends flush their counters at most once a second
  const q = await client.query<{
    t: string;
    upd: string;
    hot: string;
    dead: string;
    heap: string;
    idx: string;
  }>(
    `SELECT relname AS t, n_tup_upd AS upd, n_tup_hot_upd AS hot, n_dead_tup AS dead,
            pg_relation_size(relid) AS heap, pg_indexes_size(relid) AS idx
       FROM pg_stat_user_tables WHERE schemaname = current_schema() AND relname IN ('orders', 'olt_leases', 'instances')
      ORDER BY relname`,
  );
  const mb = (x: string) => `${(Number(x) / 1048576).toFixed(1)} MB`;
  return q.rows
    .map(
      (r) =>
        `${r.t}: ${r.upd} updates (${r.hot} HOT), ${r.dead} dead, heap ${mb(r.heap)}, indexes ${mb(r.idx)}`,
    )
    .join('; ');
}

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

/**
 * One writer per OLT within one process (design §8, issue 5 item 8): a FIFO mutex per OLT name.
 * Enough on SQLite (one controller process); PostgreSQL adds a lock across instances
 * (pg-olt-locks.ts).
 */
import type { OltLocks } from '../../../application/ports/olt-locks.ts';

/** FIFO mutex per key. */
export class InProcessOltLocks implements OltLocks {
  private readonly tails = new Map<string, Promise<void>>();

  async withOlt<T>(olt: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(olt) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => {
      release = r;
    });
    const tail = prev.then(() => mine);
    this.tails.set(olt, tail);
    await prev;
    try {
      return await fn();
    } finally {
      release();
      if (this.tails.get(olt) === tail) this.tails.delete(olt);
    }
  }

  async close(): Promise<void> {
    /* nothing held between calls */
  }
}

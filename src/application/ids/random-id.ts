/**
 * Ids of rows written on the intake hot path (orders, webhook events and deliveries):
 * `<prefix>_` + 14 characters of the base64url set — 8 for the wall clock in milliseconds, 6 random
 * (36 bits per millisecond: no practical collision; a collision would fail on the primary key, not
 * overwrite).
 *
 * Why time first: an id is the key of a B-tree index (orders.id, order_events' (order_id, seq),
 * webhook_events.id). Random keys put each new row on its own random index page: a group commit of
 * 8 orders dirtied ~21 random leaf pages of those three indexes (bench intake, WAL page census).
 * Increasing keys append to the same rightmost pages. The characters are the base64url ones taken in
 * ASCII order, so ids sort as text by their millisecond. The id stays opaque: nothing may parse it.
 *
 * Random characters come from a pooled buffer: one getrandom call per 682 ids, not one per id.
 */
import { randomBytes } from 'node:crypto';

/** The 64 base64url characters in ASCII order: `-` < digits < capitals < `_` < small letters. */
const SORTABLE = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';

let pool = Buffer.alloc(0);
let poolAt = 0;

export function newTimePrefixedId(prefix: string, nowMs = Date.now()): string {
  let t = Math.max(0, Math.floor(nowMs));
  let time = '';
  for (let i = 0; i < 8; i++) {
    time = SORTABLE[t % 64] + time;
    t = Math.floor(t / 64);
  }
  if (poolAt + 6 > pool.length) {
    pool = randomBytes(4096);
    poolAt = 0;
  }
  let rnd = '';
  for (let i = 0; i < 6; i++) rnd += SORTABLE[pool[poolAt++] & 63];
  return `${prefix}_${time}${rnd}`;
}

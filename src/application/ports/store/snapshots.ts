/**
 * Port snapshots taken before a forced takeover (port-unblocking.md steps 7–9, 16–18). The row keeps
 * the fields the jobs query by; `body` is the whole domain PortSnapshot.
 */
import type { PortSnapshot } from '../../../domain/unblocking/snapshot.ts';

export type SnapshotState = PortSnapshot['state'];

export interface SnapshotRepository {
  insert(s: PortSnapshot): Promise<void>;

  get(id: string): Promise<PortSnapshot | undefined>;

  /** The latest snapshot of the access `adapterId` took over from (any state). */
  latestForAdapter(adapterId: string): Promise<PortSnapshot | undefined>;

  /** The snapshot a forced order took (crash recovery: reuse it rather than re-read a changed port). */
  byOrder(orderId: string): Promise<PortSnapshot | undefined>;

  /** Drops a snapshot whose takeover did not happen (the port was put back). */
  remove(id: string): Promise<void>;

  /**
   * Forced orders reserved for the unblocking service (application/lifecycle/order-hooks.ts) — or taken
   * by an instance that has not touched them for `staleMs` (crashed) — claimed for `owner`.
   */
  claimForcedOrders(reserved: string, owner: string, staleBefore: string, limit?: number): Promise<string[]>;

  /** Moves a snapshot on (optimistic: only from `from`); false = someone else did first. */
  setState(id: string, from: SnapshotState, to: SnapshotState, at: string): Promise<boolean>;

  /** Held snapshots whose dispute window closed before `today` (YYYY-MM-DD). */
  expiredHeld(today: string, limit?: number): Promise<PortSnapshot[]>;

  /** Releasing drops the device body (the snapshot is gone, port-unblocking.md step 15); the row stays as a record. */
  release(id: string, at: string): Promise<boolean>;
}

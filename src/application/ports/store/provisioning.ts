/**
 * Provisioning's own records (issue 5): per-SP VLAN bases, the device-write log (provisioning_runs),
 * and the claim of due orders that provisioning carries out — the same lease scheme as
 * orders.claimDueOrders (design §8: `FOR UPDATE SKIP LOCKED` on PostgreSQL) limited to the
 * categories that change OLT configuration, plus a backoff lease for retries.
 */
import type { Category, OrderState } from '../../../domain/orders/types.ts';

export type RunKind = 'apply' | 'reconcile' | 'drift-check';

/** `abandoned`: the instance running it died (issue 17 item 6); the device's state is unknown. */
export type RunOutcome = 'ok' | 'failed' | 'connection-lost' | 'noop' | 'abandoned';

export interface ProvisioningRun {
  id: string;
  olt: string;
  instance: string;
  kind: RunKind;
  startedMs: number;
  finishedMs?: number;
  outcome?: RunOutcome;
  orders: string[];
  changes?: number;
  error?: string;
  detail?: Record<string, unknown>;
}

/** Lease owner marking an order that waits out its retry backoff (no instance takes it before). */
export const BACKOFF_OWNER = 'backoff';

export interface ProvisioningRepository {
  /** The SP's VLAN base, allocating the next free one (vlanBaseFor(n)) on first use. */
  vlanBase(spId: string, at: string, baseFor: (n: number) => number): Promise<number>;

  /**
   * Due (or abandoned in-progress) orders of `categories`, leased to `owner` (see
   * orders.claimDueOrders); `withoutOlt`: only orders that name no OLT (the others are claimOlt's).
   */
  claim(
    categories: readonly Category[],
    limit: number,
    owner: string,
    leaseMs: number,
    now?: number,
    states?: readonly OrderState[],
    o?: { withoutOlt?: boolean },
  ): Promise<string[]>;

  /**
   * Claims due orders of ONE OLT (issue 16 item 3: provisioning in parallel across OLTs, per OLT one
   * writer across instances): among OLTs with claimable orders (orders without an OLT are `claim`'s),
   * those no other instance holds an order lease on (owners in `notInstances` — backoff, reservations
   * — are not instances) and not in `busy` (worked here already); of these the one with the earliest
   * planned order, ties broken by `rank` (lowest first: each instance its own order, so instances
   * spread over the OLTs). Up to `limit` of its orders are leased to `owner`; undefined when no OLT is
   * left. Two instances choosing one OLT at the same instant both claim (disjoint orders); the OLT's
   * write lock still keeps one writer.
   */
  claimOlt(
    categories: readonly Category[],
    limit: number,
    owner: string,
    leaseMs: number,
    o: ClaimOltOptions,
  ): Promise<{ olt: string; ids: string[] } | undefined>;

  /** After a retry transition: nobody takes the order before `untilMs` (backoff, issue 5 item 7). */
  backoff(orderId: string, untilMs: number): Promise<void>;

  /**
   * A pass is done with these orders: those still open and leased to `owner` are let go (an order
   * leased to a live instance is held as long as the instance lives, not only until its lease_until:
   * the instance's heartbeat keeps all its order leases, issue 16). The number released.
   */
  release(orderIds: readonly string[], owner: string): Promise<number>;

  /**
   * An instance died (issue 17 item 6): its order leases are let go at once (backoff leases are
   * not an instance's and stay); the number released.
   */
  releaseLeasesOf(owner: string): Promise<number>;

  /**
   * Closes runs left open by a dead instance as `abandoned` with `error`: those of `instance`, or —
   * the sweep that misses none — those of any instance not in `aliveInstances` started before
   * `startedBeforeMs`. Returns the runs closed (their OLTs' state is unknown).
   */
  abandonRuns(
    q: { instance: string } | { aliveInstances: readonly string[]; startedBeforeMs: number },
    finishedMs: number,
    error: string,
  ): Promise<Pick<ProvisioningRun, 'id' | 'olt' | 'instance' | 'kind'>[]>;

  /** A move (spec §3 BSNA 2) carried out: the access now sits on the new address's port. */
  moveAccess(
    adapterId: string,
    to: { olt: string; pon: string; onuId: number; addressKey: string },
    at: string,
  ): Promise<void>;

  startRun(r: Omit<ProvisioningRun, 'finishedMs' | 'outcome'>): Promise<void>;

  finishRun(
    id: string,
    f: {
      finishedMs: number;
      outcome: RunOutcome;
      changes?: number;
      error?: string;
      detail?: Record<string, unknown>;
      orders?: string[];
    },
  ): Promise<void>;

  runs(q?: { olt?: string; limit?: number }): Promise<ProvisioningRun[]>;
}

/** How claimOlt chooses among the OLTs with claimable orders. */
export interface ClaimOltOptions {
  /** OLTs this instance is working on (or will not take again) in this pass. */
  busy: ReadonlySet<string>;
  /** Lease owners that are not instances (backoff, unblocking reservations): their leases hold no OLT. */
  notInstances: readonly string[];
  /** Tie-break between OLTs due at once: this instance's rendezvous rank (spreads instances over OLTs). */
  rank: (olt: string) => number;
  now?: number;
}

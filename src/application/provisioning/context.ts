/**
 * What every part of provisioning shares (provisioning-service.ts wires them): its options and
 * dependencies, the result of one order, how a device error is named, and the one place an OLT is
 * flagged for reconciliation (issue 5 item 7: a session lost mid-change leaves the device unknown).
 */
import { randomBytes } from 'node:crypto';
import type { Store } from '../ports/store/index.ts';
import {
  CommitError,
  ConnectionLostError,
  DriverError,
  RpcTimeoutError,
} from '../ports/olt-driver/errors.ts';
import { DomainError } from '../../domain/errors.ts';
import { DEFAULT_PROVISIONING_RETRY } from '../../domain/orders/provisioning-retry.ts';
import type { Clock } from '../ports/clock.ts';
import type { OrderBus } from '../orders/order-bus.ts';
import type { DevicePool } from './device-pool.ts';
import type { DeviceCatalogue } from '../ports/device-catalogue.ts';
import type { FieldWorkStandIn } from '../ports/field-work.ts';
import type { OltLocks } from '../ports/olt-locks.ts';
import { onuTypeOf } from './order-plan.ts';

export interface ProvisioningOptions {
  instanceId: string;
  /** Subscribers per device commit (issue 5: one bounded batch). Default 256. */
  batchMax?: number;
  /** Orders claimed per run (orders naming no OLT; the lab's bring-forward). Default 8192. */
  claimLimit?: number;
  /**
   * Orders of one OLT claimed at once (issue 16 item 3): the device is read once per claim, then
   * written in batches of batchMax. Default 8192, so an OLT's due orders are one claim: at 1 024 a
   * 4 096-order OLT was read whole four times (bench provision: 45 → 28 s CPU with one claim).
   */
  oltClaimLimit?: number;
  /**
   * OLTs worked on at once by this instance (issue 16 item 3: in parallel across OLTs, bounded per
   * instance; each OLT still has one writer, olt-locks.ts). Default 8.
   */
  oltConcurrency?: number;
  /**
   * How long a claimed order is held without a heartbeat (issue 17 item 6: seconds, not minutes);
   * the controller passes the cluster's lease period, and its registration's heartbeat holds the
   * orders it leased beyond that while it lives (crash-recovery.ts). Default 10 s.
   */
  leaseMs?: number;
  /** A device failure is tried again after retryBaseMs · 2^(n−1), at most retryMaxMs apart (issue 17). */
  retryBaseMs?: number;
  retryMaxMs?: number;
  /**
   * Retries go on until the order's deadline has passed, and at least this long after the first
   * failure (domain/orders/provisioning-retry.ts). Default 1 h.
   */
  retryWindowMs?: number;
  /**
   * Lab (design §3: "field work is done at once, so an order due today completes in seconds"): a
   * scheduled order the SP did not ask for at a later date is carried out now instead of at its
   * planned date (the contractual latest). Off against real networks.
   */
  workAhead?: boolean;
}

export interface ProvisioningLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export interface ProvisioningDeps {
  store: Store;
  clock: Clock;
  bus: OrderBus;
  pool: DevicePool;
  locks: OltLocks;
  /** Device profiles: an OLT's capabilities, the reference ONT's type name. */
  devices: DeviceCatalogue;
  /** The lab's field-work stand-in (design §3); absent = field work is recorded through the API. */
  fieldWork?: FieldWorkStandIn;
  log?: ProvisioningLogger;
}

export interface OrderOutcome {
  orderId: string;
  outcome: 'completed' | 'retry' | 'failed' | 'waiting-field-work' | 'skipped';
  reason?: string;
}

/** Dependencies with the options filled in: what the parts of provisioning are built from. */
export interface ProvisioningContext {
  readonly deps: ProvisioningDeps;
  readonly store: Store;
  readonly o: Required<ProvisioningOptions>;
  readonly log: ProvisioningLogger;
  /** The OLT-side type name of the reference ONT (every intent carries it). */
  readonly onuType: string;
  /** The controller's clock as an ISO instant. */
  now(): string;
}

const silent: ProvisioningLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function provisioningContext(deps: ProvisioningDeps, opts: ProvisioningOptions): ProvisioningContext {
  return {
    deps,
    store: deps.store,
    log: deps.log ?? silent,
    onuType: onuTypeOf(deps.devices),
    o: {
      batchMax: 256,
      claimLimit: 8192,
      oltClaimLimit: 8192,
      oltConcurrency: 8,
      leaseMs: 10_000,
      retryBaseMs: DEFAULT_PROVISIONING_RETRY.baseMs,
      retryMaxMs: DEFAULT_PROVISIONING_RETRY.capMs,
      retryWindowMs: DEFAULT_PROVISIONING_RETRY.minWindowMs,
      workAhead: false,
      ...opts,
    },
    now: () => deps.clock.now().toISOString(),
  };
}

/** The session is gone mid-change: the device's state is unknown (reconcile). */
export function outcomeUnknown(e: unknown): boolean {
  return e instanceof ConnectionLostError || e instanceof RpcTimeoutError;
}

/**
 * The device is not as it was and not as planned: the outcome is unknown, or the driver's rollback
 * did not complete (CommitError, rolledBack false). Design: a device that fails mid-change is rolled
 * back or flagged for reconciliation.
 */
export function needsReconciliationAfter(e: unknown): boolean {
  return outcomeUnknown(e) || (e instanceof CommitError && !e.rolledBack);
}

export function reasonOf(e: unknown): { code: string; message: string } {
  if (e instanceof DriverError || e instanceof DomainError) return { code: e.code, message: e.message };
  return { code: 'internal', message: (e as Error)?.message ?? String(e) };
}

export const chunks = <T>(xs: T[], n: number): T[][] =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

/**
 * `fn` over `xs` with at most `n` calls running at once, results in the order of `xs`; the first
 * rejection is thrown once every started call has settled.
 */
export async function mapBounded<T, R>(xs: readonly T[], n: number, fn: (x: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(xs.length);
  let next = 0;
  const lane = async () => {
    while (next < xs.length) {
      const i = next++;
      out[i] = await fn(xs[i]);
    }
  };
  const lanes = Array.from({ length: Math.max(1, Math.min(n, xs.length)) }, lane);
  const settled = await Promise.allSettled(lanes);
  const failed = settled.find((r) => r.status === 'rejected');
  if (failed) throw failed.reason;
  return out;
}

export const newRunId = (): string => `run_${randomBytes(8).toString('hex')}`;

/**
 * Thrown by `ponctl apply` / reconcile (convergence.ts) after a failed change left the OLT flagged
 * for reconciliation (needsReconciliationAfter): the driver's error with its code, so the API
 * answers as for it (502 DEVICE_<code>), and a message that says the OLT is flagged.
 */
export class FlaggedForReconciliationError extends DriverError {
  readonly olt: string;
  constructor(olt: string, cause: DriverError) {
    super(cause.code, `${cause.message}; ${olt} is flagged for reconciliation`, {
      device: cause.device,
      cause,
    });
    this.olt = olt;
  }
}

/** The OLT's state is unknown: flag it (the next pass reconciles first) and drop its session. */
export async function flagForReconciliation(
  ctx: ProvisioningContext,
  olt: string,
  e: unknown,
): Promise<void> {
  const r = reasonOf(e);
  await ctx.store.olts.setNeedsReconciliation(olt, `${r.code}: ${r.message}`, ctx.now());
  await ctx.deps.pool.drop(olt);
  ctx.log.warn({ olt, err: r }, 'OLT flagged for reconciliation');
}

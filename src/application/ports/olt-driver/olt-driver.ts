/**
 * `OltDriver`: the one interface provisioning uses to configure an OLT (design §6), whatever the
 * management protocol (NETCONF, ZXA10 CLI). Modelled on napalm's one `NetworkDriver` contract with
 * typed results (`napalm/base/base.py`, `models.py`): dialects are data (device profiles) plus small
 * hooks, never a per-vendor branch in provisioning.
 *
 * Lifecycle: connect() → readConfig() → plan(desired) → apply(diff) → verify(desired) → close().
 * Errors are the typed classes of `./errors.ts`.
 */
import type { OltConfig } from '../../../domain/olt-config/model.ts';
import type { OltRecord } from '../store/olts.ts';
import type { ConfigDiff, DiffScope, ConfigChange } from '../../../domain/olt-config/diff.ts';

export type { ConfigDiff, DiffScope, ConfigChange } from '../../../domain/olt-config/diff.ts';

/**
 * What the driver/device can do, declared — from the device profile and (NETCONF) the hello —
 * so provisioning checks before planning instead of discovering by crashing (style.md, ncclient).
 */
export interface DriverCapabilities {
  protocol: 'netconf' | 'cli';
  /** apply() is all-or-nothing on the device (NETCONF candidate+commit, or CLI with computed undo). */
  atomicApply: boolean;
  /** NETCONF :candidate. */
  candidate: boolean;
  /** NETCONF :confirmed-commit (1.0 or 1.1): a commit the device reverts unless confirmed. */
  confirmedCommit: boolean;
  /** NETCONF :validate. */
  validate: boolean;
  /** NETCONF :rollback-on-error (error-option) on the running datastore. */
  rollbackOnError: boolean;
  /** Raw NETCONF capability URIs of the hello (empty for CLI). */
  netconf: readonly string[];
  /** NETCONF base version negotiated ('1.0' end-of-message framing, '1.1' chunked). */
  netconfBase?: '1.0' | '1.1';
  /** NETCONF: the data model the driver speaks with the device (`bbf`: TR-385/TR-383). */
  dataModel?: 'bbf';
  /**
   * NETCONF (YANG library, RFC 8525): each module / `module:feature` the device lacks for a full
   * BSN access (four channels, security set). Empty = nothing missing; orders needing one are refused.
   */
  missing?: readonly string[];
  /** Device-profile capabilities (e.g. `rates2000`, `maxOnusPerPon`), passed through as data. */
  profile: Readonly<Record<string, unknown>>;
}

export interface ApplyOptions {
  /** Compute and return what would be sent, touch nothing (`ponctl plan`). */
  dryRun: boolean;
  /**
   * Confirmed-commit timeout in seconds (NETCONF): the device reverts the commit by itself if we
   * die before confirming it. Default 120.
   */
  confirmTimeoutS?: number;
  /** Read back and compare before confirming (default true). */
  verify?: boolean;
}

export type ApplyPhase =
  'lock' | 'precheck' | 'edit' | 'validate' | 'commit' | 'verify' | 'confirm' | 'unlock' | 'rollback';

export interface ApplyResult {
  dryRun: boolean;
  /** True when the device's running config now holds the diff (false on dry-run and empty diffs). */
  committed: boolean;
  /** Read back and found equal to the diff's `after` states. */
  verified: boolean;
  changes: number;
  /** What was (dry-run: would be) sent: NETCONF edit-config payloads, or CLI command lines. */
  payloads: string[];
  /** Wall time per phase in ms (only phases that ran). */
  timingsMs: Partial<Record<ApplyPhase, number>>;
  totalMs: number;
}

export interface VerifyResult {
  ok: boolean;
  /** Changes still needed to reach desired (empty when ok). */
  remaining: ConfigChange[];
  /** The configuration read back. */
  actual: OltConfig;
}

/**
 * An ONU the OLT sees on a PON port but holds no configuration for (ZXA10 C3xx `show gpon onu uncfg`,
 * C600 `show pon onu uncfg`; docs/zxa10-dialect.md §4.3): what an operator needs to authorise it.
 */
export interface UnconfiguredOnu {
  /** PON port `R/S/P`. */
  pon: string;
  /** G.984 serial: 4-letter vendor id + 8 hex digits, upper case (e.g. `ZTEGCD7D2FD6`). */
  serial: string;
  /**
   * The ONU id the OLT proposes, when it says one (C3xx `gpon-onu_1/2/2:1`). Only a hint: it can
   * collide with an id in use (docs/zxa10-dialect.md §4.3), so take the id from the configuration.
   */
  onuIdHint?: number;
  /** When the OLT first saw it (ISO 8601), when the device says. */
  firstSeen?: string;
  /** The ONU's received optical power (dBm), when the device says. */
  rxDbm?: number;
  /** Equipment id / model the ONU reports, when the device says (C600 `Model` column). */
  model?: string;
}

export interface OltDriver {
  /** Device identity (OLT id or host:port), used in errors and logs. */
  readonly device: string;
  /** Declared capabilities; after connect() they include what the device announced. */
  readonly capabilities: DriverCapabilities;
  readonly connected: boolean;

  /** Open the management session. Throws ConnectAuthError | ConnectTimeoutError | ConnectionError. */
  connect(): Promise<void>;
  /** The device's running configuration (and remembers it as the default `actual` for plan()). */
  readConfig(): Promise<OltConfig>;
  /**
   * Pure: the minimal diff from `actual` (default: the last readConfig()) to `desired`, limited to
   * `scope` so nothing ponctl does not manage is deleted. Throws if no actual is known.
   */
  plan(desired: OltConfig, actual?: OltConfig, scope?: DiffScope): ConfigDiff;
  /**
   * Apply a diff atomically: either the device ends with the diff applied and verified, or it ends
   * as it was and a typed error is thrown (LockError, RpcError, ValidationError, CommitError,
   * VerifyError, ConnectionLostError — the last means the outcome is unknown: reconcile).
   */
  apply(diff: ConfigDiff, opts: ApplyOptions): Promise<ApplyResult>;
  /** Read back and compare with desired (within scope). */
  verify(desired: OltConfig, scope?: DiffScope): Promise<VerifyResult>;
  /**
   * ONUs seen on the PON ports but not configured (discovery before authorisation). A device or
   * driver that cannot list them throws MissingCapabilityError.
   */
  readUnconfiguredOnus(): Promise<UnconfiguredOnu[]>;
  close(): Promise<void>;
}

/**
 * Makes a driver (not yet connected) for an OLT of the registry, by its device profile. Throws a
 * ConnectionError when the OLT cannot be reached as registered (no port for its protocol, no
 * credentials for its reference).
 */
export type OltDriverFactory = (olt: OltRecord) => OltDriver;

/**
 * Typed errors of every device access — the OLT drivers (NETCONF, ZXA10 CLI) and telemetry (SNMP,
 * OMCI through the OLT's TR-451-style transport). Modelled on napalm's
 * `napalm/base/exceptions.py` hierarchy (ConnectionException → ConnectAuthError / ConnectTimeoutError,
 * CommitError, LockError) and Temporal's TypeScript SDK errors: each class says WHEN it is thrown,
 * carries a stable `code` and the typed readonly fields a caller needs to act, and wraps the
 * underlying cause (`Error.cause`). Provisioning switches on `code` (or `instanceof`), never on messages.
 */

/** Stable codes; provisioning and the API map these, so only add, never rename. */
export type DriverErrorCode =
  | 'connection'
  | 'connect-auth'
  | 'connect-timeout'
  | 'connection-lost'
  | 'rpc-timeout'
  | 'rpc-error'
  /** The ZXA10 CLI printed an error line for a command (`%Error NNNNN: …`). */
  | 'cli-error'
  /** An ONU answered an OMCI request with a result other than success (G.988 §11.2.4) … */
  | 'omci-result'
  /** … one code per result: 0b0001 processing error, 0b0010 command not supported, 0b0011 parameter
   * error, 0b0100 unknown ME class, 0b0101 unknown ME instance, 0b0110 device busy, 0b0111 instance
   * exists, 0b1001 attribute(s) failed or unknown (adapters/driven/telemetry/omci/omci-errors.ts). */
  | 'omci-processing-error'
  | 'omci-not-supported'
  | 'omci-parameter-error'
  | 'omci-unknown-entity'
  | 'omci-unknown-instance'
  | 'omci-device-busy'
  | 'omci-instance-exists'
  | 'omci-attribute-failed'
  | 'lock'
  | 'commit'
  | 'missing-capability'
  | 'validation'
  | 'verify'
  | 'stale-plan'
  /** The OLT's SSH host key is not (yet) trusted: first contact, or it changed (issue 14 item 2). */
  | 'host-key-untrusted'
  | 'host-key-changed';

export interface DriverErrorOptions {
  cause?: unknown;
  /** Which device (OLT id / host:port), when known. */
  device?: string;
}

/** Base of every driver error. */
export class DriverError extends Error {
  readonly code: DriverErrorCode;
  readonly device?: string;
  constructor(code: DriverErrorCode, message: string, opts: DriverErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.code = code;
    this.device = opts.device;
    this.name = new.target.name;
  }
}

/** The transport could not be set up (TCP refused, SSH handshake failed, subsystem refused, bad hello). */
export class ConnectionError extends DriverError {
  constructor(message: string, opts: DriverErrorOptions = {}, code: DriverErrorCode = 'connection') {
    super(code, message, opts);
  }
}

/**
 * The OLT presented an SSH host key other than the one pinned for it (or none is pinned yet): the
 * connection is dropped before any credential is sent (issue 14 item 2), nothing is read or written.
 */
export class HostKeyError extends ConnectionError {
  readonly fingerprint: string;
  readonly pinned?: string;
  constructor(
    fingerprint: string,
    pinned: string | undefined,
    message: string,
    opts: DriverErrorOptions = {},
  ) {
    super(message, opts, pinned ? 'host-key-changed' : 'host-key-untrusted');
    this.fingerprint = fingerprint;
    this.pinned = pinned;
  }
}

/** The device rejected our credentials (SSH userauth failure). */
export class ConnectAuthError extends ConnectionError {
  readonly username: string;
  constructor(username: string, message: string, opts: DriverErrorOptions = {}) {
    super(message, opts, 'connect-auth');
    this.username = username;
  }
}

/** No session within the connect timeout (TCP + SSH + hello). */
export class ConnectTimeoutError extends ConnectionError {
  readonly timeoutMs: number;
  constructor(timeoutMs: number, message: string, opts: DriverErrorOptions = {}) {
    super(message, opts, 'connect-timeout');
    this.timeoutMs = timeoutMs;
  }
}

/**
 * An established session went away (socket closed, keepalive failed, device killed the session).
 * Thrown for every RPC in flight at that moment; the outcome of an edit in flight is unknown, so
 * provisioning marks the OLT for reconciliation (issue 5 item 7).
 */
export class ConnectionLostError extends ConnectionError {
  /** message-ids of the RPCs that were in flight and whose outcome is unknown. */
  readonly inFlight: readonly string[];
  constructor(message: string, inFlight: readonly string[] = [], opts: DriverErrorOptions = {}) {
    super(message, opts, 'connection-lost');
    this.inFlight = inFlight;
  }
}

/** No rpc-reply within the per-RPC timeout. The session stays usable; the reply, if it comes, is dropped. */
export class RpcTimeoutError extends DriverError {
  readonly operation: string;
  readonly messageId: string;
  readonly timeoutMs: number;
  constructor(operation: string, messageId: string, timeoutMs: number, opts: DriverErrorOptions = {}) {
    super('rpc-timeout', `${operation} (message-id ${messageId}) got no reply within ${timeoutMs} ms`, opts);
    this.operation = operation;
    this.messageId = messageId;
    this.timeoutMs = timeoutMs;
  }
}

/** One `<rpc-error>` of an rpc-reply (RFC 6241 §4.3). */
export interface RpcErrorDetail {
  type: 'transport' | 'rpc' | 'protocol' | 'application' | string;
  /** e.g. `data-exists`, `lock-denied`, `invalid-value`, `operation-failed` (RFC 6241 appendix A). */
  tag: string;
  severity: 'error' | 'warning' | string;
  appTag?: string;
  path?: string;
  message?: string;
  /** `<error-info>` children, flattened to name → text (e.g. `session-id`, `bad-element`). */
  info: Record<string, string>;
}

/** The device answered an RPC with one or more `<rpc-error>` of severity error. */
export class RpcError extends DriverError {
  readonly operation: string;
  readonly errors: readonly RpcErrorDetail[];
  constructor(
    operation: string,
    errors: readonly RpcErrorDetail[],
    opts: DriverErrorOptions = {},
    code: DriverErrorCode = 'rpc-error',
  ) {
    const first = errors[0];
    const summary = first
      ? `${first.tag}${first.message ? `: ${first.message}` : ''}${first.path ? ` (${first.path})` : ''}`
      : 'rpc-error';
    super(
      code,
      `${operation} failed: ${summary}${errors.length > 1 ? ` (+${errors.length - 1} more)` : ''}`,
      opts,
    );
    this.operation = operation;
    this.errors = errors;
  }
  /** The first error's tag: the usual thing to switch on. */
  get tag(): string {
    return this.errors[0]?.tag ?? 'unknown';
  }
}

/** A lock was refused (`lock-denied`): another session holds it (RFC 6241 §7.5: error-info session-id). */
export class LockError extends RpcError {
  readonly target: string;
  /** The session holding the lock; 0 = a non-NETCONF entity (RFC 6241 §7.5); undefined if not said. */
  readonly heldBySession?: number;
  constructor(target: string, errors: readonly RpcErrorDetail[], opts: DriverErrorOptions = {}) {
    super(`lock ${target}`, errors, opts, 'lock');
    this.target = target;
    const sid = errors.find((e) => e.info['session-id'] !== undefined)?.info['session-id'];
    this.heldBySession = sid === undefined || sid === '' ? undefined : Number(sid);
  }
}

/** The commit (or the confirming commit) failed; the device's running config is unchanged (or rolled back). */
export class CommitError extends DriverError {
  /** The rpc-errors the device gave, when it gave any. */
  readonly errors: readonly RpcErrorDetail[];
  /** Whether the rollback (discard-changes / cancel-commit / CLI undo) completed. */
  readonly rolledBack: boolean;
  constructor(
    message: string,
    rolledBack: boolean,
    errors: readonly RpcErrorDetail[] = [],
    opts: DriverErrorOptions = {},
  ) {
    super('commit', message, opts);
    this.errors = errors;
    this.rolledBack = rolledBack;
  }
}

/**
 * An operation needs a capability the device did not announce (ncclient `operations/rpc.py`): a
 * NETCONF capability, or (BBF models) a YANG module, a `module:feature`, or a node a deviation
 * removed or narrowed. Thrown before anything is written; `missing` names every one of them.
 */
export class MissingCapabilityError extends DriverError {
  readonly operation: string;
  readonly capability: string;
  /** Each missing module / `module:feature` / deviated node, by name. */
  readonly missing: readonly string[];
  constructor(
    operation: string,
    capability: string,
    opts: DriverErrorOptions & { missing?: readonly string[] } = {},
  ) {
    super(
      'missing-capability',
      `${operation} needs capability ${capability}, which the device did not announce`,
      opts,
    );
    this.operation = operation;
    this.capability = capability;
    this.missing = opts.missing ?? [capability];
  }
}

/**
 * The OLT's device profile (device-profiles/NAME.json) says it is managed over a protocol, but lacks
 * the section a driver of that protocol reads — a CLI-managed profile without `cliDialect`. Thrown
 * when the driver is made, before any connection or credential is used. The profile file must be
 * fixed; no retry can, so it is a MissingCapabilityError (provisioning fails the order at once).
 */
export class ProfileSectionMissingError extends MissingCapabilityError {
  readonly profile: string;
  readonly protocol: 'netconf' | 'cli';
  /** The missing section's name, e.g. `cliDialect`. */
  readonly section: string;
  constructor(profile: string, protocol: 'netconf' | 'cli', section: string, opts: DriverErrorOptions = {}) {
    super(`manage over ${protocol}`, section, opts);
    this.message =
      `${opts.device ? `${opts.device}: ` : ''}device profile ${profile} is managed over ${protocol} but ` +
      `has no \`${section}\` section (device-profiles/${profile}.json): no driver can speak to it`;
    this.profile = profile;
    this.protocol = protocol;
    this.section = section;
  }
}

/** The device (validate RPC) or the driver (before sending) found the configuration invalid. */
export class ValidationError extends DriverError {
  readonly errors: readonly RpcErrorDetail[];
  constructor(message: string, errors: readonly RpcErrorDetail[] = [], opts: DriverErrorOptions = {}) {
    super('validation', message, opts);
    this.errors = errors;
  }
}

/** After apply, the read-back configuration differs from the desired one. */
export class VerifyError extends DriverError {
  /** Human-readable mismatches (paths). */
  readonly mismatches: readonly string[];
  constructor(mismatches: readonly string[], opts: DriverErrorOptions = {}) {
    super(
      'verify',
      `read-back differs from desired: ${mismatches.slice(0, 5).join('; ')}${mismatches.length > 5 ? ` (+${mismatches.length - 5} more)` : ''}`,
      opts,
    );
    this.mismatches = mismatches;
  }
}

/**
 * The diff was planned against a configuration that has since changed on the device (found after
 * taking the lock, before editing): nothing was changed; re-read and re-plan.
 */
export class StalePlanError extends DriverError {
  readonly conflicts: readonly string[];
  constructor(conflicts: readonly string[], opts: DriverErrorOptions = {}) {
    super(
      'stale-plan',
      `device configuration changed since the plan: ${conflicts.slice(0, 5).join('; ')}${conflicts.length > 5 ? ` (+${conflicts.length - 5} more)` : ''}`,
      opts,
    );
    this.conflicts = conflicts;
  }
}

export function isDriverError(e: unknown): e is DriverError {
  return e instanceof DriverError;
}

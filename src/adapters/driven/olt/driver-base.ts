/**
 * What every OltDriver does the same way, whatever the protocol (design §6; napalm keeps such
 * shared behaviour in its one base, `napalm/base/base.py`): plan against the last read, verify by
 * reading back, one apply at a time per device, and the timed phases and result of an apply. The
 * protocol-specific part of a driver — how running configuration is read, how a diff is sent and
 * undone — stays in its own folder (netconf/, zxa10-cli/).
 */
import { performance } from 'node:perf_hooks';
import { diffOltConfig, type ConfigDiff, type DiffScope } from '../../../domain/olt-config/diff.ts';
import type { OltConfig } from '../../../domain/olt-config/model.ts';
import { DriverError, MissingCapabilityError } from '../../../application/ports/olt-driver/errors.ts';
import type {
  ApplyOptions,
  ApplyPhase,
  ApplyResult,
  DriverCapabilities,
  OltDriver,
  UnconfiguredOnu,
  VerifyResult,
} from '../../../application/ports/olt-driver/olt-driver.ts';

/**
 * The shared half of an OltDriver: `readConfig` remembers what it read (the default `actual` of
 * `plan`), `verify` reads back and diffs, and applies run one at a time per device (design §8: one
 * writer per OLT; this guards the same process). A protocol supplies how to read running
 * configuration and how to send a diff — not a vendor subclass (style.md: quirks are profile hooks).
 */
export abstract class OltDriverBase implements OltDriver {
  abstract readonly capabilities: DriverCapabilities;
  abstract readonly connected: boolean;
  /** The last configuration read (the default `actual` of plan). */
  protected lastRead: OltConfig | undefined;
  private applies: Promise<unknown> = Promise.resolve();

  constructor(readonly device: string) {}

  abstract connect(): Promise<void>;
  abstract close(): Promise<void>;
  /** The device's whole running configuration. */
  protected abstract readRunning(): Promise<OltConfig>;
  /** Sends `diff` (or, dry-run, only computes what would be sent); called one at a time. */
  protected abstract applyNow(diff: ConfigDiff, opts: ApplyOptions): Promise<ApplyResult>;

  async readConfig(): Promise<OltConfig> {
    this.lastRead = await this.readRunning();
    return this.lastRead;
  }

  plan(desired: OltConfig, actual?: OltConfig, scope?: DiffScope): ConfigDiff {
    const base = actual ?? this.lastRead;
    if (!base)
      throw new DriverError(
        'stale-plan',
        `${this.device}: plan() needs the actual configuration: call readConfig() first or pass it`,
        { device: this.device },
      );
    return diffOltConfig(base, desired, scope);
  }

  async verify(desired: OltConfig, scope?: DiffScope): Promise<VerifyResult> {
    const actual = await this.readConfig();
    const remaining = diffOltConfig(actual, desired, scope).changes;
    return { ok: remaining.length === 0, remaining, actual };
  }

  /** Unconfigured-ONU discovery; a protocol driver that can list them overrides this. */
  readUnconfiguredOnus(): Promise<UnconfiguredOnu[]> {
    return Promise.reject(
      new MissingCapabilityError('readUnconfiguredOnus', 'unconfigured-onu discovery', {
        device: this.device,
      }),
    );
  }

  apply(diff: ConfigDiff, opts: ApplyOptions): Promise<ApplyResult> {
    const run = this.applies.then(() => this.applyNow(diff, opts));
    this.applies = run.catch(() => undefined);
    return run;
  }
}

/** The wall time of each phase of one apply, and its ApplyResult. */
export class ApplyRecorder {
  private readonly t0 = performance.now();
  readonly timingsMs: Partial<Record<ApplyPhase, number>> = {};

  constructor(
    private readonly diff: ConfigDiff,
    private readonly opts: ApplyOptions,
    readonly payloads: string[],
  ) {}

  /** Runs `f`, adding its time to `name` (also when it throws). */
  readonly phase = async <T>(name: ApplyPhase, f: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await f();
    } finally {
      this.timingsMs[name] = (this.timingsMs[name] ?? 0) + performance.now() - t;
    }
  };

  result(committed: boolean, verified: boolean): ApplyResult {
    return {
      dryRun: this.opts.dryRun,
      committed,
      verified,
      changes: this.diff.changes.length,
      payloads: this.payloads,
      timingsMs: this.timingsMs,
      totalMs: performance.now() - this.t0,
    };
  }

  /** The result when nothing is to be sent: a dry run (nothing committed), or an empty diff (nothing to verify). */
  nothingToSend(): ApplyResult | undefined {
    if (this.opts.dryRun) return this.result(false, false);
    if (this.diff.changes.length === 0) return this.result(false, true);
    return undefined;
  }
}

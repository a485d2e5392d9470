/**
 * OltDriver over the ZXA10-style SSH CLI (design §6, issue 5 item 3), C300 or C600 naming as the
 * device profile's `cli` section says (dialect.ts): no vendor branches here.
 *
 * apply = re-read running-config and check the plan still fits it → `configure terminal` → each
 * step's line in its interface context, in the planned order (running-config-plan.ts) → on an
 * `%Error` line, the undo lines of the steps already applied, in reverse order → `end` → read back
 * `show running-config` and verify (a failed verify is undone too). A CLI has no candidate
 * datastore: atomicity is the computed undo. A session lost mid-change leaves the outcome unknown
 * (ConnectionLostError: the caller reconciles).
 */
import type { OltConfig } from '../../../../domain/olt-config/model.ts';
import { staleChanges, unappliedChanges, type ConfigDiff } from '../../../../domain/olt-config/diff.ts';
import type {
  ApplyOptions,
  ApplyResult,
  DriverCapabilities,
} from '../../../../application/ports/olt-driver/olt-driver.ts';
import { ApplyRecorder, OltDriverBase } from '../driver-base.ts';
import {
  CommitError,
  ConnectionLostError,
  LockError,
  StalePlanError,
  VerifyError,
  type RpcErrorDetail,
} from '../../../../application/ports/olt-driver/errors.ts';
import { dialectFromProfile, type CliDialect } from './dialect.ts';
import { parseRunningConfig } from './running-config.ts';
import { cliScript, planCliSteps, undoScript, type CliLine, type CliStep } from './running-config-plan.ts';
import { CliCommandError, CliSession } from './cli-session.ts';
import type { HostKeyPolicy } from '../../ssh-connect.ts';
import { dialectFromProfile as zxa10DialectFromProfile } from './zxa10-dialect.ts';
import { saysNoInformation } from './replies.ts';
import { readUncfg } from './show-readers.ts';
import type { UnconfiguredOnu } from '../../../../application/ports/olt-driver/olt-driver.ts';

/** The parts of a device profile (device-profiles/*.json) this driver reads. */
export interface CliDeviceProfile {
  name: string;
  capabilities?: Record<string, unknown>;
  cli?: unknown;
  /** The ZXA10 dialect as public captures show it (docs/zxa10-dialect.md): its `show` readers. */
  cliDialect?: unknown;
}

export interface CliDriverOptions {
  host: string;
  port: number;
  username: string;
  password?: string;
  profile: CliDeviceProfile;
  device?: string;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** The SSH host key the OLT must present (issue 14 item 2). */
  hostKey?: HostKeyPolicy;
}

/** Commands typed per round trip. */
const WINDOW = 400;

function errorDetail(e: CliCommandError): RpcErrorDetail {
  return {
    type: 'application',
    tag: 'operation-failed',
    severity: 'error',
    message: e.text,
    info: { code: String(e.errorCode), command: e.command },
  };
}

export class CliOltDriver extends OltDriverBase {
  readonly dialect: CliDialect;
  private session: CliSession | undefined;
  /** Interface context the session is in ('' = config mode, undefined = exec mode). */
  private context: string | undefined;

  constructor(private readonly opts: CliDriverOptions) {
    super(opts.device ?? `${opts.host}:${opts.port}`);
    this.dialect = dialectFromProfile(opts.profile);
  }

  get connected(): boolean {
    return !!this.session && !this.session.closed;
  }

  get capabilities(): DriverCapabilities {
    return {
      protocol: 'cli',
      atomicApply: true,
      candidate: false,
      confirmedCommit: false,
      validate: false,
      rollbackOnError: false,
      netconf: [],
      profile: { ...(this.opts.profile.capabilities ?? {}) },
    };
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    this.session = await CliSession.open({
      host: this.opts.host,
      port: this.opts.port,
      username: this.opts.username,
      password: this.opts.password,
      dialect: this.dialect,
      device: this.device,
      connectTimeoutMs: this.opts.connectTimeoutMs,
      commandTimeoutMs: this.opts.commandTimeoutMs,
      hostKey: this.opts.hostKey,
    });
    this.context = undefined;
    await this.session.run(this.dialect.paging.disable);
  }

  private get cli(): CliSession {
    if (!this.session || this.session.closed)
      throw new ConnectionLostError(`${this.device}: not connected`, [], { device: this.device });
    return this.session;
  }

  /** Back to exec mode (show commands work in every mode, but a clean state helps the next apply). */
  private async toExec(): Promise<void> {
    if (this.context === undefined) return;
    await this.cli.run('end');
    this.context = undefined;
  }

  protected async readRunning(): Promise<OltConfig> {
    const lines = await this.cli.run('show running-config');
    return parseRunningConfig(lines.join('\n'), this.dialect).config;
  }

  /**
   * The lines to type for `lines`, from exec mode back to exec mode: `configure terminal`, a context
   * line before each run of lines in one interface context, `end` + `configure terminal` after it, `end`. Each typed
   * line knows the index of the CliLine it carries (-1 for mode changes).
   */
  private typed(lines: readonly CliLine[]): { text: string; index: number }[] {
    const out: { text: string; index: number }[] = [{ text: this.dialect.modes.config, index: -1 }];
    let ctx = '';
    lines.forEach((l, i) => {
      if (l.context !== ctx) {
        // `end` + `configure terminal`, not `exit`: if entering a context failed, an `exit` would
        // leave config mode (and a second one the session); `end` always lands in exec mode
        if (ctx) out.push({ text: 'end', index: -1 }, { text: this.dialect.modes.config, index: -1 });
        if (l.context) out.push({ text: l.context, index: -1 });
        ctx = l.context;
      }
      out.push({ text: l.line, index: i });
    });
    out.push({ text: 'end', index: -1 });
    return out;
  }

  /**
   * Types `lines` in windows of WINDOW commands (one round trip each, cli-session.ts runBatch).
   * Returns which lines the device accepted and the first error; stops after the window holding
   * an error (the device itself goes on within a window, so every line's own outcome is read).
   */
  private async typeLines(
    lines: readonly CliLine[],
    stopOnError: boolean,
  ): Promise<{ ok: boolean[]; firstError?: CliCommandError }> {
    const ok = lines.map(() => false);
    let firstError: CliCommandError | undefined;
    const all = this.typed(lines);
    this.context = undefined;
    for (let i = 0; i < all.length; i += WINDOW) {
      const win = all.slice(i, i + WINDOW);
      const outs = await this.cli.runBatch(win.map((t) => t.text));
      outs.forEach((o, k) => {
        const idx = win[k].index;
        if (o.error) firstError ??= new CliCommandError(this.device, o.command, o.error.code, o.error.text);
        else if (idx >= 0) ok[idx] = true;
      });
      if (firstError && stopOnError) {
        // back to exec mode whatever mode the window ended in
        if (win[win.length - 1].text !== 'end') await this.cli.runBatch(['end']);
        break;
      }
    }
    return { ok, firstError };
  }

  protected async applyNow(diff: ConfigDiff, opts: ApplyOptions): Promise<ApplyResult> {
    const steps = planCliSteps(this.dialect, diff);
    const rec = new ApplyRecorder(diff, opts, cliScript(steps));
    const nothing = rec.nothingToSend();
    if (nothing) return nothing;
    const { phase } = rec;
    const device = this.device;
    await phase('precheck', async () => {
      await this.toExec();
      const stale = staleChanges(await this.readConfig(), diff);
      if (stale.length) throw new StalePlanError(stale, { device });
    });
    let applied: CliStep[] = [];
    try {
      await phase('edit', async () => {
        const r = await this.typeLines(steps, true);
        applied = steps.filter((_, i) => r.ok[i]);
        if (r.firstError) throw r.firstError;
      });
      if (opts.verify !== false) {
        await phase('verify', async () => {
          const missing = unappliedChanges(await this.readConfig(), diff);
          if (missing.length) throw new VerifyError(missing, { device });
        });
      }
      return rec.result(true, opts.verify !== false);
    } catch (e) {
      if (e instanceof ConnectionLostError || !this.connected) throw e; // outcome unknown: reconcile
      const rolledBack = await phase('rollback', () => this.undo(applied));
      if (e instanceof CliCommandError) {
        if (e.errorCode === this.dialect.errors.kinds.locked.code)
          throw new LockError('running', [errorDetail(e)], { device, cause: e });
        throw new CommitError(
          `${device}: ${e.message}; ${applied.length} applied step(s) ${rolledBack ? 'undone' : 'NOT fully undone'}`,
          rolledBack,
          [errorDetail(e)],
          { device, cause: e },
        );
      }
      if (e instanceof VerifyError && !rolledBack) {
        throw new CommitError(
          `${device}: verification failed and the undo did not complete: ${e.message}`,
          false,
          [],
          { device, cause: e },
        );
      }
      throw e;
    }
  }

  /** The undo lines of the applied steps, last first; true when every one was accepted. */
  private async undo(applied: readonly CliStep[]): Promise<boolean> {
    if (applied.length === 0) return true;
    try {
      const r = await this.typeLines(undoScript(applied), false);
      return r.firstError === undefined;
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    this.context = undefined;
    if (!s || s.closed) return;
    try {
      await s.run('end', 2000);
      await s.run('exit', 500).catch(() => undefined);
    } catch {
      /* closing anyway */
    }
    s.close();
  }

  /**
   * `show gpon onu uncfg` as the profile's ZXA10 dialect reads it (`reads.uncfg`, from
   * c300/show-gpon-onu-uncfg-c320.txt; docs/zxa10-dialect.md §4.3). A profile without that section
   * cannot list them (MissingCapabilityError from the base).
   */
  override async readUnconfiguredOnus(): Promise<UnconfiguredOnu[]> {
    if (!this.opts.profile.cliDialect) return super.readUnconfiguredOnus();
    const z = zxa10DialectFromProfile(this.opts.profile);
    await this.toExec();
    const lines = await this.cli.run(z.reads.uncfg.command);
    return saysNoInformation(z, lines) ? [] : readUncfg(z, z.reads.uncfg, lines);
  }
}

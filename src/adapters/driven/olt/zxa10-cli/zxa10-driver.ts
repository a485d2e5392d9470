/**
 * OltDriver over the ZXA10 CLI (design §6) for C300/C320 and C600/C620 alike: every difference
 * between the families is in the device profile's `cliDialect` section (zxa10-dialect.ts), none here.
 *
 * plan = the desired configuration as this device can carry it (config-projection.ts: absent
 * capabilities noted, never invented) diffed against the last read. apply = re-read the touched
 * ONUs and check the plan still fits → `configure terminal` → each step's line in its mode
 * (change-steps.ts) → read back and verify → `write` (saved, so a reboot keeps it). On an error line
 * or a failed verify, the touched ONUs are read again and planned back to their state before the
 * change, then read to see that they are (zxa10-rollback.ts); CommitError says whether they are. A
 * session lost mid-change leaves the outcome unknown (ConnectionLostError: the caller reconciles).
 */
import {
  diffOltConfig,
  staleChanges,
  unappliedChanges,
  type ConfigDiff,
  type DiffScope,
  type UnsupportedSetting,
} from '../../../../domain/olt-config/diff.ts';
import type { OltConfig, VAni } from '../../../../domain/olt-config/model.ts';
import type {
  ApplyOptions,
  ApplyResult,
  DriverCapabilities,
  UnconfiguredOnu,
  VerifyResult,
} from '../../../../application/ports/olt-driver/olt-driver.ts';
import {
  CommitError,
  ConnectionError,
  ConnectionLostError,
  MissingCapabilityError,
  RpcTimeoutError,
  StalePlanError,
  VerifyError,
  type RpcErrorDetail,
} from '../../../../application/ports/olt-driver/errors.ts';
import { ApplyRecorder, OltDriverBase } from '../driver-base.ts';
import type { CliChannel } from './cli-channel.ts';
import { planCliSteps, type CliLine } from './change-steps.ts';
import { readRunningConfig } from './config-reader.ts';
import { projectDesired, resolveMasked, toOltConfig } from './config-projection.ts';
import { emptyDeviceConfig, onuKey, type DeviceConfig } from './device-config.ts';
import type { ProfileUse } from './onu-commands.ts';
import { saysNoInformation } from './replies.ts';
import {
  readAttenuation,
  readOnuDetail,
  readOnuRx,
  readOnuStates,
  readSystemGroup,
  readUncfg,
  type Attenuation,
  type OnuDetail,
  type OnuStateRow,
  type SystemIdentity,
} from './show-readers.ts';
import { dialectFromProfile, readCommand, type Zxa10Dialect } from './zxa10-dialect.ts';
import { restoreBefore, type RestoreIo } from './zxa10-rollback.ts';
import { CliCommandError, Zxa10Session } from './zxa10-session.ts';

/** The parts of a device profile this driver reads. */
export interface Zxa10Profile {
  name: string;
  capabilities?: Record<string, unknown>;
  cliDialect?: unknown;
}

export interface Zxa10DriverOptions {
  profile: Zxa10Profile;
  device: string;
  /** Opens the byte stream (SSH in production, a recorded session in replay tests). */
  openChannel: () => Promise<CliChannel>;
  connectTimeoutMs?: number;
  commandTimeoutMs?: number;
  /** Checks the device's own identity against the profile (sysObjectID family), when it can say it. */
  expectFamily?: (sysObjectID: string) => boolean;
  /** Commands typed per round trip (default 64). */
  window?: number;
}

function detail(e: CliCommandError): RpcErrorDetail {
  return {
    type: 'application',
    tag: 'operation-failed',
    severity: 'error',
    message: e.line,
    info: { command: e.command },
  };
}

export class Zxa10CliDriver extends OltDriverBase {
  readonly dialect: Zxa10Dialect;
  private session: Zxa10Session | undefined;
  /** The device model of the last read (profile uses, services ponctl does not name). */
  private lastDevice: DeviceConfig = emptyDeviceConfig();
  /** What the device reported of itself at connect (`show system-group`), when the family has such a read. */
  identity: SystemIdentity | undefined;

  constructor(private readonly o: Zxa10DriverOptions) {
    super(o.device);
    this.dialect = dialectFromProfile(o.profile);
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
      profile: { ...(this.o.profile.capabilities ?? {}) },
    };
  }

  /** Lines the last read could not place (inside blocks ponctl manages): each one matters. */
  get unknownLines(): readonly { line: number; text: string }[] {
    return this.lastDevice.unknown;
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    const ch = await this.o.openChannel();
    this.session = await Zxa10Session.open(ch, this.dialect, {
      device: this.device,
      timeoutMs: this.o.connectTimeoutMs ?? 10_000,
      commandTimeoutMs: this.o.commandTimeoutMs,
    });
    await this.cli.run(this.dialect.paging.disable);
    if (this.dialect.reads.identity) {
      this.identity = readSystemGroup(await this.cli.run(this.dialect.reads.identity));
      const oid = this.identity.sysObjectID;
      if (oid && this.o.expectFamily && !this.o.expectFamily(oid)) {
        this.session.close();
        throw new ConnectionError(
          `${this.device}: the device reports sysObjectID ${oid}, not a ${this.dialect.profile}`,
          {
            device: this.device,
          },
        );
      }
    }
  }

  private get cli(): Zxa10Session {
    if (!this.session || this.session.closed)
      throw new ConnectionLostError(`${this.device}: not connected`, [], { device: this.device });
    return this.session;
  }

  protected async readRunning(): Promise<OltConfig> {
    const lines = await this.cli.run(this.dialect.reads.runningConfig);
    this.lastDevice = readRunningConfig(lines.join('\n'), this.dialect);
    return toOltConfig(this.lastDevice, this.dialect);
  }

  /** The per-object reads of some ONUs (and their PON ports): fast on an OLT with thousands of ONUs. */
  private async readOnus(onus: readonly { port: string; onuId: number }[]): Promise<OltConfig> {
    const d = this.dialect;
    const dev = emptyDeviceConfig();
    const run = async (cmds: string[]) => {
      if (cmds.length === 0) return;
      for (const out of await this.cli.runBatch(cmds))
        if (!out.error) readRunningConfig(out.lines.join('\n'), d, dev);
    };
    const pons = [...new Set(onus.map((o) => o.port))];
    await run([
      ...pons.flatMap((pon) => d.reads.oltConfig.map((t) => readCommand(d, t, { pon }))),
      ...onus.flatMap((o) =>
        d.reads.onuConfig.map((t) => readCommand(d, t, { pon: o.port, onuId: o.onuId })),
      ),
    ]);
    if (d.reads.vportConfig.length) {
      // C600: one vport interface per GEM port (vport K carries GEM port K)
      const vports = [...dev.onus.values()].flatMap((o) =>
        [...o.gemports.keys()].map((vport) => ({ pon: o.pon, onuId: o.onuId, vport })),
      );
      await run(vports.flatMap((v) => d.reads.vportConfig.map((t) => readCommand(d, t, v))));
    }
    for (const [k, o] of dev.onus) this.lastDevice.onus.set(k, o);
    // profiles are not in the per-object reads: the last whole read says which exist
    return toOltConfig(
      { ...dev, tcontProfiles: this.lastDevice.tcontProfiles, rateProfiles: this.lastDevice.rateProfiles },
      d,
    );
  }

  /** Fresh configuration for checking a diff: the touched ONUs only, unless profiles change too. */
  private async readFor(diff: ConfigDiff): Promise<OltConfig> {
    if (diff.changes.some((c) => c.kind === 'traffic-profile')) return this.readConfig();
    const onus = new Map<string, { port: string; onuId: number }>();
    for (const c of diff.changes) if (c.kind !== 'traffic-profile') onus.set(`${c.port}:${c.onuId}`, c);
    return this.readOnus([...onus.values()]);
  }

  override plan(desired: OltConfig, actual?: OltConfig, scope?: DiffScope): ConfigDiff {
    const { config, unsupported } = projectDesired(desired, this.dialect);
    const refused = unsupported.filter((u) => u.refused);
    if (refused.length)
      throw new MissingCapabilityError(
        `plan on ${this.dialect.profile}`,
        refused.map((u) => u.setting).join(', '),
        {
          device: this.device,
        },
      );
    const base = actual ?? this.lastRead;
    const diff = super.plan(config, base && resolveMasked(base, this.dialect, describedIn(config)), scope);
    const notes: UnsupportedSetting[] = [...unsupported];
    const kept = diff.changes.filter((c) => {
      if (c.kind !== 'traffic-profile' || c.op !== 'delete' || !this.dialect.absent.trafficProfileRemoval)
        return true;
      notes.push({
        setting: 'trafficProfileRemoval',
        profile: c.name,
        requested: 'remove',
        reason: this.dialect.absent.trafficProfileRemoval.reason,
        refused: false,
      });
      return false;
    });
    const counts = { create: 0, update: 0, delete: 0 };
    for (const c of kept) counts[c.op]++;
    return { ...diff, changes: kept, counts, ...(notes.length ? { unsupported: notes } : {}) };
  }

  override async verify(desired: OltConfig, scope?: DiffScope): Promise<VerifyResult> {
    const { config } = projectDesired(desired, this.dialect);
    const read = scope?.onus && !scope.ports ? await this.readOnus(scope.onus) : await this.readConfig();
    const actual = resolveMasked(read, this.dialect, describedIn(config));
    const remaining = diffOltConfig(actual, config, scope).changes.filter(
      (c) =>
        !(c.kind === 'traffic-profile' && c.op === 'delete' && this.dialect.absent.trafficProfileRemoval),
    );
    return { ok: remaining.length === 0, remaining, actual };
  }

  private planContext(current: OltConfig) {
    const dev = this.lastDevice;
    return {
      current,
      profileUses: (name: string): ReadonlySet<ProfileUse> => {
        const uses = new Set<ProfileUse>();
        if (dev.tcontProfiles.has(name)) uses.add('tcont');
        if (dev.rateProfiles.has(name)) uses.add('rate');
        return uses;
      },
      hasForeignServices: (pon: string, onuId: number) => {
        const o = dev.onus.get(onuKey(pon, onuId));
        const vani = current.channelTerminations
          .find((c) => c.name === pon)
          ?.onus.find((x) => x.onuId === onuId);
        return !!o && o.servicePorts.size > (vani?.vlans.length ?? 0);
      },
    };
  }

  /** `configure terminal`, each run of lines in its mode (`end` between modes: it works from any mode), `end`. */
  private typed(lines: readonly CliLine[]): string[] {
    const m = this.dialect.modes;
    const out = [m.config];
    let ctx = '';
    for (const l of lines) {
      if (l.context !== ctx) {
        if (ctx) out.push(m.end, m.config);
        if (l.context) out.push(l.context);
        ctx = l.context;
      }
      out.push(l.line);
    }
    out.push(m.end);
    return out;
  }

  /**
   * Types `lines`; the first refusal, if any. Typing stops after the refusal's window: the lines
   * after it in that window may have landed in the wrong mode, so what they did is read, not assumed
   * (zxa10-rollback.ts).
   */
  private async typeLines(lines: readonly CliLine[]): Promise<CliCommandError | undefined> {
    const all = this.typed(lines);
    const window = this.o.window ?? 64;
    for (let i = 0; i < all.length; i += window) {
      const win = all.slice(i, i + window);
      const bad = (await this.cli.runBatch(win)).find((out) => out.error);
      if (bad) {
        if (win[win.length - 1] !== this.dialect.modes.end) await this.cli.runBatch([this.dialect.modes.end]);
        return new CliCommandError(this.device, bad.command, bad.error!);
      }
    }
    return undefined;
  }

  protected async applyNow(diff: ConfigDiff, opts: ApplyOptions): Promise<ApplyResult> {
    const device = this.device;
    if (opts.dryRun || diff.changes.length === 0) {
      const steps = planCliSteps(this.dialect, diff, this.planContext(this.lastRead ?? emptyConfig()));
      return new ApplyRecorder(diff, opts, steps.map(lineText)).nothingToSend()!;
    }
    const rec = new ApplyRecorder(diff, opts, []);
    const { phase } = rec;
    let current: OltConfig = emptyConfig();
    await phase('precheck', async () => {
      current = resolveMasked(await this.readFor(diff), this.dialect, describedBy(diff, 'before'));
      const stale = staleChanges(current, diff);
      if (stale.length) throw new StalePlanError(stale, { device });
    });
    const steps = planCliSteps(this.dialect, diff, this.planContext(current));
    rec.payloads.push(...steps.map(lineText));
    try {
      await phase('edit', async () => {
        const refused = await this.typeLines(steps);
        if (refused) throw refused;
      });
      if (opts.verify !== false)
        await phase('verify', async () => {
          const back = resolveMasked(await this.readFor(diff), this.dialect, describedBy(diff, 'after'));
          const missing = unappliedChanges(back, diff);
          if (missing.length) throw new VerifyError(missing, { device });
        });
      if (this.dialect.modes.save) await phase('commit', () => this.cli.run(this.dialect.modes.save!));
      return rec.result(true, opts.verify !== false);
    } catch (e) {
      // outcome unknown (the session is gone, or late replies would confuse it): the caller reconciles
      if (e instanceof ConnectionLostError || e instanceof RpcTimeoutError || !this.connected) throw e;
      const r = await phase('rollback', () => restoreBefore(this.restoreIo(diff), current, diff));
      const undone = r.rolledBack
        ? 'the touched ONUs read back as before the change'
        : `NOT undone (${r.remaining.join('; ')})`;
      if (e instanceof CliCommandError)
        throw new CommitError(`${device}: ${e.message}; ${undone}`, r.rolledBack, [detail(e)], {
          device,
          cause: e,
        });
      if (e instanceof VerifyError && !r.rolledBack)
        throw new CommitError(`${device}: verification failed: ${e.message}; ${undone}`, false, [], {
          device,
          cause: e,
        });
      throw e;
    }
  }

  /** The driver's reads, planner and typing, for putting a failed change's ONUs back (zxa10-rollback.ts). */
  private restoreIo(diff: ConfigDiff): RestoreIo {
    return {
      read: async (reference) => resolveMasked(await this.readFor(diff), this.dialect, reference),
      steps: (current, back) => planCliSteps(this.dialect, back, this.planContext(current)),
      type: async (lines) => (await this.typeLines(lines)) === undefined,
    };
  }

  override async readUnconfiguredOnus(): Promise<UnconfiguredOnu[]> {
    const r = this.dialect.reads.uncfg;
    const lines = await this.cli.run(r.command);
    return saysNoInformation(this.dialect, lines) ? [] : readUncfg(this.dialect, r, lines);
  }

  /** `show gpon onu state` of one PON port (phase words as telemetry names them). */
  async readOnuStates(pon: string): Promise<OnuStateRow[]> {
    const r = this.dialect.reads.state;
    const lines = await this.cli.run(readCommand(this.dialect, r.command, { pon }));
    return saysNoInformation(this.dialect, lines) ? [] : readOnuStates(this.dialect, r, lines);
  }

  async readOnuDetail(pon: string, onuId: number): Promise<OnuDetail> {
    return readOnuDetail(
      await this.cli.run(readCommand(this.dialect, this.dialect.reads.detail, { pon, onuId })),
    );
  }

  async readAttenuation(pon: string, onuId: number): Promise<Attenuation> {
    const cmd = this.need('attenuation');
    return readAttenuation(await this.cli.run(readCommand(this.dialect, cmd, { pon, onuId })));
  }

  async readOnuRx(pon: string): Promise<Map<number, number | null>> {
    const cmd = this.need('onuRx');
    return readOnuRx(this.dialect, await this.cli.run(readCommand(this.dialect, cmd, { pon })));
  }

  private need(read: 'attenuation' | 'onuRx'): string {
    const cmd = this.dialect.reads[read];
    if (!cmd)
      throw new MissingCapabilityError(read, `${read} read (no public ${this.dialect.profile} layout)`, {
        device: this.device,
      });
    return cmd;
  }

  /** napalm's `cli()`: commands run as typed, each one's reply lines (an error line rejects). */
  async runCommands(commands: readonly string[]): Promise<string[][]> {
    const outs = await this.cli.runBatch(commands);
    const bad = outs.find((o) => o.error);
    if (bad) throw new CliCommandError(this.device, bad.command, bad.error!);
    return outs.map((o) => o.lines);
  }

  async close(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    // no `exit` at exec: it asks "confirm to logout without saving? [yes/no]" (errors/c300-live-errors-boss-app.txt)
    s?.close();
  }
}

function emptyConfig(): OltConfig {
  return { trafficProfiles: [], channelTerminations: [] };
}

function lineText(s: CliLine): string {
  return s.context ? `${s.context} | ${s.line}` : s.line;
}

/** The description `cfg` gives each ONU (resolves masked read-backs, config-projection.ts). */
function describedIn(cfg: OltConfig) {
  return (pon: string, onuId: number) =>
    cfg.channelTerminations.find((c) => c.name === pon)?.onus.find((o) => o.onuId === onuId)?.description;
}

function describedBy(diff: ConfigDiff, side: 'before' | 'after') {
  const m = new Map<string, VAni | undefined>();
  for (const c of diff.changes) if (c.kind === 'onu') m.set(onuKey(c.port, c.onuId), c[side]);
  return (pon: string, onuId: number) => m.get(onuKey(pon, onuId))?.description;
}

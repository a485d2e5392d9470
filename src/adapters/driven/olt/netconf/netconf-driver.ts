/**
 * OltDriver over NETCONF (design §6, issue 5 items 2 and 6; issue 12) for OLTs speaking the
 * Broadband Forum models (bbf/, docs/bbf-mapping.md). The data model (config-model.ts) learns at
 * connect what the device implements (YANG library, RFC 8525 / 7895) before anything is read or
 * written.
 *
 * apply = lock running + candidate → discard-changes → check the plan still fits running →
 * edit-config candidate (one edit, or a few pipelined ones for a large batch) → validate →
 * confirmed commit → read back and verify → confirming commit → unlock. On any failure before the
 * confirming commit: cancel-commit / discard-changes, so the device is left as it was, and a typed
 * error. If the session itself is lost, the device reverts the unconfirmed commit by itself
 * (RFC 6241 §8.4.1) and the caller gets ConnectionLostError (outcome: reconcile).
 */
import type { OltConfig } from '../../../../domain/olt-config/model.ts';
import {
  staleChanges,
  unappliedChanges,
  invertDiff,
  type ConfigDiff,
} from '../../../../domain/olt-config/diff.ts';
import type {
  DriverCapabilities,
  ApplyOptions,
  ApplyResult,
} from '../../../../application/ports/olt-driver/olt-driver.ts';
import { ApplyRecorder, OltDriverBase } from '../driver-base.ts';
import {
  CommitError,
  ConnectionLostError,
  DriverError,
  RpcError,
  StalePlanError,
  ValidationError,
  VerifyError,
} from '../../../../application/ports/olt-driver/errors.ts';
import { NetconfSession, type SessionOptions } from './session.ts';
import { NetconfOperations } from './operations.ts';
import { resolveHooks, type NetconfDeviceHooks } from './device-hooks.ts';
import type { NetconfConfigModel } from './config-model.ts';
import { BbfConfigModel } from './bbf/bbf-model.ts';
import type { UnconfiguredOnu } from '../../../../application/ports/olt-driver/olt-driver.ts';

/** The parts of a device profile (device-profiles/*.json) this driver reads. */
export interface NetconfDeviceProfile {
  name?: string;
  capabilities?: Record<string, unknown>;
  netconf?: { hooks?: string } & Partial<Omit<NetconfDeviceHooks, 'configFilter' | 'name'>>;
}

export interface NetconfDriverOptions extends SessionOptions {
  profile?: NetconfDeviceProfile;
  /** Overrides on top of the profile's hooks (tests, benchmarks). */
  hooks?: Partial<NetconfDeviceHooks>;
}

const DEFAULT_CONFIRM_TIMEOUT_S = 120;
export class NetconfOltDriver extends OltDriverBase {
  private session: NetconfSession | undefined;
  private ops: NetconfOperations | undefined;
  private hooks: NetconfDeviceHooks;
  /** The Broadband Forum models: the contract with real OLTs (the lab's own ponctl-olt is retired). */
  private readonly model: NetconfConfigModel = new BbfConfigModel();

  constructor(private readonly opts: NetconfDriverOptions) {
    super(opts.device ?? `${opts.host}:${opts.port}`);
    this.hooks = this.pickHooks();
  }

  private pickHooks(capabilities?: readonly string[]): NetconfDeviceHooks {
    const { hooks: name, ...overrides } = this.opts.profile?.netconf ?? {};
    return resolveHooks({ name, capabilities, overrides: { ...overrides, ...this.opts.hooks } });
  }

  get connected(): boolean {
    return !!this.session && !this.session.closed;
  }

  get deviceHooks(): NetconfDeviceHooks {
    return this.hooks;
  }

  /** The live NETCONF session (for tools and tests; provisioning uses the OltDriver methods). */
  get netconf(): NetconfOperations {
    if (!this.ops || !this.connected)
      throw new ConnectionLostError(`${this.device}: not connected`, [], { device: this.device });
    return this.ops;
  }

  get capabilities(): DriverCapabilities {
    const s = this.session;
    const has = (c: string) => !!s && s.hasCapability(c);
    const candidate = has(':candidate') && this.hooks.useCandidate;
    const confirmedCommit = has(':confirmed-commit') || has(':confirmed-commit:1.1');
    return {
      protocol: 'netconf',
      atomicApply: s ? candidate || has(':rollback-on-error') : true,
      candidate,
      confirmedCommit,
      validate: has(':validate') || has(':validate:1.1'),
      rollbackOnError: has(':rollback-on-error'),
      netconf: s ? [...s.capabilities] : [],
      netconfBase: s?.base,
      dataModel: this.model.name,
      ...(s && this.model.missing ? { missing: this.model.missing() } : {}),
      profile: { ...(this.opts.profile?.capabilities ?? {}) },
    };
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    this.session = await NetconfSession.connect({ ...this.opts, device: this.device });
    this.ops = new NetconfOperations(this.session);
    this.hooks = this.pickHooks(this.session.capabilities);
    try {
      // know the device before writing to it (design §6): its YANG library, features, deviations
      await this.model.prepare(this.ops, this.session.capabilities, this.device);
    } catch (e) {
      await this.close();
      throw e;
    }
  }

  /** The device's data model (BBF: ONU state, YANG library) for tools, telemetry and tests. */
  get dataModel(): NetconfConfigModel {
    return this.model;
  }

  /** ONUs the channel terminations see that no v-ANI authorises (BBF operational state, RFC 8526). */
  override async readUnconfiguredOnus(): Promise<UnconfiguredOnu[]> {
    if (!this.model.readUnconfiguredOnus) return super.readUnconfiguredOnus();
    return this.model.readUnconfiguredOnus(this.netconf);
  }

  protected async readRunning(): Promise<OltConfig> {
    // a device without the model holds no such configuration: refuse, never read it as empty
    this.model.checkRead(this.device);
    return this.model.decode(await this.netconf.getConfigData('running', this.model.configFilter()));
  }

  /**
   * Reads only what `diff` touches (the model reads everything for a large diff); keeps the
   * remembered actual. The filter (~285 KB for 256 subscribers) is built once for an apply's
   * precheck and verify.
   */
  private readerFor(diff: ConfigDiff): () => Promise<OltConfig> {
    const filter = this.model.diffFilter(diff);
    return async () => this.model.decode(await this.netconf.getConfigData('running', filter));
  }

  protected async applyNow(diff: ConfigDiff, opts: ApplyOptions): Promise<ApplyResult> {
    // every module, feature and deviated node the diff needs, before anything is sent (design §6)
    if (diff.changes.length) this.model.checkWrite(diff, this.device);
    const rec = new ApplyRecorder(diff, opts, this.model.payloads(diff, this.hooks.maxChangesPerEdit));
    const nothing = rec.nothingToSend();
    if (nothing) return nothing;
    const ops = this.netconf;
    const read = this.readerFor(diff);
    return this.capabilities.candidate
      ? this.applyCandidate(ops, diff, opts, rec, read)
      : this.applyRunning(ops, diff, opts, rec, read);
  }

  private async applyCandidate(
    ops: NetconfOperations,
    diff: ConfigDiff,
    opts: ApplyOptions,
    rec: ApplyRecorder,
    read: () => Promise<OltConfig>,
  ): Promise<ApplyResult> {
    const { phase, payloads } = rec;
    const caps = this.capabilities;
    const locked: ('running' | 'candidate')[] = [];
    let state: 'clean' | 'edited' | 'pending-confirm' | 'done' = 'clean';
    const device = this.device;
    try {
      await phase('lock', async () => {
        if (this.hooks.lockRunning) {
          await ops.lock('running');
          locked.push('running');
        }
        await ops.lock('candidate');
        locked.push('candidate');
        // leftovers of another session's unfinished edit must not ride along with ours (RFC 6241 §8.3)
        await ops.discardChanges();
      });
      await phase('precheck', async () => {
        const stale = staleChanges(await read(), diff);
        if (stale.length) throw new StalePlanError(stale, { device });
      });
      state = 'edited';
      const testOption =
        this.hooks.validate === 'test-option' && caps.validate ? ('test-then-set' as const) : undefined;
      await phase('edit', () =>
        Promise.all(
          payloads.map((config) =>
            ops.editConfig({ target: 'candidate', config, defaultOperation: 'merge', testOption }),
          ),
        ),
      );
      if (this.hooks.validate === 'rpc' && caps.validate) {
        await phase('validate', async () => {
          try {
            await ops.validate('candidate');
          } catch (e) {
            if (e instanceof RpcError)
              throw new ValidationError(`${device}: candidate invalid: ${e.message}`, e.errors, {
                device,
                cause: e,
              });
            throw e;
          }
        });
      }
      const confirmed = this.hooks.confirmedCommit && caps.confirmedCommit && opts.verify !== false;
      await phase('commit', async () => {
        try {
          await ops.commit(
            confirmed
              ? { confirmed: true, confirmTimeoutS: opts.confirmTimeoutS ?? DEFAULT_CONFIRM_TIMEOUT_S }
              : {},
          );
        } catch (e) {
          if (e instanceof RpcError)
            throw new CommitError(`${device}: commit refused: ${e.message}`, false, e.errors, {
              device,
              cause: e,
            });
          throw e;
        }
      });
      state = confirmed ? 'pending-confirm' : 'done';
      let verified = false;
      if (opts.verify !== false) {
        await phase('verify', async () => {
          const missing = unappliedChanges(await read(), diff);
          if (missing.length) throw new VerifyError(missing, { device });
        });
        verified = true;
      }
      if (state === 'pending-confirm') {
        await phase('confirm', () => ops.commit());
        state = 'done';
      }
      // committed and confirmed: an unlock failure changes nothing on the device (locks die with the session)
      await phase('unlock', () => this.unlockAll(ops, locked)).catch(() => this.session?.kill());
      return rec.result(true, verified);
    } catch (e) {
      const rolledBack = await phase('rollback', () => this.rollback(ops, state, locked));
      throw this.withRollback(e, rolledBack, state);
    }
  }

  /** Undo whatever the failed apply left: cancel a pending confirmed commit, discard the candidate, unlock. */
  private async rollback(
    ops: NetconfOperations,
    state: string,
    locked: ('running' | 'candidate')[],
  ): Promise<boolean> {
    if (!this.connected) return state !== 'done'; // the device reverts an unconfirmed commit and drops our candidate edits with the session
    let ok = true;
    if (state === 'pending-confirm') {
      try {
        if (this.session!.hasCapability(':confirmed-commit:1.1')) await ops.cancelCommit();
        else {
          // :confirmed-commit:1.0 has no cancel: ending the session reverts it (RFC 6241 §8.4.1)
          this.session!.kill();
          return true;
        }
      } catch {
        ok = false;
      }
    }
    if (state !== 'clean' && state !== 'done') {
      try {
        await ops.discardChanges();
      } catch {
        ok = false;
      }
    }
    await this.unlockAll(ops, locked).catch(() => {
      ok = false;
    });
    return ok && state !== 'done';
  }

  private async unlockAll(ops: NetconfOperations, locked: ('running' | 'candidate')[]): Promise<void> {
    let firstError: unknown;
    for (const ds of [...locked].reverse()) {
      try {
        await ops.unlock(ds);
      } catch (e) {
        firstError ??= e;
      }
    }
    locked.length = 0;
    if (firstError) throw firstError;
  }

  private withRollback(e: unknown, rolledBack: boolean, state: string): unknown {
    if (e instanceof CommitError)
      return new CommitError(e.message, rolledBack, e.errors, { device: this.device, cause: e.cause });
    if (e instanceof VerifyError && !rolledBack) {
      return new CommitError(
        `${this.device}: verification failed and the rollback did not complete: ${e.message}`,
        false,
        [],
        { device: this.device, cause: e },
      );
    }
    if (e instanceof DriverError) return e;
    return new DriverError(
      'commit',
      `${this.device}: apply failed in state ${state}: ${(e as Error)?.message ?? String(e)}`,
      { device: this.device, cause: e },
    );
  }

  /** Devices without a candidate: edit running (rollback-on-error when offered), undo by the inverse diff on a failed verify. */
  private async applyRunning(
    ops: NetconfOperations,
    diff: ConfigDiff,
    opts: ApplyOptions,
    rec: ApplyRecorder,
    read: () => Promise<OltConfig>,
  ): Promise<ApplyResult> {
    const { phase, payloads } = rec;
    const locked: ('running' | 'candidate')[] = [];
    const errorOption = this.capabilities.rollbackOnError ? ('rollback-on-error' as const) : undefined;
    try {
      await phase('lock', async () => {
        await ops.lock('running');
        locked.push('running');
      });
      await phase('precheck', async () => {
        const stale = staleChanges(await read(), diff);
        if (stale.length) throw new StalePlanError(stale, { device: this.device });
      });
      let applied = 0;
      try {
        await phase('edit', async () => {
          for (const config of payloads) {
            await ops.editConfig({ target: 'running', config, defaultOperation: 'merge', errorOption });
            applied++;
          }
        });
        if (opts.verify !== false) {
          await phase('verify', async () => {
            const missing = unappliedChanges(await read(), diff);
            if (missing.length) throw new VerifyError(missing, { device: this.device });
          });
        }
      } catch (e) {
        if (applied > 0 && this.connected) {
          const undo = this.model.payloads(invertDiff(diff), this.hooks.maxChangesPerEdit);
          await phase('rollback', async () => {
            for (const config of undo)
              await ops.editConfig({ target: 'running', config, defaultOperation: 'merge' });
          }).catch(() => undefined);
        }
        throw e;
      }
      await phase('unlock', () => this.unlockAll(ops, locked));
      return rec.result(true, opts.verify !== false);
    } catch (e) {
      if (this.connected) await this.unlockAll(ops, locked).catch(() => undefined);
      throw e;
    }
  }

  async close(): Promise<void> {
    const s = this.session;
    this.session = undefined;
    this.ops = undefined;
    if (s) await s.close();
  }
}

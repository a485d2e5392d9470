/**
 * The narrow device seam the unblocking service needs (issue 8 §2–§3): read one port's v-ANI exactly
 * as the device holds it (plus the traffic descriptors it uses), and make the port hold exactly a
 * given v-ANI (or none), verified by read-back. Implemented over any OltDriver (NETCONF or ZXA10
 * CLI), scoped to the one ONU so nothing else on the OLT is touched.
 */
import { VerifyError } from '../ports/olt-driver/errors.ts';
import type { OltDriver } from '../ports/olt-driver/olt-driver.ts';
import { diffOltConfig } from '../../domain/olt-config/diff.ts';
import type { OltConfig, TrafficProfile, VAni } from '../../domain/olt-config/model.ts';
import type { PortRef } from '../../domain/provisioning/subscriber-intent.ts';
import { profilesUsedBy } from '../../domain/unblocking/snapshot.ts';

export interface PortState {
  /** The v-ANI on that ONU position, as read back; undefined = none configured. */
  vani?: VAni;
  /** Traffic descriptors it refers to, as they are on the device. */
  profiles: TrafficProfile[];
}

export interface PortConfigurator {
  readPort(port: PortRef): Promise<PortState>;
  /**
   * Makes the port hold exactly `vani` (null = no v-ANI) with `profiles` present as given, then reads
   * it back; throws PortVerifyError when the read-back differs. Atomic per the driver's apply.
   */
  writePort(port: PortRef, vani: VAni | null, profiles: readonly TrafficProfile[]): Promise<PortState>;
}

/** After writing one port, its read-back differs (a driver `verify` error, scoped to the port). */
export class PortVerifyError extends VerifyError {
  constructor(
    readonly port: PortRef,
    readonly remaining: number,
  ) {
    super(
      [
        `${port.olt} ${port.pon}:${port.onuId}: read-back differs from what was written (${remaining} change(s) left)`,
      ],
      { device: port.olt },
    );
  }
}

export function portStateOf(cfg: OltConfig, port: PortRef): PortState {
  const vani = cfg.channelTerminations
    .find((c) => c.name === port.pon)
    ?.onus.find((o) => o.onuId === port.onuId);
  return { vani, profiles: vani ? profilesUsedBy(vani, cfg.trafficProfiles) : [] };
}

/** `cfg` with the port's v-ANI replaced by `vani` (or removed) and `profiles` set as given. */
export function withPort(
  cfg: OltConfig,
  port: PortRef,
  vani: VAni | null,
  profiles: readonly TrafficProfile[],
): OltConfig {
  const next: OltConfig = structuredClone(cfg);
  for (const p of profiles) {
    const i = next.trafficProfiles.findIndex((x) => x.name === p.name);
    if (i >= 0) next.trafficProfiles[i] = { ...p };
    else next.trafficProfiles.push({ ...p });
  }
  let ct = next.channelTerminations.find((c) => c.name === port.pon);
  if (!ct) {
    ct = { name: port.pon, onus: [] };
    next.channelTerminations.push(ct);
  }
  ct.onus = ct.onus.filter((o) => o.onuId !== port.onuId);
  if (vani) ct.onus.push(structuredClone({ ...vani, onuId: port.onuId }));
  ct.onus.sort((a, b) => a.onuId - b.onuId);
  return next;
}

/** True when the port holds exactly `vani` and `profiles` (the diff's canonical comparison). */
export function portMatches(
  actual: OltConfig,
  port: PortRef,
  vani: VAni | null,
  profiles: readonly TrafficProfile[],
): number {
  const desired = withPort(actual, port, vani, profiles);
  return diffOltConfig(actual, desired, { onus: [{ port: port.pon, onuId: port.onuId }] }).changes.length;
}

/** Traffic descriptors the port's previous v-ANI used that no v-ANI of `desired` uses any more. */
export function orphanedProfiles(actual: OltConfig, desired: OltConfig, port: PortRef): string[] {
  const before = portStateOf(actual, port).vani;
  if (!before) return [];
  const used = new Set<string>();
  for (const ct of desired.channelTerminations) {
    for (const o of ct.onus) for (const p of profilesUsedBy(o, desired.trafficProfiles)) used.add(p.name);
  }
  return profilesUsedBy(before, actual.trafficProfiles)
    .map((p) => p.name)
    .filter((n) => !used.has(n));
}

export interface DriverPortConfiguratorOptions {
  /** A connected driver for the OLT (the caller owns its lifetime). */
  driverFor(olt: string): Promise<OltDriver>;
  /** One writer per OLT (provisioning's OltLocks.withOlt); default: none. */
  withOlt?<T>(olt: string, fn: () => Promise<T>): Promise<T>;
  confirmTimeoutS?: number;
}

export class DriverPortConfigurator implements PortConfigurator {
  constructor(private readonly o: DriverPortConfiguratorOptions) {}

  async readPort(port: PortRef): Promise<PortState> {
    const d = await this.o.driverFor(port.olt);
    return portStateOf(await d.readConfig(), port);
  }

  async writePort(port: PortRef, vani: VAni | null, profiles: readonly TrafficProfile[]): Promise<PortState> {
    const run = async () => {
      const d = await this.o.driverFor(port.olt);
      const actual = await d.readConfig();
      const desired = withPort(actual, port, vani, profiles);
      // profiles only the replaced v-ANI used go with it, so a restore leaves the device as it was
      const orphans = orphanedProfiles(actual, desired, port);
      desired.trafficProfiles = desired.trafficProfiles.filter((p) => !orphans.includes(p.name));
      const diff = d.plan(desired, actual, {
        onus: [{ port: port.pon, onuId: port.onuId }],
        trafficProfiles: orphans,
      });
      if (diff.changes.length)
        await d.apply(diff, { dryRun: false, confirmTimeoutS: this.o.confirmTimeoutS });
      const back = await d.readConfig();
      const left = portMatches(back, port, vani, profiles);
      if (left) throw new PortVerifyError(port, left);
      return portStateOf(back, port);
    };
    return this.o.withOlt ? this.o.withOlt(port.olt, run) : run();
  }
}

/**
 * Putting back what a refused (or unverified) ZXA10 change touched — design §6 "CLI commands with
 * computed undo on failure"; the brief's rule: a device that fails mid-change is rolled back or
 * flagged for reconciliation, never reported rolled back when it is not.
 *
 * A CLI has no candidate datastore, and what the device did with a failed change cannot be told
 * from the replies: the driver types a window of lines per round trip, and a line refused in
 * `interface …` / `pon-onu-mng …` leaves the lines after it in the wrong mode (refused too, or taken
 * where they were not meant) while later contexts are accepted on the ONU as it still is. So the undo
 * is not computed from which lines were accepted: the touched ONUs are read again, the planner
 * (change-steps.ts, the commands of recorded transcripts only) plans from that state back to the
 * state read before the change, the plan is typed, and a last read says whether the device is back.
 * Only then is the change rolled back; otherwise the caller reports it not undone (CommitError,
 * rolledBack false) and provisioning flags the OLT for reconciliation.
 */
import {
  describeChange,
  diffOltConfig,
  touchedOnus,
  type ConfigDiff,
  type DiffScope,
} from '../../../../domain/olt-config/diff.ts';
import type { OltConfig, VAni } from '../../../../domain/olt-config/model.ts';
import type { CliLine } from './change-steps.ts';
import { onuKey } from './device-config.ts';

/** What a restore needs of the driver. */
export interface RestoreIo {
  /** The touched ONUs (and profiles, when the change touched any) as the device holds them now;
   *  a masked description is taken to be what `reference` says (config-projection.ts resolveMasked). */
  read(reference: (pon: string, onuId: number) => string | undefined): Promise<OltConfig>;
  /** The lines turning `current` into the diff's after side (change-steps.ts planCliSteps). */
  steps(current: OltConfig, diff: ConfigDiff): CliLine[];
  /** Types `lines`; false when the device refused one (typing stops after that window). */
  type(lines: readonly CliLine[]): Promise<boolean>;
}

export interface Restored {
  rolledBack: boolean;
  /** What still differs from the state before the change (empty when rolled back), or why it is unknown. */
  remaining: string[];
}

/** Rounds of read → plan → type before giving up (a second round repairs what the first's refusal left). */
const ROUNDS = 2;

/**
 * Brings the ONUs `failed` touched back to `before` (their state read before the change, masked
 * values resolved), and reads them again to say whether it did.
 */
export async function restoreBefore(io: RestoreIo, before: OltConfig, failed: ConfigDiff): Promise<Restored> {
  // the touched ONUs; a traffic profile the change created stays (the dialects declare no public
  // removal, `absent.trafficProfileRemoval`), one it changed is typed back
  const scope: DiffScope = { onus: touchedOnus(failed) };
  const was = describedIn(before);
  const changedDescription = descriptionChanges(failed);
  // A description the change may have altered cannot be read back where the device masks it (C600):
  // the first read takes it as unknown, so the plan types the old one again (or rebuilds the ONU).
  const unsure = (pon: string, onuId: number) => {
    const k = onuKey(pon, onuId);
    return changedDescription.has(k) ? changedDescription.get(k) : was(pon, onuId);
  };
  try {
    let trusted = false;
    for (let round = 0; round < ROUNDS; round++) {
      const now = await io.read(trusted ? was : unsure);
      const back = diffOltConfig(now, before, scope);
      if (back.changes.length === 0) return { rolledBack: true, remaining: [] };
      trusted = await io.type(io.steps(now, back));
    }
    const remaining = diffOltConfig(await io.read(trusted ? was : unsure), before, scope).changes;
    return { rolledBack: remaining.length === 0, remaining: remaining.map(describeChange) };
  } catch (e) {
    // a read or the session failed while restoring: the device's state is not known
    return { rolledBack: false, remaining: [`restore interrupted: ${(e as Error)?.message ?? String(e)}`] };
  }
}

function describedIn(cfg: OltConfig) {
  return (pon: string, onuId: number) =>
    cfg.channelTerminations.find((c) => c.name === pon)?.onus.find((o) => o.onuId === onuId)?.description;
}

/**
 * ONUs whose description the change altered, with what to take a masked read for: nothing when the
 * ONU had one (it is typed again), the new one when it had none (no public removal: rebuilt).
 */
function descriptionChanges(diff: ConfigDiff): Map<string, string | undefined> {
  const m = new Map<string, string | undefined>();
  for (const c of diff.changes) {
    if (c.kind !== 'onu') continue;
    const [b, a]: (VAni | undefined)[] = [c.before, c.after];
    if (b?.description === a?.description) continue;
    m.set(onuKey(c.port, c.onuId), b?.description === undefined ? a?.description : undefined);
  }
  return m;
}

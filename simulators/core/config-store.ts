/**
 * The one configuration state of a simulated OLT (issue 4 §5): the CLI configures `running`
 * directly (as a ZXA10 does), NETCONF edits `candidate` and commits it into `running`; both views
 * read the same `running` tree, so what the CLI configures NETCONF `get-config` shows, and the
 * reverse. Datastore locks (RFC 6241 §7.5) are held here so the CLI respects a NETCONF lock too.
 *
 * Trees held here are treated as immutable: a writer builds a new tree (copy, edit, `setRunning`)
 * and never mutates one in place, so running and an unedited candidate can share one tree — a CLI
 * command on a 4096-ONT OLT must not pay for a deep copy of the whole configuration.
 */
import { EventEmitter } from 'node:events';
import type { OltConfig, VAni, ChannelTermination } from '../../src/domain/olt-config/model.ts';
import { emptyOltConfig } from '../../src/domain/olt-config/model.ts';

export type Datastore = 'running' | 'candidate';

export class OltConfigStore extends EventEmitter {
  running: OltConfig = emptyOltConfig();
  /** The shared candidate (RFC 6241 §8.3); equal to running until edited. */
  candidate: OltConfig = emptyOltConfig();
  /** True when candidate differs from running (edited since the last commit/discard). */
  candidateDirty = false;
  /** Session id holding each datastore's lock, if any. */
  readonly locks = new Map<Datastore, string>();
  /** Bumped on every change of running, so readers can cache per version. */
  version = 0;
  private serialIndex: Map<string, { ct: ChannelTermination; onu: VAni }> | null = null;

  /** Replace running (commit, CLI change); emits `running-changed`. */
  setRunning(next: OltConfig): void {
    this.running = next;
    this.version++;
    this.serialIndex = null;
    if (!this.candidateDirty) this.candidate = next;
    this.emit('running-changed', this.version);
  }

  setCandidate(next: OltConfig): void {
    this.candidate = next;
    this.candidateDirty = true;
  }

  discardCandidate(): void {
    this.candidate = this.running;
    this.candidateDirty = false;
  }

  commitCandidate(): void {
    const next = this.candidate;
    this.candidateDirty = false;
    this.setRunning(next);
  }

  /** Who holds the lock on `ds`, or undefined. */
  lockHolder(ds: Datastore): string | undefined {
    return this.locks.get(ds);
  }

  findOnuBySerial(serial: string): { ct: ChannelTermination; onu: VAni } | undefined {
    if (!this.serialIndex) {
      this.serialIndex = new Map();
      for (const ct of this.running.channelTerminations) {
        for (const onu of ct.onus) this.serialIndex.set(onu.expectedSerial, { ct, onu });
      }
    }
    return this.serialIndex.get(serial);
  }

  findOnu(pon: string, onuId: number, cfg: OltConfig = this.running): VAni | undefined {
    return cfg.channelTerminations.find((c) => c.name === pon)?.onus.find((o) => o.onuId === onuId);
  }
}

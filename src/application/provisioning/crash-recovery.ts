/**
 * Fast, honest crash recovery of provisioning (issue 17 item 6, design §8).
 *
 * - Order leases are short (the cluster's lease period L, seconds) and kept alive by heartbeats: while
 *   a pass holds orders, every membership beat (L/4) pushes their lease to now + L. An instance that
 *   dies stops beating, so its orders are free within L for any instance — no 120 s wait.
 * - When an instance is declared dead (membership's `onDead`: on the survivor that reaped it, or at
 *   once on the restarted instance itself — joining with the same stable id replaces the old
 *   incarnation), its order leases are let go at once and the runs it left open are closed as
 *   `abandoned`. A run cut off mid-write leaves its OLT in an unknown state (a confirmed commit may
 *   or may not have been confirmed), so that OLT is flagged for reconciliation: the next pass reads
 *   the device back and converges it to the store's intent before applying anything else.
 * - `onDead` runs at most once per death and can be missed (an instance that was starting, or died
 *   itself while recovering), so every beat also sweeps runs left open by instances no longer alive.
 *   Only runs older than L are swept: an instance that joined after the last read of who is alive
 *   cannot be mistaken for a dead one.
 */
import type { ProvisioningRun } from '../ports/store/provisioning.ts';
import type { ProvisioningContext } from './context.ts';

export class ProvisioningLeases {
  /** The orders the running pass claimed (renewed on every beat until the pass ends). */
  private readonly held = new Set<string>();

  constructor(private readonly ctx: ProvisioningContext) {}

  hold(ids: readonly string[]): void {
    for (const id of ids) this.held.add(id);
  }

  letGo(ids: readonly string[]): void {
    for (const id of ids) this.held.delete(id);
  }

  /**
   * A heartbeat: extends the leases of the orders this instance is working on. Orders already
   * settled are not touched (the store renews only leases still held by this owner).
   */
  async renew(): Promise<void> {
    if (!this.held.size) return;
    const { instanceId, leaseMs } = this.ctx.o;
    await this.ctx.store.provisioning.renew([...this.held], instanceId, Date.now() + leaseMs);
  }

  /** `instance` is dead: its runs are closed (their OLTs reconciled next) and its orders freed. */
  async recoverFrom(instance: string): Promise<{ runs: number; orders: number }> {
    const runs = await this.ctx.store.provisioning.abandonRuns(
      { instance },
      Date.now(),
      `instance ${instance} died during the run`,
    );
    await this.flagOlts(runs);
    const orders = await this.ctx.store.provisioning.releaseLeasesOf(instance);
    if (runs.length || orders)
      this.ctx.log.warn(
        { instance, runs: runs.length, orders },
        'took over the provisioning work of a dead instance',
      );
    return { runs: runs.length, orders };
  }

  /** The sweep that misses no death: runs open for more than L of instances not alive now. */
  async sweep(alive: readonly string[]): Promise<number> {
    const runs = await this.ctx.store.provisioning.abandonRuns(
      { aliveInstances: alive, startedBeforeMs: Date.now() - this.ctx.o.leaseMs },
      Date.now(),
      'the instance running it is no longer alive',
    );
    await this.flagOlts(runs);
    return runs.length;
  }

  private async flagOlts(runs: Pick<ProvisioningRun, 'olt' | 'instance' | 'kind'>[]): Promise<void> {
    // a drift check only reads; an apply or reconcile may have been cut off between edit and confirm
    const olts = new Map(runs.filter((r) => r.kind !== 'drift-check').map((r) => [r.olt, r.instance]));
    for (const [olt, instance] of olts)
      await this.ctx.store.olts.setNeedsReconciliation(
        olt,
        `a device write of instance ${instance} was cut off when it died: the device state is unknown`,
        this.ctx.now(),
      );
  }
}

/**
 * Fast, honest crash recovery of provisioning (issue 17 item 6, design §8).
 *
 * - Order leases are short (the cluster's lease period L, seconds) and kept alive by the instance's
 *   heartbeat: an order leased to a live instance is its own whatever its lease_until says (the store's
 *   claims read the registration, order-lease-sql.ts), so a beat writes one row, not one per held
 *   order (issue 16: that rewrite cost the run's size times its length). An instance that dies stops
 *   beating, so its orders are free within L for any instance — no 120 s wait. A pass lets go of the
 *   orders it is done with and did not settle (`release`), as a live instance's lease runs out no more.
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
  constructor(private readonly ctx: ProvisioningContext) {}

  /** A pass is done with these orders: those it left open and still leased to it are free for anyone. */
  async release(ids: readonly string[]): Promise<void> {
    await this.ctx.store.provisioning.release(ids, this.ctx.o.instanceId);
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

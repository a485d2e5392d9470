/**
 * Per-OLT monitoring leases (design §8, issue 16 item 2): every instance monitors, each OLT is
 * watched by the one instance holding its lease, and the OLTs are spread over the live instances
 * (domain/cluster/olt-assignment.ts: rendezvous hashing with bounded loads).
 *
 * After every membership beat (every L/4) an instance:
 * 1. renews all its leases in one statement and learns which it still holds — an OLT it watched but
 *    no longer holds (another took it while this instance stalled) is dropped at once;
 * 2. hands off each held OLT the assignment now gives to another live instance: stop watching it,
 *    THEN release the lease (never two watchers), and the new owner takes it at its next beat;
 * 3. takes the lease of each OLT assigned to it (free, run out, or held by a dead instance), and only
 *    then starts watching it — `gained` rebuilds its state from the store (monitoring-core.ts).
 * Unregistered (membership.registered false: it cannot be sure its leases are still its own) it
 * drops every OLT without waiting for the store. A lease it finds its own at start (a restart with
 * the same instance id) is taken up at once.
 */
import { assignOlts } from '../../domain/cluster/olt-assignment.ts';
import type { Cancel } from '../ports/scheduler.ts';
import type { OltLeaseRepository } from '../ports/store/index.ts';
import type { ClusterMembership } from './membership.ts';

export interface OltOwnershipHandlers {
  /** Start watching `olt` (this instance holds its lease now). */
  gained(olt: string): Promise<void>;
  /** Stop watching `olt`, and have written what it knows; resolves before the lease is released. */
  lost(olt: string): Promise<void>;
}

export interface OltOwnershipOptions {
  membership: ClusterMembership;
  leases: OltLeaseRepository;
  /** The OLTs to monitor now (every instance the same set: the OLT registry). */
  olts: () => readonly string[];
  onError?: (e: unknown, where: string) => void;
  /** Called after each round with what this instance owns (metrics). */
  onRound?: (owned: readonly string[]) => void;
}

export class OltOwnership {
  private readonly mine = new Set<string>();
  private cancels: Cancel[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly o: OltOwnershipOptions,
    private readonly h: OltOwnershipHandlers,
  ) {}

  /** The OLTs this instance watches now. */
  owned(): string[] {
    return [...this.mine].sort();
  }

  owns(olt: string): boolean {
    return this.mine.has(olt);
  }

  /** A round now (resolves when done), then one after each membership beat. */
  start(): Promise<void> {
    if (this.cancels.length) return this.chain;
    const m = this.o.membership;
    this.cancels = [m.onBeat(() => this.rebalance()), m.onLost(() => this.serial(() => this.dropAll()))];
    return this.rebalance();
  }

  /** Stops watching every OLT, then releases their leases so others take them at their next beat. */
  async stop(): Promise<void> {
    for (const c of this.cancels) c();
    this.cancels = [];
    await this.serial(async () => {
      const held = this.owned();
      await this.dropAll();
      await this.o.leases.release(this.o.membership.self.id, held);
    });
  }

  /** One round (see the file comment); rounds never overlap. */
  rebalance(): Promise<void> {
    return this.serial(() => this.round());
  }

  private serial(fn: () => Promise<void>): Promise<void> {
    const run = this.chain.then(fn);
    this.chain = run.catch((e) => this.o.onError?.(e, 'olt ownership'));
    return this.chain;
  }

  private async round(): Promise<void> {
    const m = this.o.membership;
    if (!m.registered) {
      await this.dropAll();
      return;
    }
    const me = m.self.id;
    const held = new Set(await this.o.leases.renewAll(me, m.ttlMs));
    for (const olt of this.owned()) if (!held.has(olt)) await this.drop(olt);
    const olts = this.o.olts();
    const assigned = assignOlts(
      olts,
      m.live().map((i) => i.id),
    );
    const release: string[] = [];
    for (const olt of held) {
      const to = assigned.get(olt);
      if (to === me) continue;
      // assigned elsewhere, or no longer monitored: stop watching first, then let go
      await this.drop(olt);
      release.push(olt);
    }
    await this.o.leases.release(me, release);
    for (const olt of olts) {
      if (assigned.get(olt) !== me) continue;
      if (!held.has(olt) && !(await this.o.leases.acquire(olt, me, m.ttlMs))) continue;
      if (this.mine.has(olt)) continue;
      this.mine.add(olt);
      try {
        await this.h.gained(olt);
      } catch (e) {
        // could not start watching it: give it back, so the next round (here or elsewhere) retries
        this.mine.delete(olt);
        await this.o.leases.release(me, [olt]);
        this.o.onError?.(e, `start watching ${olt}`);
      }
    }
    this.o.onRound?.(this.owned());
  }

  private async drop(olt: string): Promise<void> {
    if (!this.mine.delete(olt)) return;
    await this.h.lost(olt).catch((e) => this.o.onError?.(e, `stop watching ${olt}`));
  }

  private async dropAll(): Promise<void> {
    for (const olt of this.owned()) await this.drop(olt);
    this.o.onRound?.([]);
  }
}

/**
 * Cluster membership (design §8, issue 16): the controller instances sharing one store, which of them
 * are alive, which one this is, and a hook when one is declared dead. Whatever several instances
 * share through leases builds on it — monitoring's per-OLT leases (olt-ownership.ts: an OLT is owned
 * by a live instance only) and provisioning's order leases and device-write records (a dead
 * instance's orders are taken over and its open runs closed by the instance that declared it dead).
 *
 * Timing, all from one number, the lease period L (`cluster.leaseMs`, `PONCTL_LEASE_MS`):
 * - every L/4 an instance heartbeats; a heartbeat keeps its registration for 5L/8 (a missed beat
 *   and a half are survived);
 * - in the same beat it declares dead the registrations that ran out (reapExpired: exactly one
 *   instance gets each one, and runs the `onDead` hooks for it), then reads who is alive;
 * - so an instance killed at time t has run out by t + 5L/8, is seen dead by the next beat of each
 *   other instance (≤ L/4 later), which has L/8 left to take over what it held: all by t + L.
 * Expiry is on the database's clock (ports/store/cluster.ts). An instance that cannot confirm its
 * registration within 5L/8 of its own monotonic time (the store is unreachable, or the process
 * stalled) assumes others may have declared it dead: `registered` turns false and the `onLost`
 * hooks run — owners stop at once, before anyone can take over what they held (self-fencing).
 * Declared dead while still running (a heartbeat finds the registration gone), it joins again as a
 * new incarnation.
 *
 * On SQLite there is one instance (the store is embedded in one process): joining declares every
 * other registration dead at once, so a restart after a crash recovers without waiting.
 */
import { randomBytes } from 'node:crypto';
import type { Cancel, Scheduler } from '../ports/scheduler.ts';
import type { InstanceRecord, InstanceRepository } from '../ports/store/index.ts';

export interface InstanceIdentity {
  /** `config.instanceId`: the owner name in every lease (orders, webhooks, OLTs). */
  id: string;
  /** This process start (a restart is a new incarnation of the same id). */
  incarnation: string;
}

/** What lease holders (monitoring, provisioning) need to know about the cluster. */
export interface ClusterMembership {
  readonly self: InstanceIdentity;
  /** The lease period L: an instance that stops is declared dead within L (see above). */
  readonly leaseMs: number;
  /** How long a heartbeat (or an OLT lease renewal) keeps a registration: 5L/8. */
  readonly ttlMs: number;
  /** False while this instance cannot be sure it is still registered: hold nothing then. */
  readonly registered: boolean;
  /** The live instances as of the last beat, oldest first (this one included while registered). */
  live(): readonly InstanceRecord[];
  isAlive(id: string): boolean;
  /**
   * Called once per dead registration, on the one instance that declared it dead (at most once: a
   * caller that must never miss one also sweeps what is held by ids `isAlive` denies).
   */
  onDead(fn: (dead: InstanceRecord) => Promise<void> | void): Cancel;
  /** Called when the set of live instances changes (a join, a clean leave, a death). */
  onChange(fn: (live: readonly InstanceRecord[]) => void): Cancel;
  /** Called when this instance stops being sure it is registered (see `registered`). */
  onLost(fn: () => Promise<void> | void): Cancel;
  /** Called after every beat (registered or not), awaited before the next: lease holders renew here. */
  onBeat(fn: () => Promise<void>): Cancel;
}

export interface MembershipOptions {
  instances: InstanceRepository;
  scheduler: Scheduler;
  id: string;
  host: string;
  version: string;
  leaseMs: number;
  onError?: (e: unknown, where: string) => void;
}

const newIncarnation = () => randomBytes(6).toString('hex');

export class Membership implements ClusterMembership {
  readonly leaseMs: number;
  readonly ttlMs: number;
  private identity: InstanceIdentity;
  private liveNow: InstanceRecord[] = [];
  private isRegistered = false;
  private joined = false;
  /** Scheduler time at which the last confirmed heartbeat was SENT (conservative). */
  private confirmedAt = -Infinity;
  private cancel?: Cancel;
  private running?: Promise<void>;
  private readonly hooks = {
    dead: new Set<(d: InstanceRecord) => Promise<void> | void>(),
    change: new Set<(l: readonly InstanceRecord[]) => void>(),
    lost: new Set<() => Promise<void> | void>(),
    beat: new Set<() => Promise<void>>(),
  };

  constructor(private readonly o: MembershipOptions) {
    this.leaseMs = o.leaseMs;
    this.ttlMs = Math.round((o.leaseMs * 5) / 8);
    this.identity = { id: o.id, incarnation: newIncarnation() };
  }

  get self(): InstanceIdentity {
    return this.identity;
  }
  get registered(): boolean {
    return this.isRegistered;
  }
  live(): readonly InstanceRecord[] {
    return this.liveNow;
  }
  isAlive(id: string): boolean {
    return this.liveNow.some((i) => i.id === id);
  }

  onDead(fn: (dead: InstanceRecord) => Promise<void> | void): Cancel {
    return this.hook(this.hooks.dead, fn);
  }
  onChange(fn: (live: readonly InstanceRecord[]) => void): Cancel {
    return this.hook(this.hooks.change, fn);
  }
  onLost(fn: () => Promise<void> | void): Cancel {
    return this.hook(this.hooks.lost, fn);
  }
  onBeat(fn: () => Promise<void>): Cancel {
    return this.hook(this.hooks.beat, fn);
  }
  private hook<F>(set: Set<F>, fn: F): Cancel {
    set.add(fn);
    return () => void set.delete(fn);
  }

  /** Joins (one beat, awaited), then beats every L/4. */
  async start(): Promise<void> {
    if (this.cancel) return;
    this.cancel = this.o.scheduler.every(Math.max(1, Math.round(this.leaseMs / 4)), () => this.tick());
    await this.beat();
  }

  /** Stops beating and leaves: the registration goes at once, so others rebalance at their next beat. */
  async stop(): Promise<void> {
    this.cancel?.();
    this.cancel = undefined;
    await this.running;
    if (this.joined) {
      await this.o.instances
        .leave(this.identity.id, this.identity.incarnation)
        .catch((e) => this.o.onError?.(e, 'cluster leave'));
    }
    this.joined = false;
    await this.setLost();
  }

  private tick(): void {
    if (this.running) {
      // the last beat has not come back (store unreachable, stalled): is the registration still ours?
      void this.checkDeadline();
      return;
    }
    void this.beat();
  }

  /** One round: heartbeat (or join), declare the run-out dead, read who lives, run the beat hooks. */
  beat(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async round(): Promise<void> {
    try {
      await this.heartbeat();
      for (const dead of await this.o.instances.reapExpired()) await this.declareDead(dead);
      this.setLive(await this.o.instances.live());
    } catch (e) {
      this.o.onError?.(e, 'cluster heartbeat');
    }
    await this.checkDeadline();
    for (const fn of [...this.hooks.beat]) await fn().catch((e) => this.o.onError?.(e, 'cluster beat'));
  }

  private async heartbeat(): Promise<void> {
    const sentAt = this.o.scheduler.elapsedMs();
    if (this.joined) {
      if (await this.o.instances.heartbeat(this.identity.id, this.identity.incarnation, this.ttlMs)) {
        this.confirmedAt = sentAt;
        this.isRegistered = true;
        return;
      }
      // declared dead by another instance while still running: what we held may be another's now
      this.o.onError?.(
        new Error(`instance ${this.identity.id} was declared dead by another instance; joining again`),
        'cluster heartbeat',
      );
      await this.setLost();
      this.identity = { id: this.identity.id, incarnation: newIncarnation() };
      this.joined = false;
    }
    const replaced = await this.o.instances.join(
      { ...this.identity, host: this.o.host, version: this.o.version },
      this.ttlMs,
    );
    this.joined = true;
    this.confirmedAt = sentAt;
    this.isRegistered = true;
    for (const dead of replaced) await this.declareDead(dead);
  }

  private async declareDead(dead: InstanceRecord): Promise<void> {
    for (const fn of [...this.hooks.dead]) {
      try {
        await fn(dead);
      } catch (e) {
        this.o.onError?.(e, 'cluster onDead');
      }
    }
  }

  private setLive(live: InstanceRecord[]): void {
    const key = (l: readonly InstanceRecord[]) => l.map((i) => `${i.id}/${i.incarnation}`).join(',');
    const changed = key(live) !== key(this.liveNow);
    this.liveNow = live;
    if (changed) for (const fn of [...this.hooks.change]) fn(live);
  }

  private async checkDeadline(): Promise<void> {
    if (this.isRegistered && this.o.scheduler.elapsedMs() - this.confirmedAt > this.ttlMs)
      await this.setLost();
  }

  private async setLost(): Promise<void> {
    if (!this.isRegistered) return;
    this.isRegistered = false;
    this.liveNow = this.liveNow.filter((i) => i.id !== this.identity.id);
    for (const fn of [...this.hooks.lost]) {
      try {
        await fn();
      } catch (e) {
        this.o.onError?.(e, 'cluster onLost');
      }
    }
  }
}

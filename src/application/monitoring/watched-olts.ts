/**
 * Which OLTs monitoring watches — `watch(target)` / `unwatch(name)` as the OLT registry changes
 * (issue 14: live, no restart) — which of them this instance polls, and the notifications it
 * receives (design §8, issue 16):
 *
 * - `startWatching(olt)` rebuilds the OLT's state from the store — its active alarms, its open incidents
 *   (they continue with the same ids), its ONTs' saved states, and a LOS the previous owner saw but
 *   had not yet classified (domain Correlator.restoreOlt) — then takes up notifications relayed for
 *   it while it had no owner, then starts its pollers. `stopWatching(olt)` stops them, saves what
 *   changed, and forgets the OLT. One instance alone polls every OLT watched (`watchAll`); several
 *   instances call these from their OLT leases (application/cluster/olt-ownership.ts).
 * - Every instance listens for notifications ("traps on every instance": devices send to one virtual
 *   address in front of them all). One for an OLT watched here is applied here; one for an OLT
 *   another instance watches is relayed through the store (`relay`), and each instance drains the
 *   relayed notifications of its own OLTs — in relay order, with the time they were received.
 */
import { DomainError } from '../../domain/errors.ts';
import type { Cancel } from '../ports/scheduler.ts';
import type { OltTarget, OntTrap, ReceivedTrap, TrapSource } from '../ports/telemetry.ts';
import { MonitoringCore, type MonitoringOptions } from './monitoring-core.ts';
import { OltPoller, type PollOutcome } from './olt-poller.ts';
import { OmciPoller } from './omci-poller.ts';
import { SweepTracker } from './sweep-tracker.ts';
import { oltOfTrap, trapCredentials } from './trap-intake.ts';

/** What a relayed notification carries (trap_relay.body): the instant it was received, what it says. */
interface RelayedBody {
  at: string;
  trap: OntTrap | null;
}

/** How often an instance that meets an unknown ONT serial in a notification re-reads the store's. */
const SERIAL_REFRESH_MS = 10_000;

export class WatchedOlts extends MonitoringCore {
  /** The pollers of the OLTs watched here, by OLT. */
  readonly pollers = new Map<string, OltPoller>();
  readonly omciPollers = new Map<string, OmciPoller>();
  /** Where OLTs' notifications arrive (after start, unless traps are off). */
  trapSource?: TrapSource;
  private readonly targets = new Map<string, OltTarget>();
  private readonly cancels: Cancel[] = [];
  private started = false;
  /** ONT serial → OLT, from the store: notifications naming an ONT of an OLT watched elsewhere. */
  private serialOlts = new Map<string, string>();
  private serialsReadAt = -Infinity;
  private serialsReading?: Promise<void>;
  private readonly sweeps: SweepTracker;

  constructor(opts: MonitoringOptions) {
    super(opts);
    for (const t of opts.targets) this.targets.set(t.name, t);
    this.sweeps = new SweepTracker(opts.pollMs ?? 5000, (s) => this.metrics.sweepDuration.observe(s));
  }

  protected override pollLagSeconds(): number {
    return this.sweeps.lagSeconds(this.opts.scheduler.elapsedMs());
  }

  /** Every OLT monitoring watches (each polled by one instance: this one alone, or per the OLT leases). */
  watched(): string[] {
    return [...this.targets.keys()].sort();
  }

  /** The OLTs this instance polls. */
  watchedHere(): string[] {
    return [...this.pollers.keys()].sort();
  }

  /** Opens the trap receiver, starts the correlator's tick and the relay drain; alone, watches every target. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const o = this.opts;
    if (o.traps !== false) {
      const t = o.traps ?? {};
      const { communities, users } = trapCredentials([...this.targets.values()], t);
      this.trapSource = o.telemetry.trapSource({ host: t.host, port: t.port, communities, users });
      await this.trapSource.start((trap) => this.onTrap(trap));
    }
    this.cancels.push(o.scheduler.every(o.tickMs ?? 250, () => void this.tick()));
    if (o.relay) this.cancels.push(o.scheduler.every(o.relay.drainMs ?? 200, () => void this.drainRelayed()));
    if (o.watchAll !== false) for (const name of this.watched()) await this.startWatching(name);
  }

  async stop(): Promise<void> {
    for (const c of this.cancels.splice(0)) c();
    await Promise.all(this.watchedHere().map((olt) => this.stopWatching(olt)));
    await this.trapSource?.close();
    this.trapSource = undefined;
    await this.settled();
    this.started = false;
  }

  /** Polls `olt` here from now on: its state from the store, the notifications relayed for it, its pollers. */
  async startWatching(olt: string): Promise<void> {
    const target = this.targets.get(olt);
    if (!target) throw new DomainError('NOT_FOUND', `no monitored OLT ${olt}`);
    if (this.pollers.has(olt)) return;
    const o = this.opts;
    const poller = new OltPoller(
      target,
      { intervalMs: o.pollMs ?? 5000, now: () => this.now(), telemetry: o.telemetry, scheduler: o.scheduler },
      this.limiter,
      this.metrics,
      (r) =>
        this.serial(async () => {
          await this.applyPoll(r);
          this.sweeps.round(olt, o.scheduler.elapsedMs(), r.durationMs);
        }),
    );
    // registered before the state is read: notifications arriving meanwhile queue behind the restore
    this.pollers.set(olt, poller);
    await this.serial(() => this.restoreOlt(olt));
    await this.drainRelayed([olt]);
    if (this.pollers.get(olt) !== poller) return; // unwatched meanwhile
    this.sweeps.watch(olt, o.scheduler.elapsedMs());
    poller.start();
    if (target.omci) {
      const working = () =>
        [...this.onts.values()].filter(
          (x) => x.olt === olt && (x.state === 'working' || x.state === 'low-optical'),
        );
      const omci = new OmciPoller(
        target,
        { intervalMs: o.omciMs ?? 60_000, telemetry: o.telemetry, scheduler: o.scheduler },
        working,
        this.metrics,
        (r) => this.serial(() => this.applyOmci(r)),
        (r) => void this.serial(() => this.applyOmci([r])),
      );
      this.omciPollers.set(olt, omci);
      omci.start();
    }
  }

  /** Stops polling `olt` here: pollers stopped, what changed saved, its state forgotten. */
  async stopWatching(olt: string): Promise<void> {
    const poller = this.pollers.get(olt);
    if (!poller) return;
    this.pollers.delete(olt);
    this.sweeps.unwatch(olt);
    const omci = this.omciPollers.get(olt);
    this.omciPollers.delete(olt);
    await Promise.all([poller.stop(), omci?.stop()]);
    await this.serial(async () => {
      await this.persistOnts(this.now());
      this.forgetOlt(olt);
    });
  }

  /**
   * Watches `t` from now on, or again with its new settings (the OLT registry changed): polled here
   * at once when alone; with OLT leases, by the instance whose lease it falls to at its next beat.
   */
  async watch(t: OltTarget): Promise<void> {
    const before = this.targets.get(t.name);
    if (before && JSON.stringify(before) === JSON.stringify(t)) return;
    const here = this.pollers.has(t.name);
    if (here) await this.stopWatching(t.name);
    this.targets.set(t.name, t);
    if (here || (this.started && this.opts.watchAll !== false)) await this.startWatching(t.name);
  }

  /** No longer watches the OLT (removed from the registry); its lease is released at the next beat. */
  async unwatch(name: string): Promise<void> {
    await this.stopWatching(name);
    this.targets.delete(name);
  }

  /** Polls one OLT watched here now (tests, `ponctl`), outside its schedule. */
  pollNow(olt: string): Promise<PollOutcome> {
    const p = this.pollers.get(olt);
    if (!p) throw new DomainError('NOT_FOUND', `OLT ${olt} is not monitored by this instance`);
    return p.pollOnce();
  }

  private async restoreOlt(olt: string): Promise<void> {
    this.forgetOlt(olt);
    const store = this.store;
    if (!store) return;
    const [alarms, incidents, onts] = await Promise.all([
      store.alarms.active({ olt }),
      store.incidents.list({ status: 'open', olt, limit: 100_000 }),
      store.onts.listStatus({ olt }),
    ]);
    this.alarms.loadOlt(olt, alarms);
    this.registry.restoreOlt(olt, onts);
    this.correlator.restoreOlt(
      olt,
      incidents,
      onts.map((s) => ({
        ref: { olt, pon: s.pon, onuId: s.onuId, adapterId: s.adapterId },
        state: s.state,
        since: new Date(s.updatedAt),
      })),
    );
  }

  private forgetOlt(olt: string): void {
    this.registry.forgetOlt(olt);
    this.alarms.forgetOlt(olt);
    this.correlator.forgetOlt(olt);
    this.topology.delete(olt);
    this.reachable.delete(olt);
  }

  // ---- notifications --------------------------------------------------------------------------

  /**
   * A notification: find its OLT, then apply it here or relay it to the instance watching that OLT.
   * One naming an ONT this instance does not know waits for the store's serials to be read — as do
   * the ones arriving while they are read (a PON cut sends a burst: none may be dropped, or the cut
   * would split into a drop fibre and a smaller cut) — and keeps the instant it was received.
   */
  private onTrap(trap: ReceivedTrap, retried = false, at = this.now()): void {
    const target = oltOfTrap(
      [...this.targets.values()],
      trap,
      (serial) => this.registry.withSerial(serial)?.olt ?? this.serialOlts.get(serial),
    );
    if (!target) {
      const now = this.opts.scheduler.elapsedMs();
      if (!retried && this.opts.relay && this.store) {
        if (!this.serialsReading && now - this.serialsReadAt > SERIAL_REFRESH_MS) {
          this.serialsReadAt = now;
          this.serialsReading = this.readSerials().finally(() => {
            this.serialsReading = undefined;
          });
        }
        if (this.serialsReading) {
          void this.serialsReading.then(
            () => this.onTrap(trap, true, at),
            (e) => this.opts.onError?.(e, 'trap intake'),
          );
          return;
        }
      }
      this.metrics.traps.inc({ version: trap.version, outcome: 'unknown-olt' });
      return;
    }
    const says = this.opts.telemetry.decodeOntTrap(target.profile, trap);
    this.metrics.traps.inc({
      version: trap.version,
      outcome: this.pollers.has(target.name) ? 'accepted' : 'relayed',
    });
    void this.serial(() => this.applyOrRelay(target.name, says, at));
  }

  /** Inside `serial`: the OLT may have moved to another instance since the notification arrived. */
  private async applyOrRelay(olt: string, says: OntTrap | undefined, at: Date): Promise<void> {
    if (this.pollers.has(olt)) return this.applyTrap(olt, says, at);
    const relay = this.opts.relay;
    if (!relay) return; // alone and not watching it (yet): nobody would read it
    const body: RelayedBody = { at: at.toISOString(), trap: says ?? null };
    await relay.traps.relay({
      olt,
      receivedBy: relay.instanceId,
      receivedAt: body.at,
      body: JSON.stringify(body),
    });
  }

  /** Takes the notifications relayed for OLTs watched here (or for `only`), and applies them in order. */
  private async drainRelayed(only?: string[]): Promise<void> {
    const relay = this.opts.relay;
    const olts = only ?? this.watchedHere();
    if (!relay || !olts.length) return;
    try {
      for (;;) {
        const rows = await relay.traps.drain(olts, 500);
        for (const r of rows) {
          const b = JSON.parse(r.body) as RelayedBody;
          void this.serial(() => this.applyOrRelay(r.olt, b.trap ?? undefined, new Date(b.at)));
        }
        if (rows.length < 500) break;
      }
      await this.settled();
    } catch (e) {
      this.opts.onError?.(e, 'trap relay');
    }
  }

  private async readSerials(): Promise<void> {
    const m = new Map<string, string>();
    for (const s of (await this.store?.onts.listStatus({ limit: 1_000_000 })) ?? [])
      if (s.serial) m.set(s.serial, s.olt);
    this.serialOlts = m;
  }
}

/**
 * The monitoring core (issue 6): per-OLT pollers and the trap source turn observations into ONT
 * states (domain state machine), alarms (RFC 8632) and correlated incidents (domain Correlator), which
 * it persists and publishes on the event bus. All state changes run one at a time on `serial`, so a
 * poll round and a trap never interleave half-way. Everything outside — SNMP, OMCI, SSH, timers, the
 * clock, the store — comes through ports, so unit tests run it on fakes.
 */
import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import { DomainError } from '../../domain/errors.ts';
import {
  Correlator,
  DEFAULT_CORRELATION_POLICY,
  type CorrelationPolicy,
  type IncidentEffect,
  type OntRef,
} from '../../domain/monitoring/correlation.ts';
import type { Incident } from '../../domain/monitoring/incidents.ts';
import {
  nextOntState,
  type OntObservation,
  type OpticalThresholds,
} from '../../domain/monitoring/ont-state.ts';
import type { Clock } from '../ports/clock.ts';
import { REFERENCE_ONT_PROFILE, type DeviceCatalogue } from '../ports/device-catalogue.ts';
import type { Cancel, Scheduler } from '../ports/scheduler.ts';
import type {
  OltTarget,
  ReceivedTrap,
  SnmpV3Credentials,
  Telemetry,
  TrapSource,
} from '../ports/telemetry.ts';
import { AdapterIdResolver, type AccessLookup } from './adapter-ids.ts';
import { AlarmBook, type AlarmChange } from './alarm-book.ts';
import { monitoringEvents, type MonitoringEvents, type OntEvent } from './events.ts';
import { Limiter } from './limiter.ts';
import { MonitoringMetrics } from './metrics.ts';
import { OltPoller, type PollOutcome } from './olt-poller.ts';
import { OmciPoller, type OmciReading } from './omci-poller.ts';
import { observationOfPhase } from './ont-observations.ts';
import { OntRegistry, readingSourceOf, type OntRuntime } from './ont-registry.ts';
import { OpticalHistory, type HistoryPolicy } from './optical-history.ts';
import type { MonitoringStore } from './store-port.ts';
import { observationOfTrap, oltOfTrap, trapCredentials } from './trap-intake.ts';

export interface MonitoringOptions {
  targets: OltTarget[];
  clock: Clock;
  /** Timers of the pollers and the correlator's tick. */
  scheduler: Scheduler;
  /** SNMP tables and traps, OMCI, the SSH probe. */
  telemetry: Telemetry;
  /** The ONT profile's optics thresholds. */
  devices: DeviceCatalogue;
  store?: MonitoringStore;
  events?: MonitoringEvents;
  registry?: Registry;
  /** SNMP poll interval per OLT (ms, config `poll.snmpMs`). */
  pollMs?: number;
  /** OMCI ANI-G / ONU-G poll interval per OLT with `omci` set (ms, default 60 000). */
  omciMs?: number;
  /** OLT polls running at once (default 8). */
  concurrency?: number;
  /** Correlator tick (ms, default 250): how soon a held LOS becomes an incident after its window. */
  tickMs?: number;
  correlation?: Partial<CorrelationPolicy>;
  /** Trap receiver: listen address and accepted credentials; false = none. */
  traps?: false | { host?: string; port?: number; communities?: string[]; users?: SnmpV3Credentials[] };
  /** ONT model whose optics thresholds apply (device-profiles/<name>.json `optics`). Default zxhn-f601. */
  ontProfile?: string;
  /** Optical history thinning: a sample is kept when RX moved ≥ minDeltaDb or minIntervalMs passed. */
  history?: HistoryPolicy;
  onError?: (err: unknown, where: string) => void;
}

/** The ONT model's RX thresholds (device profile `optics`). */
export function opticalThresholdsOf(devices: DeviceCatalogue, ontProfile: string): OpticalThresholds {
  const o = devices.profile(ontProfile)?.optics;
  // GPON class B+ (issue 6 §2) when the profile names none
  return { rxWarningDbm: o?.rxWarningDbm ?? -27, rxCriticalDbm: o?.rxCriticalDbm ?? -28 };
}

export class MonitoringCore {
  readonly events: MonitoringEvents;
  readonly metrics: MonitoringMetrics;
  readonly alarms = new AlarmBook();
  correlator: Correlator;
  readonly thresholds: OpticalThresholds;
  readonly pollers = new Map<string, OltPoller>();
  readonly omciPollers = new Map<string, OmciPoller>();
  private readonly registry = new OntRegistry();
  /** Every known ONT by `olt|pon|onuId` (the dashboard's and the tests' view). */
  readonly onts = this.registry.byPosition;
  readonly reachable = new Map<string, { snmp: boolean; ssh: boolean; at: string }>();
  /** Where OLTs' notifications arrive (after start, unless traps are off). */
  trapSource?: TrapSource;
  private readonly adapterIds: AdapterIdResolver;
  private readonly limiter: Limiter;
  private readonly topology = new Map<string, OntRef[]>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly history: OpticalHistory;
  private cancelTick?: Cancel;
  private started = false;

  constructor(private readonly opts: MonitoringOptions) {
    this.events = opts.events ?? monitoringEvents;
    this.thresholds = opticalThresholdsOf(opts.devices, opts.ontProfile ?? REFERENCE_ONT_PROFILE);
    this.history = new OpticalHistory(opts.history);
    this.limiter = new Limiter(opts.concurrency ?? 8);
    this.metrics = new MonitoringMetrics(
      opts.registry ?? new Registry(),
      () => this.alarms.openCounts(),
      () => {
        const c: Record<string, number> = {};
        for (const i of this.correlator.openIncidents()) c[i.cause] = (c[i.cause] ?? 0) + 1;
        return c;
      },
    );
    this.correlator = this.newCorrelator();
    const store = opts.store;
    const lookup: AccessLookup | undefined = store && {
      accessesOnOlt: async (olt) =>
        (await store.accesses.list({ olt }))
          .filter((a) => a.state !== 'deactivated')
          .map((a) => ({ pon: a.pon, onuId: a.onuId, adapterId: a.adapterId })),
    };
    this.adapterIds = new AdapterIdResolver(lookup);
    for (const t of opts.targets) {
      this.pollers.set(
        t.name,
        new OltPoller(
          t,
          {
            intervalMs: opts.pollMs ?? 5000,
            now: () => this.now(),
            telemetry: opts.telemetry,
            scheduler: opts.scheduler,
          },
          this.limiter,
          this.metrics,
          (o) => this.serial(() => this.applyPoll(o)),
        ),
      );
      if (t.omci) {
        const working = () =>
          [...this.onts.values()].filter(
            (o) => o.olt === t.name && (o.state === 'working' || o.state === 'low-optical'),
          );
        this.omciPollers.set(
          t.name,
          new OmciPoller(
            t,
            { intervalMs: opts.omciMs ?? 60_000, telemetry: opts.telemetry, scheduler: opts.scheduler },
            working,
            this.metrics,
            (r) => this.serial(() => this.applyOmci(r)),
            (r) => void this.serial(() => this.applyOmci([r])),
          ),
        );
      }
    }
  }

  protected now(): Date {
    return this.opts.clock.now();
  }

  private newCorrelator(): Correlator {
    return new Correlator(
      (olt) => this.topology.get(olt) ?? [],
      { ...DEFAULT_CORRELATION_POLICY, ...this.opts.correlation },
      () => `inc-${this.now().toISOString().slice(0, 10).replace(/-/g, '')}-${randomUUID().slice(0, 8)}`,
    );
  }

  get store(): MonitoringStore | undefined {
    return this.opts.store;
  }

  /** Runs state changes one at a time (poll rounds, traps, ticks, operator actions). */
  serial<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.queue.then(fn);
    this.queue = run.catch((e) => this.opts.onError?.(e, 'monitoring'));
    return run;
  }

  /** Restores alarms, open incidents and ONT states from the store, opens the trap receiver, starts pollers. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    const store = this.opts.store;
    if (store) {
      // the store is the truth: a leader taking over again (PgLeaderLease) must forget what it held
      // before another instance led, or incidents resolved meanwhile would stay open in memory
      this.correlator = this.newCorrelator();
      this.alarms.load(await store.alarms.active());
      this.correlator.restore(await store.incidents.list({ status: 'open' }));
      this.registry.restore(await store.onts.listStatus());
    }
    if (this.opts.traps !== false) {
      const o = this.opts.traps ?? {};
      const { communities, users } = trapCredentials(this.opts.targets, o);
      this.trapSource = this.opts.telemetry.trapSource({ host: o.host, port: o.port, communities, users });
      await this.trapSource.start((trap) => this.onTrap(trap));
    }
    const tickMs = this.opts.tickMs ?? 250;
    this.cancelTick = this.opts.scheduler.every(
      tickMs,
      () =>
        void this.serial(() => this.applyEffects(this.correlator.handle({ type: 'tick', at: this.now() }))),
    );
    for (const p of this.pollers.values()) p.start();
    for (const p of this.omciPollers.values()) p.start();
  }

  async stop(): Promise<void> {
    this.cancelTick?.();
    await Promise.all([...this.pollers.values(), ...this.omciPollers.values()].map((p) => p.stop()));
    await this.trapSource?.close();
    await this.queue.catch(() => undefined);
    this.started = false;
  }

  /** Polls one OLT now (tests, `ponctl`), outside its schedule. */
  pollNow(olt: string): Promise<PollOutcome> {
    const p = this.pollers.get(olt);
    if (!p) throw new DomainError('NOT_FOUND', `no monitored OLT ${olt}`);
    return p.pollOnce();
  }

  // ---- observations ---------------------------------------------------------------------------

  private async applyPoll(o: PollOutcome): Promise<void> {
    const at = o.at;
    if (!o.ok) {
      this.reachable.set(o.olt, { snmp: false, ssh: o.sshAnswers, at: at.toISOString() });
      const ch = this.alarms.raise(
        {
          resource: o.olt,
          type: 'olt-unreachable',
          olt: o.olt,
          severity: o.sshAnswers ? 'major' : 'critical',
          text: o.sshAnswers
            ? `SNMP does not answer (${o.error.message}); SSH does`
            : `OLT answers no protocol (SNMP: ${o.error.message}; SSH: no answer)`,
        },
        at,
      );
      await this.publishAlarms(ch ? [ch] : []);
      await this.applyEffects(
        this.correlator.handle({ type: 'olt-reachability', at, olt: o.olt, snmp: false, ssh: o.sshAnswers }),
      );
      return;
    }
    this.reachable.set(o.olt, { snmp: true, ssh: true, at: at.toISOString() });
    await this.adapterIds.refresh(o.olt, at.getTime(), o.identity);
    const cleared = this.alarms.clear(o.olt, 'olt-unreachable', at, 'OLT answers again');
    await this.publishAlarms(cleared ? [cleared] : []);
    await this.applyEffects(
      this.correlator.handle({ type: 'olt-reachability', at, olt: o.olt, snmp: true, ssh: true }),
    );
    const refs: OntRef[] = [];
    for (const r of o.rows) {
      if (o.identity) this.adapterIds.noteDescription(o.olt, r.pon, r.onuId, r.description);
      const ont = this.ont(o.olt, r.pon, r.onuId, r.serial);
      refs.push({ olt: o.olt, pon: r.pon, onuId: r.onuId, adapterId: ont.adapterId });
      const obs = observationOfPhase(r.phase, r.rxDbm);
      if (obs) await this.observe(ont, obs, at, 'snmp-poll', r.rxDbm);
    }
    this.topology.set(o.olt, refs);
    await this.persistOnts(at);
  }

  /** What OMCI says about ONTs: polled ANI-G / ONU-G readings, or an ONT's own alarm (omci-poller.ts). */
  private async applyOmci(readings: OmciReading[]): Promise<void> {
    if (readings.length === 0) return;
    const at = this.now();
    for (const r of readings) {
      const ont = this.registry.get(r.olt, r.pon, r.onuId);
      if (ont) await this.observe(ont, r.observation, at, 'omci', r.rxDbm);
    }
    await this.persistOnts(at);
  }

  private ont(olt: string, pon: string, onuId: number, serial?: string): OntRuntime {
    return this.registry.at(olt, pon, onuId, this.adapterIds.get(olt, pon, onuId), serial);
  }

  /** One observation of one ONT: state machine → alarms → correlation → events. */
  private async observe(
    ont: OntRuntime,
    obs: OntObservation,
    at: Date,
    source: OntEvent['source'],
    rxDbm?: number | null,
  ): Promise<void> {
    const prev = ont.state;
    const next = nextOntState(prev, obs, this.thresholds);
    const prevRx = ont.rxDbm;
    if (rxDbm !== undefined) ont.rxDbm = rxDbm;
    else if (obs.kind !== 'up') ont.rxDbm = null;
    const readWith = readingSourceOf(source);
    if (next !== prev || (ont.rxDbm ?? null) !== (prevRx ?? null) || ont.source !== readWith)
      this.registry.changed(ont);
    ont.source = readWith;
    this.history.sample(ont, at, readWith);
    const severityMoved =
      next === prev && (next === 'working' || next === 'low-optical') && ont.rxDbm !== prevRx;
    if (next === prev && !severityMoved) return;
    ont.state = next;
    await this.publishAlarms(this.alarms.onOntState(ont, next, ont.rxDbm, this.thresholds, at));
    if (next === prev) return;
    this.events.publish({
      type: 'ont',
      olt: ont.olt,
      pon: ont.pon,
      onuId: ont.onuId,
      adapterId: ont.adapterId,
      from: prev,
      to: next,
      rxDbm: ont.rxDbm,
      at: at.toISOString(),
      source,
    });
    const ref: OntRef = { olt: ont.olt, pon: ont.pon, onuId: ont.onuId, adapterId: ont.adapterId };
    await this.applyEffects(this.correlator.handle({ type: 'ont-state', at, ont: ref, state: next }));
  }

  private async persistOnts(at: Date): Promise<void> {
    const rows = this.registry.takeUnsaved(at);
    const samples = this.history.drain();
    const store = this.opts.store;
    if (!store) return;
    if (rows.length) await store.onts.saveStatus(rows);
    if (samples.length) await store.onts.appendOptics(samples);
  }

  /** A notification: find its OLT, count it as evidence the OLT lives, apply what it says about an ONT. */
  private onTrap(trap: ReceivedTrap): void {
    const target = oltOfTrap(this.opts.targets, trap, (serial) => this.registry.withSerial(serial)?.olt);
    if (!target) {
      this.metrics.traps.inc({ version: trap.version, outcome: 'unknown-olt' });
      return;
    }
    this.metrics.traps.inc({ version: trap.version, outcome: 'accepted' });
    void this.serial(async () => {
      const at = this.now();
      await this.applyEffects(this.correlator.handle({ type: 'trap', at, olt: target.name }));
      const t = this.opts.telemetry.decodeOntTrap(target.profile, trap);
      if (!t) return;
      let pon = t.pon;
      let onuId = t.onuId;
      if ((pon === undefined || onuId === undefined) && t.serial) {
        const o = this.registry.withSerial(t.serial);
        pon = o?.pon;
        onuId = o?.onuId;
      }
      if (pon === undefined || onuId === undefined) return;
      const ont = this.ont(target.name, pon, onuId, t.serial);
      const { obs, rxDbm } = observationOfTrap(t, ont.rxDbm);
      await this.observe(ont, obs, at, 'trap', rxDbm);
      await this.persistOnts(at);
    });
  }

  // ---- effects --------------------------------------------------------------------------------

  private async publishAlarms(changes: AlarmChange[]): Promise<void> {
    for (const c of changes) {
      await this.opts.store?.alarms.save(c.alarm);
      this.events.publish({ type: 'alarm', action: c.action, alarm: c.alarm });
    }
  }

  private async applyEffects(effects: IncidentEffect[]): Promise<void> {
    const at = this.now();
    for (const e of effects) {
      const inc: Incident = { ...e.incident, affected: e.incident.affected.map((a) => ({ ...a })) };
      await this.opts.store?.incidents.save(inc, at.toISOString());
      this.events.publish({ type: 'incident', action: e.kind, incident: inc });
      if (inc.cause === 'pon-fibre-cut' && inc.pon) {
        const resource = `${inc.olt}/${inc.pon}`;
        const ch =
          e.kind === 'resolved'
            ? this.alarms.clear(resource, 'pon-los', at, 'fibre restored')
            : this.alarms.raise(
                {
                  resource,
                  type: 'pon-los',
                  severity: 'critical',
                  text: inc.summary,
                  olt: inc.olt,
                  pon: inc.pon,
                },
                at,
              );
        await this.publishAlarms(ch ? [ch] : []);
      }
    }
  }
}

/**
 * The monitoring core (issue 6): observations — poll rounds, OMCI readings, what a notification says
 * — become ONT states (domain state machine), alarms (RFC 8632) and correlated incidents (domain
 * Correlator), which it persists and publishes on the event bus. All state changes run one at a
 * time on `serial`, so a poll round and a trap never interleave half-way. Which OLTs are watched
 * here, their pollers and the trap receiver are watched-olts.ts's. Everything outside — SNMP, OMCI,
 * SSH, timers, the clock, the store — comes through ports, so unit tests run it on fakes.
 */
import { randomUUID } from 'node:crypto';
import { Registry } from 'prom-client';
import {
  Correlator,
  DEFAULT_CORRELATION_POLICY,
  type CorrelationPolicy,
  type IncidentEffect,
  type OntRef,
} from '../../domain/monitoring/correlation.ts';
import type { AlarmType, Severity } from '../../domain/monitoring/alarms.ts';
import type { Incident } from '../../domain/monitoring/incidents.ts';
import {
  nextOntState,
  type OntObservation,
  type OntState,
  type OpticalThresholds,
} from '../../domain/monitoring/ont-state.ts';
import type { Clock } from '../ports/clock.ts';
import { REFERENCE_ONT_PROFILE, type DeviceCatalogue } from '../ports/device-catalogue.ts';
import type { Scheduler } from '../ports/scheduler.ts';
import type { TrapRelayRepository } from '../ports/store/index.ts';
import type { OltTarget, OntTrap, SnmpV3Credentials, Telemetry } from '../ports/telemetry.ts';
import { AdapterIdResolver, type AccessLookup } from './adapter-ids.ts';
import { AlarmBook, type AlarmChange } from './alarm-book.ts';
import { monitoringEvents, type MonitoringEvents, type OntEvent } from './events.ts';
import { Limiter } from './limiter.ts';
import { MonitoringMetrics } from './metrics.ts';
import type { PollOutcome } from './olt-poller.ts';
import type { OmciReading } from './omci-poller.ts';
import { observationOfPhase } from './ont-observations.ts';
import { OntRegistry, readingSourceOf, type OntRuntime } from './ont-registry.ts';
import { IsoTextOfLast } from './iso-text.ts';
import { OpticalHistory, type HistoryPolicy } from './optical-history.ts';
import type { MonitoringStore } from './store-port.ts';
import { observationOfTrap } from './trap-intake.ts';

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
  /**
   * Watch every target from start (default true: one instance). False when several instances share
   * the targets (design §8): the cluster's OLT leases call `watch` / `unwatch`.
   */
  watchAll?: boolean;
  /**
   * Several instances (issue 16 item 3): a notification for an OLT another instance watches is
   * relayed through the store to it, and this instance drains those for its own OLTs every
   * `drainMs` (default 200).
   */
  relay?: { instanceId: string; traps: TrapRelayRepository; drainMs?: number };
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
  readonly correlator: Correlator;
  readonly thresholds: OpticalThresholds;
  protected readonly registry = new OntRegistry();
  /** Every ONT of the OLTs watched here, by `olt|pon|onuId` (the dashboard's and the tests' view). */
  readonly onts = this.registry.byPosition;
  readonly reachable = new Map<string, { snmp: boolean; ssh: boolean; at: string }>();
  protected readonly adapterIds: AdapterIdResolver;
  protected readonly limiter: Limiter;
  protected readonly topology = new Map<string, OntRef[]>();
  private queue: Promise<unknown> = Promise.resolve();
  /** The ISO text of an observation's instant (seenAt), made once per round. */
  private readonly iso = new IsoTextOfLast();
  private readonly history: OpticalHistory;

  constructor(protected readonly opts: MonitoringOptions) {
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
      () => this.pollLagSeconds(),
    );
    this.correlator = new Correlator(
      (olt) => this.topology.get(olt) ?? [],
      { ...DEFAULT_CORRELATION_POLICY, ...opts.correlation },
      () => `inc-${this.now().toISOString().slice(0, 10).replace(/-/g, '')}-${randomUUID().slice(0, 8)}`,
    );
    const store = opts.store;
    const lookup: AccessLookup | undefined = store && {
      accessesOnOlt: async (olt) =>
        (await store.accesses.list({ olt }))
          .filter((a) => a.state !== 'deactivated')
          .map((a) => ({ pon: a.pon, onuId: a.onuId, adapterId: a.adapterId })),
    };
    this.adapterIds = new AdapterIdResolver(lookup);
  }

  protected now(): Date {
    return this.opts.clock.now();
  }

  /** How far behind schedule the most overdue OLT polled here is (watched-olts.ts knows). */
  protected pollLagSeconds(): number {
    return 0;
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

  /** Resolves when the state changes queued so far have run. */
  protected async settled(): Promise<void> {
    await this.queue.catch(() => undefined);
  }

  /** The correlator's clock: a held LOS whose window has passed becomes an incident. */
  protected tick(): Promise<void> {
    return this.serial(() => this.applyEffects(this.correlator.handle({ type: 'tick', at: this.now() })));
  }

  // ---- observations ---------------------------------------------------------------------------

  protected async applyPoll(o: PollOutcome): Promise<void> {
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
      // the topology's entry made again only when the AdapterID moved (the correlator copies what it keeps)
      let ref = ont.ref;
      if (!ref || ref.adapterId !== ont.adapterId)
        ont.ref = ref = { olt: o.olt, pon: r.pon, onuId: r.onuId, adapterId: ont.adapterId };
      refs.push(ref);
      const obs = observationOfPhase(r.phase, r.rxDbm);
      // awaited only when the row changed something: a steady row costs no promise
      const changed = obs && this.observe(ont, obs, at, 'snmp-poll', r.rxDbm);
      if (changed) await changed;
    }
    this.topology.set(o.olt, refs);
    await this.persistOnts(at);
  }

  /** What OMCI says about ONTs: polled ANI-G / ONU-G readings, or an ONT's own alarm (omci-poller.ts). */
  protected async applyOmci(readings: OmciReading[]): Promise<void> {
    if (readings.length === 0) return;
    const at = this.now();
    for (const r of readings) {
      const ont = this.registry.get(r.olt, r.pon, r.onuId);
      if (ont) await this.observe(ont, r.observation, at, 'omci', r.rxDbm);
    }
    await this.persistOnts(at);
  }

  /**
   * A notification from `olt`, received at `at` (here or by another instance, which relayed it):
   * evidence the OLT lives, and what it says about an ONT (undefined: nothing).
   */
  protected async applyTrap(olt: string, t: OntTrap | undefined, at: Date): Promise<void> {
    await this.applyEffects(this.correlator.handle({ type: 'trap', at, olt }));
    if (!t) return;
    let pon = t.pon;
    let onuId = t.onuId;
    if ((pon === undefined || onuId === undefined) && t.serial) {
      const o = this.registry.withSerial(t.serial);
      pon = o?.pon;
      onuId = o?.onuId;
    }
    if (pon === undefined || onuId === undefined) return;
    const ont = this.ont(olt, pon, onuId, t.serial);
    const { obs, rxDbm } = observationOfTrap(t, ont.rxDbm);
    await this.observe(ont, obs, at, 'trap', rxDbm);
    await this.persistOnts(at);
  }

  private ont(olt: string, pon: string, onuId: number, serial?: string): OntRuntime {
    return this.registry.at(olt, pon, onuId, this.adapterIds.get(olt, pon, onuId), serial);
  }

  /**
   * One observation of one ONT: state machine → alarms → correlation → events. Returns the work left
   * when the state or the optical severity moved, undefined when there is none (the usual poll row).
   */
  private observe(
    ont: OntRuntime,
    obs: OntObservation,
    at: Date,
    source: OntEvent['source'],
    rxDbm?: number | null,
  ): Promise<void> | undefined {
    const prev = ont.state;
    const next = nextOntState(prev, obs, this.thresholds);
    const prevRx = ont.rxDbm;
    if (rxDbm !== undefined) ont.rxDbm = rxDbm;
    else if (obs.kind !== 'up') ont.rxDbm = null;
    const readWith = readingSourceOf(source);
    if (next !== prev || (ont.rxDbm ?? null) !== (prevRx ?? null) || ont.source !== readWith)
      this.registry.changed(ont);
    ont.source = readWith;
    ont.seenAt = this.iso.of(at.getTime());
    this.history.sample(ont, at, readWith);
    const severityMoved =
      next === prev && (next === 'working' || next === 'low-optical') && ont.rxDbm !== prevRx;
    if (next === prev && !severityMoved) return undefined;
    ont.state = next;
    return this.moved(ont, prev, next, at, source);
  }

  /** What an ONT whose state (or optical severity) moved sets off: alarms, its event, correlation. */
  private async moved(
    ont: OntRuntime,
    prev: OntState,
    next: OntState,
    at: Date,
    source: OntEvent['source'],
  ): Promise<void> {
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

  /** Saves the ONTs changed since the last save, and the optical samples kept. */
  protected async persistOnts(at: Date): Promise<void> {
    const rows = this.registry.takeUnsaved(at);
    const samples = this.history.drain();
    const store = this.opts.store;
    if (!store) return;
    if (rows.length) await store.onts.saveStatus(rows);
    if (samples.length) await store.onts.appendOptics(samples);
  }

  /**
   * An OLT alarm another part of the controller observed (issue 14 item 2: its SSH host key changed),
   * raised or cleared like the pollers' own, so the alarms API and the NOC show it.
   */
  oltAlarm(
    olt: string,
    type: AlarmType,
    s: { severity: Severity; text: string } | { clear: string },
  ): Promise<void> {
    return this.serial(async () => {
      const at = this.now();
      const ch =
        'clear' in s
          ? this.alarms.clear(olt, type, at, s.clear)
          : this.alarms.raise({ resource: olt, type, olt, severity: s.severity, text: s.text }, at);
      await this.publishAlarms(ch ? [ch] : []);
    });
  }

  // ---- effects --------------------------------------------------------------------------------

  protected async publishAlarms(changes: AlarmChange[]): Promise<void> {
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

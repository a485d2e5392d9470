/**
 * OMCI polling through the OLT's OMCI transport (issue 6 §1, issue 13, docs/omci-transport.md): every
 * `intervalMs`, a Get of the ANI-G optical levels (RX/TX; the ANI-G each ONT's MIB upload lists) and
 * of the ONU-G states of each ONT the SNMP poller last saw working; and the ONTs' own alarms as they
 * come. Requests to different ONTs run concurrently (the client serialises per ONU, G.988 flow
 * control); an ONT that does not answer is skipped — its state is SNMP's and the traps' business.
 */
import type { Cancel, Scheduler } from '../ports/scheduler.ts';
import type { OntObservation } from '../../domain/monitoring/ont-state.ts';
import type { OltTarget, OmciAlarmEvent, OmciReader, Telemetry } from '../ports/telemetry.ts';
import type { MonitoringMetrics } from './metrics.ts';

/** What OMCI says about one ONT, as a domain observation. */
export interface OmciReading {
  olt: string;
  pon: string;
  onuId: number;
  observation: OntObservation;
  rxDbm?: number | null;
  txDbm?: number | null;
  operational?: 'enabled' | 'disabled';
}

/**
 * An ONT that answers with ONU-G operational state enabled (G.988 §9.1.1) is up — ranged, its OMCC
 * working — at its ANI-G RX level; otherwise the level alone is an optical observation.
 */
export function observationOfOmci(rxDbm: number, operational?: 'enabled' | 'disabled'): OntObservation {
  return operational === 'enabled'
    ? { kind: 'up', rxPowerDbm: rxDbm }
    : { kind: 'optical', rxPowerDbm: rxDbm };
}

export interface OmciPollerOptions {
  intervalMs: number;
  telemetry: Telemetry;
  scheduler: Scheduler;
}

export class OmciPoller {
  private reader?: OmciReader;
  private stopAlarms?: () => void;
  private cancel?: Cancel;
  private stopped = true;
  private running?: Promise<void>;

  constructor(
    readonly target: OltTarget,
    private readonly opts: OmciPollerOptions,
    /** The ONTs worth asking (working per the last SNMP poll); the serial keys an XG(S)-PON MIC. */
    private readonly onts: () => { pon: string; onuId: number; serial?: string }[],
    private readonly metrics: MonitoringMetrics | undefined,
    private readonly onReadings: (r: OmciReading[]) => Promise<void>,
    /** An ONT's own alarm: its dying gasp (ONU-G alarm 7) is its last word (the others are SNMP's and the levels'). */
    private readonly onAlarm?: (r: OmciReading) => void,
  ) {}

  private alarm(a: OmciAlarmEvent): void {
    if (a.alarm === 'dying-gasp' && a.raised)
      this.onAlarm?.({
        olt: this.target.name,
        pon: a.pon,
        onuId: a.onuId,
        observation: { kind: 'dying-gasp' },
      });
  }

  private async connect(): Promise<OmciReader> {
    if (this.reader && !this.reader.isClosed) return this.reader;
    this.reader = await this.opts.telemetry.connectOmci(this.target, {
      requestTimeoutMs: 1500,
      connectTimeoutMs: 5000,
    });
    if (this.onAlarm) this.stopAlarms = this.reader.onAlarm?.((a) => this.alarm(a));
    return this.reader;
  }

  async pollOnce(): Promise<OmciReading[]> {
    const t0 = performance.now();
    let out: OmciReading[] = [];
    try {
      const c = await this.connect();
      const results = await Promise.all(
        this.onts().map(async ({ pon, onuId, serial }): Promise<OmciReading | undefined> => {
          try {
            const [opt, st] = await Promise.all([
              c.getOpticalLevels(pon, onuId, serial),
              c.getOnuState(pon, onuId, serial),
            ]);
            if (opt.rxDbm === null) return undefined; // a dark receiver says nothing new
            return {
              olt: this.target.name,
              pon,
              onuId,
              observation: observationOfOmci(opt.rxDbm, st.operationalState),
              rxDbm: opt.rxDbm,
              txDbm: opt.txDbm,
              operational: st.operationalState,
            };
          } catch {
            return undefined;
          }
        }),
      );
      out = results.filter((r) => r !== undefined);
      this.metrics?.polls.inc({ olt: this.target.name, protocol: 'omci', outcome: 'ok' });
      this.metrics?.pollDuration.observe(
        { olt: this.target.name, protocol: 'omci' },
        (performance.now() - t0) / 1000,
      );
    } catch {
      this.metrics?.polls.inc({ olt: this.target.name, protocol: 'omci', outcome: 'error' });
      this.stopAlarms?.();
      await this.reader?.close();
      this.reader = undefined;
    }
    await this.onReadings(out);
    return out;
  }

  /** First round after at most a second, then every `intervalMs` after the previous one ends. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = async () => {
      this.running = this.pollOnce().then(
        () => undefined,
        () => undefined,
      );
      await this.running;
      if (!this.stopped) this.cancel = this.opts.scheduler.after(this.opts.intervalMs, () => void loop());
    };
    this.cancel = this.opts.scheduler.after(Math.min(this.opts.intervalMs, 1000), () => void loop());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancel?.();
    await this.running;
    this.stopAlarms?.();
    await this.reader?.close();
  }
}

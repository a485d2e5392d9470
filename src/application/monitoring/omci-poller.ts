/**
 * OMCI polling through the OLT's relay (issue 6 §1, docs/omci-relay.md): every `intervalMs`, a Get of
 * ANI-G optical levels (RX/TX) of each ONT the SNMP poller last saw working, and of ONU-G states.
 * Requests to different ONTs run concurrently (the client serialises per ONU, G.988 flow control);
 * an ONT that does not answer is skipped — its state is SNMP's and the traps' business.
 */
import type { Cancel, Scheduler } from '../ports/scheduler.ts';
import type { OltTarget, OmciReader, Telemetry } from '../ports/telemetry.ts';
import type { MonitoringMetrics } from './metrics.ts';

export interface OmciReading {
  olt: string;
  pon: string;
  onuId: number;
  rxDbm: number | null;
  txDbm: number | null;
  operational?: 'enabled' | 'disabled';
}

export interface OmciPollerOptions {
  intervalMs: number;
  telemetry: Telemetry;
  scheduler: Scheduler;
}

export class OmciPoller {
  private reader?: OmciReader;
  private cancel?: Cancel;
  private stopped = true;
  private running?: Promise<void>;

  constructor(
    readonly target: OltTarget,
    private readonly opts: OmciPollerOptions,
    /** The ONTs worth asking (working per the last SNMP poll). */
    private readonly onts: () => { pon: string; onuId: number }[],
    private readonly metrics: MonitoringMetrics | undefined,
    private readonly onReadings: (r: OmciReading[]) => Promise<void>,
  ) {}

  private async connect(): Promise<OmciReader> {
    if (this.reader && !this.reader.isClosed) return this.reader;
    this.reader = await this.opts.telemetry.connectOmci(this.target, {
      requestTimeoutMs: 1500,
      connectTimeoutMs: 5000,
    });
    return this.reader;
  }

  async pollOnce(): Promise<OmciReading[]> {
    const t0 = performance.now();
    let out: OmciReading[] = [];
    try {
      const c = await this.connect();
      const results = await Promise.all(
        this.onts().map(async ({ pon, onuId }): Promise<OmciReading | undefined> => {
          try {
            const [opt, st] = await Promise.all([c.getOpticalLevels(pon, onuId), c.getOnuState(pon, onuId)]);
            return {
              olt: this.target.name,
              pon,
              onuId,
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
    await this.reader?.close();
  }
}

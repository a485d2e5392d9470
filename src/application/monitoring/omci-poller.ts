/**
 * OMCI polling through the OLT's relay (issue 6 §1, docs/omci-relay.md): every `intervalMs`, a Get of
 * ANI-G optical levels (RX/TX) of each ONT the SNMP poller last saw working, and of ONU-G states.
 * Requests to different ONTs run concurrently (the client serialises per ONU, G.988 flow control);
 * an ONT that does not answer is skipped — its state is SNMP's and the traps' business.
 */
import { OmciClient } from '../../protocols/omci/index.ts';
import type { MonitoringMetrics } from './metrics.ts';
import type { OltTarget } from './targets.ts';

export interface OmciReading {
  olt: string;
  pon: string;
  onuId: number;
  rxDbm: number | null;
  txDbm: number | null;
  operational?: 'enabled' | 'disabled';
}

export class OmciPoller {
  private client?: OmciClient;
  private timer?: NodeJS.Timeout;
  private stopped = true;
  private running?: Promise<void>;

  constructor(
    readonly target: OltTarget,
    private readonly intervalMs: number,
    /** The ONTs worth asking (working per the last SNMP poll). */
    private readonly onts: () => { pon: string; onuId: number }[],
    private readonly metrics: MonitoringMetrics | undefined,
    private readonly onReadings: (r: OmciReading[]) => Promise<void>,
  ) {}

  private async connect(): Promise<OmciClient> {
    if (this.client && !this.client.isClosed) return this.client;
    const o = this.target.omci!;
    this.client = await OmciClient.connect({
      host: this.target.host,
      port: o.port,
      username: o.username,
      password: o.password,
      requestTimeoutMs: 1500,
      connectTimeoutMs: 5000,
      device: this.target.name,
    });
    return this.client;
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
      await this.client?.close();
      this.client = undefined;
    }
    await this.onReadings(out);
    return out;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = async () => {
      this.running = this.pollOnce().then(
        () => undefined,
        () => undefined,
      );
      await this.running;
      if (!this.stopped) this.timer = setTimeout(() => void loop(), this.intervalMs);
    };
    this.timer = setTimeout(() => void loop(), Math.min(this.intervalMs, 1000));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.client?.close();
  }
}

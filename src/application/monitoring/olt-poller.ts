/**
 * One OLT's poll loop (issue 6 §1): every `intervalMs`, read the ONT table (state + RX power, and
 * every `identityEvery` rounds serial + description for the AdapterID mapping) by SNMP GETBULK,
 * inside the shared Limiter — each OLT has its own loop and its own timeouts, so a slow or dead OLT
 * holds one slot for at most its timeout and never delays the others' rounds.
 * When SNMP is silent the SSH port is probed, so the service can tell "answers no protocol".
 */
import {
  DEFAULT_POLL_COLUMNS,
  SnmpClient,
  loadOltSnmpProfile,
  readOntTable,
  type OltSnmpProfile,
  type OntColumn,
  type OntRow,
} from '../../adapters/driven/telemetry/snmp/index.ts';
import type { Limiter } from './limiter.ts';
import type { MonitoringMetrics } from './metrics.ts';
import { sshAnswers } from '../../adapters/driven/telemetry/reachability.ts';
import type { OltTarget } from './targets.ts';

export type PollOutcome =
  | { ok: true; olt: string; at: Date; rows: OntRow[]; durationMs: number; identity: boolean }
  | { ok: false; olt: string; at: Date; error: Error; sshAnswers: boolean; durationMs: number };

export interface OltPollerOptions {
  intervalMs: number;
  /** Include serial + description columns every Nth round (and the first). Default 12. */
  identityEvery?: number;
  /** GETBULK requests in flight at once within this OLT. Default 8. */
  parallel?: number;
  now: () => Date;
}

const IDENTITY_COLUMNS: readonly OntColumn[] = [...DEFAULT_POLL_COLUMNS, 'serial', 'description'];

export class OltPoller {
  readonly profile: OltSnmpProfile;
  private client: SnmpClient;
  private ponPorts?: Map<number, string>;
  private readonly rowsPerPon = new Map<number, number>();
  private round = 0;
  private timer?: NodeJS.Timeout;
  private stopped = true;
  private running?: Promise<void>;
  lastOutcome?: PollOutcome;

  constructor(
    readonly target: OltTarget,
    private readonly opts: OltPollerOptions,
    private readonly limiter: Limiter,
    private readonly metrics: MonitoringMetrics | undefined,
    private readonly onOutcome: (o: PollOutcome) => Promise<void>,
  ) {
    this.profile = loadOltSnmpProfile(target.profile);
    this.client = this.makeClient();
  }

  private makeClient(): SnmpClient {
    const s = this.target.snmp;
    return new SnmpClient({
      host: this.target.host,
      port: s.port,
      version: s.version,
      community: s.community,
      v3: s.v3,
      timeoutMs: s.timeoutMs ?? 1000,
      retries: s.retries ?? 1,
      device: this.target.name,
    });
  }

  /** One round: poll, hand the outcome on (awaited, so rounds of one OLT never overlap). */
  async pollOnce(): Promise<PollOutcome> {
    const outcome = await this.limiter.run(() => this.read());
    this.lastOutcome = outcome;
    await this.onOutcome(outcome);
    return outcome;
  }

  private async read(): Promise<PollOutcome> {
    const identity = this.round++ % (this.opts.identityEvery ?? 12) === 0;
    const started = performance.now();
    const at = this.opts.now();
    const protocol = `snmp-${this.target.snmp.version}`;
    try {
      const { rows, ponPorts } = await readOntTable(this.client, this.profile, {
        columns: identity ? IDENTITY_COLUMNS : DEFAULT_POLL_COLUMNS,
        ponPorts: this.ponPorts,
        parallel: this.opts.parallel,
        rowsPerPon: this.rowsPerPon,
      });
      this.ponPorts = ponPorts;
      const durationMs = performance.now() - started;
      this.metrics?.polls.inc({ olt: this.target.name, protocol, outcome: 'ok' });
      this.metrics?.pollDuration.observe({ olt: this.target.name, protocol }, durationMs / 1000);
      return { ok: true, olt: this.target.name, at, rows, durationMs, identity };
    } catch (err) {
      const e = err as Error & { code?: string };
      this.metrics?.polls.inc({
        olt: this.target.name,
        protocol,
        outcome: e.code === 'connect-timeout' ? 'timeout' : 'error',
      });
      // the next round starts clean: PON list re-read, a fresh session (v3: engine re-discovered)
      this.ponPorts = undefined;
      this.rowsPerPon.clear();
      this.round = 0;
      this.client.close();
      this.client = this.makeClient();
      const s = this.target.ssh;
      const ssh = s
        ? await sshAnswers({
            host: this.target.host,
            port: s.port,
            username: s.username,
            password: s.password,
            timeoutMs: Math.max(1000, this.target.snmp.timeoutMs ?? 1000),
          })
        : false;
      return {
        ok: false,
        olt: this.target.name,
        at,
        error: e,
        sshAnswers: ssh,
        durationMs: performance.now() - started,
      };
    }
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = async () => {
      const t0 = performance.now();
      this.running = this.pollOnce().then(
        () => undefined,
        () => undefined,
      );
      await this.running;
      if (this.stopped) return;
      this.timer = setTimeout(
        () => void loop(),
        Math.max(0, this.opts.intervalMs - (performance.now() - t0)),
      );
    };
    void loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    this.client.close();
  }
}

/**
 * One OLT's poll loop (issue 6 §1): every `intervalMs`, read the ONT table (state + RX power, and
 * every `identityEvery` rounds serial + description for the AdapterID mapping) through the telemetry
 * port, inside the shared Limiter — each OLT has its own loop and its own timeouts, so a slow or dead
 * OLT holds one slot for at most its timeout and never delays the others' rounds.
 * When SNMP is silent the SSH port is probed, so the service can tell "answers no protocol".
 */
import type { Cancel, Scheduler } from '../ports/scheduler.ts';
import type { OltTarget, OntRow, OntTableReader, Telemetry } from '../ports/telemetry.ts';
import type { Limiter } from './limiter.ts';
import type { MonitoringMetrics } from './metrics.ts';

export type PollOutcome =
  | { ok: true; olt: string; at: Date; rows: OntRow[]; durationMs: number; identity: boolean }
  | { ok: false; olt: string; at: Date; error: Error; sshAnswers: boolean; durationMs: number };

/** Rounds between reads of serial + description (the first round reads them too). */
export const IDENTITY_EVERY = 12;

export interface OltPollerOptions {
  intervalMs: number;
  /** Include serial + description columns every Nth round (and the first). Default IDENTITY_EVERY. */
  identityEvery?: number;
  now: () => Date;
  telemetry: Telemetry;
  scheduler: Scheduler;
}

export class OltPoller {
  private readonly reader: OntTableReader;
  private round = 0;
  private cancel?: Cancel;
  private stopped = true;
  private running?: Promise<void>;
  lastOutcome?: PollOutcome;
  /** Rounds completed (outcome handed on), whatever they found. */
  rounds = 0;

  constructor(
    readonly target: OltTarget,
    private readonly opts: OltPollerOptions,
    private readonly limiter: Limiter,
    private readonly metrics: MonitoringMetrics | undefined,
    private readonly onOutcome: (o: PollOutcome) => Promise<void>,
  ) {
    this.reader = opts.telemetry.ontTable(target);
  }

  /** One round: poll, hand the outcome on (awaited, so rounds of one OLT never overlap). */
  async pollOnce(): Promise<PollOutcome> {
    const outcome = await this.limiter.run(() => this.read());
    this.lastOutcome = outcome;
    await this.onOutcome(outcome);
    this.rounds++;
    return outcome;
  }

  private async read(): Promise<PollOutcome> {
    const identity = this.round++ % (this.opts.identityEvery ?? IDENTITY_EVERY) === 0;
    const started = performance.now();
    const at = this.opts.now();
    const protocol = `snmp-${this.target.snmp.version}`;
    try {
      const rows = await this.reader.read({ identity });
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
      this.round = 0;
      this.reader.reset();
      const s = this.target.ssh;
      const ssh = s
        ? await this.opts.telemetry.sshAnswers({
            olt: this.target.name,
            hostKey: this.target.hostKey,
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

  /** Polls now, then every `intervalMs` from the start of the previous round. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const loop = async () => {
      const t0 = this.opts.scheduler.elapsedMs();
      this.running = this.pollOnce().then(
        () => undefined,
        () => undefined,
      );
      await this.running;
      if (this.stopped) return;
      const wait = Math.max(0, this.opts.intervalMs - (this.opts.scheduler.elapsedMs() - t0));
      this.cancel = this.opts.scheduler.after(wait, () => void loop());
    };
    void loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancel?.();
    await this.running;
    this.reader.close();
  }
}

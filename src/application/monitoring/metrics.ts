/**
 * Prometheus metrics of monitoring (issue 6 §6): polls, poll duration, traps, open alarms per
 * severity; per instance (issue 16 item 4) the duration of a full sweep of the OLTs it watches and
 * how far behind schedule its most overdue OLT is.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { SEVERITIES, type Severity } from '../../domain/monitoring/alarms.ts';

export class MonitoringMetrics {
  readonly polls: Counter<'olt' | 'protocol' | 'outcome'>;
  readonly pollDuration: Histogram<'olt' | 'protocol'>;
  readonly traps: Counter<'version' | 'outcome'>;
  readonly openAlarms: Gauge<'severity'>;
  readonly openIncidents: Gauge<'cause'>;
  readonly sweepDuration: Histogram;
  readonly pollLag: Gauge;

  constructor(
    registry: Registry,
    openAlarmCounts: () => Record<Severity, number>,
    openIncidentCounts: () => Record<string, number>,
    pollLagSeconds: () => number = () => 0,
  ) {
    const registers = [registry];
    this.polls = new Counter({
      name: 'ponctl_monitoring_polls_total',
      help: 'OLT polls by protocol and outcome (ok, timeout, error)',
      labelNames: ['olt', 'protocol', 'outcome'] as const,
      registers,
    });
    this.pollDuration = new Histogram({
      name: 'ponctl_monitoring_poll_duration_seconds',
      help: 'Time to poll every ONT of one OLT',
      labelNames: ['olt', 'protocol'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    this.traps = new Counter({
      name: 'ponctl_monitoring_traps_received_total',
      help: 'SNMP notifications received, by version and outcome (accepted, relayed to the OLT owner, unknown-olt, rejected)',
      labelNames: ['version', 'outcome'] as const,
      registers,
    });
    this.openAlarms = new Gauge({
      name: 'ponctl_monitoring_open_alarms',
      help: 'Alarms raised and not cleared, per severity',
      labelNames: ['severity'] as const,
      registers,
      collect() {
        const c = openAlarmCounts();
        for (const s of SEVERITIES) this.set({ severity: s }, c[s] ?? 0);
      },
    });
    this.sweepDuration = new Histogram({
      name: 'ponctl_monitoring_sweep_duration_seconds',
      help: 'Time for every OLT this instance watches to be polled once (a full sweep)',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    });
    this.pollLag = new Gauge({
      name: 'ponctl_monitoring_poll_lag_seconds',
      help: 'How far behind its poll schedule the most overdue OLT watched here is (0: on time)',
      registers,
      collect() {
        this.set(pollLagSeconds());
      },
    });
    this.openIncidents = new Gauge({
      name: 'ponctl_monitoring_open_incidents',
      help: 'Open incidents per root cause',
      labelNames: ['cause'] as const,
      registers,
      collect() {
        this.reset();
        for (const [cause, n] of Object.entries(openIncidentCounts())) this.set({ cause }, n);
      },
    });
  }
}

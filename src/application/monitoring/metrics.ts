/** Prometheus metrics of monitoring (issue 6 §6): polls, poll duration, traps, open alarms per severity. */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { SEVERITIES, type Severity } from '../../domain/monitoring/alarms.ts';

export class MonitoringMetrics {
  readonly polls: Counter<'olt' | 'protocol' | 'outcome'>;
  readonly pollDuration: Histogram<'olt' | 'protocol'>;
  readonly traps: Counter<'version' | 'outcome'>;
  readonly openAlarms: Gauge<'severity'>;
  readonly openIncidents: Gauge<'cause'>;

  constructor(
    registry: Registry,
    openAlarmCounts: () => Record<Severity, number>,
    openIncidentCounts: () => Record<string, number>,
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
      help: 'SNMP notifications received, by version and outcome (accepted, unknown-olt, rejected)',
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

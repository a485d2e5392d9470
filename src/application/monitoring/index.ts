/** Monitoring service (issue 6): pollers, trap source, ONT states, alarms, incidents, events. */
export {
  MonitoringService,
  type AlarmListQuery,
  type OntDetail,
  type OltSummary,
  type PonSummary,
} from './monitoring-service.ts';
export { MonitoringCore, opticalThresholdsOf, type MonitoringOptions } from './monitoring-core.ts';
export { WatchedOlts } from './watched-olts.ts';
export {
  MonitoringEvents,
  monitoringEvents,
  type MonitoringEvent,
  type AlarmEvent,
  type IncidentEvent,
  type OntEvent,
} from './events.ts';
export { incidentToOutage, incidentToOutages } from './sla-outage.ts';
export { MonitoringMetrics } from './metrics.ts';
export { observationOfPhase } from './ont-observations.ts';
export type { MonitoringStore } from './store-port.ts';
export type { PollOutcome } from './olt-poller.ts';
export type { OltTarget } from '../ports/telemetry.ts';

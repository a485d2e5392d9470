/** Monitoring service (issue 6): pollers, trap receiver, ONT states, alarms, incidents, events. */
export {
  MonitoringService,
  type AlarmListQuery,
  type OntDetail,
  type OltSummary,
  type PonSummary,
} from './monitoring-service.ts';
export { MonitoringCore, loadOpticalThresholds, type MonitoringOptions } from './monitoring-core.ts';
export {
  MonitoringEvents,
  monitoringEvents,
  type MonitoringEvent,
  type AlarmEvent,
  type IncidentEvent,
  type OntEvent,
} from './events.ts';
export { targetsFromInventory, type OltTarget, type InventoryOltLike } from './targets.ts';
export { incidentToOutage, incidentToOutages } from './sla-outage.ts';
export { MonitoringMetrics } from './metrics.ts';
export type { MonitoringStore } from './store-port.ts';
export type { PollOutcome } from './olt-poller.ts';

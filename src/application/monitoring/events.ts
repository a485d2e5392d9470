/**
 * The monitoring event bus: what the NOC dashboard's SSE stream (`GET /v1/events`) and webhooks
 * subscribe to. In-process and synchronous (node:events); a listener that throws is isolated.
 * Shapes are part of the dashboard contract: add fields, never rename.
 */
import { EventEmitter } from 'node:events';
import type { Alarm } from '../../domain/monitoring/alarms.ts';
import type { Incident } from '../../domain/monitoring/incidents.ts';
import type { OntState } from '../../domain/monitoring/ont-state.ts';

export interface AlarmEvent {
  type: 'alarm';
  action: 'raised' | 'changed' | 'cleared' | 'acknowledged' | 'shelved';
  alarm: Alarm;
}

export interface IncidentEvent {
  type: 'incident';
  action: 'opened' | 'updated' | 'resolved';
  incident: Incident;
}

export interface OntEvent {
  type: 'ont';
  olt: string;
  pon: string;
  onuId: number;
  adapterId?: string;
  from: OntState;
  to: OntState;
  rxDbm?: number | null;
  /** ISO time of the observation. */
  at: string;
  /** What told us: a poll, a trap or OMCI. */
  source: 'snmp-poll' | 'trap' | 'omci';
}

export type MonitoringEvent = AlarmEvent | IncidentEvent | OntEvent;

interface EventMap {
  alarm: [AlarmEvent];
  incident: [IncidentEvent];
  ont: [OntEvent];
}

export class MonitoringEvents extends EventEmitter<EventMap> {
  constructor() {
    super({ captureRejections: false });
    this.setMaxListeners(1000); // one per open dashboard
  }

  /** Subscribe to every kind at once; returns the unsubscribe function. */
  subscribe(fn: (e: MonitoringEvent) => void): () => void {
    const safe = (e: MonitoringEvent) => {
      try {
        fn(e);
      } catch {
        /* a broken subscriber must not stop monitoring */
      }
    };
    this.on('alarm', safe);
    this.on('incident', safe);
    this.on('ont', safe);
    return () => {
      this.off('alarm', safe);
      this.off('incident', safe);
      this.off('ont', safe);
    };
  }

  publish(e: MonitoringEvent): void {
    try {
      if (e.type === 'alarm') this.emit('alarm', e);
      else if (e.type === 'incident') this.emit('incident', e);
      else this.emit('ont', e);
    } catch {
      /* isolated */
    }
  }
}

/** The process-wide default bus (a service given no bus publishes here). */
export const monitoringEvents = new MonitoringEvents();

/**
 * The alarms of the network as the service holds them (RFC 8632 via the domain functions): which
 * alarm types an ONT state raises, de-duplication by key, and the open counts for metrics. Returns
 * the changed alarms; the service persists and publishes them.
 */
import { randomUUID } from 'node:crypto';
import {
  alarmKey,
  clearAlarm,
  raiseAlarm,
  type Alarm,
  type AlarmType,
  type RaiseInput,
  type Severity,
} from '../../domain/monitoring/alarms.ts';
import type { OntRef } from '../../domain/monitoring/correlation.ts';
import { opticalSeverity, type OntState, type OpticalThresholds } from '../../domain/monitoring/ont-state.ts';

export interface AlarmChange {
  alarm: Alarm;
  action: 'raised' | 'changed' | 'cleared';
}

/** RFC 8632 resource of an ONT: `OLT/PON:ONU`. */
export const ontResource = (o: { olt: string; pon: string; onuId: number }): string =>
  `${o.olt}/${o.pon}:${o.onuId}`;

/** ONT state → the one alarm that state raises (issue 6 §2–§3). */
const STATE_ALARM: Partial<Record<OntState, { type: AlarmType; severity: Severity; text: string }>> = {
  los: { type: 'ont-los', severity: 'major', text: 'Loss of signal (no light from the ONT)' },
  'dying-gasp': { type: 'ont-dying-gasp', severity: 'minor', text: 'Dying gasp: the ONT lost power' },
  offline: { type: 'ont-offline', severity: 'minor', text: 'ONT offline (not ranging)' },
  'auth-failed': { type: 'ont-auth-failed', severity: 'major', text: 'ONT serial not authorised' },
};
const ONT_ALARM_TYPES: readonly AlarmType[] = [
  'ont-los',
  'ont-dying-gasp',
  'ont-offline',
  'ont-auth-failed',
  'ont-low-rx',
];

export class AlarmBook {
  private readonly byKey = new Map<string, Alarm>();

  constructor(private readonly newId: () => string = () => `al-${randomUUID()}`) {}

  /** Replaces what the book holds with `alarms` (the store's active ones). */
  load(alarms: readonly Alarm[]): void {
    this.byKey.clear();
    for (const a of alarms) this.byKey.set(alarmKey(a.resource, a.type, a.qualifier), a);
  }

  get(id: string): Alarm | undefined {
    for (const a of this.byKey.values()) if (a.id === id) return a;
    return undefined;
  }

  put(a: Alarm): void {
    this.byKey.set(alarmKey(a.resource, a.type, a.qualifier), a);
  }

  /** Replaces the alarms of one OLT with `alarms` (its monitoring moved here, design §8). */
  loadOlt(olt: string, alarms: readonly Alarm[]): void {
    this.forgetOlt(olt);
    for (const a of alarms) if (a.olt === olt) this.byKey.set(alarmKey(a.resource, a.type, a.qualifier), a);
  }

  /** Forgets the alarms of one OLT (another instance watches it now). */
  forgetOlt(olt: string): void {
    for (const [k, a] of this.byKey) if (a.olt === olt) this.byKey.delete(k);
  }

  all(): Alarm[] {
    return [...this.byKey.values()];
  }

  openCounts(): Record<Severity, number> {
    const c: Record<Severity, number> = { indeterminate: 0, warning: 0, minor: 0, major: 0, critical: 0 };
    for (const a of this.byKey.values()) if (!a.isCleared) c[a.severity]++;
    return c;
  }

  raise(input: RaiseInput, at: Date): AlarmChange | undefined {
    const key = alarmKey(input.resource, input.type, input.qualifier);
    const existing = this.byKey.get(key);
    const { alarm, changed } = raiseAlarm(existing, input, at, this.newId);
    if (!changed) return undefined;
    this.byKey.set(key, alarm);
    return { alarm, action: existing && !existing.isCleared ? 'changed' : 'raised' };
  }

  clear(resource: string, type: AlarmType, at: Date, text?: string): AlarmChange | undefined {
    const key = alarmKey(resource, type);
    const existing = this.byKey.get(key);
    if (!existing) return undefined;
    const { alarm, changed } = clearAlarm(existing, at, text);
    if (!changed) return undefined;
    this.byKey.set(key, alarm);
    return { alarm, action: 'cleared' };
  }

  /** The ONT's alarms after it entered `state` (with its RX level when working). */
  onOntState(
    o: OntRef,
    state: OntState,
    rxDbm: number | null | undefined,
    t: OpticalThresholds,
    at: Date,
  ): AlarmChange[] {
    const resource = ontResource(o);
    const out: AlarmChange[] = [];
    const want = new Map<AlarmType, { severity: Severity; text: string }>();
    const s = STATE_ALARM[state];
    if (s) want.set(s.type, s);
    if (state === 'low-optical' || state === 'working') {
      const sev = opticalSeverity(rxDbm, t);
      if (sev !== 'normal') {
        want.set('ont-low-rx', {
          severity: sev === 'critical' ? 'critical' : 'warning',
          text: `RX power ${rxDbm} dBm below the ${sev === 'critical' ? 'critical' : 'warning'} threshold ${sev === 'critical' ? t.rxCriticalDbm : t.rxWarningDbm} dBm`,
        });
      }
    }
    for (const type of ONT_ALARM_TYPES) {
      const w = want.get(type);
      const change = w
        ? this.raise(
            {
              resource,
              type,
              severity: w.severity,
              text: w.text,
              olt: o.olt,
              pon: o.pon,
              onuId: o.onuId,
              adapterId: o.adapterId,
            },
            at,
          )
        : this.clear(resource, type, at, `cleared: ONT ${state}`);
      if (change) out.push(change);
    }
    return out;
  }
}

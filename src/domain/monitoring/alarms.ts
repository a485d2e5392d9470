/**
 * Alarms modelled on RFC 8632 (ietf-alarms): an alarm is identified by (resource, alarm type,
 * qualifier); it is raised and cleared by the resource's state (is-cleared), carries a perceived
 * severity, keeps its status-change history, and is separately acknowledged or shelved by an
 * operator (operator-state). Raising an alarm that is already raised de-duplicates into a status
 * change (RFC 8632 §3.5: one alarm instance per resource + type + qualifier).
 * Pure: time is passed in; the service persists what these functions return.
 */
export const SEVERITIES = ['indeterminate', 'warning', 'minor', 'major', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const ALARM_TYPES = [
  'ont-los',
  'ont-dying-gasp',
  'ont-offline',
  'ont-auth-failed',
  'ont-low-rx',
  'olt-unreachable',
  'pon-los',
  // issue 14 item 2: the OLT presented an SSH host key other than the pinned one (writes stopped)
  'olt-host-key-changed',
] as const;
export type AlarmType = (typeof ALARM_TYPES)[number];

export type OperatorState = 'none' | 'ack' | 'closed' | 'shelved';

export interface StatusChange {
  at: string;
  severity: Severity | 'cleared';
  text: string;
}

export interface Alarm {
  id: string;
  /** RFC 8632 resource: e.g. `olt1/1/1/1:5` (OLT/PON:ONU) or `olt1`. */
  resource: string;
  type: AlarmType;
  qualifier: string;
  severity: Severity;
  isCleared: boolean;
  text: string;
  raisedAt: string;
  lastChangedAt: string;
  clearedAt?: string;
  operatorState: OperatorState;
  operator?: string;
  operatorText?: string;
  operatorAt?: string;
  /** Until when a shelved alarm stays hidden (RFC 8632 §4.1.1 shelving), ISO time. */
  shelvedUntil?: string;
  history: StatusChange[];
  /** Where the alarm sits, for filters and counts per OLT and PON. */
  olt: string;
  pon?: string;
  onuId?: number;
  adapterId?: string;
}

export function alarmKey(resource: string, type: AlarmType, qualifier = ''): string {
  return `${resource}|${type}|${qualifier}`;
}

export interface RaiseInput {
  resource: string;
  type: AlarmType;
  qualifier?: string;
  severity: Severity;
  text: string;
  olt: string;
  pon?: string;
  onuId?: number;
  adapterId?: string;
}

/**
 * Raise (or re-raise) an alarm. Returns the alarm and whether anything changed: raising an alarm
 * that is raised with the same severity and text is a duplicate and changes nothing.
 */
export function raiseAlarm(
  existing: Alarm | undefined,
  input: RaiseInput,
  at: Date,
  newId: () => string,
): { alarm: Alarm; changed: boolean } {
  const iso = at.toISOString();
  if (
    existing &&
    !existing.isCleared &&
    existing.severity === input.severity &&
    existing.text === input.text
  ) {
    return { alarm: existing, changed: false };
  }
  if (existing) {
    const alarm: Alarm = {
      ...existing,
      severity: input.severity,
      text: input.text,
      isCleared: false,
      clearedAt: undefined,
      lastChangedAt: iso,
      // a re-raised alarm that was closed by the operator needs attention again (RFC 8632 §3.5)
      operatorState:
        existing.isCleared && existing.operatorState === 'closed' ? 'none' : existing.operatorState,
      history: [...existing.history, { at: iso, severity: input.severity, text: input.text }],
    };
    return { alarm, changed: true };
  }
  const alarm: Alarm = {
    id: newId(),
    resource: input.resource,
    type: input.type,
    qualifier: input.qualifier ?? '',
    severity: input.severity,
    isCleared: false,
    text: input.text,
    raisedAt: iso,
    lastChangedAt: iso,
    operatorState: 'none',
    history: [{ at: iso, severity: input.severity, text: input.text }],
    olt: input.olt,
    pon: input.pon,
    onuId: input.onuId,
    adapterId: input.adapterId,
  };
  return { alarm, changed: true };
}

/** Clear an alarm (the resource is fine again); clearing a cleared alarm changes nothing. */
export function clearAlarm(existing: Alarm, at: Date, text = 'cleared'): { alarm: Alarm; changed: boolean } {
  if (existing.isCleared) return { alarm: existing, changed: false };
  const iso = at.toISOString();
  return {
    alarm: {
      ...existing,
      isCleared: true,
      clearedAt: iso,
      lastChangedAt: iso,
      history: [...existing.history, { at: iso, severity: 'cleared', text }],
    },
    changed: true,
  };
}

export function acknowledgeAlarm(existing: Alarm, operator: string, at: Date, text?: string): Alarm {
  return { ...existing, operatorState: 'ack', operator, operatorText: text, operatorAt: at.toISOString() };
}

export function shelveAlarm(existing: Alarm, operator: string, at: Date, until: Date, text?: string): Alarm {
  return {
    ...existing,
    operatorState: 'shelved',
    operator,
    operatorText: text,
    operatorAt: at.toISOString(),
    shelvedUntil: until.toISOString(),
  };
}

/** Shown to the NOC: not cleared-and-closed, and not shelved (or the shelf expired). */
export function isVisible(a: Alarm, now: Date): boolean {
  if (a.operatorState === 'shelved' && a.shelvedUntil && a.shelvedUntil > now.toISOString()) return false;
  return !a.isCleared || a.operatorState === 'none';
}

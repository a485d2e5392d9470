/** RFC 8632 alarms (issue 6 §3) as the domain's `Alarm` (src/domain/monitoring/alarms.ts). */
import type { Alarm, AlarmType, Severity } from '../../../domain/monitoring/alarms.ts';

export interface AlarmQuery {
  olt?: string;
  pon?: string;
  severity?: Severity;
  type?: AlarmType;
  /** true: cleared only; false: raised only. */
  cleared?: boolean;
  /** last change at or after / before (ISO). */
  from?: string;
  to?: string;
  adapterId?: string;
  /** Keyset pagination (application/pagination.ts): rows after this key in the list's order. */
  after?: readonly [lastChangedAt: string, id: string];
  limit?: number;
}

export interface AlarmRepository {
  /** Insert or replace the alarm (the domain functions return the whole new value). */
  save(a: Alarm): Promise<void>;

  get(id: string): Promise<Alarm | undefined>;

  byKey(key: string): Promise<Alarm | undefined>;

  /** Alarms not cleared, plus cleared ones the operator has not closed (the service's working set); of one OLT if given. */
  active(q?: { olt?: string }): Promise<Alarm[]>;

  /** Newest change first. */
  list(q?: AlarmQuery): Promise<Alarm[]>;
}

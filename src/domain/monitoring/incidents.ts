/**
 * Incidents: what the NOC works on and what the SLA engine counts (issue 6 §4). One incident per root
 * cause — one PON fibre cut is one incident however many ONTs it takes down.
 */
export const INCIDENT_CAUSES = [
  'pon-fibre-cut',
  'olt-down',
  'drop-fibre',
  'dying-gasp',
  'monitoring-blind-spot',
] as const;
export type IncidentCause = (typeof INCIDENT_CAUSES)[number];

/** Causes that are the network owner's fault (spec §5); the others are kept for the NOC but excluded from SLA. */
export const SLA_COUNTING_CAUSES: readonly IncidentCause[] = ['pon-fibre-cut', 'olt-down', 'drop-fibre'];

export interface AffectedOnt {
  olt: string;
  pon: string;
  onuId: number;
  adapterId?: string;
  /** When this ONT came back (ISO), if it has. */
  recoveredAt?: string;
}

export interface Incident {
  id: string;
  cause: IncidentCause;
  olt: string;
  pon?: string;
  start: string;
  end?: string;
  status: 'open' | 'resolved';
  affected: AffectedOnt[];
  /** Whether the SLA engine counts it (spec §5: only faults on the network owner's side). */
  countsForSla: boolean;
  summary: string;
}

export function affectedAdapterIds(i: Incident): string[] {
  return i.affected.map((a) => a.adapterId).filter((x): x is string => !!x);
}

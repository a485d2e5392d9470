/** Correlated incidents (issue 6 §4): what the NOC works on and the SLA engine's input. */
import type { Incident, IncidentCause } from '../../../domain/monitoring/incidents.ts';

export interface IncidentQuery {
  status?: Incident['status'];
  cause?: IncidentCause;
  olt?: string;
  /** Incidents overlapping [from, to): started before `to` and not ended before `from` (ISO). */
  from?: string;
  to?: string;
  /** Keyset pagination (application/pagination.ts): rows after this key in the list's order. */
  after?: readonly [start: string, id: string];
  limit?: number;
}

export interface IncidentRepository {
  save(i: Incident, at: string): Promise<void>;

  get(id: string): Promise<Incident | undefined>;

  /** Newest start first. */
  list(q?: IncidentQuery): Promise<Incident[]>;
}

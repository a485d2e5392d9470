/**
 * What the controller can truthfully say about an ONT (issue 15 item 1): the state machine keeps the
 * last state it observed, but when the ONT's OLT could not be read in its latest poll round nothing
 * is known about it now. Its shown state is then `unknown`, with when it was last seen and its last
 * known state and level marked stale — never the old `working` presented as current. Derived at read
 * time, so alarms, incidents and SLA outages (the OLT's own `olt-down` incident) are not touched.
 */
import type { OntRuntime } from './ont-registry.ts';

/** An OLT's reachability as its latest poll round found it (monitoring-core `reachable`). */
export interface OltReach {
  snmp: boolean;
  ssh: boolean;
  at: string;
}

export interface OntTruth {
  /** The state to show: the observed one, or `unknown` when it cannot be read now. */
  state: string;
  /** True when the values shown are the last known, not current. */
  stale: boolean;
  /** The last observed state (equals `state` unless stale). */
  lastKnownState: string;
  /** When an observation of this ONT was last taken (poll, trap or OMCI). */
  lastSeenAt?: string;
}

/** Whether an OLT's latest poll round failed: its ONTs cannot be read. */
export const unreadable = (r: OltReach | undefined): boolean => r !== undefined && !r.snmp;

export function ontTruth(o: Pick<OntRuntime, 'state' | 'seenAt'>, reach: OltReach | undefined): OntTruth {
  const stale = unreadable(reach);
  return {
    state: stale ? 'unknown' : o.state,
    stale,
    lastKnownState: o.state,
    ...(o.seenAt ? { lastSeenAt: o.seenAt } : {}),
  };
}

/** The per-PON/OLT buckets of the NOC inventory (issue 15 item 2): each ONT counts in exactly one. */
export type OntBucket = 'online' | 'lowOptical' | 'offline' | 'unknown';

export function bucketOf(state: string): OntBucket {
  if (state === 'working') return 'online';
  if (state === 'low-optical') return 'lowOptical';
  if (state === 'unknown') return 'unknown';
  return 'offline'; // los, dying-gasp, offline, auth-failed (ont-state.ts isDown)
}

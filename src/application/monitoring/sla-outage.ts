/**
 * Incidents are the SLA engine's input (issue 6 §4, design §7): one incident → one outage of the
 * incidents file, `services` absent (the whole access is down), cause carried over (the SLA
 * domain's CAUSE_POLICY decides whether it counts: dying gasp and blind spots do not).
 */
import { affectedAdapterIds, type Incident } from '../../domain/monitoring/incidents.ts';
import type { Outage } from '../../domain/sla/incidents.ts';

/**
 * The outage of a resolved incident, or of an open one when `now` is given (ends at `now`).
 * Each affected AdapterID is down from the incident's start until it recovered (the whole incident
 * when it did not say); ONTs without an AdapterID serve nobody and are left out. Returns one outage
 * per distinct end time, so an ONT that came back early is not credited for the rest (ids `<id>`,
 * `<id>.2`, …); undefined when no subscriber was affected.
 */
export function incidentToOutages(i: Incident, now?: Date): Outage[] {
  const end = i.end ?? now?.toISOString();
  if (!end) return [];
  const byEnd = new Map<string, string[]>();
  for (const a of i.affected) {
    if (!a.adapterId) continue;
    const e = a.recoveredAt && a.recoveredAt < end ? a.recoveredAt : end;
    const list = byEnd.get(e) ?? [];
    if (!list.includes(a.adapterId)) list.push(a.adapterId);
    byEnd.set(e, list);
  }
  const ends = [...byEnd.keys()].sort();
  return ends.map((e, k) => ({
    id: k === 0 ? i.id : `${i.id}.${k + 1}`,
    adapterIds: byEnd.get(e)!.sort(),
    start: i.start,
    end: e,
    cause: i.cause,
  }));
}

/** One outage for the whole incident (every affected AdapterID, start to end): the simple shape. */
export function incidentToOutage(i: Incident, now?: Date): Outage | undefined {
  const end = i.end ?? now?.toISOString();
  if (!end) return undefined;
  const ids = [...new Set(affectedAdapterIds(i))].sort();
  if (ids.length === 0) return undefined;
  return { id: i.id, adapterIds: ids, start: i.start, end, cause: i.cause };
}

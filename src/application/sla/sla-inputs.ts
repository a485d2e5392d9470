/**
 * The SLA engine's inputs for one month, gathered from the store (design §7 shape):
 * - subscribers: the accesses live in the month with their fee basis (spec §6) and billable days;
 * - outages: monitoring's incidents that ENDED in the month (spec §5 Interpretation: an outage is
 *   booked in the month in which it ends; an incident still open has no end and waits for it), each
 *   with its cause passed through — classification is the domain's job, not this file's;
 * - clock stops: the parked intervals of the affected accesses' fault tickets (spec §5: "time under
 *   a legal clock stop is not outage time"); an access with stops gets its own outage
 *   `<incident>/<AdapterID>`, so one subscriber's appointment never shortens a neighbour's outage;
 * - planned works overlapping the outages, as announced (the notice rule is applied by the domain).
 */
import type { Store } from '../ports/store/index.ts';
import type { SlaAccessRow } from '../ports/store/index.ts';
import { addDays, zagrebInstant } from '../../domain/calendar/local-date.ts';
import { billableDaysInMonth, daysInMonth } from '../../domain/sla/billable-days.ts';
import type { ClockStop, Outage, PlannedWork, SlaSubscriber } from '../../domain/sla/incidents.ts';
import { incidentToOutages } from '../monitoring/sla-outage.ts';
import { ticketStops } from './fault-view.ts';
import { toSlaPlannedWork } from './planned-works.ts';

export interface MonthBounds {
  /** First day and the day after the last (YYYY-MM-DD). */
  firstDay: string;
  nextFirstDay: string;
  /** Europe/Zagreb midnight instants (ISO, UTC). */
  start: string;
  end: string;
}

export function monthBounds(month: string): MonthBounds {
  const firstDay = `${month}-01`;
  const nextFirstDay = addDays(firstDay, daysInMonth(month));
  return {
    firstDay,
    nextFirstDay,
    start: zagrebInstant(firstDay).toISOString(),
    end: zagrebInstant(nextFirstDay).toISOString(),
  };
}

/** How far back an outage booked in this month may have started, for reading works and stops. */
const LOOKBACK_MS = 62 * 86_400_000;

export interface GatheredInputs {
  subscribers: SlaSubscriber[];
  outages: Outage[];
  plannedWorks: PlannedWork[];
}

function toSubscriber(
  a: SlaAccessRow,
  month: string,
  b: MonthBounds,
  unbilled: { start: string; end?: string }[] | undefined,
): SlaSubscriber {
  const sub: SlaSubscriber = {
    adapterId: a.adapterId,
    sp: a.spId,
    accessLevel: a.accessLevel,
    multiDwellingNoInBuilding: a.multiDwellingNoInBuilding,
    services: a.services,
    ownerInstalledHome: a.ownerInstalledHome,
    ontFromOwner: a.ontFromOwner,
  };
  // spec §3 BSND / §6: fees only for billable days (issue 8's billing span and SL periods), when known
  if (a.billingStart || unbilled?.length) {
    const span = { start: a.billingStart ?? b.firstDay, ...(a.billingEnd ? { end: a.billingEnd } : {}) };
    const billing = billableDaysInMonth(month, span, unbilled ?? []);
    if (billing.billableDays < billing.daysInMonth) sub.billing = billing;
  }
  return sub;
}

/** `sp`: only that SP's subscribers are read (the domain's SP filter then says nothing of other SPs' AdapterIDs). */
export async function gatherSlaInputs(store: Store, month: string, sp?: string): Promise<GatheredInputs> {
  const b = monthBounds(month);
  const [rows, unbilled] = await Promise.all([
    store.slaAccesses.forMonth(b.start, b.end, sp),
    store.slaAccesses.unbilledPeriods(b.firstDay, b.nextFirstDay),
  ]);
  const subscribers = rows.map((a) => toSubscriber(a, month, b, unbilled.get(a.adapterId)));

  // resolved incidents whose end falls in the month (the domain checks the booking month exactly)
  const incidents = await store.incidents.list({
    status: 'resolved',
    from: b.start,
    to: b.end,
    limit: 1_000_000,
  });
  const base = incidents
    .filter((i) => i.end !== undefined && i.end >= b.start && i.end <= b.end)
    .flatMap((i) => incidentToOutages(i));
  const outages = await withTicketStops(store, base, b.end);

  const from = new Date(Date.parse(b.start) - LOOKBACK_MS).toISOString();
  const plannedWorks = (await store.plannedWorks.list({ from, to: b.end })).map(toSlaPlannedWork);
  return { subscribers, outages, plannedWorks };
}

/** Splits off, per access, the outages overlapped by that access's fault-ticket clock stops. */
async function withTicketStops(store: Store, outages: Outage[], before: string): Promise<Outage[]> {
  const ids = [...new Set(outages.flatMap((o) => o.adapterIds))];
  const tickets = await store.faultTickets.forAdapters(ids, before);
  if (tickets.length === 0) return outages;
  const stopsByAdapter = new Map<string, { start: number; end?: number; reason: ClockStop['reason'] }[]>();
  for (const t of tickets) {
    const stops = ticketStops(t.ticket);
    if (stops.length) stopsByAdapter.set(t.adapterId, [...(stopsByAdapter.get(t.adapterId) ?? []), ...stops]);
  }
  const out: Outage[] = [];
  for (const o of outages) {
    const s = Date.parse(o.start);
    const e = Date.parse(o.end);
    const plain: string[] = [];
    for (const id of o.adapterIds) {
      const stops = (stopsByAdapter.get(id) ?? [])
        .map((x) => ({ start: Math.max(x.start, s), end: Math.min(x.end ?? e, e), reason: x.reason }))
        .filter((x) => x.end > x.start);
      if (stops.length === 0) {
        plain.push(id);
        continue;
      }
      out.push({
        ...o,
        id: `${o.id}/${id}`,
        adapterIds: [id],
        stops: stops.map((x) => ({
          start: new Date(x.start).toISOString(),
          end: new Date(x.end).toISOString(),
          reason: x.reason,
        })),
      });
    }
    if (plain.length) out.push({ ...o, adapterIds: plain });
  }
  return out;
}

/**
 * Planned works (spec §5): "not outages: planned works announced at least 3 working days ahead".
 *
 * Definition used (spec §1 RD and its day-0 Interpretation): the day of the announcement (Zagreb
 * date) is day 0; the notice period of 3 RD ends at the end of the 3rd working day after it; works in
 * time start on a later date. Equivalently: at least 3 full working days lie strictly between the
 * announcement date and the start date. Sundays and Croatian public holidays are not working days,
 * Saturdays are. Works announced later (or after they started) are ordinary outage time.
 * Example: announced Thursday 2 April 2026 → Fri 3, Sat 4 (Easter Sunday 5 and Monday 6 skipped),
 * Tue 7 → works may start on Wednesday 8 April; starting Tuesday 7 April they count as outage.
 */
import { addDays, addWorkingDays, zagrebDate, type LocalDate } from '../calendar/index.ts';
import type { PlannedWork } from './incidents.ts';

export const PLANNED_WORKS_NOTICE_WORKING_DAYS = 3;

/** The first date on which works announced at `announcedAt` may start and still be excluded. */
export function earliestExcludedStartDate(announcedAt: Date): LocalDate {
  return addDays(addWorkingDays(zagrebDate(announcedAt), PLANNED_WORKS_NOTICE_WORKING_DAYS), 1);
}

/** Whether works were announced at least 3 working days ahead of their start (spec §5). */
export function announcedInTime(announcedAt: Date, start: Date): boolean {
  if (announcedAt.getTime() > start.getTime()) return false;
  return zagrebDate(start) >= earliestExcludedStartDate(announcedAt);
}

/** Planned works with their instants parsed and the notice rule applied once. */
export interface TimedWork {
  start: number;
  end: number;
  inTime: boolean;
}

export function timeWork(w: PlannedWork): TimedWork {
  const start = Date.parse(w.start);
  return {
    start,
    end: Date.parse(w.end),
    inTime: announcedInTime(new Date(Date.parse(w.announcedAt)), new Date(start)),
  };
}

/** Planned works indexed by the AdapterIDs in their scope (build once per computation). */
export function plannedWorksByAdapter(works: readonly PlannedWork[]): Map<string, TimedWork[]> {
  const index = new Map<string, TimedWork[]>();
  for (const w of works) {
    const timed = timeWork(w);
    // Works announced too late never change counted time: leave them out of the index.
    if (!timed.inTime || timed.end <= timed.start) continue;
    for (const id of new Set(w.scope.adapterIds)) {
      const list = index.get(id);
      if (list) list.push(timed);
      else index.set(id, [timed]);
    }
  }
  return index;
}

/**
 * Outage classification (spec §5): does an outage count against the network owner for one access,
 * and if so for how many minutes. Counted time = the outage less its legal clock stops (spec §4) and
 * less the planned works announced in time that overlap it — the union of those intervals, so time
 * both parked and under works is subtracted once (spec §5 Interpretation).
 */
import { causeCounts, type ExcludedCause } from './causes.ts';
import { coveredLength, type Interval } from './intervals.ts';
import type { Outage, PlannedWork } from './incidents.ts';
import { announcedInTime } from './planned-works.ts';

export type ExclusionReason = ExcludedCause | 'planned-works' | 'unknown-adapter-id';

export type OutageClassification =
  | {
      counts: true;
      /** Whole minutes of the outage less stops and in-time planned works (floored). */
      countedMinutes: number;
      durationMinutes: number;
      /** Minutes subtracted (union of stops and planned works inside the outage). */
      subtractedMinutes: number;
    }
  | { counts: false; reason: ExclusionReason };

const MINUTE = 60_000;

/** An outage with its instants parsed once (the engine classifies it for many accesses). */
export interface TimedOutage {
  outage: Outage;
  window: Interval;
  stops: Interval[];
}

export function timeOutage(outage: Outage): TimedOutage {
  return {
    outage,
    window: { start: Date.parse(outage.start), end: Date.parse(outage.end) },
    stops: (outage.stops ?? []).map((s) => ({ start: Date.parse(s.start), end: Date.parse(s.end) })),
  };
}

/**
 * Classifies one outage for one access. `plannedWorks` are the works whose scope covers that access
 * (see plannedWorksByAdapter). Works announced too late are ignored: their time is outage time.
 */
export function classifyOutage(outage: Outage | TimedOutage, plannedWorks: readonly PlannedWork[] = []): OutageClassification {
  const t = 'window' in outage ? outage : timeOutage(outage);
  if (!causeCounts(t.outage.cause)) return { counts: false, reason: t.outage.cause as ExcludedCause };
  const { window } = t;
  const works: Interval[] = [];
  for (const w of plannedWorks) {
    const start = Date.parse(w.start);
    const end = Date.parse(w.end);
    if (end <= window.start || start >= window.end) continue;
    if (announcedInTime(new Date(Date.parse(w.announcedAt)), new Date(start))) works.push({ start, end });
  }
  const duration = window.end - window.start;
  // spec §5: announced planned works are not outages — works covering the whole outage exclude it.
  if (duration > 0 && works.length > 0 && coveredLength(window, works) >= duration) return { counts: false, reason: 'planned-works' };
  const subtracted = coveredLength(window, [...t.stops, ...works]);
  return {
    counts: true,
    countedMinutes: Math.floor((duration - subtracted) / MINUTE),
    durationMinutes: Math.floor(duration / MINUTE),
    subtractedMinutes: Math.floor(duration / MINUTE) - Math.floor((duration - subtracted) / MINUTE),
  };
}

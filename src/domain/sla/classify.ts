/**
 * Outage classification (spec §5): does an outage count against the network owner for one access,
 * and if so for how many minutes. Counted time = the outage less its legal clock stops (spec §4) and
 * less the planned works announced in time that overlap it — the union of those intervals, so time
 * both parked and under works is subtracted once (spec §5 Interpretation).
 */
import { causeCounts, type ExcludedCause } from './causes.ts';
import { coveredLength, type Interval } from './intervals.ts';
import type { Outage, PlannedWork } from './incidents.ts';
import { timeWork, type TimedWork } from './planned-works.ts';

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

/** Whether any of the works changes this outage's classification (in time and overlapping it). */
export function worksOverlap(t: TimedOutage, works: readonly TimedWork[] | undefined): boolean {
  return (
    works !== undefined && works.some((w) => w.inTime && w.end > t.window.start && w.start < t.window.end)
  );
}

/**
 * Classifies one outage for one access. `plannedWorks` are the works whose scope covers that access
 * (see plannedWorksByAdapter). Works announced too late are ignored: their time is outage time.
 */
export function classifyOutage(
  outage: Outage | TimedOutage,
  plannedWorks: readonly (PlannedWork | TimedWork)[] = [],
): OutageClassification {
  const t = 'window' in outage ? outage : timeOutage(outage);
  if (!causeCounts(t.outage.cause)) return { counts: false, reason: t.outage.cause as ExcludedCause };
  const { window } = t;
  const works: Interval[] = [];
  for (const pw of plannedWorks) {
    const w = typeof pw.start === 'number' ? (pw as TimedWork) : timeWork(pw as PlannedWork);
    if (w.inTime && w.end > window.start && w.start < window.end) works.push({ start: w.start, end: w.end });
  }
  const duration = window.end - window.start;
  // spec §5: announced planned works are not outages — works covering the whole outage exclude it.
  if (duration > 0 && works.length > 0 && coveredLength(window, works) >= duration)
    return { counts: false, reason: 'planned-works' };
  const subtracted = coveredLength(window, [...t.stops, ...works]);
  return {
    counts: true,
    countedMinutes: Math.floor((duration - subtracted) / MINUTE),
    durationMinutes: Math.floor(duration / MINUTE),
    subtractedMinutes: Math.floor(duration / MINUTE) - Math.floor((duration - subtracted) / MINUTE),
  };
}

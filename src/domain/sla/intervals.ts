/**
 * Half-open time intervals [start, end) in epoch milliseconds, and the union arithmetic the counted
 * time of an outage needs (spec §5 Interpretation: clock stops and planned works are subtracted once
 * even where they overlap each other).
 */
export interface Interval {
  start: number;
  end: number;
}

/** Sorted, disjoint union of the intervals (empty ones dropped). */
export function unionOf(intervals: readonly Interval[]): Interval[] {
  const sorted = intervals.filter((i) => i.end > i.start).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.start <= last.end) last.end = Math.max(last.end, i.end);
    else out.push({ start: i.start, end: i.end });
  }
  return out;
}

/** The part of `i` inside `window` (possibly empty). */
export function clip(i: Interval, window: Interval): Interval {
  return { start: Math.max(i.start, window.start), end: Math.min(i.end, window.end) };
}

export function lengthOf(i: Interval): number {
  return Math.max(0, i.end - i.start);
}

/** Total length of the union of the intervals, each clipped to `window`. */
export function coveredLength(window: Interval, intervals: readonly Interval[]): number {
  return unionOf(intervals.map((i) => clip(i, window))).reduce((n, i) => n + lengthOf(i), 0);
}

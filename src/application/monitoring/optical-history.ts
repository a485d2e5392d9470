/**
 * An ONT's optical history without a sample per poll (issue 6 §5: the dashboard's RX chart): a
 * sample is kept when the level moved by at least `minDeltaDb`, went dark or came back, or when
 * `minIntervalMs` passed since the last kept one. Samples wait here until the round is saved.
 *
 * An ONT's kept samples have strictly increasing times, in the order they were observed: a poll
 * round is stamped when it starts, so a trap received while the walk runs (or in the same
 * millisecond) is observed first with a later or equal time. A sample that would not come after the
 * last kept one is stamped 1 ms after it; otherwise two readings at one instant would share the
 * store's key and the second would be lost (a critical level missing from the chart).
 */
import type { ReadingSource } from '../ports/store/ont-monitoring.ts';
import { IsoTextOfLast } from './iso-text.ts';

export interface OpticalSampleRow {
  olt: string;
  pon: string;
  onuId: number;
  at: string;
  rxDbm: number | null;
  source: ReadingSource;
}

/** What the history remembers per ONT (kept on the ONT's runtime record). */
export interface SampledOnt {
  olt: string;
  pon: string;
  onuId: number;
  rxDbm?: number | null;
  lastSampleAt?: number;
  lastSampleRx?: number | null;
}

export interface HistoryPolicy {
  minIntervalMs?: number;
  minDeltaDb?: number;
}

export class OpticalHistory {
  private pending: OpticalSampleRow[] = [];
  /** The ISO text of a kept sample's instant: a round's samples share one. */
  private readonly iso = new IsoTextOfLast();

  constructor(private readonly policy: HistoryPolicy = {}) {}

  /** Offers the ONT's current level at `at`; kept when it says something new. */
  sample(ont: SampledOnt, at: Date, source: ReadingSource): void {
    const rx = ont.rxDbm ?? null;
    const t = at.getTime();
    const last = ont.lastSampleRx;
    const moved =
      rx === null || last === null || last === undefined
        ? rx !== (last ?? undefined)
        : Math.abs(rx - last) >= (this.policy.minDeltaDb ?? 0.5);
    if (
      ont.lastSampleAt !== undefined &&
      !moved &&
      t - ont.lastSampleAt < (this.policy.minIntervalMs ?? 60_000)
    )
      return;
    const keptAt = ont.lastSampleAt !== undefined && t <= ont.lastSampleAt ? ont.lastSampleAt + 1 : t;
    ont.lastSampleAt = keptAt;
    ont.lastSampleRx = rx;
    this.pending.push({
      olt: ont.olt,
      pon: ont.pon,
      onuId: ont.onuId,
      at: this.iso.of(keptAt),
      rxDbm: rx,
      source,
    });
  }

  /** The samples kept since the last call. */
  drain(): OpticalSampleRow[] {
    const out = this.pending;
    this.pending = [];
    return out;
  }
}

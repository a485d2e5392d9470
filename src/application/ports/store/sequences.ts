/** Named monotonic counters (e.g. AdapterID numbers); atomic on both dialects. */

export interface SequenceRepository {
  /** The next value of counter `name` (1 first). Call inside a transaction to keep it with its use. */
  next(name: string): Promise<number>;

  current(name: string): Promise<number>;
}

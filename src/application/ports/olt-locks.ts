/**
 * One writer per OLT (design §8, issue 5 item 8): provisioning, reconcile and the forced-order
 * device work run under the OLT's write lock, in this process and across controller instances.
 */

export interface OltLocks {
  /** Runs `fn` as the only writer of `olt` (in this process and, on PostgreSQL, across instances). */
  withOlt<T>(olt: string, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Another controller instance held the OLT's write lock for longer than the wait allowed. */
export class OltLockTimeoutError extends Error {
  readonly code = 'olt-lock-timeout' as const;
  constructor(
    readonly olt: string,
    readonly waitedMs: number,
  ) {
    super(`${olt}: another controller instance holds the OLT's write lock (waited ${waitedMs} ms)`);
    this.name = 'OltLockTimeoutError';
  }
}

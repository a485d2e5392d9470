/** ONT serials SPs drew from the network owner's warehouse (spec §7): only these may be activated. */

/** spec §7: … installed → return-due (deactivated / moved away) → returned, or charged when the 90 days pass. */
export type StockState = 'in-stock' | 'reserved' | 'installed' | 'return-due' | 'returned' | 'charged';

export interface StockRecord {
  serial: string;
  spId: string;
  state: StockState;
  adapterId?: string;
  updatedAt: string;
}

export interface StockRepository {
  /** Adds serials to an SP's stock (ignores serials already known). Returns how many were added. */
  add(spId: string, serials: readonly string[], at: string): Promise<number>;

  get(serial: string): Promise<StockRecord | undefined>;

  /** Moves a serial to `state`; `expect` guards the current state (false = not changed). */
  setState(
    serial: string,
    state: StockState,
    at: string,
    opts?: { adapterId?: string | null; expect?: StockState },
  ): Promise<boolean>;

  /**
   * Many serials to `state` at once, each with the access it now belongs to; serials unknown to the
   * stock, or already in `state`, are left alone (one statement per 500).
   */
  setStateMany(
    items: readonly { serial: string; adapterId: string }[],
    state: StockState,
    at: string,
  ): Promise<void>;

  listBySp(
    spId: string,
    state?: StockState,
    page?: { after?: readonly [serial: string]; limit?: number },
  ): Promise<StockRecord[]>;
}

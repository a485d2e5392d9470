/** Service providers (SPs): the network owner's wholesale customers (spec §1). */

export interface SpRecord {
  id: string;
  name: string;
  /** Region of the SP's regional aggregation point (spec §2), if it has one. */
  region?: string;
  createdAt: string;
}

export interface SpRepository {
  /** Creates the SP, or updates name/region when it exists. */
  upsert(sp: SpRecord): Promise<void>;

  /** Creates the SP only if it does not exist; true when created. */
  ensure(sp: SpRecord): Promise<boolean>;

  get(id: string): Promise<SpRecord | undefined>;

  list(): Promise<SpRecord[]>;
}

/** Planned works announced by the operator (spec §5; issue 7): scope as given and resolved to AdapterIDs. */

export interface PlannedWorksScope {
  adapterIds?: string[];
  olt?: string;
  pon?: string;
}

export interface PlannedWorksRecord {
  id: string;
  scope: PlannedWorksScope;
  /** The accesses the scope named when the works were announced. */
  adapterIds: string[];
  start: string;
  end: string;
  /** The controller's clock at the announcement (spec §5: "announced at least 3 working days ahead"). */
  announcedAt: string;
  description: string;
  createdBy?: string;
  createdAt: string;
}

export interface PlannedWorksRepository {
  insert(w: PlannedWorksRecord): Promise<void>;

  get(id: string): Promise<PlannedWorksRecord | undefined>;

  /** Works overlapping [from, to) (ISO instants; either bound optional), earliest start first. */
  list(q?: {
    from?: string;
    to?: string;
    after?: readonly [start: string, id: string];
    limit?: number;
  }): Promise<PlannedWorksRecord[]>;
}

/**
 * The OLT registry (issue 5): which devices the controller drives, with which device profile and
 * protocol, whether a lost session left one needing reconciliation, and its last drift report.
 * Credentials are a reference only (src/adapters/driven/olt/registry.ts resolves them; never stored).
 */

export interface OltPorts {
  cli?: number;
  netconf?: number;
  snmp?: number;
}

/** What a drift check found (GET /v1/olts): managed ONUs differing from intent, ONUs nobody manages. */
export interface DriftReport {
  checkedAt: string;
  /** Changes needed to bring managed ONUs back to intent (describeChange lines). */
  drift: string[];
  /** ONUs on the device that no access of ponctl owns (left alone; reported). */
  unmanaged: string[];
  /** Set when the device could not be read. */
  error?: string;
}

export interface OltRecord {
  name: string;
  profile: string;
  host: string;
  ports: OltPorts;
  protocol?: 'netconf' | 'cli';
  credentialsRef: string;
  needsReconciliation: boolean;
  reconciliationReason?: string;
  drift?: DriftReport;
  driftCheckedAt?: string;
  lastAppliedAt?: string;
  updatedAt: string;
}

export interface OltRepository {
  /** Registers an OLT or updates where it is reached (flags and reports are kept). */
  upsert(
    o: Pick<OltRecord, 'name' | 'profile' | 'host' | 'ports' | 'protocol' | 'credentialsRef'>,
    at: string,
  ): Promise<void>;

  get(name: string): Promise<OltRecord | undefined>;

  list(): Promise<OltRecord[]>;

  /** Flag (reason given) or clear (reason null) the need to reconcile. */
  setNeedsReconciliation(name: string, reason: string | null, at: string): Promise<void>;

  setDrift(name: string, report: DriftReport): Promise<void>;

  setLastApplied(name: string, at: string): Promise<void>;
}

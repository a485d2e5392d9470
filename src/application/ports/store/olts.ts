/**
 * The OLT registry (issue 5): which devices the controller drives, with which device profile and
 * protocol, whether a lost session left one needing reconciliation, and its last drift report.
 * Credentials: an OLT registered through the API (issue 14) keeps them sealed in `secrets`
 * (ports/secret-box.ts); the lab's are a reference the driver factory resolves (never stored).
 */

/** How the OLT's SNMP agent is reached, without its secrets (those are in `secrets`). */
export interface OltSnmpSettings {
  version: 'v2c' | 'v3';
  /** v3: the USM user and protocols (keys sealed). */
  user?: string;
  authProtocol?: 'MD5' | 'SHA';
  privProtocol?: 'DES' | 'AES';
}

/** Poll intervals of this OLT (ms); absent = the controller's defaults. */
export interface OltPollSettings {
  snmpMs?: number;
}

/** The device secrets of an OLT, as sealed into `OltRecord.secrets` (one JSON document). */
export interface OltSecrets {
  ssh?: { username: string; password?: string; privateKey?: string; passphrase?: string };
  snmp?: { community?: string; authKey?: string; privKey?: string };
}

/** The SSH host key state of an OLT (issue 14 item 2). */
export interface OltHostKey {
  /** The pinned fingerprint (`SHA256:…`, OpenSSH's form); absent = nothing trusted yet. */
  pinned?: string;
  /** A fingerprint the OLT presented that is not the pinned one (first contact, or a changed key). */
  presented?: string;
  presentedAt?: string;
}

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
  /** Where the OLT stands (a POP, a street cabinet). */
  site?: string;
  /** Sealed OltSecrets (ports/secret-box.ts); never clear text. */
  secrets?: string;
  snmp?: OltSnmpSettings;
  poll?: OltPollSettings;
  /** In maintenance: monitoring expects it down, provisioning does not write to it. */
  maintenance: boolean;
  hostKey: OltHostKey;
  createdAt?: string;
  needsReconciliation: boolean;
  reconciliationReason?: string;
  drift?: DriftReport;
  driftCheckedAt?: string;
  lastAppliedAt?: string;
  updatedAt: string;
}

/** What an operator registers (POST /v1/olts). */
export type OltRegistration = Pick<
  OltRecord,
  | 'name'
  | 'profile'
  | 'host'
  | 'ports'
  | 'protocol'
  | 'credentialsRef'
  | 'site'
  | 'secrets'
  | 'snmp'
  | 'poll'
  | 'maintenance'
> & { hostKey?: string };

export interface OltRepository {
  /** Registers an OLT or updates where it is reached (flags and reports are kept). */
  upsert(
    o: Pick<OltRecord, 'name' | 'profile' | 'host' | 'ports' | 'protocol' | 'credentialsRef'>,
    at: string,
  ): Promise<void>;

  get(name: string): Promise<OltRecord | undefined>;

  /** Registers a new OLT with everything the registry knows (false: the name is taken). */
  add(o: OltRegistration, at: string): Promise<boolean>;

  /** Changes what is given (undefined = kept); false when there is no such OLT. */
  edit(name: string, patch: Partial<OltRegistration>, at: string): Promise<boolean>;

  remove(name: string): Promise<boolean>;

  /** Records a presented host key (pending), or pins one (`pinned`, the presented one cleared). */
  setHostKey(
    name: string,
    k: { pinned?: string | null; presented?: string | null },
    at: string,
  ): Promise<void>;

  list(): Promise<OltRecord[]>;

  /** Flag (reason given) or clear (reason null) the need to reconcile. */
  setNeedsReconciliation(name: string, reason: string | null, at: string): Promise<void>;

  setDrift(name: string, report: DriftReport): Promise<void>;

  setLastApplied(name: string, at: string): Promise<void>;
}

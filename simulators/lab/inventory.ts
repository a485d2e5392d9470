/**
 * The lab's inventory (design §3, fixed shape; fields may be added, never renamed): what
 * `ponctl lab --json` prints as its first line, what `GET /inventory` answers and what
 * `$PONCTL_DATA_DIR/lab.json` holds.
 */
export interface LabInventoryOnt {
  id: number;
  serial: string;
}

export interface LabInventoryPon {
  /** `R/S/P`. */
  port: string;
  /** IF-MIB ifIndex of the PON port (device profile `snmp.ponIfIndex`). */
  ifIndex: number;
  /** The channel-termination name that addresses this PON on the OLT's OMCI endpoint (design §3). */
  channelTermination: string;
  /** `gpon`, or `xgs-pon` (its ONTs speak the extended message set). */
  ponType: 'gpon' | 'xgs-pon';
  /** Whether OMCI messages on this channel carry the XG(S)-PON MIC (docs/omci-transport.md). */
  omciMic: boolean;
  /** The PON-TAG (16 hex digits) the MIC keys derive from, when `omciMic`. */
  ponTag?: string;
  onts: LabInventoryOnt[];
}

export interface LabInventoryOlt {
  name: string;
  /**
   * The control endpoint of the lab process that runs this OLT, when it is not the inventory's
   * `control`: one lab spread over several processes (`ponctl lab --first-olt`), their inventories
   * merged into one (bench scale, issue 16). Absent: the inventory's `control`.
   */
  control?: string;
  model: string;
  profile: string;
  host: string;
  /** `omci`: UDP port of the TR-451-style OMCI endpoint (design §3, docs/omci-transport.md). */
  ports: { cli: number; netconf: number; snmp: number; omci: number };
  /** The SSH host key fingerprint of its CLI and NETCONF servers (`SHA256:…`, OpenSSH's form): pin it. */
  hostKey: string;
  credentials: { username: string; password: string; community: string };
  snmpV3: {
    user: string;
    securityLevel: 'authPriv';
    authProtocol: 'SHA';
    authKey: string;
    privProtocol: 'AES';
    privKey: string;
    /** The agent's engine ID (hex), needed to receive its v3 traps (`createUser -e`). */
    engineID: string;
  };
  pons: LabInventoryPon[];
}

export interface LabInventory {
  /** Base URL of the control endpoint, e.g. `http://127.0.0.1:40123`. */
  control: string;
  olts: LabInventoryOlt[];
}

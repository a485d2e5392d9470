/**
 * The telemetry port (issue 6, design §6): what monitoring needs to watch the network — each OLT's
 * ONT table (SNMP GETBULK, OIDs and encodings from its device profile), the notifications OLTs send
 * (SNMP traps and informs, v2c and v3), ONT optical levels, states and alarms read over OMCI through
 * the OLT's TR-451-style transport (ports/omci-transport.ts), and whether an OLT's SSH port still
 * answers when SNMP is silent. The application never opens a socket itself: adapters/driven/telemetry
 * implements this over net-snmp, UDP and ssh2, and unit tests hand the monitoring core fakes.
 *
 * Failures are the typed device errors of ports/olt-driver/errors.ts (e.g. `connect-timeout` when
 * an OLT does not answer within its timeout).
 */

/** SNMPv3 USM credentials of an OLT (authPriv, RFC 3414). */
export interface SnmpV3Credentials {
  user: string;
  /** SHA (default) or MD5 / SHA-256 … */
  authProtocol?: string;
  authKey: string;
  /** AES (default) or DES. */
  privProtocol?: string;
  privKey: string;
}

/** One PON's channel termination on the OLT's OMCI endpoint (design §3 `channelTermination`). */
export interface OmciChannelTermination {
  /** `R/S/P`. */
  pon: string;
  /** The name that addresses it (TR-451 `chnl_term_name`). */
  name: string;
  /** XG(S)-PON: messages carry the MIC, keyed with this PON-TAG (16 hex digits) and each ONU's serial. */
  mic?: { ponTag: string };
}

/** One OLT as monitoring sees it: its device profile, how to reach its SNMP agent, its SSH port and OMCI endpoint. */
export interface OltTarget {
  name: string;
  /** device-profiles/<profile>.json */
  profile: string;
  host: string;
  snmp: {
    port: number;
    version: 'v2c' | 'v3';
    community?: string;
    v3?: SnmpV3Credentials;
    timeoutMs?: number;
    retries?: number;
  };
  /**
   * The OLT's pinned SSH host key (`SHA256:…`, issue 14 item 2): every SSH connection monitoring
   * opens (NETCONF state reads, the login probe) refuses any other key before sending credentials;
   * absent = nothing trusted yet, so none is opened with credentials.
   */
  hostKey?: string;
  /** SSH port (NETCONF or CLI) probed when SNMP does not answer: "answers no protocol" (issue 6 §4). */
  ssh?: { port: number; username?: string; password?: string };
  /**
   * NETCONF (RFC 6242) of an OLT managed in the BBF models: its ONT table is read from the
   * operational datastore (bbf-xpon-onu-state), not from SNMP, when its device profile has no SNMP tables.
   */
  netconf?: { port: number; username: string; password?: string; timeoutMs?: number };
  /** OMCI endpoint (UDP, TR-451-style addressing, docs/omci-transport.md) and its channel terminations. */
  omci?: { port: number; channelTerminations: OmciChannelTermination[] };
  /** The OLT's SNMP engine ID (hex): identifies its v3 traps. */
  engineID?: string;
  /** Source addresses its traps come from (default: `host`). */
  trapSources?: string[];
}

/** One ONT row of an OLT's ONT table. */
export interface OntRow {
  pon: string;
  onuId: number;
  /** Phase name as the device profile's enum gives it (`working`, `los`, `dyingGasp`, …). */
  phase?: string;
  /** dBm; null when the column is polled and the cell is absent (no light). */
  rxDbm?: number | null;
  txDbm?: number | null;
  serial?: string;
  description?: string;
}

/** Reads one OLT's ONT table; made per OLT by `Telemetry.ontTable`. */
export interface OntTableReader {
  /** Every ONT: state and RX power, plus serial and description when `identity` is asked for. */
  read(o: { identity: boolean }): Promise<OntRow[]>;
  /** Forgets what it learned (PON list, session; v3: engine) so the next read starts clean. */
  reset(): void;
  close(): void;
}

/** An SNMP notification as received, before the OLT that sent it is known. */
export interface ReceivedTrap {
  /** performance.now() when the datagram was decoded (latency measurements). */
  receivedAtMs: number;
  at: Date;
  address: string;
  port: number;
  version: 'v2c' | 'v3';
  community?: string;
  user?: string;
  /** The sender's context engine ID (hex), v3. */
  engineID?: string;
  inform: boolean;
  trapOid: string;
  varbinds: { oid: string; type: number; value: unknown }[];
}

/** What a notification says about an ONT, decoded with the sending OLT's profile. */
export interface OntTrap {
  event: 'los' | 'dying-gasp' | 'up' | 'offline' | 'optical';
  pon?: string;
  onuId?: number;
  serial?: string;
  /** The row's phase name, when carried. */
  phase?: string;
  description?: string;
  /** RX level (dBm) carried by an `optical` notification; null when the cell is absent. */
  rxDbm?: number | null;
}

export interface TrapSourceOptions {
  host?: string;
  port?: number;
  /** v2c communities accepted. */
  communities?: string[];
  /** v3 USM users accepted (authPriv). */
  users?: SnmpV3Credentials[];
}

/** Where OLTs send their notifications: authenticated ones are handed on, the others counted. */
export interface TrapSource {
  /** Starts listening; resolves with the port it listens on. */
  start(onTrap: (t: ReceivedTrap) => void): Promise<number>;
  /** The port listened on (0 before start). */
  readonly port: number;
  /** Notifications refused (bad community, unknown user, wrong digest). */
  readonly rejected: number;
  close(): Promise<void>;
}

/** ANI-G optical levels (G.988 §9.2.1), dBm. */
export interface OpticalLevels {
  rxDbm: number | null;
  txDbm: number | null;
}

/** What an ONT's OMCI alarms say (G.988 alarm lists), after the sequence-number check. */
export interface OmciAlarmEvent {
  pon: string;
  onuId: number;
  /** ONU-G alarm 7 (dying gasp), ANI-G alarms 0/1 (low / high received optical power). */
  alarm: 'dying-gasp' | 'low-rx' | 'high-rx';
  raised: boolean;
}

/**
 * An OMCI session to the ONTs of one OLT. Instances come from each ONT's MIB upload; `serial` (when
 * known) keys the MIC of an XG(S)-PON channel.
 */
export interface OmciReader {
  /** ANI-G optical levels (G.988 §9.2.1) of the ANI-G the ONT's MIB lists. */
  getOpticalLevels(pon: string, onuId: number, serial?: string): Promise<OpticalLevels>;
  /** ONU-G identity and states (G.988 §9.1.1). */
  getOnuState(
    pon: string,
    onuId: number,
    serial?: string,
  ): Promise<{ operationalState?: 'enabled' | 'disabled'; serial?: string }>;
  /** Alarm changes the ONTs report (optional: a reader without notifications never calls). */
  onAlarm?(listener: (e: OmciAlarmEvent) => void): () => void;
  readonly isClosed: boolean;
  close(): Promise<void>;
}

export interface Telemetry {
  /** A reader of the OLT's ONT table. Throws when the OLT's device profile has no SNMP section. */
  ontTable(target: OltTarget): OntTableReader;
  /** A receiver of SNMP notifications (not yet listening). */
  trapSource(o: TrapSourceOptions): TrapSource;
  /** Decodes `trap` with the device profile `profile`; undefined when it says nothing about an ONT. */
  decodeOntTrap(profile: string, trap: ReceivedTrap): OntTrap | undefined;
  /** Opens an OMCI session to the OLT's OMCI endpoint (`target.omci`). */
  connectOmci(
    target: OltTarget,
    o: { requestTimeoutMs: number; connectTimeoutMs: number },
  ): Promise<OmciReader>;
  /**
   * Whether the OLT's SSH port answers (issue 6 §4 "answers no protocol"): with credentials only a
   * completed login counts, without them the identification banner (RFC 4253 §4.2).
   */
  sshAnswers(p: {
    /** The OLT (whose refused host key the registry hears). */
    olt?: string;
    /** Its pinned SSH host key fingerprint: a login is attempted only after the OLT presents it. */
    hostKey?: string;
    host: string;
    port: number;
    username?: string;
    password?: string;
    timeoutMs?: number;
  }): Promise<boolean>;
}

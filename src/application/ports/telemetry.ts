/**
 * The telemetry port (issue 6, design §6): what monitoring needs to watch the network — each OLT's
 * ONT table (SNMP GETBULK, OIDs and encodings from its device profile), the notifications OLTs send
 * (SNMP traps and informs, v2c and v3), ONT optical levels and states read over OMCI through the
 * OLT's relay, and whether an OLT's SSH port still answers when SNMP is silent. The application
 * never opens a socket itself: adapters/driven/telemetry implements this over net-snmp and ssh2, and
 * unit tests hand the monitoring core fakes.
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

/** One OLT as monitoring sees it: its device profile, how to reach its SNMP agent, its SSH port and OMCI relay. */
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
  /** SSH port (NETCONF or CLI) probed when SNMP does not answer: "answers no protocol" (issue 6 §4). */
  ssh?: { port: number; username?: string; password?: string };
  /**
   * NETCONF (RFC 6242) of an OLT managed in the BBF models: its ONT table is read from the
   * operational datastore (bbf-xpon-onu-state), not from SNMP, when its device profile has no SNMP tables.
   */
  netconf?: { port: number; username: string; password?: string; timeoutMs?: number };
  /** OMCI relay (SSH subsystem `omci` on the NETCONF port, docs/omci-relay.md). */
  omci?: { port: number; username: string; password: string };
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

/** An OMCI session to the ONTs of one OLT, through its relay. */
export interface OmciReader {
  getOpticalLevels(pon: string, onuId: number): Promise<OpticalLevels>;
  /** ONU-G states (G.988 §9.1.1). */
  getOnuState(pon: string, onuId: number): Promise<{ operationalState?: 'enabled' | 'disabled' }>;
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
  /** Opens an OMCI session through the OLT's relay (`target.omci`). */
  connectOmci(
    target: OltTarget,
    o: { requestTimeoutMs: number; connectTimeoutMs: number },
  ): Promise<OmciReader>;
  /**
   * Whether the OLT's SSH port answers (issue 6 §4 "answers no protocol"): with credentials only a
   * completed login counts, without them the identification banner (RFC 4253 §4.2).
   */
  sshAnswers(p: {
    host: string;
    port: number;
    username?: string;
    password?: string;
    timeoutMs?: number;
  }): Promise<boolean>;
}

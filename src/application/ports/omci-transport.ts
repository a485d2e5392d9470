/**
 * The OMCI transport port (issue 13, design §6): how OMCI messages reach the ONUs behind an OLT.
 * Addressing is TR-451's (OnuHeader of tr451_vomci_sbi_message.proto): the channel-termination name
 * and the ONU id on it; the OLT itself is whatever endpoint the transport was opened to. A message is
 * the OMCI message without CRC or MIC (G.988 §11.1, 44 bytes baseline, 10 + N extended): the OLT side
 * adds what its PON needs. The standard adapter is the TR-451-style UDP datagram
 * (adapters/driven/telemetry/omci/udp-transport.ts, docs/omci-transport.md); a TR-451 gRPC adapter
 * would implement the same interface.
 */

export interface OnuAddress {
  /** TR-385 channel-termination name, as the OLT knows it (`chnl_term_name`). */
  channelTermination: string;
  /** TC-layer ONU id on that channel termination (`onu_id`). */
  onuId: number;
  /**
   * The ONU's serial number (4-letter vendor id + 8 hex digits), when known: an XG(S)-PON channel
   * whose MIC the transport computes derives the ONU's OMCI integrity key from it (G.9807.1 C.15).
   */
  serial?: string;
}

/** Counters of a transport: what it could not deliver or read. */
export interface OmciTransportStats {
  sent: number;
  received: number;
  /** Datagrams not decodable as an addressed OMCI message (framing, length). */
  framingErrors: number;
  /** Messages whose MIC did not verify, or that arrived without a key to verify it. */
  micErrors: number;
}

export interface OmciTransport {
  /** Send one OMCI message to one ONU. Never waits: OMCI has its own transaction ids and timeouts. */
  send(to: OnuAddress, message: Buffer): void;
  /** Every OMCI message from an ONU (responses and autonomous notifications), MIC already checked. */
  onMessage(handler: (from: OnuAddress, message: Buffer) => void): void;
  /** Called once when the transport closes (err when it failed). */
  onClose(handler: (err?: Error) => void): void;
  readonly closed: boolean;
  readonly stats: OmciTransportStats;
  close(): Promise<void>;
}

/** The current state of every ONT and its optical history (issue 6 §2, the dashboard's ONT view). */
import type { OntState } from '../../../domain/monitoring/ont-state.ts';

/** Which protocol a reading came from: the OLT's SNMP tables and traps, OMCI from the ONT itself, NETCONF operational state. */
export type ReadingSource = 'snmp' | 'omci' | 'netconf';

export interface OntStatusRecord {
  olt: string;
  pon: string;
  onuId: number;
  state: OntState;
  rxDbm?: number;
  txDbm?: number;
  serial?: string;
  adapterId?: string;
  /** Where the state and RX level were last read from. */
  source?: ReadingSource;
  updatedAt: string;
}

export interface OpticalSample {
  olt: string;
  pon: string;
  onuId: number;
  at: string;
  rxDbm: number | null;
  txDbm?: number | null;
  source: ReadingSource;
}

export interface OntMonitoringRepository {
  saveStatus(rows: readonly OntStatusRecord[]): Promise<void>;

  status(olt: string, pon: string, onuId: number): Promise<OntStatusRecord | undefined>;

  statusByAdapterId(adapterId: string): Promise<OntStatusRecord | undefined>;

  listStatus(q?: { olt?: string; pon?: string; limit?: number }): Promise<OntStatusRecord[]>;

  appendOptics(samples: readonly OpticalSample[]): Promise<void>;

  /** Oldest first, within [from, to). */
  optics(
    olt: string,
    pon: string,
    onuId: number,
    q?: { from?: string; to?: string; limit?: number },
  ): Promise<OpticalSample[]>;

  /** Drops samples older than `before` (retention). */
  pruneOptics(before: string): Promise<number>;
}

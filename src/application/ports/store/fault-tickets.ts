/**
 * SBSN fault tickets with their repair clock (spec §4; issue 7): the domain FaultTicket kept whole as
 * JSON next to the columns queries need, a `version` for optimistic concurrency, and an append-only
 * log of clock events (who moved the clock, when, from which state to which).
 */
import type { FaultTicket } from '../../../domain/sla/repair-clock/index.ts';

export interface FaultTicketRecord {
  id: string;
  spId: string;
  adapterId: string;
  ticket: FaultTicket;
  /** The closing measurements (spec §4: proof when the fault is outside the owner's domain). */
  measurements?: string;
  version: number;
  updatedAt: string;
}

export interface FaultTicketEventRecord {
  ticketId: string;
  seq: number;
  at: string;
  event: string;
  from?: string;
  to: string;
  details?: Record<string, unknown>;
  /** The API key that caused it (absent: the controller itself, e.g. a lapsed verification window). */
  byKey?: string;
}

export interface FaultTicketQuery {
  spId?: string;
  adapterId?: string;
  state?: string;
  /** Keyset pagination (application/pagination.ts): rows after this key in the list's order. */
  after?: readonly [reportedAt: string, id: string];
  limit?: number;
}

export interface FaultTicketRepository {
  /** Inserts a new ticket (version 1); false when one with this id exists already. */
  insert(rec: Omit<FaultTicketRecord, 'version'>): Promise<boolean>;

  get(id: string): Promise<FaultTicketRecord | undefined>;

  /** Writes the ticket when it is still at `expectVersion`; false when someone changed it first. */
  update(
    id: string,
    ticket: FaultTicket,
    expectVersion: number,
    at: string,
    measurements?: string,
  ): Promise<boolean>;

  /** Newest report first. */
  list(q?: FaultTicketQuery): Promise<FaultTicketRecord[]>;

  /** Tickets of these accesses reported before `before` (ISO): the SLA engine reads their clock stops. */
  forAdapters(adapterIds: readonly string[], before: string): Promise<FaultTicketRecord[]>;

  appendEvent(e: Omit<FaultTicketEventRecord, 'seq'>): Promise<number>;

  events(ticketId: string): Promise<FaultTicketEventRecord[]>;
}

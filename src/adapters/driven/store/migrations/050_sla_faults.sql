-- Issue 7: what the SLA engine needs from the store beyond monitoring's incidents (design §7):
-- the fee basis of an access, SBSN fault tickets with their repair clock, announced planned works.
-- Same SQL conventions as 001_core.sql (TEXT ISO instants, INTEGER 0/1 booleans, JSON as TEXT).

-- Fee basis of an access (spec §6). NULL owner_installed_home = take it from the activation order's
-- `ownerInstallsHome`; every BSN ONT is the network owner's (spec §1 glossary), hence the default 1.
ALTER TABLE accesses ADD COLUMN multi_dwelling_no_in_building INTEGER NOT NULL DEFAULT 0;
ALTER TABLE accesses ADD COLUMN owner_installed_home INTEGER;
ALTER TABLE accesses ADD COLUMN ont_from_owner INTEGER NOT NULL DEFAULT 1;

-- One repair-clock ticket per accepted SBSN order (id = the order's id). `ticket` is the domain
-- FaultTicket as JSON (state, clock segments, history); `version` guards concurrent changes.
CREATE TABLE fault_tickets (
  id            TEXT PRIMARY KEY,
  sp_id         TEXT NOT NULL REFERENCES sps(id),
  adapter_id    TEXT NOT NULL,
  category      TEXT NOT NULL,
  state         TEXT NOT NULL,
  reported_at   TEXT NOT NULL,
  closed_at     TEXT,
  measurements  TEXT,
  ticket        TEXT NOT NULL,
  version       INTEGER NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX fault_tickets_sp ON fault_tickets (sp_id, reported_at);
CREATE INDEX fault_tickets_adapter ON fault_tickets (adapter_id);
CREATE INDEX fault_tickets_state ON fault_tickets (state);

-- Append-only: every clock event of a ticket (design §8 spirit: state changes are appended events).
CREATE TABLE fault_ticket_events (
  ticket_id   TEXT NOT NULL REFERENCES fault_tickets(id),
  seq         INTEGER NOT NULL,
  at          TEXT NOT NULL,
  event       TEXT NOT NULL,
  from_state  TEXT,
  to_state    TEXT NOT NULL,
  details     TEXT,
  by_key      TEXT,
  PRIMARY KEY (ticket_id, seq)
);

-- Planned works announced by the operator (spec §5): the scope as given and as resolved to
-- AdapterIDs at announcement; announced_at is the controller's clock, never the request body.
CREATE TABLE planned_works (
  id           TEXT PRIMARY KEY,
  scope        TEXT NOT NULL,
  adapter_ids  TEXT NOT NULL,
  start_at     TEXT NOT NULL,
  end_at       TEXT NOT NULL,
  announced_at TEXT NOT NULL,
  description  TEXT NOT NULL,
  created_by   TEXT,
  created_at   TEXT NOT NULL
);
CREATE INDEX planned_works_time ON planned_works (start_at, end_at);

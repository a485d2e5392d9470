-- Issue 8: port unblocking snapshots, webhook endpoints and the persisted outbox, temporary
-- disconnection (SL) periods for billing, ONT returns. Same SQL conventions as 001_core.sql.
-- (Numbered 041 so parallel work on other numbers never collides with it.)

-- The port's full state before a forced takeover (port-unblocking.md steps 7–9, 16–18);
-- `body` is the domain PortSnapshot as JSON (the v-ANI exactly as read back from the device).
CREATE TABLE port_snapshots (
  id             TEXT PRIMARY KEY,
  adapter_id     TEXT NOT NULL,          -- the access that was taken over
  sp_id          TEXT NOT NULL,          -- its (existing) SP
  new_sp_id      TEXT NOT NULL,
  new_adapter_id TEXT,
  taken_by_order TEXT NOT NULL,
  olt            TEXT NOT NULL,
  pon            TEXT NOT NULL,
  onu_id         INTEGER NOT NULL,
  taken_at       TEXT NOT NULL,
  dispute_until  TEXT NOT NULL,          -- last day (inclusive, Europe/Zagreb) a dispute is accepted
  state          TEXT NOT NULL,          -- 'held' | 'restored' | 'released'
  body           TEXT NOT NULL,
  updated_at     TEXT NOT NULL
);
CREATE INDEX port_snapshots_adapter ON port_snapshots (adapter_id);
CREATE INDEX port_snapshots_state ON port_snapshots (state, dispute_until);

-- Per-SP webhook endpoints (design §4 "Webhooks"). The secret signs deliveries (HMAC-SHA256).
CREATE TABLE webhook_endpoints (
  id          TEXT PRIMARY KEY,
  sp_id       TEXT NOT NULL REFERENCES sps(id),
  url         TEXT NOT NULL,
  secret      TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  deleted_at  TEXT
);
CREATE INDEX webhook_endpoints_sp ON webhook_endpoints (sp_id);

-- The outbox: one event per notification, written in the transaction of the state change that
-- causes it, and one delivery per (event, endpoint) worked by the delivery worker under leases.
CREATE TABLE webhook_events (
  id          TEXT PRIMARY KEY,
  sp_id       TEXT NOT NULL,
  event       TEXT NOT NULL,
  payload     TEXT NOT NULL,             -- the exact JSON body POSTed
  created_at  TEXT NOT NULL
);
CREATE INDEX webhook_events_sp ON webhook_events (sp_id, created_at);

CREATE TABLE webhook_deliveries (
  id              TEXT PRIMARY KEY,
  event_id        TEXT NOT NULL REFERENCES webhook_events(id),
  endpoint_id     TEXT NOT NULL REFERENCES webhook_endpoints(id),
  state           TEXT NOT NULL,         -- 'pending' | 'delivered' | 'failed'
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at BIGINT NOT NULL,       -- epoch ms
  lease_owner     TEXT,
  lease_until     BIGINT,
  last_error      TEXT,
  delivered_at    TEXT,
  UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (state, next_attempt_at);

-- Periods an access is not billed although it exists (spec §3 BSND: "no monthly fee during SL";
-- port-unblocking.md: the days a taken-over access waits out the dispute window). kind 'sl' rows
-- drive the automatic reactivation at planned_end.
CREATE TABLE sl_periods (
  adapter_id   TEXT NOT NULL,
  kind         TEXT NOT NULL DEFAULT 'sl',  -- 'sl' | 'taken-over'
  start_date   TEXT NOT NULL,            -- first disconnected day (YYYY-MM-DD)
  planned_end  TEXT NOT NULL,            -- day of automatic reactivation (start + 92 / 184 D)
  end_date     TEXT,                     -- day it actually ended (reactivation day), NULL while running
  order_id     TEXT,
  PRIMARY KEY (adapter_id, kind, start_date)
);
CREATE INDEX sl_periods_due ON sl_periods (end_date, planned_end);

-- Billing span of an access (first and last billable day), so ended accesses stop being billed.
CREATE TABLE access_billing (
  adapter_id  TEXT PRIMARY KEY,
  start_date  TEXT NOT NULL,
  end_date    TEXT
);

-- ONT returns (spec §7): within 90 days after deactivation or a move to another SP.
CREATE TABLE ont_returns (
  serial       TEXT NOT NULL,
  sp_id        TEXT NOT NULL,
  adapter_id   TEXT,
  reason       TEXT NOT NULL,            -- 'deactivation' | 'taken-over' | 'moved-to-other-sp'
  started_on   TEXT NOT NULL,
  due_on       TEXT NOT NULL,
  state        TEXT NOT NULL,            -- 'open' | 'returned' | 'charged'
  due_notified INTEGER NOT NULL DEFAULT 0,
  fee_cents    INTEGER,
  closed_at    TEXT,
  PRIMARY KEY (serial, started_on)
);
CREATE INDEX ont_returns_open ON ont_returns (state, due_on);

-- Provisioning (issue 5): the OLT registry, the per-SP VLAN allocation, and a record of every
-- device write (one row per apply / reconcile / drift check) — what proves "one writer per OLT"
-- and "each order applied exactly once" across controller instances (design §8).

-- OLTs the controller drives. Credentials are never stored here: `credentials_ref` names them in the
-- credential vault (lab: in memory; production: environment / secret store).
CREATE TABLE olts (
  name                  TEXT PRIMARY KEY,
  profile               TEXT NOT NULL,        -- device-profiles/<profile>.json
  host                  TEXT NOT NULL,
  ports                 TEXT NOT NULL,        -- JSON { cli, netconf, snmp }
  protocol              TEXT,                 -- 'netconf' | 'cli'; NULL = the profile's preferred one
  credentials_ref       TEXT NOT NULL,
  needs_reconciliation  INTEGER NOT NULL DEFAULT 0,
  reconciliation_reason TEXT,
  drift                 TEXT,                 -- JSON: last drift report
  drift_checked_at      TEXT,
  last_applied_at       TEXT,
  updated_at            TEXT NOT NULL
);

-- VLAN plan per SP (src/domain/provisioning/vlan-plan.ts): base allocated once, never reused.
CREATE TABLE sp_vlans (
  sp_id      TEXT PRIMARY KEY,
  vlan_base  INTEGER NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE provisioning_runs (
  id          TEXT PRIMARY KEY,
  olt         TEXT NOT NULL,
  instance    TEXT NOT NULL,
  kind        TEXT NOT NULL,                  -- 'apply' | 'reconcile' | 'drift-check'
  started_ms  BIGINT NOT NULL,                -- wall clock, ms (write intervals across instances)
  finished_ms BIGINT,
  outcome     TEXT,                           -- 'ok' | 'failed' | 'connection-lost' | 'noop'
  orders      TEXT,                           -- JSON: order ids carried by this write
  changes     INTEGER,
  error       TEXT,
  detail      TEXT                            -- JSON: timings, per-order results
);
CREATE INDEX provisioning_runs_olt ON provisioning_runs (olt, started_ms);

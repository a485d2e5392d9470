-- Monitoring (issue 6): RFC 8632 alarms, correlated incidents (the SLA engine's input), the current
-- state of every ONT and its optical history. Same SQL on SQLite and PostgreSQL (see 001_core.sql).

-- One row per alarm instance: resource + type + qualifier (RFC 8632 §3.5), status history as JSON.
CREATE TABLE alarms (
  id              TEXT PRIMARY KEY,
  alarm_key       TEXT NOT NULL,
  resource        TEXT NOT NULL,
  type            TEXT NOT NULL,
  qualifier       TEXT NOT NULL DEFAULT '',
  severity        TEXT NOT NULL,
  is_cleared      INTEGER NOT NULL,
  text            TEXT NOT NULL,
  raised_at       TEXT NOT NULL,
  last_changed_at TEXT NOT NULL,
  cleared_at      TEXT,
  operator_state  TEXT NOT NULL,
  operator        TEXT,
  operator_text   TEXT,
  operator_at     TEXT,
  shelved_until   TEXT,
  history         TEXT NOT NULL,
  olt             TEXT NOT NULL,
  pon             TEXT,
  onu_id          INTEGER,
  adapter_id      TEXT
);
CREATE UNIQUE INDEX alarms_key ON alarms (alarm_key);
CREATE INDEX alarms_changed ON alarms (last_changed_at);
CREATE INDEX alarms_olt ON alarms (olt, pon);

CREATE TABLE incidents (
  id              TEXT PRIMARY KEY,
  cause           TEXT NOT NULL,
  olt             TEXT NOT NULL,
  pon             TEXT,
  start_at        TEXT NOT NULL,
  end_at          TEXT,
  status          TEXT NOT NULL,        -- 'open' | 'resolved'
  affected        TEXT NOT NULL,        -- JSON AffectedOnt[]
  counts_for_sla  INTEGER NOT NULL,
  summary         TEXT NOT NULL,
  updated_at      TEXT NOT NULL
);
CREATE INDEX incidents_start ON incidents (start_at);
CREATE INDEX incidents_status ON incidents (status);

-- What the controller believes about each ONT now (state machine of issue 6 §2).
CREATE TABLE ont_status (
  olt         TEXT NOT NULL,
  pon         TEXT NOT NULL,
  onu_id      INTEGER NOT NULL,
  state       TEXT NOT NULL,
  rx_dbm      DOUBLE PRECISION,
  tx_dbm      DOUBLE PRECISION,
  serial      TEXT,
  adapter_id  TEXT,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (olt, pon, onu_id)
);

-- Optical level history (the dashboard's ONT chart): samples, thinned by the service.
CREATE TABLE ont_optics (
  olt         TEXT NOT NULL,
  pon         TEXT NOT NULL,
  onu_id      INTEGER NOT NULL,
  at          TEXT NOT NULL,
  rx_dbm      DOUBLE PRECISION,
  tx_dbm      DOUBLE PRECISION,
  source      TEXT NOT NULL,            -- 'snmp' | 'omci'
  PRIMARY KEY (olt, pon, onu_id, at, source)
);
CREATE INDEX ont_optics_at ON ont_optics (at);

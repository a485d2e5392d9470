-- Cluster (issue 16, design §8): the controller instances sharing this database, each OLT's
-- monitoring lease, and notifications relayed from the instance that received them to the OLT's
-- owner. Lease times are epoch milliseconds of the DATABASE's clock (see repositories/instances.ts).
-- SQLite text of 070_cluster.postgres.sql: they differ only in the relay's generated key.

CREATE TABLE instances (
  id           TEXT PRIMARY KEY,          -- config.instanceId (PONCTL_INSTANCE): stable across restarts
  incarnation  TEXT NOT NULL,             -- random per process start: a restart is a new incarnation
  host         TEXT NOT NULL,
  version      TEXT NOT NULL,
  started_ms   BIGINT NOT NULL,
  heartbeat_ms BIGINT NOT NULL,
  expires_ms   BIGINT NOT NULL
);
CREATE INDEX instances_expires ON instances (expires_ms);

-- One row per OLT ever leased; owner NULL = released. epoch grows at every change of owner (fencing).
CREATE TABLE olt_leases (
  olt          TEXT PRIMARY KEY,
  owner        TEXT,
  epoch        BIGINT NOT NULL,
  acquired_ms  BIGINT NOT NULL,
  expires_ms   BIGINT NOT NULL
);
CREATE INDEX olt_leases_owner ON olt_leases (owner);

CREATE TABLE relayed_traps (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  olt          TEXT NOT NULL,
  received_by  TEXT NOT NULL,
  received_at  TEXT NOT NULL,
  body         TEXT NOT NULL              -- JSON: what the notification says (application/monitoring/trap-relay.ts)
);
CREATE INDEX relayed_traps_olt ON relayed_traps (olt, id);

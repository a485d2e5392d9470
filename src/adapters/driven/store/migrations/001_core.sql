-- Core tables of issue 3 (design §8). Written in the SQL both SQLite and PostgreSQL accept:
-- TEXT ids and ISO-8601 UTC instants, INTEGER 0/1 booleans, JSON as TEXT, BIGINT epoch-ms leases.

CREATE TABLE sps (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  region      TEXT,
  created_at  TEXT NOT NULL
);

-- API keys: only the SHA-256 of the secret is kept (design §4 "keys are stored hashed").
CREATE TABLE api_keys (
  id          TEXT PRIMARY KEY,
  hash        TEXT NOT NULL,
  role        TEXT NOT NULL,            -- 'sp' | 'operator'
  sp_id       TEXT REFERENCES sps(id),
  name        TEXT,
  created_at  TEXT NOT NULL,
  revoked_at  TEXT
);

-- Covered addresses and the port that serves each (spec §8 coverage report).
CREATE TABLE coverage (
  address_key TEXT PRIMARY KEY,
  street      TEXT NOT NULL,
  number      TEXT NOT NULL,
  city        TEXT NOT NULL,
  county      TEXT NOT NULL,
  flat        TEXT,
  node        TEXT NOT NULL,
  technology  TEXT NOT NULL,            -- 'gpon' | 'xgs-pon'
  olt         TEXT NOT NULL,
  pon         TEXT NOT NULL,
  onu_id      INTEGER NOT NULL,
  installation TEXT NOT NULL DEFAULT 'existing'
);
CREATE INDEX coverage_city_street ON coverage (city, street);
CREATE UNIQUE INDEX coverage_port ON coverage (olt, pon, onu_id);

-- One subscriber access per AdapterID (spec §3); a port has at most one live access.
CREATE TABLE accesses (
  adapter_id    TEXT PRIMARY KEY,
  sp_id         TEXT NOT NULL REFERENCES sps(id),
  address_key   TEXT NOT NULL,
  olt           TEXT NOT NULL,
  pon           TEXT NOT NULL,
  onu_id        INTEGER NOT NULL,
  technology    TEXT NOT NULL,
  state         TEXT NOT NULL,          -- 'pending' | 'active' | 'temporarily-disconnected' | 'deactivated'
  services      TEXT NOT NULL,          -- JSON ServiceSelection
  access_level  TEXT NOT NULL,
  ont_serial    TEXT,
  sl_starts     TEXT NOT NULL DEFAULT '[]', -- JSON: start dates of temporary disconnections (spec §3 BSND: once a year)
  sl_until      TEXT,
  order_id      TEXT,
  created_at    TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX accesses_port ON accesses (olt, pon, onu_id);
CREATE INDEX accesses_address ON accesses (address_key);
CREATE INDEX accesses_sp ON accesses (sp_id);

-- ONT serials drawn by SPs from the network owner's stock (spec §7).
CREATE TABLE ont_stock (
  serial      TEXT PRIMARY KEY,
  sp_id       TEXT NOT NULL REFERENCES sps(id),
  state       TEXT NOT NULL,            -- 'in-stock' | 'reserved' | 'installed' | 'returned'
  adapter_id  TEXT,
  updated_at  TEXT NOT NULL
);
CREATE INDEX ont_stock_sp ON ont_stock (sp_id);

CREATE TABLE orders (
  id              TEXT PRIMARY KEY,
  sp_id           TEXT NOT NULL REFERENCES sps(id),
  form            TEXT NOT NULL,
  category        TEXT NOT NULL,
  state           TEXT NOT NULL,
  adapter_id      TEXT,
  input           TEXT NOT NULL,        -- JSON OrderInput as parsed
  received_at     TEXT NOT NULL,
  received_date   TEXT NOT NULL,        -- Europe/Zagreb calendar date of receipt
  planned_date    TEXT,
  deadline        TEXT,
  fee_cents       INTEGER,
  detail          TEXT,                 -- JSON: facts decided at acceptance (installation kind, …)
  lease_owner     TEXT,
  lease_until     BIGINT,
  updated_at      TEXT NOT NULL
);
CREATE INDEX orders_sp_received ON orders (sp_id, received_at);
CREATE INDEX orders_state_planned ON orders (state, planned_date);
CREATE INDEX orders_adapter ON orders (adapter_id);
CREATE INDEX orders_received_date ON orders (received_date, category);

-- Append-only history: every state change of an order (design §8). (order_id, seq) is unique,
-- so a retried append cannot duplicate an event.
CREATE TABLE order_events (
  order_id    TEXT NOT NULL REFERENCES orders(id),
  seq         INTEGER NOT NULL,
  at          TEXT NOT NULL,
  from_state  TEXT,
  to_state    TEXT NOT NULL,
  reason      TEXT NOT NULL,
  details     TEXT,
  PRIMARY KEY (order_id, seq)
);
CREATE INDEX order_events_at ON order_events (at);

-- Idempotency-Key of POST /v1/orders: same key + same body → the same order.
CREATE TABLE idempotency_keys (
  sp_id       TEXT NOT NULL,
  key         TEXT NOT NULL,
  body_hash   TEXT NOT NULL,
  order_id    TEXT NOT NULL,
  created_at  TEXT NOT NULL,
  PRIMARY KEY (sp_id, key)
);

-- Named counters (AdapterID numbers, design: "uniqueness is the store's job (a sequence)").
CREATE TABLE counters (
  name   TEXT PRIMARY KEY,
  value  BIGINT NOT NULL
);

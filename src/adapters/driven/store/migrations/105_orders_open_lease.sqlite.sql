-- Open orders by lease owner (issue 16; see 105_orders_open_lease.postgres.sql): equality lookups by
-- owner read the index instead of every open order (SQLite's LIKE stays a filter on it).
CREATE INDEX orders_open_lease ON orders (lease_owner)
  WHERE state IN ('due', 'in-progress');

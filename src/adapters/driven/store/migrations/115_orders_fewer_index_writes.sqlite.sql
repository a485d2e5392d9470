-- Fewer index entries written per order (issue 16; see 115_orders_fewer_index_writes.postgres.sql).
-- orders_open_lease stays as 105 made it here: SQLite matches a partial index's `IS NOT NULL` only
-- against a plain comparison, and the forced-orders read compares the owner inside an OR.
DROP INDEX orders_open_adapter;
DROP INDEX orders_olt_lease;
CREATE INDEX orders_olt_lease ON orders (olt, lease_owner)
  WHERE state IN ('due', 'in-progress') AND lease_owner IS NOT NULL;
DROP INDEX order_events_at;

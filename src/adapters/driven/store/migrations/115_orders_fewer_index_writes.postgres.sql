-- Fewer index entries written per order on provisioning's path (issue 16): every step of an order
-- (brought forward to due, leased, started, completed) changes `state` or `lease_owner`, so none is a
-- HOT update and each writes an entry into every index whose predicate the new row meets: 35 entries
-- an order, and 6 for its three order_events rows, before this migration; 30 and 3 after it (PostgreSQL
-- CPU for 16 384 orders through the store's provisioning calls, steps alternated with the code before:
-- 4–8 % less, 5.5–6.9 → 5.3–6.4 s).
--
-- orders_open_adapter (adapter_id, form, category, received_at), migration 095, served the priority
-- rule's read of an access's earliest open order of some forms (orders.earliestOpenOnAdapter): its
-- sibling orders_open_adapter_time (adapter_id, received_at, id) holds the same open orders, in the
-- order that read wants, and an access has a handful of open orders to filter by form and category.
DROP INDEX orders_open_adapter;
-- The leased open orders only: every read of these two indexes names a lease owner (claimOlt's probe
-- for another instance's lease says `lease_owner IS NOT NULL`; the others compare lease_owner, which
-- a NULL never meets), and an order brought forward to due, not yet leased, now writes no entry.
DROP INDEX orders_olt_lease;
CREATE INDEX orders_olt_lease ON orders (olt, lease_owner)
  WHERE state IN ('due', 'in-progress') AND lease_owner IS NOT NULL;
DROP INDEX orders_open_lease;
CREATE INDEX orders_open_lease ON orders (lease_owner text_pattern_ops)
  WHERE state IN ('due', 'in-progress') AND lease_owner IS NOT NULL;
-- order_events (at) served only orderEvents.since, which nothing in the controller calls (tests
-- read a whole history with it); three events an order on provisioning's path wrote an entry each.
DROP INDEX order_events_at;

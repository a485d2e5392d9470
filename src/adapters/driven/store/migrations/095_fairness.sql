-- Fairness (issue 17 item 4, docs/fairness.md): intake's cost must not grow with open orders.
-- Open orders per SP as an aggregate row (the per-SP limit reads one row, not a COUNT): kept by the
-- orders repository on insert and on every state change between open and final, in the same
-- transaction; started here from the orders already stored.
CREATE TABLE sp_open_orders (
  sp_id       TEXT PRIMARY KEY,
  open_orders INTEGER NOT NULL
);
INSERT INTO sp_open_orders (sp_id, open_orders)
  SELECT sp_id, COUNT(*) FROM orders
  WHERE state IN ('received', 'accepted', 'scheduled', 'due', 'in-progress')
  GROUP BY sp_id;
-- The priority rule's reads (spec §3; application/orders/facts.ts): the earliest open service order
-- and the earliest open fault ticket of one category on an AdapterID, from an index that holds only
-- open orders (an access's years of completed orders are not in it).
CREATE INDEX orders_open_adapter ON orders (adapter_id, form, category, received_at)
  WHERE state IN ('received', 'accepted', 'scheduled', 'due', 'in-progress');
-- An access's open orders in received order, a page at a time (GET /v1/subscribers/:id shows the first
-- few and links to GET /v1/orders?adapterId=&open=true for the rest).
CREATE INDEX orders_open_adapter_time ON orders (adapter_id, received_at, id)
  WHERE state IN ('received', 'accepted', 'scheduled', 'due', 'in-progress');

-- Provisioning claims orders by OLT (issue 16 item 3: in parallel across OLTs, per OLT one writer
-- across instances): the OLT an order writes, set at acceptance (application/orders/intake.ts: the
-- address's port, or the named access's), and an index of the open orders by OLT. Orders accepted
-- before this migration keep NULL and are claimed as before.
ALTER TABLE orders ADD COLUMN olt TEXT;
CREATE INDEX orders_olt_open ON orders (olt, state, planned_date)
  WHERE state IN ('due', 'in-progress');

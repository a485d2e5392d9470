-- Provisioning's claim of an OLT (repositories/provisioning.ts claimOlt) reads a few index entries per
-- OLT instead of every open order (issue 16: 50–70 ms of PostgreSQL per claim at 16 384 open orders):
-- the open orders of an OLT in planned order (its first claimable one, and the claim itself: planned
-- date, then received), and its leased open orders by owner (is it held by another instance?).
-- orders_olt_open (olt, state, planned_date) served neither order: the first replaces it.
DROP INDEX orders_olt_open;
CREATE INDEX orders_olt_planned ON orders (olt, planned_date, received_at)
  WHERE state IN ('due', 'in-progress');
CREATE INDEX orders_olt_lease ON orders (olt, lease_owner)
  WHERE state IN ('due', 'in-progress');

-- Open orders by lease owner (issue 16): the reads by owner were scans of every open order, made
-- again and again — the forced-orders pass (snapshots.claimForcedOrders: owner 'unblocking', or
-- 'unblocking@<instance>' gone stale) on every scheduler tick, a dead instance's leases released
-- (provisioning.releaseLeasesOf), a pass letting go of its orders (provisioning.release). At 4 096
-- open orders the forced-orders pass alone cost about as much PostgreSQL time as provisioning's
-- lease writes. text_pattern_ops: the LIKE 'prefix%' of the stale reservations is an index range
-- under any collation (the default operator class serves LIKE only under the C collation).
CREATE INDEX orders_open_lease ON orders (lease_owner text_pattern_ops)
  WHERE state IN ('due', 'in-progress');

-- Issue 14 §7 / 17 §3: an endpoint subscribes to some event kinds (JSON array of names; NULL = all),
-- and dead-lettered deliveries (state 'failed') are listed per SP and replayed.
ALTER TABLE webhook_endpoints ADD COLUMN events TEXT;
CREATE INDEX webhook_deliveries_state ON webhook_deliveries (state, id);

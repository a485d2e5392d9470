-- Crash recovery (issue 17 item 6): the runs a dead instance left open are found and closed on every
-- heartbeat; this partial index holds only the open ones, so the sweep stays cheap as runs pile up.
CREATE INDEX provisioning_runs_open ON provisioning_runs (instance, started_ms) WHERE finished_ms IS NULL;

-- The OLT registry of a real network (issue 14): where an OLT is (site), its credentials sealed at
-- rest (application/ports/secret-box.ts: `secrets` holds one sealed JSON document, never clear
-- text), its SNMP settings without secrets, poll intervals, the maintenance flag, and the SSH host
-- key pinned for it (`host_key`) with the one it last presented when that was not trusted.
ALTER TABLE olts ADD COLUMN site TEXT;
ALTER TABLE olts ADD COLUMN secrets TEXT;
ALTER TABLE olts ADD COLUMN snmp TEXT;
ALTER TABLE olts ADD COLUMN poll TEXT;
ALTER TABLE olts ADD COLUMN maintenance INTEGER NOT NULL DEFAULT 0;
ALTER TABLE olts ADD COLUMN host_key TEXT;
ALTER TABLE olts ADD COLUMN host_key_presented TEXT;
ALTER TABLE olts ADD COLUMN host_key_presented_at TEXT;
ALTER TABLE olts ADD COLUMN created_at TEXT;

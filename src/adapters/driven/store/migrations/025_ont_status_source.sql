-- Which protocol an ONT's state and RX level were last read from (issue 13): 'snmp' (the OLT's tables
-- and traps), 'omci' (the ONT itself, through the OLT's OMCI transport) or 'netconf' (operational state).
ALTER TABLE ont_status ADD COLUMN source TEXT;

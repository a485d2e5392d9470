/** SNMP telemetry (design §6): poller client, ONT table reader, trap receiver; OIDs from device profiles. */
export { SnmpClient, inSubtree, type SnmpTarget, type WalkSegment } from './client.ts';
export { readOntTable, readPonPorts, DEFAULT_POLL_COLUMNS, type ReadOntTableOptions } from './ont-table.ts';
export { SnmpTrapReceiver, decodeOntTrap } from './trap-receiver.ts';

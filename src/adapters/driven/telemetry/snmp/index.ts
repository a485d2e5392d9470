/** SNMP driver (design §6): poller client, ONT table reader, trap receiver; OIDs from device profiles. */
export {
  SnmpClient,
  inSubtree,
  type SnmpTarget,
  type SnmpV3Credentials,
  type WalkSegment,
} from './client.ts';
export {
  readOntTable,
  readPonPorts,
  observationOfPhase,
  DEFAULT_POLL_COLUMNS,
  type OntRow,
  type ReadOntTableOptions,
} from './ont-table.ts';
export {
  SnmpTrapReceiver,
  decodeOntTrap,
  type ReceivedTrap,
  type OntTrap,
  type TrapReceiverOptions,
} from './trap-receiver.ts';
export {
  loadOltSnmpProfile,
  ponIfIndexOf,
  ponOfIfIndex,
  unitScale,
  type OltSnmpProfile,
  type OntColumn,
  type SnmpColumnDef,
} from '../../../../protocols/snmp/olt-snmp-profile.ts';

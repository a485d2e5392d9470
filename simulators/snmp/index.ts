/** Public surface of the simulated SNMP agent (issue 4 §6). */
export { SimSnmpAgent, engineIdFor, type SnmpV3User, type SnmpAgentOptions } from './agent.ts';
export { TrapSender, type TrapReceiver, trapOidFor, trapVarbinds } from './traps.ts';
export { loadSnmpProfile, ponIfIndex, type SnmpProfile, type OntColumnName } from './profile.ts';
export { PHASE_CODE, DOWN_CAUSE_CODE, ontCell } from './mib.ts';
export { OidIndex, parseOid, compareOid } from './oid-index.ts';

/** Public surface of the simulated SNMP agent (issue 4 §6). */
export { SimSnmpAgent, engineIdFor, type SnmpV3User, type SnmpAgentOptions } from './agent.ts';
export { TrapSender, type TrapReceiver, trapOidFor, trapVarbinds, opticsTrapVarbinds } from './traps.ts';
// the profile's `snmp` section is read by one loader shared with the controller's poller
export {
  loadOltSnmpProfile,
  ponIfIndexOf,
  type OltSnmpProfile,
  type OntColumn,
} from '../../src/protocols/snmp/olt-snmp-profile.ts';
export { PHASE_NAME, DOWN_CAUSE_NAME, encodeCell, ontCell, ontValue } from './mib.ts';
export { OidIndex, parseOid, compareOid } from './oid-index.ts';

/**
 * SNMP on the lab's BBF OLT. TR-385 defines no MIB, and a TR-385 OLT's own SNMP is its vendor's, so
 * the device profile `bbf-tr385` has no `snmp` section and ponctl reads ONU state over NETCONF. The
 * lab still answers on the OLT's SNMP port (the inventory's shape), with the standard MIBs only:
 * MIB-II system (RFC 3418; sysObjectID zeroDotZero, no vendor) and the IF-MIB rows of the PON ports
 * (RFC 2863; ifType gpon(250), IANAifType). No enterprise tables, no ONT traps.
 */
import type { OltSnmpProfile } from '../../src/protocols/snmp/olt-snmp-profile.ts';

export function standardSnmpProfile(profile: string): OltSnmpProfile {
  return {
    name: profile,
    versions: ['v2c', 'v3'],
    system: {
      sysDescr: 'ponctl lab OLT managed over NETCONF in the Broadband Forum models (TR-385, TR-383)',
      sysObjectID: '0.0',
    },
    // ifIndex of PON port R/S/P: ·4096 + (S-1)·256 + P, the lab's own numbering
    ponIfIndex: { base: 0, rackStep: 4096, shelfStep: 256, portStep: 1, ifNamePrefix: 'pon-' },
    ifTable: {
      ifIndex: '1.3.6.1.2.1.2.2.1.1',
      ifDescr: '1.3.6.1.2.1.2.2.1.2',
      ifType: '1.3.6.1.2.1.2.2.1.3',
      ifAdminStatus: '1.3.6.1.2.1.2.2.1.7',
      ifOperStatus: '1.3.6.1.2.1.2.2.1.8',
      ifName: '1.3.6.1.2.1.31.1.1.1.1',
    },
    ontTable: { columns: {} as OltSnmpProfile['ontTable']['columns'] },
    notifications: { ontLos: '', ontDyingGasp: '', ontUp: '', ontOffline: '' },
    maxRepetitions: 50,
  };
}

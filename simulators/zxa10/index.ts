/**
 * Public surface of the independent ZXA10 simulator (issue 18 item 4): a C300/C320 (ZXA10 V2.x) or
 * C600 (TITAN) OLT with its own command grammar, running configuration, `show` layouts and SNMP agent
 * on the real ZTE tables — sharing no code with the controller's ZXA10 driver. The lab mounts
 * `zxa10ShellFor` on the OLT's CLI port and `Zxa10SnmpAgent` on its SNMP port.
 */
import type { SimOlt } from '../core/topology.ts';
import type { SessionHandler } from '../ssh/server.ts';
import { familyOfProfile } from './family.ts';
import { zxa10Of } from './olt.ts';
import { zxa10Shell } from './cli/shell.ts';

export { C300, C600, familyOfProfile, ponIfIndex, ponIndex1012, type Zxa10Family } from './family.ts';
export { authoriseAllOnts, zxa10Of, type Zxa10Olt } from './olt.ts';
export { zxa10Shell } from './cli/shell.ts';
export { Zxa10SnmpAgent, type Zxa10SnmpOptions } from './snmp/agent.ts';

/** The shell of the OLT if its device profile is one the simulator speaks, else undefined. */
export function zxa10ShellFor(olt: SimOlt, profile: string): SessionHandler | undefined {
  const fam = familyOfProfile(profile);
  return fam ? zxa10Shell(zxa10Of(olt, fam)) : undefined;
}

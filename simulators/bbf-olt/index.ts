/**
 * The lab's OLT in the Broadband Forum models (TR-385 xPON, TR-383 L2/QoS) over NETCONF: RFC 6241 on
 * the SSH `netconf` subsystem (RFC 6242), validating with simulators/yang (libyang's compiled schema
 * of the announced library, interpreted by code of its own — never the driver's codec). Mounted by
 * the lab for device profiles that name a TR-385 infrastructure (`netconf.infrastructure`).
 */
import { readFileSync } from 'node:fs';
import type { SimOlt } from '../core/topology.ts';
import type { SessionHandler } from '../ssh/server.ts';
import { BbfOlt } from './olt.ts';
import { BbfNetconfSession } from './session.ts';

export { BbfOlt } from './olt.ts';
export { helloCapabilities } from './library.ts';

const olts = new WeakMap<SimOlt, BbfOlt>();

/** The one BBF OLT state of a simulated OLT (every session shares its datastores and locks). */
export function bbfOltOf(sim: SimOlt, profile = sim.profile): BbfOlt {
  let o = olts.get(sim);
  if (!o) {
    o = new BbfOlt(sim, profile);
    olts.set(sim, o);
  }
  return o;
}

/** Does this device profile describe a TR-385 NETCONF OLT (the lab then mounts this server)? */
export function isBbfProfile(profile: string): boolean {
  const url = new URL(`../../device-profiles/${profile}.json`, import.meta.url);
  try {
    const p = JSON.parse(readFileSync(url, 'utf8')) as { netconf?: { infrastructure?: unknown } };
    return p.netconf?.infrastructure !== undefined;
  } catch {
    return false;
  }
}

/** The `netconf` subsystem handler of one OLT. */
export function bbfNetconfSubsystem(sim: SimOlt, profile = sim.profile): SessionHandler {
  const olt = bbfOltOf(sim, profile);
  return (session) => new BbfNetconfSession(olt, session).start();
}

/**
 * The simulated OLT's NETCONF server (RFC 6241 over the SSH `netconf` subsystem, RFC 6242), on the
 * one configuration state of the OLT (OltConfigStore) that the CLI shares. Mount with
 * `new SimSshServer({ olt, credentials, subsystems: { netconf: netconfSubsystem(olt) } })`.
 */
import type { SimOlt } from '../core/topology.ts';
import type { SessionHandler } from '../ssh/server.ts';
import { netconfStateOf } from './olt-netconf-state.ts';
import { NetconfServerSession } from './session.ts';

export { SERVER_CAPABILITIES } from './session.ts';
export { netconfStateOf, type OltNetconfState } from './olt-netconf-state.ts';

/** The `netconf` subsystem handler of one OLT; every session shares the OLT's datastores and locks. */
export function netconfSubsystem(olt: SimOlt): SessionHandler {
  const state = netconfStateOf(olt);
  return (session) => new NetconfServerSession(state, session).start();
}

/** The lab's protocol registry form (simulators/lab/protocols.ts). */
export function createNetconfHandler(ctx: { olt: SimOlt }): SessionHandler {
  return netconfSubsystem(ctx.olt);
}

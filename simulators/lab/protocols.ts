/**
 * Registry of the protocol handlers the lab mounts on each simulated OLT's SSH servers: the `netconf`
 * subsystem on the NETCONF port (simulators/bbf-olt), and a CLI only where a test registers one. The
 * ZXA10 OLTs' shell is the independent simulator's (simulators/zxa10, mounted by the lab itself);
 * tests may register replacements. (OMCI has its own UDP endpoint, simulators/omci.)
 */
import type { SimOlt } from '../core/topology.ts';
import type { SessionHandler } from '../ssh/server.ts';
import { bbfNetconfSubsystem, isBbfProfile } from '../bbf-olt/index.ts';

export interface ProtocolContext {
  olt: SimOlt;
  /** Device profile name of the OLT (device-profiles/NAME.json). */
  profile: string;
}

export type HandlerFactory = (ctx: ProtocolContext) => SessionHandler | undefined;

export type ProtocolName = 'cli' | 'netconf';

const factories = new Map<ProtocolName, HandlerFactory>();

/** Mount `factory` for every OLT started afterwards (tests may register their own). */
export function registerProtocol(name: ProtocolName, factory: HandlerFactory): void {
  factories.set(name, factory);
}

export function protocolFactory(name: ProtocolName): HandlerFactory | undefined {
  return factories.get(name);
}

/**
 * Registers the NETCONF handlers unless a caller (a test) registered its own first. No CLI by default:
 * a ZXA10's shell is simulators/zxa10's, other OLTs here are managed over NETCONF. Async so callers
 * need not change if loading becomes lazy.
 */
export function loadDefaultProtocols(): Promise<void> {
  if (!factories.has('netconf')) factories.set('netconf', defaultNetconf);
  return Promise.resolve();
}

/**
 * NETCONF by device profile: a TR-385 profile (`bbf-tr385`) gets the OLT speaking the BBF models
 * (simulators/bbf-olt). A ZXA10 C300/C600 is managed over its CLI and SNMP (docs/zxa10-dialect.md):
 * its NETCONF port listens (the inventory keeps its shape) but offers no `netconf` subsystem — the
 * lab's own module ponctl-olt, which it used to serve, is retired (issue 12).
 */
function defaultNetconf(ctx: ProtocolContext): SessionHandler | undefined {
  return isBbfProfile(ctx.profile) ? bbfNetconfSubsystem(ctx.olt, ctx.profile) : undefined;
}

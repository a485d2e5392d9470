/**
 * Registry of the protocol handlers the lab mounts on each simulated OLT's SSH servers: the ZXA10
 * shell on the CLI port, the `netconf` subsystem on the NETCONF port. The handlers are built in their
 * own folders (simulators/cli, simulators/bbf-olt); the lab only asks this registry for a per-OLT
 * session handler; tests may register replacements. (OMCI has its own UDP endpoint, simulators/omci.)
 */
import type { SimOlt } from '../core/topology.ts';
import type { SessionHandler } from '../ssh/server.ts';
import { bbfNetconfSubsystem, isBbfProfile } from '../bbf-olt/index.ts';
import { createCliHandler } from '../cli/index.ts';

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
 * Registers the protocol handlers of simulators/bbf-olt and simulators/cli unless a
 * caller (a test) registered its own first. Async so callers need not change if loading becomes lazy.
 */
export function loadDefaultProtocols(): Promise<void> {
  if (!factories.has('netconf')) factories.set('netconf', defaultNetconf);
  if (!factories.has('cli')) factories.set('cli', defaultCli);
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

/** The ZXA10 shell for profiles with a `cli` dialect; a TR-385 OLT's CLI is its vendor's: none here. */
function defaultCli(ctx: ProtocolContext): SessionHandler | undefined {
  return isBbfProfile(ctx.profile) ? undefined : createCliHandler(ctx);
}

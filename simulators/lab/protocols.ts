/**
 * Registry of the protocol handlers the lab mounts on each simulated OLT's SSH servers: the ZXA10
 * shell on the CLI port, the `netconf` and `omci` subsystems on the NETCONF port. The handlers are
 * built in their own folders (simulators/cli, simulators/netconf, simulators/omci); the lab only
 * asks this registry for a per-OLT session handler, so it runs (with the protocol refused) when one
 * of them is absent.
 */
import type { SimOlt } from '../core/topology.ts';
import type { SessionHandler } from '../ssh/server.ts';

export interface ProtocolContext {
  olt: SimOlt;
  /** Device profile name of the OLT (device-profiles/NAME.json). */
  profile: string;
}

export type HandlerFactory = (ctx: ProtocolContext) => SessionHandler;

export type ProtocolName = 'cli' | 'netconf' | 'omci';

const factories = new Map<ProtocolName, HandlerFactory>();

/** Mount `factory` for every OLT started afterwards (tests may register their own). */
export function registerProtocol(name: ProtocolName, factory: HandlerFactory): void {
  factories.set(name, factory);
}

export function protocolFactory(name: ProtocolName): HandlerFactory | undefined {
  return factories.get(name);
}

let loaded: Promise<void> | undefined;

/**
 * Loads the handlers of the protocol folders that exist in this checkout. A folder that is missing
 * or fails to load leaves its protocol unregistered (its SSH channel requests are refused).
 */
export function loadDefaultProtocols(): Promise<void> {
  loaded ??= (async () => {
    await tryLoad('netconf', '../netconf/index.ts', ['createNetconfHandler', 'netconfSessionHandler', 'netconfHandler']);
    await tryLoad('cli', '../cli/index.ts', ['createCliHandler', 'cliSessionHandler', 'cliShellHandler', 'createShellHandler']);
    await tryLoad('omci', '../omci/index.ts', ['createOmciRelayHandler', 'omciRelayHandler', 'createOmciHandler', 'omciSessionHandler']);
  })();
  return loaded;
}

async function tryLoad(name: ProtocolName, path: string, exportNames: string[]): Promise<void> {
  if (factories.has(name)) return;
  let mod: Record<string, unknown>;
  try {
    mod = (await import(new URL(path, import.meta.url).href)) as Record<string, unknown>;
  } catch (err) {
    // absent folder: the protocol is simply not offered; a broken one is worth a warning
    if ((err as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND') {
      process.emitWarning(`lab: ${name} handlers failed to load: ${(err as Error).message}`);
    }
    return;
  }
  for (const n of exportNames) {
    const f = mod[n];
    if (typeof f === 'function') { factories.set(name, f as HandlerFactory); return; }
  }
}

/**
 * Public surface of the simulated ZXA10 CLI. The lab (simulators/lab/protocols.ts) mounts
 * `createCliHandler` on every OLT's CLI port; the dialect comes from the OLT's device profile.
 */
import type { SessionHandler } from '../ssh/server.ts';
import type { SimOlt } from '../core/topology.ts';
import { loadCliDialect } from './profile.ts';
import { createCliShell } from './shell.ts';

export { createCliShell, type CliShellOptions } from './shell.ts';
export { loadCliDialect } from './profile.ts';
export { runShow } from './show.ts';

/** Shell handler for one OLT, in the dialect of its device profile (`cli` section). */
export function createCliHandler(ctx: { olt: SimOlt; profile?: string }): SessionHandler {
  return createCliShell(ctx.olt, loadCliDialect(ctx.profile ?? ctx.olt.profile));
}

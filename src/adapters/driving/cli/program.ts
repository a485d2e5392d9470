/**
 * `ponctl` (design §5): the commander program with every command registered here, by name, so the
 * import graph is the real one. Commands that start something or work on the store get what they
 * need from the composition root (deps.ts, src/main/ponctl.ts); the others talk to a running
 * controller over its API.
 */
import { Command } from 'commander';
import { registerAlarms } from './commands/alarms.ts';
import { registerApply } from './commands/apply.ts';
import { registerCluster } from './commands/cluster.ts';
import { registerCompletion } from './commands/completion.ts';
import { registerIncidents } from './commands/incidents.ts';
import { registerKeys } from './commands/keys.ts';
import { registerLabCommand } from './commands/lab.ts';
import { registerOnts } from './commands/onts.ts';
import { registerOlt } from './commands/olt.ts';
import { registerImports } from './commands/imports.ts';
import { registerOrderCommand } from './commands/order.ts';
import { registerOrders } from './commands/orders.ts';
import { registerPlan } from './commands/plan.ts';
import { registerReconcile } from './commands/reconcile.ts';
import { registerSecrets } from './commands/secrets.ts';
import { registerSlaCommand } from './commands/sla.ts';
import { registerStart } from './commands/start.ts';
import { registerWebhooks } from './commands/webhooks.ts';
import type { CliDeps } from './deps.ts';

export function buildProgram(deps: CliDeps): Command {
  const program = new Command('ponctl')
    .description('Provisioning controller for open-access GPON/XGS-PON fibre networks (bitstream access)')
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: true });
  if (deps.version) program.version(deps.version, '-V, --version', 'print the version');
  registerAlarms(program);
  registerApply(program);
  registerCluster(program);
  registerIncidents(program);
  registerKeys(program, deps);
  registerLabCommand(program, deps);
  registerOnts(program);
  registerOlt(program);
  registerImports(program, deps);
  registerOrderCommand(program);
  registerOrders(program);
  registerPlan(program);
  registerReconcile(program);
  registerSecrets(program, deps);
  registerSlaCommand(program);
  registerStart(program, deps);
  registerWebhooks(program);
  registerCompletion(program);
  return program;
}

/** Runs `argv`; an error becomes one `ponctl: …` line on stderr and exit code 1. */
export async function runProgram(program: Command, argv: readonly string[]): Promise<void> {
  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    const e = err as { message?: string };
    process.stderr.write(`ponctl: ${e.message ?? String(err)}\n`);
    process.exitCode = process.exitCode || 1;
  }
}

/**
 * `ponctl` (design §5). Each command lives in `commands/<name>.ts` and exports a `register…(program)`
 * function; this file only discovers and wires them, so adding a command touches one file.
 */
import { Command } from 'commander';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const program = new Command('ponctl')
  .description('Provisioning controller for open-access GPON/XGS-PON fibre networks (bitstream access)')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true });

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'commands');
for (const file of readdirSync(dir)
  .filter((f) => f.endsWith('.ts'))
  .sort()) {
  const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as Record<string, unknown>;
  for (const [name, fn] of Object.entries(mod)) {
    if (name.startsWith('register') && typeof fn === 'function') (fn as (p: Command) => void)(program);
  }
}

try {
  await program.parseAsync(process.argv);
} catch (err) {
  const e = err as { code?: string; message?: string };
  process.stderr.write(`ponctl: ${e.message ?? String(err)}\n`);
  process.exitCode = process.exitCode || 1;
}

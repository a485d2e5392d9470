/**
 * `ponctl secrets rotate [--new-key KEY] [--json]` (issue 14 item 3): re-seals every secret of the
 * store (OLT credentials, webhook signing secrets) under a new key, on the store directly
 * (PONCTL_STORE / PONCTL_DATA_DIR). With a key file the file is replaced; with PONCTL_SECRET_KEY the
 * new key is printed first and must be set before the controller restarts.
 */
import type { Command } from 'commander';
import type { CliDeps } from '../deps.ts';

export function registerSecrets(program: Command, deps: Pick<CliDeps, 'rotateSecrets'>): void {
  const secrets = program.command('secrets').description('secrets sealed at rest (AES-256-GCM)');
  secrets
    .command('rotate')
    .description('re-seal every stored secret under a new key (restart the controllers afterwards)')
    .option('--new-key <key>', 'the new key (32 bytes, base64 or hex; default: a random one)')
    .option('--json', 'print the result as JSON')
    .action(async (o: { newKey?: string; json?: boolean }) => {
      const r = await deps.rotateSecrets({
        newKey: o.newKey,
        showKey: (k) =>
          process.stderr.write(
            `new key (set PONCTL_SECRET_KEY to it before restarting the controller):\n${k}\n`,
          ),
      });
      if (o.json) process.stdout.write(JSON.stringify(r) + '\n');
      else
        process.stdout.write(
          `re-sealed ${r.resealed} secret${r.resealed === 1 ? '' : 's'}: key ${r.previousKeyId} → ${r.keyId}` +
            `${r.keyFile ? ` (${r.keyFile})` : ''}\n`,
        );
    });
}

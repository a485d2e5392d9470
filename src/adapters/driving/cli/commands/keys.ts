/**
 * `ponctl keys create --sp ID [--name N] [--json]` and `keys create --operator` (design §5): work on
 * the store directly (PONCTL_STORE / PONCTL_DATA_DIR), so the first key can be made before anyone
 * can call the API. `--sp` creates the SP if it is new. `--json` prints `{ "sp": ID, "key": SECRET }`
 * (operator: `{ "role": "operator", "key": SECRET }`).
 */
import type { Command } from 'commander';
import { createApiKey } from '../../../../application/access/api-keys.ts';
import { REGIONS } from '../../../../domain/catalogue/regions.ts';
import type { CliDeps } from '../deps.ts';

interface CreateOpts {
  sp?: string;
  operator?: boolean;
  name?: string;
  spName?: string;
  region?: string;
  json?: boolean;
}

export function registerKeys(program: Command, deps: Pick<CliDeps, 'withStore'>): void {
  const withStore = deps.withStore;
  const keys = program.command('keys').description('API keys (stored hashed; the secret is shown once)');

  keys
    .command('create')
    .description('create an API key for a service provider (--sp ID) or the network owner (--operator)')
    .option('--sp <id>', 'service provider id (created if new)')
    .option('--operator', 'a network-owner key (role operator: engineers, NOC)')
    .option('--name <name>', 'a label for the key')
    .option('--sp-name <name>', "the SP's display name when it is created (default: its id)")
    .option('--region <region>', `the SP's regional aggregation point (${Object.keys(REGIONS).join(', ')})`)
    .option('--json', 'print { "sp": ID, "key": SECRET }')
    .action(async (o: CreateOpts) => {
      if (!o.sp === !o.operator) {
        process.stderr.write('ponctl keys create: give exactly one of --sp ID or --operator\n');
        process.exitCode = 2;
        return;
      }
      if (o.region && !(o.region in REGIONS)) {
        process.stderr.write(`ponctl keys create: unknown region ${o.region}\n`);
        process.exitCode = 2;
        return;
      }
      await withStore(async (store) => {
        const at = new Date();
        if (o.sp) {
          const created = await store.sps.ensure({
            id: o.sp,
            name: o.spName ?? o.sp,
            region: o.region,
            createdAt: at.toISOString(),
          });
          const k = await createApiKey(store, { role: 'sp', spId: o.sp, name: o.name, at });
          if (o.json) process.stdout.write(JSON.stringify({ sp: o.sp, key: k.key }) + '\n');
          else
            process.stdout.write(
              `${created ? `created SP ${o.sp}\n` : ''}API key for ${o.sp} (shown once):\n${k.key}\n`,
            );
        } else {
          const k = await createApiKey(store, { role: 'operator', name: o.name, at });
          if (o.json) process.stdout.write(JSON.stringify({ role: 'operator', key: k.key }) + '\n');
          else process.stdout.write(`operator API key (shown once):\n${k.key}\n`);
        }
      });
    });

  keys
    .command('list')
    .description('list keys (ids, roles, SPs; never secrets)')
    .option('--sp <id>', 'only this SP')
    .option('--json', 'JSON output')
    .action(async (o: { sp?: string; json?: boolean }) => {
      await withStore(async (store) => {
        const rows = (await store.keys.list(o.sp)).map(({ hash: _h, ...k }) => k);
        if (o.json) process.stdout.write(JSON.stringify(rows) + '\n');
        else
          for (const k of rows)
            process.stdout.write(
              `${k.id}  ${k.role.padEnd(8)}  ${(k.spId ?? '-').padEnd(12)}  ${k.revokedAt ? 'revoked' : 'active'}  ${k.name ?? ''}\n`,
            );
      });
    });

  keys
    .command('revoke')
    .description('revoke a key by its id (the hex part after ponctl_)')
    .argument('<id>')
    .action(async (id: string) => {
      await withStore(async (store) => {
        const ok = await store.keys.revoke(id, new Date().toISOString());
        process.stdout.write(ok ? `revoked ${id}\n` : `no active key ${id}\n`);
        if (!ok) process.exitCode = 1;
      });
    });
}

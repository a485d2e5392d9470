/**
 * `ponctl reconcile --olt ID [--yes] [--json]` (design §5): re-read the OLT, repair drift of the ONUs ponctl
 * manages, clear the reconciliation flag (POST /v1/olts/:id/reconcile).
 */
import type { Command } from 'commander';
import { confirmed } from './confirm.ts';
import { oltApi, reportApiError } from './olt-api.ts';

export function registerReconcile(program: Command): void {
  program
    .command('reconcile')
    .description(
      'repair drift of managed ONUs on an OLT and clear its reconciliation flag ($PONCTL_URL, operator $PONCTL_KEY)',
    )
    .requiredOption('--olt <id>', 'OLT name')
    .option('--json', 'print the result as JSON')
    .option('-y, --yes', 'do not ask for confirmation (needed when stdin is not a terminal)')
    .action(async (o: { olt: string; json?: boolean; yes?: boolean }) => {
      if (
        !(await confirmed('reconcile', `Reconcile ${o.olt}: repair drift of the ONUs ponctl manages?`, o.yes))
      )
        return;
      const r = await oltApi('POST', `/v1/olts/${encodeURIComponent(o.olt)}/reconcile`, 'reconcile');
      if (!r) return;
      if (!r.ok) return reportApiError('reconcile', r, o.json);
      if (o.json) {
        process.stdout.write(JSON.stringify(r.body) + '\n');
        return;
      }
      const b = r.body as { olt: string; changes: string[]; verified: boolean };
      process.stdout.write(
        [
          `${b.olt}: reconciled, ${b.changes.length} change(s)${b.verified ? ', verified' : ''}`,
          ...b.changes.map((c) => `  ${c}`),
        ].join('\n') + '\n',
      );
    });
}

/**
 * `ponctl apply --olt ID [--yes] [--json]` (design §5): carry out due orders now and bring the OLT's managed
 * ONUs to intent (POST /v1/olts/:id/apply): transactional, verified by read-back.
 */
import type { Command } from 'commander';
import { confirmed } from './confirm.ts';
import { oltApi, reportApiError } from './olt-api.ts';

export function registerApply(program: Command): void {
  program
    .command('apply')
    .description(
      'apply intent to an OLT (due orders, then managed ONUs) and verify ($PONCTL_URL, operator $PONCTL_KEY)',
    )
    .requiredOption('--olt <id>', 'OLT name')
    .option('--json', 'print the result as JSON')
    .option('-y, --yes', 'do not ask for confirmation (needed when stdin is not a terminal)')
    .action(async (o: { olt: string; json?: boolean; yes?: boolean }) => {
      if (!(await confirmed('apply', `Apply intent to ${o.olt} (due orders, then managed ONUs)?`, o.yes)))
        return;
      const r = await oltApi('POST', `/v1/olts/${encodeURIComponent(o.olt)}/apply`, 'apply');
      if (!r) return;
      if (!r.ok) return reportApiError('apply', r, o.json);
      if (o.json) {
        process.stdout.write(JSON.stringify(r.body) + '\n');
        return;
      }
      const b = r.body as {
        olt: string;
        changes: string[];
        verified: boolean;
        orders: { orderId: string; outcome: string }[];
      };
      const out = [
        `${b.olt}: ${b.changes.length} change(s) applied${b.verified ? ', verified' : ''}`,
        ...b.changes.map((c) => `  ${c}`),
      ];
      for (const x of b.orders) out.push(`order ${x.orderId}: ${x.outcome}`);
      process.stdout.write(out.join('\n') + '\n');
    });
}

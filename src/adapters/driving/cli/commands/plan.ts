/**
 * `ponctl plan --olt ID [--json]` (design §5): the dry-run diff between what the OLT holds and what
 * ponctl's intent says, one line per change (+ create, ~ update, - delete), plus what would be sent.
 * The device is read, never changed (GET /v1/olts/:id/plan).
 */
import type { Command } from 'commander';
import { oltApi, reportApiError } from './olt-api.ts';

export function registerPlan(program: Command): void {
  program
    .command('plan')
    .description(
      'dry-run diff of an OLT against intent; nothing on the device changes ($PONCTL_URL, operator $PONCTL_KEY)',
    )
    .requiredOption('--olt <id>', 'OLT name')
    .option('--json', 'print the plan as JSON')
    .option('--payloads', 'also print the NETCONF edit-config payloads / CLI lines that would be sent')
    .action(async (o: { olt: string; json?: boolean; payloads?: boolean }) => {
      const r = await oltApi('GET', `/v1/olts/${encodeURIComponent(o.olt)}/plan`, 'plan');
      if (!r) return;
      if (!r.ok) return reportApiError('plan', r, o.json);
      // like `terraform plan -detailed-exitcode` (issue 14 item 8): 0 no changes, 2 drift, 1 error
      if (((r.body.changes as unknown[] | undefined) ?? []).length > 0) process.exitCode = 2;
      if (o.json) {
        process.stdout.write(JSON.stringify(r.body) + '\n');
        return;
      }
      const p = r.body as {
        olt: string;
        protocol: string;
        changes: string[];
        counts: Record<string, number>;
        payloads: string[];
        unmanaged: string[];
      };
      const out = [
        `plan for ${p.olt} (${p.protocol}): ${p.counts.create} to create, ${p.counts.update} to update, ${p.counts.delete} to delete`,
      ];
      out.push(
        ...(p.changes.length
          ? p.changes.map((c) => `  ${c}`)
          : ['  (no changes: the device matches intent)']),
      );
      if (p.unmanaged.length)
        out.push(
          `${p.unmanaged.length} ONU(s) not managed by ponctl (left alone): ${p.unmanaged.slice(0, 10).join(', ')}${p.unmanaged.length > 10 ? ', …' : ''}`,
        );
      if (o.payloads) out.push('', ...p.payloads);
      process.stdout.write(out.join('\n') + '\n');
    });
}

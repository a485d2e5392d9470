/**
 * `ponctl orders [--status S] [--from D] [--to D] [--json]` (design §5): lists orders through the
 * API ($PONCTL_URL, key $PONCTL_KEY): an SP key sees its own, an operator key all (or `--sp ID`).
 */
import type { Command } from 'commander';
import { oltApi, reportApiError } from './olt-api.ts';

export function registerOrders(program: Command): void {
  program
    .command('orders')
    .description('list orders ($PONCTL_URL, key $PONCTL_KEY)')
    .option(
      '--status <status>',
      'received, accepted, scheduled, due, in-progress, completed, failed, cancelled',
    )
    .option('--from <date>', 'received on or after YYYY-MM-DD')
    .option('--to <date>', 'received on or before YYYY-MM-DD')
    .option('--sp <id>', 'operator key: only this SP')
    .option('--json', 'print the orders as JSON')
    .action(async (o: { status?: string; from?: string; to?: string; sp?: string; json?: boolean }) => {
      const q = new URLSearchParams();
      for (const k of ['status', 'from', 'to', 'sp'] as const) if (o[k]) q.set(k, o[k]!);
      const r = await oltApi('GET', `/v1/orders${q.size ? `?${q}` : ''}`, 'orders');
      if (!r) return;
      if (!r.ok) return reportApiError('orders', r, o.json);
      const body = r.body as { orders?: Record<string, string>[] };
      const orders = body.orders ?? [];
      if (o.json) {
        process.stdout.write(JSON.stringify(orders) + '\n');
        return;
      }
      const cols = ['id', 'sp', 'status', 'category', 'adapterId', 'plannedDate', 'deadline'];
      const rows = orders.map((x) => cols.map((c) => String(x[c] ?? '-')));
      const widths = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
      const line = (r: string[]) =>
        r
          .map((v, i) => v.padEnd(widths[i]))
          .join('  ')
          .trimEnd() + '\n';
      process.stdout.write(line(cols));
      for (const r of rows) process.stdout.write(line(r));
      process.stdout.write(`${orders.length} order${orders.length === 1 ? '' : 's'}\n`);
    });
}

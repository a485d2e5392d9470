/**
 * `ponctl orders [--status S] [--from D] [--to D] [--json]` (design §5): lists orders through the
 * API ($PONCTL_URL, key $PONCTL_KEY): an SP key sees its own, an operator key all (or `--sp ID`).
 */
import type { Command } from 'commander';

export function registerOrders(program: Command): void {
  program.command('orders')
    .description('list orders ($PONCTL_URL, key $PONCTL_KEY)')
    .option('--status <status>', 'received, accepted, scheduled, due, in-progress, completed, failed, cancelled')
    .option('--from <date>', 'received on or after YYYY-MM-DD')
    .option('--to <date>', 'received on or before YYYY-MM-DD')
    .option('--sp <id>', 'operator key: only this SP')
    .option('--json', 'print the orders as JSON')
    .action(async (o: { status?: string; from?: string; to?: string; sp?: string; json?: boolean }) => {
      const base = (process.env.PONCTL_URL ?? 'http://127.0.0.1:8080').replace(/\/+$/, '');
      const q = new URLSearchParams();
      for (const k of ['status', 'from', 'to', 'sp'] as const) if (o[k]) q.set(k, o[k]!);
      const headers: Record<string, string> = {};
      if (process.env.PONCTL_KEY) headers.authorization = `Bearer ${process.env.PONCTL_KEY}`;
      let res: Response;
      try {
        res = await fetch(`${base}/v1/orders${q.size ? `?${q}` : ''}`, { headers });
      } catch (e) {
        process.stderr.write(`ponctl orders: cannot reach ${base}: ${(e as Error).message}\n`);
        process.exitCode = 1;
        return;
      }
      const body = (await res.json().catch(() => ({}))) as { orders?: Record<string, string>[]; error?: { code: string; message: string } };
      if (!res.ok) {
        if (o.json) process.stdout.write(JSON.stringify(body) + '\n');
        else process.stderr.write(`ponctl orders: HTTP ${res.status} ${body.error?.code ?? ''}: ${body.error?.message ?? ''}\n`);
        process.exitCode = 1;
        return;
      }
      const orders = body.orders ?? [];
      if (o.json) {
        process.stdout.write(JSON.stringify(orders) + '\n');
        return;
      }
      const cols = ['id', 'sp', 'status', 'category', 'adapterId', 'plannedDate', 'deadline'];
      const rows = orders.map((x) => cols.map((c) => String(x[c] ?? '-')));
      const widths = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
      const line = (r: string[]) => r.map((v, i) => v.padEnd(widths[i])).join('  ').trimEnd() + '\n';
      process.stdout.write(line(cols));
      for (const r of rows) process.stdout.write(line(r));
      process.stdout.write(`${orders.length} order${orders.length === 1 ? '' : 's'}\n`);
    });
}

/**
 * `ponctl orders [--status S] [--from D] [--to D] [--json | -o json|wide]` (design §5): lists orders through the
 * API ($PONCTL_URL, key $PONCTL_KEY): an SP key sees its own, an operator key all (or `--sp ID`).
 * Orders provisioning could not carry out (issue 17 item 1) show their attempts, the OLT, the next
 * attempt and the reason: `ponctl orders --status failed` is the operator's list of what to retry
 * (`ponctl order retry ID`) and the SP's of what to cancel free of charge.
 */
import type { Command } from 'commander';
import { oltApi, reportApiError } from './olt-api.ts';
import { outputFormat, type OutputFormat } from './output.ts';

interface ListedOrder {
  [field: string]: unknown;
  status?: string;
  provisioning?: {
    attempts: number;
    lastError: string;
    lastAttemptAt: string;
    olt?: string;
    nextAttemptAt?: string;
    failedBecause?: string;
  };
}

const BASE_COLUMNS = ['id', 'sp', 'status', 'category', 'adapterId', 'plannedDate', 'deadline'];
const FAILURE_COLUMNS = ['attempts', 'olt', 'next', 'reason'];

/** A failed order's reason: why provisioning gave up, then the last device error. */
function reasonOf(o: ListedOrder): string {
  const p = o.provisioning;
  if (!p) return '-';
  const why =
    p.failedBecause === 'deadline-passed'
      ? 'deadline passed'
      : p.failedBecause === 'permanent'
        ? 'cannot be carried out'
        : undefined;
  return why ? `${why}: ${p.lastError}` : p.lastError;
}

function cell(o: ListedOrder, c: string): string {
  const p = o.provisioning;
  switch (c) {
    case 'attempts':
      return p ? String(p.attempts) : '-';
    case 'olt':
      return p?.olt ?? '-';
    case 'next':
      return p?.nextAttemptAt ?? '-';
    case 'reason':
      return reasonOf(o);
    default:
      return o[c] === undefined || o[c] === null ? '-' : String(o[c]);
  }
}

/**
 * An aligned table (the last column is not padded: a reason may be long). `wide` adds when the order
 * was received and the provisioning columns even when no order has failed.
 */
export function ordersTable(orders: ListedOrder[], format: OutputFormat = 'table'): string {
  const failures = format === 'wide' || orders.some((o) => o.provisioning);
  const base = format === 'wide' ? [...BASE_COLUMNS, 'receivedAt'] : BASE_COLUMNS;
  const cols = failures ? [...base, ...FAILURE_COLUMNS] : base;
  const rows = orders.map((x) => cols.map((c) => cell(x, c)));
  const widths = cols.map((c, i) => Math.max(c.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((v, i) => (i === r.length - 1 ? v : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd() + '\n';
  return line(cols) + rows.map(line).join('') + `${orders.length} order${orders.length === 1 ? '' : 's'}\n`;
}

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
    .option('--json', 'print the orders as JSON (same as -o json)')
    .option('-o, --output <format>', 'json or wide')
    .action(
      async (o: {
        status?: string;
        from?: string;
        to?: string;
        sp?: string;
        json?: boolean;
        output?: string;
      }) => {
        const format = outputFormat(o);
        const json = format === 'json';
        const q = new URLSearchParams();
        for (const k of ['status', 'from', 'to', 'sp'] as const) if (o[k]) q.set(k, o[k]!);
        const r = await oltApi('GET', `/v1/orders${q.size ? `?${q}` : ''}`, 'orders');
        if (!r) return;
        if (!r.ok) return reportApiError('orders', r, json);
        const orders = ((r.body as { orders?: ListedOrder[] }).orders ?? []).filter(Boolean);
        if (json) {
          process.stdout.write(JSON.stringify(orders) + '\n');
          return;
        }
        process.stdout.write(ordersTable(orders, format));
      },
    );
}

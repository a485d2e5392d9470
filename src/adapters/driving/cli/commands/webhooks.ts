/**
 * `ponctl webhooks dead-letters` and `ponctl webhooks replay` (issue 17 item 3: a delivery that gave
 * up is kept, listed and can be queued again — nothing is lost). An SP key acts on its own
 * deliveries, the operator key on every SP's (`--sp` narrows). Talks to $PONCTL_URL with $PONCTL_KEY.
 */
import type { Command } from 'commander';
import { authHeaders, controllerBase, oltApi, reportApiError } from './olt-api.ts';

interface DeadLetter {
  id: string;
  spId: string;
  event: string;
  endpointId: string;
  attempts: number;
  lastError?: string;
  createdAt: string;
}

export function formatDeadLetters(items: DeadLetter[]): string {
  if (!items.length) return 'no dead-lettered deliveries';
  const head = ['DELIVERY', 'SP', 'EVENT', 'ENDPOINT', 'ATTEMPTS', 'LAST ERROR', 'EVENT TIME'];
  const rows = items.map((d) => [
    d.id,
    d.spId,
    d.event,
    d.endpointId,
    String(d.attempts),
    d.lastError ?? '',
    d.createdAt,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [head, ...rows]
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function registerWebhooks(program: Command): void {
  const wh = program.command('webhooks').description('webhook deliveries ($PONCTL_URL, $PONCTL_KEY)');
  wh.command('dead-letters')
    .description('deliveries that gave up after their last retry')
    .option('--sp <id>', 'operator: only this SP')
    .option('--json', 'print the API body')
    .action(async (o: { sp?: string; json?: boolean }) => {
      const q = o.sp ? `&sp=${encodeURIComponent(o.sp)}` : '';
      const r = await oltApi('GET', `/v1/webhooks/dead-letters?limit=1000${q}`, 'webhooks dead-letters');
      if (!r) return;
      if (!r.ok) return reportApiError('webhooks dead-letters', r, o.json);
      const items = r.body.deadLetters as DeadLetter[];
      process.stdout.write((o.json ? JSON.stringify(r.body) : formatDeadLetters(items)) + '\n');
    });
  wh.command('replay')
    .description('queue dead-lettered deliveries again (all of the key, or --id / --endpoint)')
    .option('--id <delivery...>', 'only these deliveries')
    .option('--endpoint <id>', 'only deliveries to this endpoint')
    .option('--sp <id>', 'operator: only this SP')
    .option('--json', 'print the API body')
    .action(async (o: { id?: string[]; endpoint?: string; sp?: string; json?: boolean }) => {
      const base = controllerBase();
      const body = {
        ...(o.id ? { ids: o.id } : {}),
        ...(o.endpoint ? { endpointId: o.endpoint } : {}),
        ...(o.sp ? { sp: o.sp } : {}),
      };
      let res: Response;
      try {
        res = await fetch(`${base}/v1/webhooks/dead-letters/replay`, {
          method: 'POST',
          headers: authHeaders({ 'content-type': 'application/json' }),
          body: JSON.stringify(body),
        });
      } catch (e) {
        process.stderr.write(`ponctl webhooks replay: cannot reach ${base}: ${(e as Error).message}\n`);
        process.exitCode = 1;
        return;
      }
      const parsed = (await res.json().catch(() => ({}))) as Record<string, unknown>;
      if (!res.ok) return reportApiError('webhooks replay', { status: res.status, body: parsed }, o.json);
      process.stdout.write(
        (o.json ? JSON.stringify(parsed) : `${String(parsed.replayed)} delivery(ies) queued again`) + '\n',
      );
    });
}

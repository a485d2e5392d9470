/**
 * `ponctl alarms [--json | -o json|wide]` (design §5): the controller's alarms (`GET /v1/alarms`, operator key in
 * `$PONCTL_KEY`, controller at `$PONCTL_URL`), newest change first; `--all` includes cleared ones.
 * `ponctl alarms ack ID [--text T]` acknowledges one.
 */
import type { Command } from 'commander';
import type { Alarm } from '../../../../domain/monitoring/alarms.ts';
import { authHeaders, controllerBase } from './olt-api.ts';
import { outputFormat, table, type Column, type OutputFormat } from './output.ts';

async function call(method: string, pathAndQuery: string, body?: unknown): Promise<unknown> {
  const base = controllerBase();
  const headers = authHeaders(body === undefined ? {} : { 'content-type': 'application/json' });
  let res: Response;
  try {
    res = await fetch(`${base}${pathAndQuery}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    throw new Error(`cannot reach the controller at ${base}: ${(err as Error).message}`);
  }
  const data = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
  if (!res.ok)
    throw new Error(
      `${res.status} ${data.error?.code ?? ''} ${data.error?.message ?? res.statusText}`.trim(),
    );
  return data;
}

/** Columns of `ponctl alarms`: the id first (what `alarms ack` takes), the text last (it may be long). */
const COLUMNS: Column<Alarm>[] = [
  { header: 'id', value: (a) => a.id },
  { header: 'severity', value: (a) => (a.isCleared ? 'cleared' : a.severity) },
  { header: 'state', value: (a) => a.operatorState },
  { header: 'resource', value: (a) => a.resource },
  { header: 'type', value: (a) => a.type },
  { header: 'adapter', value: (a) => a.adapterId },
  { header: 'changed', value: (a) => a.lastChangedAt.replace('T', ' ').slice(0, 19) },
  { header: 'raised', value: (a) => a.raisedAt.replace('T', ' ').slice(0, 19), wide: true },
  { header: 'qualifier', value: (a) => a.qualifier, wide: true },
  { header: 'operator', value: (a) => a.operator, wide: true },
  { header: 'text', value: (a) => a.text },
];

/** An aligned table with a header; `no alarms` when there are none. */
export function formatAlarms(alarms: readonly Alarm[], format: OutputFormat = 'table'): string {
  if (alarms.length === 0) return 'no alarms';
  return table(alarms, COLUMNS, format).trimEnd();
}

export function registerAlarms(program: Command): void {
  const cmd = program
    .command('alarms')
    .description('alarms of the network (operator key): raised ones, newest first')
    .option('--all', 'include cleared alarms')
    .option('--olt <name>', 'only this OLT')
    .option('--severity <s>', 'only this severity (warning, minor, major, critical)')
    .option('--json', 'print { alarms: [...] } as JSON (same as -o json)')
    .option('-o, --output <format>', 'json or wide')
    .action(
      async (o: { all?: boolean; olt?: string; severity?: string; json?: boolean; output?: string }) => {
        const format = outputFormat(o);
        const q = new URLSearchParams();
        if (!o.all) q.set('cleared', 'false');
        if (o.olt) q.set('olt', o.olt);
        if (o.severity) q.set('severity', o.severity);
        const data = (await call('GET', `/v1/alarms?${q}`)) as { alarms: Alarm[] };
        process.stdout.write(
          format === 'json' ? `${JSON.stringify(data)}\n` : `${formatAlarms(data.alarms, format)}\n`,
        );
      },
    );
  cmd
    .command('ack <id>')
    .description('acknowledge an alarm (RFC 8632 operator-state ack)')
    .option('--text <t>', 'a note for the other operators')
    .option('--json', 'print the alarm as JSON')
    .action(async (id: string, _o: unknown, self: Command) => {
      // `--json`/`-o` after the id are parsed by the parent `alarms` too: read both levels
      const o = self.optsWithGlobals<{ text?: string; json?: boolean; output?: string }>();
      const format = outputFormat(o);
      const data = (await call('POST', `/v1/alarms/${encodeURIComponent(id)}/ack`, { text: o.text })) as {
        alarm: Alarm;
      };
      process.stdout.write(
        format === 'json' ? `${JSON.stringify(data.alarm)}\n` : `${formatAlarms([data.alarm], format)}\n`,
      );
    });
}

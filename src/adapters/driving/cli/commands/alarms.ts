/**
 * `ponctl alarms [--json]` (design §5): the controller's alarms (`GET /v1/alarms`, operator key in
 * `$PONCTL_KEY`, controller at `$PONCTL_URL`), newest change first; `--all` includes cleared ones.
 * `ponctl alarms ack ID [--text T]` acknowledges one.
 */
import type { Command } from 'commander';
import type { Alarm } from '../../../../domain/monitoring/alarms.ts';
import { authHeaders, controllerBase } from './olt-api.ts';

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

/** One line per alarm: time, severity, state, resource, type, text. */
export function formatAlarms(alarms: readonly Alarm[]): string {
  if (alarms.length === 0) return 'no alarms';
  return alarms
    .map((a) =>
      [
        a.lastChangedAt.replace('T', ' ').slice(0, 19),
        (a.isCleared ? 'cleared' : a.severity).padEnd(8),
        a.operatorState.padEnd(7),
        a.resource.padEnd(22),
        a.type.padEnd(15),
        a.adapterId ?? '-',
        a.text,
      ].join('  '),
    )
    .join('\n');
}

export function registerAlarms(program: Command): void {
  const cmd = program
    .command('alarms')
    .description('alarms of the network (operator key): raised ones, newest first')
    .option('--all', 'include cleared alarms')
    .option('--olt <name>', 'only this OLT')
    .option('--severity <s>', 'only this severity (warning, minor, major, critical)')
    .option('--json', 'print { alarms: [...] } as JSON')
    .action(async (o: { all?: boolean; olt?: string; severity?: string; json?: boolean }) => {
      const q = new URLSearchParams();
      if (!o.all) q.set('cleared', 'false');
      if (o.olt) q.set('olt', o.olt);
      if (o.severity) q.set('severity', o.severity);
      const data = (await call('GET', `/v1/alarms?${q}`)) as { alarms: Alarm[] };
      process.stdout.write(o.json ? `${JSON.stringify(data)}\n` : `${formatAlarms(data.alarms)}\n`);
    });
  cmd
    .command('ack <id>')
    .description('acknowledge an alarm (RFC 8632 operator-state ack)')
    .option('--text <t>', 'a note for the other operators')
    .option('--json', 'print the alarm as JSON')
    .action(async (id: string, _o: unknown, self: Command) => {
      // `--json` after the id is parsed by the parent `alarms` too: read both levels
      const o = self.optsWithGlobals<{ text?: string; json?: boolean }>();
      const data = (await call('POST', `/v1/alarms/${encodeURIComponent(id)}/ack`, { text: o.text })) as {
        alarm: Alarm;
      };
      process.stdout.write(o.json ? `${JSON.stringify(data.alarm)}\n` : `${formatAlarms([data.alarm])}\n`);
    });
}

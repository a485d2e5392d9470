/**
 * `ponctl incidents [--status open|resolved] [--cause C] [--olt NAME] [--from T] [--to T]
 * [--json | -o json|wide]` (issue 14 item 8): correlated incidents, newest start first
 * (GET /v1/incidents, every page); the id is what GET /v1/incidents/:id takes.
 */
import type { Command } from 'commander';
import { getAllPages } from './olt-api.ts';
import { outputFormat, table, type Column } from './output.ts';

interface Incident {
  id: string;
  cause: string;
  olt: string;
  pon?: string;
  start: string;
  end?: string;
  status: string;
  affected: { olt: string; pon: string; onuId: number; adapterId?: string; recoveredAt?: string }[];
  countsForSla: boolean;
  summary: string;
}

const time = (t?: string) => t?.replace('T', ' ').slice(0, 19);

const COLUMNS: Column<Incident>[] = [
  { header: 'id', value: (i) => i.id },
  { header: 'status', value: (i) => i.status },
  { header: 'cause', value: (i) => i.cause },
  { header: 'olt', value: (i) => i.olt },
  { header: 'pon', value: (i) => i.pon },
  { header: 'start', value: (i) => time(i.start) },
  { header: 'end', value: (i) => time(i.end) },
  { header: 'onts', value: (i) => i.affected.length },
  // spec §5: only faults on the network owner's side count against the SLA
  { header: 'sla', value: (i) => (i.countsForSla ? 'counts' : 'no'), wide: true },
  {
    header: 'adapters',
    value: (i) => i.affected.flatMap((a) => (a.adapterId ? [a.adapterId] : [])).join(','),
    wide: true,
  },
  { header: 'summary', value: (i) => i.summary },
];

export function registerIncidents(program: Command): void {
  program
    .command('incidents')
    .description('correlated incidents (operator key), newest first')
    .option('--status <s>', 'open or resolved')
    .option('--cause <c>', 'only this cause')
    .option('--olt <name>', 'only this OLT')
    .option('--from <iso>', 'overlapping [from, to): from this time')
    .option('--to <iso>', 'until this time')
    .option('-o, --output <format>', 'json or wide')
    .option('--json', 'print { incidents: [...] } as JSON (same as -o json)')
    .action(
      async (o: {
        status?: string;
        cause?: string;
        olt?: string;
        from?: string;
        to?: string;
        output?: string;
        json?: boolean;
      }) => {
        const format = outputFormat(o);
        const q = new URLSearchParams();
        for (const k of ['status', 'cause', 'olt', 'from', 'to'] as const) if (o[k]) q.set(k, o[k]!);
        const path = `/v1/incidents${q.size ? `?${q}` : ''}`;
        const rows = await getAllPages<Incident>(path, 'incidents', 'incidents', format === 'json');
        if (!rows) return;
        if (format === 'json') {
          process.stdout.write(JSON.stringify({ incidents: rows }) + '\n');
          return;
        }
        process.stdout.write(table(rows, COLUMNS, format));
        process.stdout.write(`${rows.length} incident${rows.length === 1 ? '' : 's'}\n`);
      },
    );
}

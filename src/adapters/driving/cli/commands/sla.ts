/**
 * `ponctl sla …` (design §5): `compute` works offline on an incidents file (design §7); `credits` and
 * `statement` ask the controller (`$PONCTL_URL`, `$PONCTL_KEY`).
 */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { IncidentsFileError, type CreditsReport } from '../../../../domain/sla/index.ts';
import { computeFromIncidentsFile } from '../../../../application/sla/sla-service.ts';
import { authHeaders, controllerBase } from './olt-api.ts';

/** Exit status for bad input (a file or argument the user must fix). */
const EXIT_INPUT = 2;

function inputError(message: string): void {
  process.stderr.write(`ponctl sla: ${message}\n`);
  process.exitCode = EXIT_INPUT;
}

function printReport(report: CreditsReport, json: boolean): void {
  if (json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const out: string[] = [`SLA credits ${report.month}: ${report.total.toFixed(2)} EUR`];
  for (const sp of report.sps) {
    out.push(`  ${sp.sp}: ${sp.total.toFixed(2)} EUR`);
    for (const sub of sp.subscribers) {
      out.push(`    ${sub.adapterId}: ${sub.total.toFixed(2)} EUR`);
      for (const l of sub.lines) {
        const what =
          l.rule === 'access-hourly'
            ? `access-hourly ${l.units} h`
            : `service-daily ${l.service} ${l.units} d`;
        out.push(
          `      ${l.outageId}  ${what}  (${l.countedMinutes} min counted)  ${l.amount.toFixed(2)} EUR`,
        );
      }
    }
  }
  if (report.excluded.length)
    out.push(
      `  excluded: ${report.excluded.map((e) => `${e.outageId}/${e.adapterId} (${e.reason})`).join(', ')}`,
    );
  process.stdout.write(`${out.join('\n')}\n`);
}

function compute(opts: { incidents: string; month: string; json?: boolean }): void {
  let text: string;
  try {
    text = readFileSync(opts.incidents, 'utf8');
  } catch (err) {
    return inputError(`cannot read incidents file ${opts.incidents}: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    return inputError(`${opts.incidents} is not valid JSON: ${(err as Error).message}`);
  }
  try {
    printReport(computeFromIncidentsFile(json, opts.month), Boolean(opts.json));
  } catch (err) {
    if (err instanceof IncidentsFileError)
      return inputError(`invalid ${err.field === 'month' ? '--month' : 'incidents file'}: ${err.message}`);
    throw err;
  }
}

async function controllerGet(pathAndQuery: string): Promise<Response | undefined> {
  const base = controllerBase();
  try {
    const res = await fetch(`${base}${pathAndQuery}`, { headers: authHeaders() });
    if (res.ok) return res;
    const body = (await res.json().catch(() => ({}))) as { error?: { code?: string; message?: string } };
    process.stderr.write(
      `ponctl sla: ${res.status} ${body.error?.code ?? ''} ${body.error?.message ?? res.statusText}\n`,
    );
  } catch (err) {
    process.stderr.write(`ponctl sla: cannot reach the controller at ${base}: ${(err as Error).message}\n`);
  }
  process.exitCode = 1;
  return undefined;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export function registerSlaCommand(program: Command): void {
  const sla = program.command('sla').description('SLA credits and monthly statements (spec §5, §6)');

  sla
    .command('compute')
    .description('compute a month of credits from an incidents file, without a controller (design §7)')
    .requiredOption('--incidents <file>', 'incidents file (JSON, design §7)')
    .requiredOption('--month <YYYY-MM>', 'billing month (outages are booked in the month they end)')
    .option('--json', 'print the report as JSON')
    .action(compute);

  sla
    .command('credits')
    .description("the month's credits with their explanation, from the controller")
    .requiredOption('--month <YYYY-MM>', 'billing month')
    .option('--sp <id>', 'only this service provider (operator keys)')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { month: string; sp?: string; json?: boolean }) => {
      if (!MONTH.test(opts.month)) return inputError(`--month must be YYYY-MM, got "${opts.month}"`);
      const q = new URLSearchParams({ month: opts.month, ...(opts.sp ? { sp: opts.sp } : {}) });
      const res = await controllerGet(`/v1/sla/credits?${q}`);
      if (res) printReport((await res.json()) as CreditsReport, Boolean(opts.json));
    });

  sla
    .command('statement')
    .description("the month's CSV specification of services and credits of one SP, from the controller")
    .requiredOption('--month <YYYY-MM>', 'billing month')
    .requiredOption('--sp <id>', 'service provider')
    .action(async (opts: { month: string; sp: string }) => {
      if (!MONTH.test(opts.month)) return inputError(`--month must be YYYY-MM, got "${opts.month}"`);
      const q = new URLSearchParams({ month: opts.month, sp: opts.sp });
      const res = await controllerGet(`/v1/sla/statement.csv?${q}`);
      if (res) process.stdout.write(await res.text());
    });
}

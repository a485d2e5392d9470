/**
 * `ponctl order check FILE` and `ponctl order submit FILE` (design §5).
 *
 * `check` applies the contract's rules alone (spec §3), with no store: facts a file cannot carry are
 * assumed permissive and said so in `--help`. Output (fixed, design §5):
 * `{ "ok": bool, "code"?, "field"?, "plannedDate"?, "deadline"? }`, dates YYYY-MM-DD; exit 0 when
 * ok, 1 when rejected, 2 on a usage error (unreadable file, bad option).
 */
import type { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { evaluateOrder } from '../../../../domain/orders/intake.ts';
import { INSTALLATION_KINDS, type InstallationKind } from '../../../../domain/orders/types.ts';
import { permissiveContext } from '../../../../domain/orders/validate.ts';
import { authHeaders, controllerBase, oltApi, reportApiError } from './olt-api.ts';

export interface CheckResult {
  ok: boolean;
  code?: string;
  field?: string;
  message?: string;
  plannedDate?: string;
  deadline?: string;
}

/** The check itself, separated from I/O so tests and other commands can call it. */
export function checkOrderBody(body: unknown, receivedAt: Date, installation: InstallationKind): CheckResult {
  const v = evaluateOrder(body, permissiveContext(receivedAt), { installation });
  if (!v.ok) return { ok: false, code: v.code, ...(v.field ? { field: v.field } : {}), message: v.message };
  return { ok: true, plannedDate: v.value.schedule.plannedDate, deadline: v.value.schedule.deadline };
}

class UsageError extends Error {}

/** `--received`: an ISO time (or date); default PONCTL_CLOCK (design §3), else now. */
function receivedInstant(opt: string | undefined): Date {
  const src = opt ?? process.env.PONCTL_CLOCK;
  if (!src) return new Date();
  const d = new Date(src);
  if (Number.isNaN(d.getTime())) throw new UsageError(`not an ISO time: ${src}`);
  return d;
}

async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch {
    return Symbol.for('ponctl.malformed-json');
  }
}

function fail(err: unknown): void {
  process.stderr.write(`ponctl: ${(err as Error).message ?? String(err)}\n`);
  process.exitCode = 2;
}

const CHECK_HELP = `
Applies the contract's rules (spec §3) to the order in FILE without a store. Facts only the
controller knows are ASSUMED PERMISSIVE: the ONT serial is in this SP's stock and allowed for
activation; the AdapterID exists, belongs to this SP, is active (or in SL for sl-reactivation) and
has no earlier pending order and no temporary disconnection this year; the address is covered and its
port is free; the OLT and ONT can carry 2000/1000; the day's activation capacity is not exceeded.
Received time: --received, else $PONCTL_CLOCK, else now. Exit 0 when ok, 1 when rejected.`;

export function registerOrderCommand(program: Command): void {
  const order = program.command('order').description('Check or submit a BSNA / BSND / SBSN order (spec §3)');

  order
    .command('check')
    .description("Check an order file against the contract's rules alone (no store)")
    .argument('<file>', 'order JSON (design §4 body)')
    .option('--received <iso-time>', 'when the order is received (ISO 8601)')
    .option(
      '--installation <kind>',
      `installation kind for Table 8: ${INSTALLATION_KINDS.join(', ')}`,
      'existing',
    )
    .option('--json', 'print the result as JSON')
    .addHelpText('after', CHECK_HELP)
    .action(async (file: string, opts: { received?: string; installation: string; json?: boolean }) => {
      try {
        if (!(INSTALLATION_KINDS as readonly string[]).includes(opts.installation)) {
          throw new UsageError(`--installation must be one of ${INSTALLATION_KINDS.join(', ')}`);
        }
        const receivedAt = receivedInstant(opts.received);
        const body = await readJsonFile(file);
        const result =
          typeof body === 'symbol'
            ? { ok: false, code: 'INCOMPLETE_ORDER', message: 'the file is not valid JSON' }
            : checkOrderBody(body, receivedAt, opts.installation as InstallationKind);
        if (opts.json) {
          const { message: _m, ...fixed } = result;
          process.stdout.write(`${JSON.stringify(fixed)}\n`);
        } else if (result.ok) {
          process.stdout.write(`ok: planned ${result.plannedDate}, deadline ${result.deadline}\n`);
        } else {
          process.stdout.write(
            `rejected: ${result.code}${result.field ? ` (${result.field})` : ''}: ${result.message}\n`,
          );
        }
        process.exitCode = result.ok ? 0 : 1;
      } catch (e) {
        fail(e);
      }
    });

  order
    .command('retry')
    .description(
      'Operator: carry out a failed order again, reservations kept (POST /v1/orders/ID/retry; issue 17)',
    )
    .argument('<id>', 'the order id')
    .option('--json', 'print the response body as JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const r = await oltApi('POST', `/v1/orders/${encodeURIComponent(id)}/retry`, 'order retry');
      if (!r) return;
      if (!r.ok) return reportApiError('order retry', r, opts.json);
      if (opts.json) process.stdout.write(JSON.stringify(r.body) + '\n');
      else process.stdout.write(`${id}: ${String(r.body.status)}\n`);
    });

  order
    .command('submit')
    .description('POST an order file to the controller ($PONCTL_URL /v1/orders, key $PONCTL_KEY)')
    .argument('<file>', 'order JSON (design §4 body)')
    .option('--idempotency-key <key>', 'Idempotency-Key header: resubmitting returns the same order')
    .option('--json', 'print the response body as JSON')
    .action(async (file: string, opts: { idempotencyKey?: string; json?: boolean }) => {
      try {
        let text: string;
        try {
          text = await readFile(file, 'utf8');
        } catch (e) {
          throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
        }
        const base = controllerBase();
        const headers = authHeaders({ 'content-type': 'application/json' });
        if (opts.idempotencyKey) headers['idempotency-key'] = opts.idempotencyKey;
        let res: Response;
        try {
          res = await fetch(`${base}/v1/orders`, { method: 'POST', headers, body: text });
        } catch (e) {
          throw new Error(`cannot reach ${base}: ${(e as Error).message}`);
        }
        const raw = await res.text();
        let data: unknown = raw;
        try {
          data = JSON.parse(raw);
        } catch {
          /* not JSON: print as text */
        }
        if (opts.json) {
          process.stdout.write(
            `${typeof data === 'string' ? JSON.stringify({ status: res.status, body: data }) : JSON.stringify(data)}\n`,
          );
        } else if (res.ok) {
          const d = data as {
            id?: string;
            status?: string;
            adapterId?: string;
            plannedDate?: string;
            deadline?: string;
          };
          process.stdout.write(
            `${d.status ?? 'accepted'}: order ${d.id ?? '?'}, AdapterID ${d.adapterId ?? '-'}, planned ${d.plannedDate ?? '-'}, deadline ${d.deadline ?? '-'}\n`,
          );
        } else {
          const e = (data as { error?: { code?: string; message?: string; field?: string } })?.error;
          process.stdout.write(
            `rejected (HTTP ${res.status}): ${e?.code ?? ''}${e?.field ? ` (${e.field})` : ''}: ${e?.message ?? raw}\n`,
          );
        }
        process.exitCode = res.ok ? 0 : 1;
      } catch (e) {
        fail(e);
      }
    });
}

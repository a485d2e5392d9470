/**
 * `ponctl onts [TEXT] [--olt NAME] [--pon R/S/P] [-o json|wide]` (issue 14 item 8): the ONTs of the
 * network, or those TEXT finds (GET /v1/onts: a serial, an AdapterID prefix, an SP id, address words
 * or a position); an SP key sees its own accesses' ONTs only.
 * `ponctl onts unconfigured [--olt NAME] [-o json|wide]` (issue 14 item 5): the ONUs each OLT sees
 * but holds no configuration for (GET /v1/onts/unconfigured, operator key), with the SP's order that
 * names the serial. OLTs that could not be read are reported on stderr (exit code 1 when none could).
 */
import type { Command } from 'commander';
import { getAllPages, oltApi, reportApiError } from './olt-api.ts';
import { outputFormat, table, type Column } from './output.ts';
import type { OntRow } from '../../../../application/noc/ont-directory.ts';

interface Onu {
  olt: string;
  pon: string;
  serial: string;
  firstSeen: string;
  firstSeenBy: string;
  rxDbm?: number;
  model?: string;
  onuIdHint?: number;
  matchedOrder?: { id: string; spId: string; state: string; fieldWorkDone: boolean };
}

const COLUMNS: Column<Onu>[] = [
  { header: 'serial', value: (u) => u.serial },
  { header: 'olt', value: (u) => u.olt },
  { header: 'pon', value: (u) => u.pon },
  { header: 'first seen', value: (u) => u.firstSeen.replace('T', ' ').slice(0, 19) },
  { header: 'rx dBm', value: (u) => u.rxDbm?.toFixed(2) },
  { header: 'model', value: (u) => u.model, wide: true },
  { header: 'onu id hint', value: (u) => u.onuIdHint, wide: true },
  { header: 'seen by', value: (u) => u.firstSeenBy, wide: true },
  {
    header: 'order',
    value: (u) =>
      u.matchedOrder &&
      `${u.matchedOrder.id} (${u.matchedOrder.spId}, ${u.matchedOrder.state}${u.matchedOrder.fieldWorkDone ? '' : ', awaiting field work'})`,
  },
];

/** Columns of a row of GET /v1/onts (the application's OntRow as the API serialises it). */
const ONT_COLUMNS: Column<OntRow>[] = [
  { header: 'olt', value: (t) => t.olt },
  { header: 'pon', value: (t) => t.pon },
  { header: 'onu', value: (t) => t.onuId },
  { header: 'serial', value: (t) => t.serial },
  { header: 'adapter', value: (t) => t.adapterId },
  { header: 'sp', value: (t) => t.sp },
  // stale: the last known state, the OLT could not be read now
  { header: 'state', value: (t) => (t.stale ? `${t.state} (stale)` : t.state) },
  { header: 'rx dBm', value: (t) => (typeof t.rxDbm === 'number' ? t.rxDbm.toFixed(2) : undefined) },
  { header: 'last seen', value: (t) => t.lastSeenAt?.replace('T', ' ').slice(0, 19), wide: true },
  { header: 'matched', value: (t) => t.matched, wide: true },
  { header: 'address', value: (t) => t.address, wide: true },
];

export function registerOnts(program: Command): void {
  const onts = program
    .command('onts')
    .description('ONTs of the network, or those TEXT finds (serial, AdapterID, SP, address, position)')
    .argument('[text]', 'search text (GET /v1/onts?q=)')
    .option('--olt <name>', 'only this OLT')
    .option('--pon <pon>', 'only this PON (R/S/P)')
    .option('-o, --output <format>', 'json or wide')
    .option('--json', 'print { onts: [...] } as JSON (same as -o json)')
    .action(
      async (
        text: string | undefined,
        o: { olt?: string; pon?: string; output?: string; json?: boolean },
      ) => {
        const format = outputFormat(o);
        const q = new URLSearchParams({ limit: '1000' });
        if (text) q.set('q', text);
        if (o.olt) q.set('olt', o.olt);
        if (o.pon) q.set('pon', o.pon);
        const rows = await getAllPages<OntRow>(`/v1/onts?${q}`, 'onts', 'onts', format === 'json');
        if (!rows) return;
        if (format === 'json') {
          process.stdout.write(JSON.stringify({ onts: rows }) + '\n');
          return;
        }
        process.stdout.write(table(rows, ONT_COLUMNS, format));
        process.stdout.write(`${rows.length} ONT${rows.length === 1 ? '' : 's'}\n`);
      },
    );
  onts
    .command('unconfigured')
    .description('ONUs the OLTs see but hold no configuration for, and the order naming each serial')
    .option('--olt <name>', 'only this OLT')
    .option('-o, --output <format>', 'json or wide')
    .action(async (_o: unknown, self: Command) => {
      // `onts` has the same options: after `unconfigured` commander gives them to the parent, read both
      const o = self.optsWithGlobals<{ olt?: string; output?: string; json?: boolean }>();
      const format = outputFormat(o);
      const q = o.olt ? `?olt=${encodeURIComponent(o.olt)}` : '';
      const r = await oltApi('GET', `/v1/onts/unconfigured${q}`, 'onts unconfigured');
      if (!r) return;
      if (!r.ok) return reportApiError('onts unconfigured', r, format === 'json');
      const body = r.body as {
        onus: Onu[];
        olts: { olt: string; ok: boolean; error?: { code: string; message: string } }[];
      };
      if (format === 'json') {
        process.stdout.write(JSON.stringify(body) + '\n');
      } else {
        process.stdout.write(table(body.onus, COLUMNS, format));
        process.stdout.write(`${body.onus.length} unconfigured ONU${body.onus.length === 1 ? '' : 's'}\n`);
      }
      for (const x of body.olts.filter((y) => !y.ok))
        process.stderr.write(`ponctl onts unconfigured: ${x.olt}: ${x.error?.code}: ${x.error?.message}\n`);
      if (body.olts.length > 0 && body.olts.every((y) => !y.ok)) process.exitCode = 1;
    });
}

/**
 * `ponctl onts unconfigured [--olt NAME] [-o json|wide]` (issue 14 item 5): the ONUs each OLT sees
 * but holds no configuration for (GET /v1/onts/unconfigured, operator key), with the SP's order that
 * names the serial. OLTs that could not be read are reported on stderr (exit code 1 when none could).
 */
import type { Command } from 'commander';
import { oltApi, reportApiError } from './olt-api.ts';
import { outputFormat, table, type Column } from './output.ts';

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

export function registerOnts(program: Command): void {
  const onts = program.command('onts').description('ONTs of the network (operator key)');
  onts
    .command('unconfigured')
    .description('ONUs the OLTs see but hold no configuration for, and the order naming each serial')
    .option('--olt <name>', 'only this OLT')
    .option('-o, --output <format>', 'json or wide')
    .action(async (o: { olt?: string; output?: string }) => {
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

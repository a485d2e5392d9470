/**
 * `npm run bench -- lab` (issue 4 "What must be shown", design §10): the 4 096-ONT OLT — start time
 * and RSS; `snmpbulkwalk` time of its ONT table (v2c and v3 authPriv). NETCONF `get-config` of a
 * 4 096-ONU configuration is measured on the BBF OLT by `npm run bench -- provision` (the driver's
 * read-back), since the ZXA10 OLT no longer serves the retired ponctl-olt module (issue 12).
 */
import { Lab } from '../simulators/lab/index.ts';
import { loadOltSnmpProfile } from '../src/protocols/snmp/olt-snmp-profile.ts';
import { runTool, snmpArgs } from '../test/helpers/lab.ts';
import { line, mb } from './_util.ts';

const PONS = 16;
const ONTS = 256;

const fmt = (ms: number) => `${ms.toFixed(0)} ms`;

export async function benchLab(): Promise<void> {
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const lab = await Lab.start({ olts: 1, pons: PONS, onts: ONTS, profiles: ['zxa10-c300'] });
  const startMs = performance.now() - t0;
  const rss1 = process.memoryUsage().rss;
  try {
    const inv = lab.inventory();
    const olt = inv.olts[0];
    line(`lab start, 1 OLT × ${PONS} PON × ${ONTS} ONT (${PONS * ONTS} ONTs)`, fmt(startMs));
    line('RSS after start (process / added by the lab)', `${mb(rss1)} / ${mb(rss1 - rss0)}`);

    const profile = loadOltSnmpProfile('zxa10-c300');
    const serialCol = profile.ontTable.columns.serial!.oid;
    for (const [v, reps] of [
      ['v2c', 10],
      ['v2c', 50],
      ['v3', 10],
      ['v3', 50],
    ] as const) {
      const r = await runTool('snmpbulkwalk', [...snmpArgs(olt, v), `-Cr${reps}`, serialCol]);
      const rows = r.stdout.split('\n').filter((l) => l.includes(' = ')).length;
      line(`snmpbulkwalk ${v} -Cr${reps} ONT serial column (${rows} rows)`, fmt(r.ms));
    }
    for (const v of ['v2c', 'v3'] as const) {
      // the C3xx ONU tables (`.1012.3`: ONU identity, phase, optics) [docs/zxa10-dialect.md §9.2]
      const r = await runTool('snmpbulkwalk', [...snmpArgs(olt, v), '-Cr50', '1.3.6.1.4.1.3902.1012.3']);
      const rows = r.stdout.split('\n').filter((l) => l.includes(' = ')).length;
      line(`snmpbulkwalk ${v} -Cr50 C3xx .1012.3 ONU tables (${rows} cells)`, fmt(r.ms));
    }

    line('RSS at the end', mb(process.memoryUsage().rss));
  } finally {
    await lab.close();
  }
}

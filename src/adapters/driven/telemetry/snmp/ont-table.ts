/**
 * Reading the ONT table of an OLT (issue 6 §1): the columns the profile names, PON by PON, decoded
 * into one row per ONT (the telemetry port's OntRow). The phase enum and the optical unit come from
 * the device profile.
 */
import type { OntRow } from '../../../../application/ports/telemetry.ts';
import type { SnmpClient } from './client.ts';
import {
  ponOfIfIndex,
  unitScale,
  type OltSnmpProfile,
  type OntColumn,
} from '../../../../protocols/snmp/olt-snmp-profile.ts';

export const DEFAULT_POLL_COLUMNS: readonly OntColumn[] = ['phaseState', 'rxPower'];

/** PON ports of the OLT as ifIndex → `R/S/P`, from the ifIndex column of IF-MIB. */
export async function readPonPorts(
  client: SnmpClient,
  profile: OltSnmpProfile,
): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  await client.walkSegment({ roots: [profile.ifTable.ifIndex] }, profile.maxRepetitions, (_root, vb) => {
    const ix = Number(vb.value);
    const pon = ponOfIfIndex(profile, ix);
    if (pon) out.set(ix, pon);
  });
  return out;
}

export interface ReadOntTableOptions {
  columns?: readonly OntColumn[];
  /** PON ifIndexes known already (skips the IF-MIB walk). */
  ponPorts?: Map<number, string>;
  /** GETBULK requests in flight at once for this OLT (default 8). */
  parallel?: number;
  /** Rows per PON ifIndex seen last time (sizes the last GETBULK of each PON, see WalkSegment). */
  rowsPerPon?: Map<number, number>;
}

/** Every ONT row of the OLT with the requested columns. */
export async function readOntTable(
  client: SnmpClient,
  profile: OltSnmpProfile,
  opts: ReadOntTableOptions = {},
): Promise<{ rows: OntRow[]; ponPorts: Map<number, string> }> {
  const columns = opts.columns ?? DEFAULT_POLL_COLUMNS;
  const ponPorts = opts.ponPorts ?? (await readPonPorts(client, profile));
  const defs = columns.map((c) => ({ name: c, def: profile.ontTable.columns[c] }));
  const byRoot = new Map<
    string,
    { name: OntColumn; scale: number; enumMap?: Record<string, string>; ix: number }
  >();
  const segs = [...ponPorts.keys()].map((ix) => ({
    expectedRows: opts.rowsPerPon?.get(ix),
    roots: defs.map(({ name, def }) => {
      const root = `${def.oid}.${ix}`;
      byRoot.set(root, { name, scale: unitScale(def), enumMap: def.enum, ix });
      return root;
    }),
  }));
  const rows = new Map<string, OntRow>();
  const rowsSeen = new Map<number, number>();
  await client.walkSegments(segs, profile.maxRepetitions, opts.parallel ?? 8, (root, vb) => {
    const col = byRoot.get(root)!;
    const onuId = Number(vb.oid.slice(root.length + 1));
    if (!Number.isInteger(onuId)) return;
    const key = `${col.ix}.${onuId}`;
    let row = rows.get(key);
    if (!row) {
      row = { pon: ponPorts.get(col.ix)!, onuId };
      rows.set(key, row);
      rowsSeen.set(col.ix, (rowsSeen.get(col.ix) ?? 0) + 1);
    }
    setCell(row, col.name, vb.value, col.scale, col.enumMap);
  });
  const list = [...rows.values()];
  if (opts.rowsPerPon) {
    opts.rowsPerPon.clear();
    for (const ix of ponPorts.keys()) opts.rowsPerPon.set(ix, rowsSeen.get(ix) ?? 0);
  }
  // a polled optical column whose cell is absent means "no light" (profile: absentWhenNoLight)
  for (const r of list) {
    if (columns.includes('rxPower') && r.rxDbm === undefined) r.rxDbm = null;
    if (columns.includes('txPower') && r.txDbm === undefined) r.txDbm = null;
  }
  return { rows: list, ponPorts };
}

function text(v: unknown): string {
  return Buffer.isBuffer(v) ? v.toString('utf8') : String(v ?? '');
}

function setCell(
  row: OntRow,
  col: OntColumn,
  v: unknown,
  scale: number,
  enumMap?: Record<string, string>,
): void {
  switch (col) {
    case 'phaseState':
      row.phase = enumMap?.[String(v)] ?? String(v);
      break;
    case 'rxPower':
      row.rxDbm = Math.round(Number(v) * scale * 1000) / 1000;
      break;
    case 'txPower':
      row.txDbm = Math.round(Number(v) * scale * 1000) / 1000;
      break;
    case 'serial':
      row.serial = text(v);
      break;
    case 'description':
      row.description = text(v);
      break;
    default:
      break;
  }
}

/**
 * Reading the ONT table of an OLT (issue 6 §1): the columns the profile names, PON by PON, decoded
 * into one row per ONT (the telemetry port's OntRow). Tables, index encodings, the phase enum and the
 * optical encoding come from the device profile (ZTE: docs/zxa10-dialect.md §9).
 */
import type { OntRow } from '../../../../application/ports/telemetry.ts';
import type { SnmpClient } from './client.ts';
import {
  decodeEnum,
  decodeNumber,
  decodeText,
  encodePonIndex,
  indexSchemeOf,
  ponOfIfIndex,
  type OltSnmpProfile,
  type OntColumn,
  type SnmpColumnDef,
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
  const columns = (opts.columns ?? DEFAULT_POLL_COLUMNS).filter((c) => profile.ontTable.columns[c]);
  const ponPorts = opts.ponPorts ?? (await readPonPorts(client, profile));
  const defs = columns.map((c) => ({ name: c, def: profile.ontTable.columns[c]! }));
  // each column sits in its own table, indexed by its own PON encoding (ZTE C3xx: `.1012` index for
  // the ONU tables, IF-MIB ifIndex elsewhere); a PON's segment walks one root per column
  const byRoot = new Map<string, { name: OntColumn; def: SnmpColumnDef; ix: number }>();
  const segs = [...ponPorts].map(([ix, pon]) => ({
    expectedRows: opts.rowsPerPon?.get(ix),
    roots: defs.map(({ name, def }) => {
      const root = `${def.oid}.${encodePonIndex(indexSchemeOf(profile, def), pon)}`;
      byRoot.set(root, { name, def, ix });
      return root;
    }),
  }));
  const rows = new Map<string, OntRow>();
  const rowsSeen = new Map<number, number>();
  await client.walkSegments(segs, profile.maxRepetitions, opts.parallel ?? 8, (root, vb) => {
    const col = byRoot.get(root)!;
    const rest = vb.oid.slice(root.length + 1).split('.');
    const onuId = Number(rest[0]);
    if (!Number.isInteger(onuId) || rest.length !== 1 + (col.def.suffix?.length ?? 0)) return;
    const key = `${col.ix}.${onuId}`;
    let row = rows.get(key);
    if (!row) {
      row = { pon: ponPorts.get(col.ix)!, onuId };
      rows.set(key, row);
      rowsSeen.set(col.ix, (rowsSeen.get(col.ix) ?? 0) + 1);
    }
    setCell(row, col.name, col.def, vb.value);
  });
  const list = [...rows.values()];
  if (opts.rowsPerPon) {
    opts.rowsPerPon.clear();
    for (const ix of ponPorts.keys()) opts.rowsPerPon.set(ix, rowsSeen.get(ix) ?? 0);
  }
  // a polled optical cell that is absent or says "no value" (ZTE 65535) means no light
  for (const r of list) {
    if (columns.includes('rxPower') && r.rxDbm === undefined) r.rxDbm = null;
    if (columns.includes('txPower') && r.txDbm === undefined) r.txDbm = null;
  }
  return { rows: list, ponPorts };
}

function setCell(row: OntRow, col: OntColumn, def: SnmpColumnDef, v: unknown): void {
  switch (col) {
    case 'phaseState':
      row.phase = decodeEnum(def, v);
      break;
    case 'rxPower':
      row.rxDbm = decodeNumber(def, v);
      break;
    case 'txPower':
      row.txDbm = decodeNumber(def, v);
      break;
    case 'serial':
      row.serial = decodeText(def, v);
      break;
    case 'description':
      row.description = decodeText(def, v);
      break;
    default:
      break;
  }
}

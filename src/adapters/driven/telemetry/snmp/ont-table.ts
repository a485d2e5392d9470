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
  // the ONU tables, IF-MIB ifIndex elsewhere); a PON's segment walks one root per column. The rows of
  // a PON are kept by ONU id, so a cell costs a number parsed from its OID, not a string key built
  // (a sweep of a national network decodes hundreds of thousands of cells)
  const byPon = new Map<number, Map<number, OntRow>>();
  const byRoot = new Map<
    string,
    { name: OntColumn; def: SnmpColumnDef; pon: string; rows: Map<number, OntRow>; suffix: number }
  >();
  const segs = [...ponPorts].map(([ix, pon]) => {
    const ponRows = new Map<number, OntRow>();
    byPon.set(ix, ponRows);
    return {
      expectedRows: opts.rowsPerPon?.get(ix),
      roots: defs.map(({ name, def }) => {
        const root = `${def.oid}.${encodePonIndex(indexSchemeOf(profile, def), pon)}`;
        byRoot.set(root, { name, def, pon, rows: ponRows, suffix: def.suffix?.length ?? 0 });
        return root;
      }),
    };
  });
  await client.walkSegments(segs, profile.maxRepetitions, opts.parallel ?? 8, (root, vb) => {
    const col = byRoot.get(root)!;
    const onuId = onuIdOfCell(vb.oid, root.length + 1, col.suffix);
    if (onuId === undefined) return;
    let row = col.rows.get(onuId);
    if (!row) {
      row = { pon: col.pon, onuId };
      col.rows.set(onuId, row);
    }
    setCell(row, col.name, col.def, vb.value);
  });
  const list: OntRow[] = [];
  for (const ponRows of byPon.values()) for (const row of ponRows.values()) list.push(row);
  if (opts.rowsPerPon) {
    opts.rowsPerPon.clear();
    for (const [ix, ponRows] of byPon) opts.rowsPerPon.set(ix, ponRows.size);
  }
  // a polled optical cell that is absent or says "no value" (ZTE 65535) means no light
  const rx = columns.includes('rxPower');
  const tx = columns.includes('txPower');
  if (rx || tx)
    for (const r of list) {
      if (rx && r.rxDbm === undefined) r.rxDbm = null;
      if (tx && r.txDbm === undefined) r.txDbm = null;
    }
  return { rows: list, ponPorts };
}

/**
 * The ONU id of a cell `<root>.<onuId>[.suffix]` whose instance starts at `from`, or undefined when
 * the instance has not that shape (`suffix` more sub-identifiers after the ONU id).
 */
export function onuIdOfCell(oid: string, from: number, suffix: number): number | undefined {
  let onuId = -1;
  let n = 0;
  let parts = 0; // sub-identifiers after the ONU id
  let start = from;
  for (let i = from; i <= oid.length; i++) {
    const c = i < oid.length ? oid.charCodeAt(i) : 46; // the end closes the last sub-identifier
    if (c === 46) {
      if (i === start) return undefined; // an empty one
      if (onuId < 0) onuId = n;
      else parts++;
      n = 0;
      start = i + 1;
    } else if (c >= 48 && c <= 57) n = n * 10 + (c - 48);
    else return undefined;
  }
  return parts === suffix ? onuId : undefined;
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

/**
 * `ponctl coverage import FILE.csv` and `ponctl stock import FILE.csv` (issue 14 item 4): a network
 * owner's first data, loaded all or nothing — every line is checked first and every bad line is
 * reported with its number and what is wrong; only a file without errors is written, in one
 * transaction.
 *
 * Coverage columns (header line required, any order): street, number, city, county, node, olt, pon,
 * onu_id, installation, technology (optional, default gpon), flat (optional). One line = one address
 * and the PON position that serves it; a known address is updated.
 * Stock columns: sp, serial. One line = one ONT in an SP's stock; the SP must exist
 * (`ponctl keys create --sp`), a serial already in stock is an error.
 */
import { INSTALLATION_KINDS } from '../../domain/orders/types.ts';
import { addressKey, type CoverageRecord, type Store } from '../ports/store/index.ts';

export interface LineError {
  line: number;
  message: string;
}

export interface ImportResult {
  ok: boolean;
  /** Lines written (0 when there were errors). */
  imported: number;
  errors: LineError[];
}

export const COVERAGE_COLUMNS = [
  'street',
  'number',
  'city',
  'county',
  'node',
  'olt',
  'pon',
  'onu_id',
  'installation',
];
export const STOCK_COLUMNS = ['sp', 'serial'];
const SERIAL = /^[A-Z]{4}[0-9A-F]{8}$/;
const PON = /^\d+\/\d+\/\d+$/;

/** RFC 4180 fields of one line (quotes, doubled quotes; no line breaks inside fields). */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"' && cur === '') quoted = true;
    else if (c === ',') {
      out.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  out.push(cur.trim());
  return out;
}

/** Rows as column → value, with their line numbers; header errors as line 1. */
function rowsOf(
  text: string,
  required: string[],
  errors: LineError[],
): { line: number; v: Record<string, string> }[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = csvFields(lines[0] ?? '').map((h) => h.toLowerCase());
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length) {
    errors.push({
      line: 1,
      message: `header lacks column(s) ${missing.join(', ')} (needs ${required.join(', ')})`,
    });
    return [];
  }
  const rows: { line: number; v: Record<string, string> }[] = [];
  lines.slice(1).forEach((l, i) => {
    if (!l.trim()) return;
    const f = csvFields(l);
    if (f.length !== header.length) {
      errors.push({ line: i + 2, message: `${f.length} fields, the header has ${header.length}` });
      return;
    }
    rows.push({ line: i + 2, v: Object.fromEntries(header.map((h, k) => [h, f[k]])) });
  });
  if (!rows.length && !errors.length) errors.push({ line: 1, message: 'no data lines' });
  return rows;
}

export async function importCoverage(store: Store, text: string): Promise<ImportResult> {
  const errors: LineError[] = [];
  const records: CoverageRecord[] = [];
  const seen = new Map<string, number>();
  const olts = new Set((await store.olts.list()).map((o) => o.name));
  for (const { line, v } of rowsOf(text, COVERAGE_COLUMNS, errors)) {
    const bad = (m: string) => errors.push({ line, message: m });
    for (const c of COVERAGE_COLUMNS) if (!v[c]) bad(`${c} is empty`);
    const onuId = Number(v.onu_id);
    if (v.onu_id && (!Number.isInteger(onuId) || onuId < 0 || onuId > 1023))
      bad(`onu_id ${v.onu_id} is not 0–1023`);
    if (v.pon && !PON.test(v.pon)) bad(`pon ${v.pon} is not R/S/P`);
    if (v.olt && !olts.has(v.olt)) bad(`olt ${v.olt} is not registered (ponctl olt add)`);
    if (v.installation && !(INSTALLATION_KINDS as readonly string[]).includes(v.installation))
      bad(`installation ${v.installation} is not one of ${INSTALLATION_KINDS.join(', ')}`);
    const technology = v.technology || 'gpon';
    if (technology !== 'gpon' && technology !== 'xgs-pon')
      bad(`technology ${technology} is not gpon or xgs-pon`);
    const parts = {
      street: v.street,
      number: v.number,
      city: v.city,
      county: v.county,
      ...(v.flat ? { flat: v.flat } : {}),
    };
    const key = addressKey(parts);
    if (seen.has(key)) bad(`the same address as line ${seen.get(key)}`);
    seen.set(key, line);
    records.push({
      addressKey: key,
      ...parts,
      node: v.node,
      technology: technology as CoverageRecord['technology'],
      olt: v.olt,
      pon: v.pon,
      onuId,
      installation: v.installation,
    });
  }
  if (errors.length) return { ok: false, imported: 0, errors: errors.sort((a, b) => a.line - b.line) };
  await store.transaction(async (tx) => {
    for (const r of records) await tx.coverage.upsert(r);
  });
  return { ok: true, imported: records.length, errors: [] };
}

export async function importStock(store: Store, text: string, at: string): Promise<ImportResult> {
  const errors: LineError[] = [];
  const bySp = new Map<string, string[]>();
  const seen = new Map<string, number>();
  const sps = new Map<string, boolean>();
  for (const { line, v } of rowsOf(text, STOCK_COLUMNS, errors)) {
    const bad = (m: string) => errors.push({ line, message: m });
    const serial = (v.serial ?? '').toUpperCase();
    if (!SERIAL.test(serial)) bad(`serial ${v.serial} is not 4 letters + 8 hex digits`);
    if (!sps.has(v.sp)) sps.set(v.sp, !!v.sp && !!(await store.sps.get(v.sp)));
    if (!sps.get(v.sp))
      bad(`SP ${v.sp || '(empty)'} does not exist (ponctl keys create --sp ${v.sp || 'ID'})`);
    if (seen.has(serial)) bad(`serial ${serial} also on line ${seen.get(serial)}`);
    else if (SERIAL.test(serial) && (await store.stock.get(serial)))
      bad(`serial ${serial} is already in stock`);
    seen.set(serial, line);
    bySp.set(v.sp, [...(bySp.get(v.sp) ?? []), serial]);
  }
  if (errors.length) return { ok: false, imported: 0, errors: errors.sort((a, b) => a.line - b.line) };
  const n = await store.transaction(async (tx) => {
    let k = 0;
    for (const [sp, serials] of bySp) k += await tx.stock.add(sp, serials, at);
    return k;
  });
  return { ok: true, imported: n, errors: [] };
}

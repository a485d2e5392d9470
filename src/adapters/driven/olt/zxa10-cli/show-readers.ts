/**
 * Readers of the ZXA10 `show` replies the driver uses, as the public captures lay them out. Tables
 * are split on whitespace, not fixed columns: data rows sit one column right of their header on C300
 * and at varying offsets on C600 (docs/zxa10-dialect.md §4). Which column means what is profile data
 * (`reads.uncfg`, `reads.state`). Pure.
 */
import type { UnconfiguredOnu } from '../../../../application/ports/olt-driver/olt-driver.ts';
import { parseName, type TableRead, type Zxa10Dialect } from './zxa10-dialect.ts';

const SERIAL = /^[A-Z0-9]{4}[0-9A-F]{8}$/i;

/** Rows of a table: the lines after the dash rule that follows the header line containing `header`. */
function tableRows(lines: readonly string[], header: string): string[][] {
  const h = lines.findIndex((l) => l.includes(header));
  if (h < 0) return [];
  let i = h + 1;
  if (/^-{10,}\s*$/.test(lines[i] ?? '')) i++;
  const rows: string[][] = [];
  for (; i < lines.length; i++) {
    const t = lines[i].trim();
    if (!t || /^ONU Number:/.test(t)) continue;
    rows.push(t.split(/\s+/));
  }
  return rows;
}

/** `gpon-onu_1/2/2:1`, `gpon_onu-1/1/1:1` or the bare `1/2/1:1` of `show gpon onu state`. */
function onuIndex(d: Zxa10Dialect, word: string): { pon: string; onuId: number } | undefined {
  const named = parseName(d.naming.onu, word);
  if (named?.onuId !== undefined) return { pon: named.pon, onuId: named.onuId };
  const m = /^(\d+\/\d+\/\d+):(\d+)$/.exec(word);
  return m ? { pon: m[1], onuId: Number(m[2]) } : undefined;
}

/**
 * `show gpon onu uncfg` (C3xx: OnuIndex Sn State, c300/show-gpon-onu-uncfg-c320.txt) or
 * `show pon onu uncfg` (C600: OltIndex Model SN PW, c600/show-pon-onu-uncfg-c600.txt).
 */
export function readUncfg(d: Zxa10Dialect, read: TableRead, lines: readonly string[]): UnconfiguredOnu[] {
  const cols = read.columns ?? {};
  const headers = Object.keys(cols);
  const headerLine = lines.find((l) => headers.every((h) => l.includes(h)));
  if (!headerLine) return [];
  const order = headerLine.trim().split(/\s+/);
  const out: UnconfiguredOnu[] = [];
  for (const row of tableRows(lines, headerLine.trim())) {
    const cell = (meaning: string) => {
      const h = headers.find((x) => cols[x] === meaning);
      return h === undefined ? undefined : row[order.indexOf(h)];
    };
    const serial = cell('serial');
    if (!serial || !SERIAL.test(serial)) continue;
    const onu = cell('onu');
    const ponName = cell('pon');
    let pon: string | undefined;
    let onuIdHint: number | undefined;
    if (onu) {
      const ix = onuIndex(d, onu);
      pon = ix?.pon;
      onuIdHint = ix?.onuId;
    } else if (ponName)
      pon = parseName(d.naming.oltPort, ponName)?.pon ?? /(\d+\/\d+\/\d+)$/.exec(ponName)?.[1];
    if (!pon) continue;
    const model = cell('model');
    out.push({
      pon,
      serial: serial.toUpperCase(),
      ...(onuIdHint !== undefined ? { onuIdHint } : {}),
      ...(model ? { model } : {}),
    });
  }
  return out;
}

export interface OnuStateRow {
  pon: string;
  onuId: number;
  admin: string;
  omcc: string;
  /** Telemetry phase name (`working`, `los`, `dyingGasp`, …) from the dialect's phase words. */
  phase: string;
}

/** `show gpon onu state …` in whichever of the profile's layouts the header shows. */
export function readOnuStates(d: Zxa10Dialect, read: TableRead, lines: readonly string[]): OnuStateRow[] {
  const layout = (read.layouts ?? []).find((l) => lines.some((x) => x.includes(l.header)));
  if (!layout) return [];
  const out: OnuStateRow[] = [];
  const at = (name: string) => layout.columns.indexOf(name);
  for (const row of tableRows(lines, layout.header)) {
    const ix = onuIndex(d, row[at('onu')] ?? '');
    const word = row[at('phase')];
    if (!ix || !word) continue;
    out.push({
      ...ix,
      admin: row[at('admin')] ?? '',
      omcc: row[at('omcc')] ?? '',
      phase: d.phaseWords[word] ?? word.toLowerCase(),
    });
  }
  return out;
}

export interface OnuDetail {
  /** Every `Key: value` line of the block, as printed (keys without the colon). */
  fields: Record<string, string>;
  /** The authentication / offline history rows (empty `0000-00-00 00:00:00` slots left out). */
  history: { authpass: string; offline?: string; cause?: string }[];
}

/** `show gpon onu detail-info …` (c300/show-gpon-onu-detail-info-c3xx.txt, c600/…-c600-dyinggasp.txt). */
export function readOnuDetail(lines: readonly string[]): OnuDetail {
  const fields: Record<string, string> = {};
  const history: OnuDetail['history'] = [];
  let inHistory = false;
  for (const l of lines) {
    if (/^-{10,}\s*$/.test(l)) {
      inHistory = true;
      continue;
    }
    if (!inHistory) {
      const m = /^\s*([^:]+?):\s*(.*)$/.exec(l);
      if (m) fields[m[1]] = m[2].trim();
      continue;
    }
    const h = /^\s*\d+\s+(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\s+(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)\s*(.*)$/.exec(l);
    if (!h || h[1].startsWith('0000')) continue;
    history.push({
      authpass: h[1],
      ...(h[2].startsWith('0000') ? {} : { offline: h[2] }),
      ...(h[3].trim() ? { cause: h[3].trim() } : {}),
    });
  }
  return { fields, history };
}

const DBM = /(-?\d+(?:\.\d+)?)\(dbm\)/i;

export interface Attenuation {
  oltRxDbm?: number;
  onuTxDbm?: number;
  oltTxDbm?: number;
  onuRxDbm?: number;
  upDb?: number;
  downDb?: number;
}

/**
 * `show pon power attenuation gpon-onu_…`: the `up` row is OLT Rx / ONU Tx, the `down` row OLT Tx /
 * ONU Rx (2+ live: c300/show-pon-power-attenuation-c3xx.txt, …-c320-v2.1.0.txt).
 */
export function readAttenuation(lines: readonly string[]): Attenuation {
  const out: Attenuation = {};
  for (const l of lines) {
    const m =
      /^\s*(up|down)\s+\S+\s*:\s*(-?[\d.]+)\(dbm\)\s+\S+?\s*:\s*(-?[\d.]+)\(dbm\)\s+(-?[\d.]+)\(dB\)/i.exec(
        l,
      );
    if (!m) continue;
    const [olt, onu, att] = [Number(m[2]), Number(m[3]), Number(m[4])];
    if (m[1] === 'up') Object.assign(out, { oltRxDbm: olt, onuTxDbm: onu, upDb: att });
    else Object.assign(out, { oltTxDbm: olt, onuRxDbm: onu, downDb: att });
  }
  return out;
}

/** `show pon power onu-rx gpon-olt_…`: ONU id → dBm, null for `N/A` (c300/show-pon-power-onu-rx-onu-tx-c3xx.txt). */
export function readOnuRx(d: Zxa10Dialect, lines: readonly string[]): Map<number, number | null> {
  const out = new Map<number, number | null>();
  for (const l of lines) {
    const [name, value] = l.trim().split(/\s+/);
    const ix = name ? onuIndex(d, name) : undefined;
    if (!ix || value === undefined) continue;
    const m = DBM.exec(value);
    out.set(ix.onuId, m ? Number(m[1]) : null);
  }
  return out;
}

export interface SystemIdentity {
  sysDescr?: string;
  sysObjectID?: string;
  name?: string;
}

/** `show system-group` (2+ live: c300/session-login-system-group-c320-v2.1.0.txt, c300/session-nso-ned-live-status-c320.txt). */
export function readSystemGroup(lines: readonly string[]): SystemIdentity {
  const get = (key: string) =>
    lines
      .find((l) => l.startsWith(`${key}:`))
      ?.slice(key.length + 1)
      .trim();
  const oid = get('System ObjectId');
  return {
    ...(get('System Description') ? { sysDescr: get('System Description') } : {}),
    ...(oid ? { sysObjectID: oid.replace(/^\./, '') } : {}),
    ...(get('System name') ? { name: get('System name') } : {}),
  };
}

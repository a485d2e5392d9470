/**
 * The `snmp` section of an OLT device profile (device-profiles/NAME.json, design §6: dialects are
 * data): system group and the sysObjectID prefixes that identify the family, the PON index encodings
 * (IF-MIB ifIndex, and a table-specific one such as ZTE C3xx `.1012`), the ONT columns — each in its
 * own table with its own index, instance suffix and value encoding — the lab-only notification OIDs
 * and the poller's GETBULK max-repetitions. The ONE reading of that section: the controller's poller
 * and trap decoder read it. ZTE's real layout and encodings: docs/zxa10-dialect.md §9.
 */
import { listDeviceProfileFiles, readDeviceProfileFile } from '../device-profile-files.ts';

/**
 * A PON index as a linear encoding of `R/S/P`: base + (R−1)·rackStep + (S−1)·shelfStep + P·portStep.
 * A step of 0 means the component is not encoded (it is then 1). ZTE's bit fields are of this form:
 * IF-MIB 0x11010000|slot<<8|port, C3xx `.1012` 0x10000000|slot<<16|port<<8 [dialect §9.1].
 */
export interface PonIndexScheme {
  base: number;
  rackStep: number;
  shelfStep: number;
  portStep: number;
}

/** How a cell's value is encoded on the wire. */
export interface SnmpColumnDef {
  oid: string;
  /** net-snmp ObjectType name: OctetString, Integer, TimeTicks, Gauge, OID. */
  type: string;
  /** Which PON index the row's instance starts with (profile key; default `ponIfIndex`). */
  index?: 'ponIfIndex' | 'onuTableIndex';
  /** Instance components after the ONU id (ZTE optical tables: `[1]`, the ONU's PON port). */
  suffix?: number[];
  /** Code → phase/cause name. */
  enum?: Record<string, string>;
  /** Physical value = raw × scale + offset (ZTE ONU RX: × 0.002 − 30 dBm). */
  scale?: number;
  offset?: number;
  /** Raw values meaning "no value" (no light): 65535 on ZTE optical columns. */
  noValue?: number[];
  /** Raw is a two's-complement number of this many bits carried unsigned (ZTE: 16). */
  signedBits?: number;
  /** `gpon-serial`: 8 bytes, 4 ASCII vendor letters + 4 binary → `ZTEG` + 8 upper-case hex digits. */
  encoding?: 'gpon-serial' | 'text';
  unit?: string;
}

export type OntColumn =
  'name' | 'description' | 'serial' | 'phaseState' | 'rxPower' | 'txPower' | 'lastDownCause' | 'model';

export type OntColumns = Partial<Record<OntColumn, SnmpColumnDef>> &
  Record<'phaseState' | 'rxPower', SnmpColumnDef>;

export interface OltSnmpProfile {
  /** Device profile name (file name without `.json`). */
  name: string;
  versions: string[];
  /** sysObjectID served by the lab; `sysObjectIDPrefixes` identify the family on a real device. */
  system: { sysDescr: string; sysObjectID: string; sysObjectIDPrefixes?: string[] };
  ponIfIndex: PonIndexScheme & { ifNamePrefix: string };
  onuTableIndex?: PonIndexScheme;
  ifTable: Record<'ifIndex' | 'ifDescr' | 'ifType' | 'ifAdminStatus' | 'ifOperStatus' | 'ifName', string>;
  ontTable: { columns: OntColumns };
  /**
   * Notification OIDs. ZTE's ONU state traps are not in any public source [dialect §9.4]: these are
   * the lab's own (its OLTs send them), their varbinds the real columns above.
   */
  notifications: {
    ontLos: string;
    ontDyingGasp: string;
    ontUp: string;
    ontOffline: string;
    ontOpticalLevel?: string;
  };
  /** GETBULK max-repetitions the OLT handles well (profile `snmp.poll.maxRepetitions`, default 50). */
  maxRepetitions: number;
}

const DEFAULT_MAX_REPETITIONS = 50;
const cache = new Map<string, OltSnmpProfile>();

type SnmpSection = Omit<OltSnmpProfile, 'name' | 'maxRepetitions'> & { poll?: { maxRepetitions?: number } };

/** Reads `device-profiles/<name>.json` → its `snmp` section (throws when the profile has none). */
export function loadOltSnmpProfile(name: string): OltSnmpProfile {
  let p = cache.get(name);
  if (p) return p;
  const s = readDeviceProfileFile(name).snmp as SnmpSection | undefined;
  if (!s?.ontTable?.columns?.phaseState || !s.ontTable.columns.rxPower)
    throw new Error(`device profile ${name} has no snmp.ontTable phaseState/rxPower columns`);
  const maxRepetitions = s.poll?.maxRepetitions ?? DEFAULT_MAX_REPETITIONS;
  if (!Number.isInteger(maxRepetitions) || maxRepetitions < 1)
    throw new Error(`device profile ${name}: snmp.poll.maxRepetitions must be a positive integer`);
  for (const [col, def] of Object.entries(s.ontTable.columns))
    if ((def.index ?? 'ponIfIndex') === 'onuTableIndex' && !s.onuTableIndex)
      throw new Error(`device profile ${name}: column ${col} uses onuTableIndex, which the profile lacks`);
  p = { ...s, name, maxRepetitions };
  cache.set(name, p);
  return p;
}

/**
 * The device profile whose `snmp.system.sysObjectIDPrefixes` match `sysObjectID` (longest prefix
 * wins), e.g. `.1082.1001.300…` → zxa10-c300, `.1082.1001.600…` → zxa10-c600 [dialect §1].
 */
export function profileForSysObjectID(sysObjectID: string): string | undefined {
  const oid = sysObjectID.replace(/^\./, '');
  let best: { name: string; len: number } | undefined;
  for (const name of listDeviceProfileFiles()) {
    let prefixes: string[] | undefined;
    try {
      prefixes = (readDeviceProfileFile(name).snmp as SnmpSection | undefined)?.system?.sysObjectIDPrefixes;
    } catch {
      continue;
    }
    for (const pre of prefixes ?? []) {
      const p = pre.replace(/^\./, '');
      if ((oid === p || oid.startsWith(p + '.')) && (!best || p.length > best.len))
        best = { name, len: p.length };
    }
  }
  return best?.name;
}

/** The index of PON `R/S/P` under a scheme. */
export function encodePonIndex(x: PonIndexScheme, pon: string): number {
  const [r, s, port] = pon.split('/').map(Number);
  return x.base + (r - 1) * x.rackStep + (s - 1) * x.shelfStep + port * x.portStep;
}

/** Inverse of encodePonIndex: `R/S/P`, or undefined when the number is no PON index of the scheme. */
export function decodePonIndex(x: PonIndexScheme, n: number): string | undefined {
  let rest = n - x.base;
  if (!Number.isInteger(rest) || rest < 0) return undefined;
  const r = x.rackStep ? Math.floor(rest / x.rackStep) : 0;
  rest -= r * x.rackStep;
  const s = x.shelfStep ? Math.floor(rest / x.shelfStep) : 0;
  rest -= s * x.shelfStep;
  if (rest % x.portStep !== 0) return undefined;
  const port = rest / x.portStep;
  const pon = `${r + 1}/${s + 1}/${port}`;
  // each component is one byte in every scheme we know; beyond that the number is another port type
  if (port < 1 || port > 255 || r > 254 || s > 254 || encodePonIndex(x, pon) !== n) return undefined;
  return pon;
}

/** ifIndex of PON port `R/S/P` under the profile's IF-MIB scheme. */
export function ponIfIndexOf(p: OltSnmpProfile, pon: string): number {
  return encodePonIndex(p.ponIfIndex, pon);
}

/** Inverse of ponIfIndexOf. */
export function ponOfIfIndex(p: OltSnmpProfile, ifIndex: number): string | undefined {
  return decodePonIndex(p.ponIfIndex, ifIndex);
}

/** The scheme a column's rows are indexed by. */
export function indexSchemeOf(p: OltSnmpProfile, col: SnmpColumnDef): PonIndexScheme {
  return col.index === 'onuTableIndex' ? p.onuTableIndex! : p.ponIfIndex;
}

/** The instance of one ONU's cell in a column: `<ponIndex>.<onuId>[.suffix]`. */
export function cellInstance(p: OltSnmpProfile, col: SnmpColumnDef, pon: string, onuId: number): string {
  return [encodePonIndex(indexSchemeOf(p, col), pon), onuId, ...(col.suffix ?? [])].join('.');
}

/** PON and ONU id of an instance OID under a column, or undefined when it is no cell of that column. */
export function cellOf(
  p: OltSnmpProfile,
  col: SnmpColumnDef,
  oid: string,
): { pon: string; onuId: number } | undefined {
  if (!oid.startsWith(col.oid + '.')) return undefined;
  const parts = oid
    .slice(col.oid.length + 1)
    .split('.')
    .map(Number);
  if (parts.length !== 2 + (col.suffix?.length ?? 0)) return undefined;
  const pon = decodePonIndex(indexSchemeOf(p, col), parts[0]);
  return pon && Number.isInteger(parts[1]) ? { pon, onuId: parts[1] } : undefined;
}

function rawNumber(v: unknown): number {
  return Buffer.isBuffer(v) ? Number(v.toString('latin1')) : Number(v);
}

/** A numeric cell → its physical value (3 decimals), or null for a "no value" code. */
export function decodeNumber(col: SnmpColumnDef, v: unknown): number | null {
  let raw = rawNumber(v);
  if (!Number.isFinite(raw) || col.noValue?.includes(raw)) return null;
  if (col.signedBits && raw >= 2 ** (col.signedBits - 1)) raw -= 2 ** col.signedBits;
  return Math.round((raw * (col.scale ?? 1) + (col.offset ?? 0)) * 1000) / 1000;
}

/** A string cell: `gpon-serial` as `ZTEG` + hex [dialect §9.2 `.28.1.1.5`], otherwise UTF-8 text. */
export function decodeText(col: SnmpColumnDef, v: unknown): string {
  if (!Buffer.isBuffer(v)) return String(v ?? '');
  if (col.encoding === 'gpon-serial' && v.length === 8)
    return v.subarray(0, 4).toString('latin1') + v.subarray(4).toString('hex').toUpperCase();
  return v.toString('utf8');
}

/** An enumerated cell → its name (the code as text when the profile does not name it). */
export function decodeEnum(col: SnmpColumnDef, v: unknown): string {
  return col.enum?.[String(rawNumber(v))] ?? String(v);
}

/**
 * The `snmp` section of an OLT device profile (device-profiles/NAME.json, design §6: dialects are
 * data): system group, PON ifIndex scheme, ONT table column OIDs and encodings, notification OIDs
 * and the poller's GETBULK max-repetitions. The ONE reading of that section: the controller's poller
 * and trap decoder read it, and the simulated OLT's agent (simulators/snmp) serves what it says, so
 * both sides cannot drift apart. Nothing else holds an OID.
 */
import { readDeviceProfileFile } from '../device-profile-files.ts';

export interface SnmpColumnDef {
  oid: string;
  /** net-snmp ObjectType name: OctetString, Integer, TimeTicks, Gauge, OID. */
  type: string;
  enum?: Record<string, string>;
  unit?: string;
  absentWhenNoLight?: boolean;
}

export type OntColumn =
  | 'name'
  | 'description'
  | 'onuId'
  | 'serial'
  | 'phaseState'
  | 'rxPower'
  | 'txPower'
  | 'lastDownCause'
  | 'lastChange'
  | 'configured'
  | 'model';

export interface OltSnmpProfile {
  /** Device profile name (file name without `.json`). */
  name: string;
  versions: string[];
  system: { sysDescr: string; sysObjectID: string };
  ponIfIndex: { base: number; rackStep: number; shelfStep: number; portStep: number; ifNamePrefix: string };
  ifTable: Record<'ifIndex' | 'ifDescr' | 'ifType' | 'ifAdminStatus' | 'ifOperStatus' | 'ifName', string>;
  ontTable: { entry: string; index: string[]; columns: Record<OntColumn, SnmpColumnDef> };
  notifications: {
    ontLos: string;
    ontDyingGasp: string;
    ontUp: string;
    ontOffline: string;
    /** RX level of a working ONT crossed a threshold of its model (optional: older profiles lack it). */
    ontOpticalLevel?: string;
    varbinds: string[];
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
  if (!s?.ontTable) throw new Error(`device profile ${name} has no snmp.ontTable section`);
  const maxRepetitions = s.poll?.maxRepetitions ?? DEFAULT_MAX_REPETITIONS;
  if (!Number.isInteger(maxRepetitions) || maxRepetitions < 1)
    throw new Error(`device profile ${name}: snmp.poll.maxRepetitions must be a positive integer`);
  p = { ...s, name, maxRepetitions };
  cache.set(name, p);
  return p;
}

/** ifIndex of PON port `R/S/P` under the profile's scheme. */
export function ponIfIndexOf(p: OltSnmpProfile, pon: string): number {
  const [r, s, port] = pon.split('/').map(Number);
  const x = p.ponIfIndex;
  return x.base + (r - 1) * x.rackStep + (s - 1) * x.shelfStep + port * x.portStep;
}

/** Inverse of ponIfIndexOf: `R/S/P`, or undefined when the number is not a PON ifIndex of this scheme. */
export function ponOfIfIndex(p: OltSnmpProfile, ifIndex: number): string | undefined {
  const x = p.ponIfIndex;
  let rest = ifIndex - x.base;
  if (rest < 0) return undefined;
  const r = Math.floor(rest / x.rackStep);
  rest -= r * x.rackStep;
  const s = Math.floor(rest / x.shelfStep);
  rest -= s * x.shelfStep;
  if (rest % x.portStep !== 0) return undefined;
  const port = rest / x.portStep;
  if (port < 1) return undefined;
  return `${r + 1}/${s + 1}/${port}`;
}

/** The scale of a column's `unit` ("0.001 dBm" → 0.001), 1 when none. */
export function unitScale(col: SnmpColumnDef): number {
  const m = /^([\d.]+)\s/.exec(col.unit ?? '');
  return m ? Number(m[1]) : 1;
}

/**
 * The `snmp` section of a device profile (device-profiles/NAME.json): the OIDs and encodings the
 * simulated agent serves and the controller's poller reads. Data, not code (design §6).
 */
import { readFileSync } from 'node:fs';

export interface SnmpColumn {
  oid: string;
  /** net-snmp ObjectType name: OctetString, Integer, TimeTicks, Gauge, OID. */
  type: string;
  enum?: Record<string, string>;
  unit?: string;
  absentWhenNoLight?: boolean;
}

export type OntColumnName =
  | 'name' | 'description' | 'onuId' | 'serial' | 'phaseState' | 'rxPower' | 'txPower'
  | 'lastDownCause' | 'lastChange' | 'configured' | 'model';

export interface SnmpProfile {
  versions: string[];
  system: { sysDescr: string; sysObjectID: string };
  ponIfIndex: { base: number; rackStep: number; shelfStep: number; portStep: number; ifNamePrefix: string };
  ifTable: Record<'ifIndex' | 'ifDescr' | 'ifType' | 'ifAdminStatus' | 'ifOperStatus' | 'ifName', string>;
  ontTable: { entry: string; index: string[]; columns: Record<OntColumnName, SnmpColumn> };
  notifications: { ontLos: string; ontDyingGasp: string; ontUp: string; ontOffline: string; varbinds: string[] };
}

const cache = new Map<string, SnmpProfile>();

/** Reads `device-profiles/<name>.json` and returns its `snmp` section. */
export function loadSnmpProfile(name: string): SnmpProfile {
  let p = cache.get(name);
  if (!p) {
    const url = new URL(`../../device-profiles/${name}.json`, import.meta.url);
    const json = JSON.parse(readFileSync(url, 'utf8')) as { snmp?: SnmpProfile };
    if (!json.snmp?.ontTable) throw new Error(`device profile ${name} has no snmp.ontTable section`);
    p = json.snmp;
    cache.set(name, p);
  }
  return p;
}

/** ifIndex of PON port `R/S/P` under the profile's scheme. */
export function ponIfIndex(p: SnmpProfile, pon: string): number {
  const [r, s, port] = pon.split('/').map(Number);
  const x = p.ponIfIndex;
  return x.base + (r - 1) * x.rackStep + (s - 1) * x.shelfStep + port * x.portStep;
}

/**
 * The one loader of device profiles (device-profiles/NAME.json, design §6: "dialects live in
 * device-profiles/"). Each file is read and parsed once per process; every reader (driver factory,
 * SNMP section, optics thresholds, order planning) takes its part of the same parsed object.
 */
import { readFileSync } from 'node:fs';

export interface DeviceProfile {
  name: string;
  kind: 'olt' | 'ont';
  model?: string;
  management?: { protocols?: ('netconf' | 'cli')[]; preferred?: 'netconf' | 'cli' };
  capabilities?: Record<string, unknown>;
  cli?: unknown;
  netconf?: Record<string, unknown>;
  [k: string]: unknown;
}

const PROFILE_DIR = new URL('../../../device-profiles/', import.meta.url);
const cache = new Map<string, DeviceProfile>();

/** Reads device-profiles/NAME.json (cached). Throws when missing. */
export function loadDeviceProfile(name: string): DeviceProfile {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`bad device profile name: ${name}`);
  let p = cache.get(name);
  if (!p) {
    p = JSON.parse(readFileSync(new URL(`${name}.json`, PROFILE_DIR), 'utf8')) as DeviceProfile;
    cache.set(name, p);
  }
  return p;
}

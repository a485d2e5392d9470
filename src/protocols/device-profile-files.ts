/**
 * The device profiles as files (device-profiles/NAME.json, design §6: "dialects live in
 * device-profiles/"). A profile describes how a model speaks — CLI dialect, NETCONF quirks, SNMP
 * tables, OMCI limits — so the controller's drivers and the simulated devices read the same files,
 * on purpose. Each file is read and parsed once per process; every reader takes its part of the same
 * parsed object.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** A profile as written: `name` and `kind` always, then the sections its model needs. */
export interface DeviceProfileFile {
  name: string;
  kind: 'olt' | 'ont';
  [section: string]: unknown;
}

const PROFILE_DIR = new URL('../../device-profiles/', import.meta.url);
const cache = new Map<string, DeviceProfileFile>();

/** Reads device-profiles/NAME.json (cached). Throws when there is no such profile. */
export function readDeviceProfileFile(name: string): DeviceProfileFile {
  if (!/^[\w.-]+$/.test(name)) throw new Error(`bad device profile name: ${name}`);
  let p = cache.get(name);
  if (!p) {
    p = JSON.parse(readFileSync(new URL(`${name}.json`, PROFILE_DIR), 'utf8')) as DeviceProfileFile;
    cache.set(name, p);
  }
  return p;
}

/** Names of every profile in device-profiles/ (sorted). */
export function listDeviceProfileFiles(): string[] {
  return readdirSync(PROFILE_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/**
 * Loads a device profile's `cli` section (device-profiles/NAME.json) as a compiled dialect. The only
 * I/O around the pure dialect module; cached per profile name.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dialectFromProfile, type CliDialect } from '../../src/adapters/driven/olt/zxa10-cli/dialect.ts';

const PROFILE_DIR = fileURLToPath(new URL('../../device-profiles/', import.meta.url));
const cache = new Map<string, CliDialect>();

export function loadCliDialect(profile: string): CliDialect {
  let d = cache.get(profile);
  if (!d) {
    d = dialectFromProfile(JSON.parse(readFileSync(`${PROFILE_DIR}${profile}.json`, 'utf8')));
    cache.set(profile, d);
  }
  return d;
}

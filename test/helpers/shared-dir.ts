/**
 * Where the project's shared material lives (HELPERS.md, design §2: standards and peers stay outside
 * the project): `$PONCTL_SHARED_DIR`, else `<repo>/../shared`, else `/work/shared`. Tests and the
 * development-time generators resolve it here, so a clone in another directory still finds it.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** The shared folder (holding `standards/`, `peers/`, …), or undefined when none exists. */
export function sharedDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env.PONCTL_SHARED_DIR, path.resolve(REPO, '../shared'), '/work/shared'];
  for (const c of candidates) if (c && existsSync(path.join(c, 'standards'))) return path.resolve(c);
  return undefined;
}

/** `../shared/standards` (BBF, IETF and IANA YANG modules), or undefined. */
export function standardsDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const d = sharedDir(env);
  return d ? path.join(d, 'standards') : undefined;
}

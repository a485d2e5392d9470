/** The controller's version (package.json), as instances announce it in the cluster registry. */
import { readFileSync } from 'node:fs';

export const PONCTL_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

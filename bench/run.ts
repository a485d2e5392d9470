/**
 * `npm run bench [-- NAME…]`: runs the named benchmarks (all when none is named). Each benchmark is
 * `bench/<name>.ts` exporting `bench<Name>()`; it prints its own figures and, where a reference tool
 * exists, the reference measured in the same run and the ratio (design §10).
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const dir = path.dirname(fileURLToPath(import.meta.url));
const available = readdirSync(dir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.startsWith('_'))
  .map((f) => f.slice(0, -3))
  .sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : available;
for (const name of names) {
  if (!available.includes(name)) {
    process.stderr.write(`unknown benchmark "${name}"; available: ${available.join(', ')}\n`);
    process.exit(2);
  }
}
for (const name of names) {
  const mod = (await import(pathToFileURL(path.join(dir, `${name}.ts`)).href)) as Record<string, unknown>;
  const fn = Object.entries(mod).find(([k, v]) => k.startsWith('bench') && typeof v === 'function')?.[1] as
    (() => Promise<void>) | undefined;
  if (!fn) throw new Error(`bench/${name}.ts exports no bench…() function`);
  process.stdout.write(`\n=== bench ${name} ===\n`);
  await fn();
}
process.exit(0);

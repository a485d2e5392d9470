#!/usr/bin/env node
/**
 * The import-direction rule of ARCHITECTURE.md, checked on every import (static, `export … from`,
 * dynamic `import()`, type-only imports included: a type import is a dependency of the source too).
 * Run by `npm run lint`; test/unit/architecture.test.ts runs it as well and checks that it catches a
 * violation. Exit code 1 and one line per violation when the rule is broken.
 *
 *   src/domain        → domain only (node:crypto for HMAC, a pure computation)
 *   src/application   → domain, application (its ports); node:crypto, node:events, prom-client
 *   src/protocols     → protocols, domain; any library (net-snmp)
 *   src/adapters/driven   → domain, application, protocols, driven
 *   src/adapters/driving  → domain, application, driving
 *   src/main          → anything in src, and simulators/ (it starts the lab)
 *   simulators        → simulators, src/protocols, src/domain (+ the known debts below)
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Known debts (ARCHITECTURE.md "Known debts"): files of src/adapters a simulator may still import.
 * None remain — issue 12 removed the NETCONF ones with the ponctl-olt server, issue 18 the ZXA10 ones
 * (the lab's ZXA10 shell is simulators/zxa10, independent of the driver); nothing may be added.
 */
export const KNOWN_DEBTS = new Set();

/** Layer of a repository path, most specific first. */
export function layerOf(file) {
  if (file.startsWith('src/domain/')) return 'domain';
  if (file.startsWith('src/application/')) return 'application';
  if (file.startsWith('src/protocols/')) return 'protocols';
  if (file.startsWith('src/adapters/driven/')) return 'driven';
  if (file.startsWith('src/adapters/driving/')) return 'driving';
  if (file.startsWith('src/main/')) return 'main';
  if (file.startsWith('simulators/')) return 'simulators';
  return 'other';
}

const MAY_IMPORT = {
  domain: { layers: ['domain'], libraries: ['node:crypto'] },
  application: {
    layers: ['domain', 'application'],
    libraries: ['node:crypto', 'node:events', 'prom-client'],
  },
  protocols: { layers: ['protocols', 'domain'], libraries: '*' },
  driven: { layers: ['domain', 'application', 'protocols', 'driven'], libraries: '*' },
  driving: { layers: ['domain', 'application', 'driving'], libraries: '*' },
  main: {
    layers: ['domain', 'application', 'protocols', 'driven', 'driving', 'main', 'simulators'],
    libraries: '*',
  },
  simulators: { layers: ['simulators', 'protocols', 'domain'], libraries: '*' },
};

const IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|^\s*import\s+)(['"])([^'"]+)\1/gm;

/** Every import specifier of `text` (comments are not stripped: a commented import is still flagged). */
export function importsOf(text) {
  return [...text.matchAll(IMPORT)].map((m) => m[2]);
}

/** The violations of one file: `file` is repository-relative, `text` its source. */
export function violationsOf(file, text) {
  const layer = layerOf(file);
  const rule = MAY_IMPORT[layer];
  if (!rule) return [];
  const out = [];
  for (const spec of importsOf(text)) {
    if (spec.startsWith('.')) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      const to = layerOf(target);
      if (rule.layers.includes(to)) continue;
      if (layer === 'simulators' && KNOWN_DEBTS.has(target)) continue;
      out.push(`${file}: ${layer} must not import ${to} (${spec})`);
    } else if (rule.libraries !== '*') {
      const lib = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
      if (!rule.libraries.includes(lib)) out.push(`${file}: ${layer} must not import the library ${spec}`);
    }
  }
  return out;
}

function* sourceFiles(dir) {
  for (const name of readdirSync(path.join(ROOT, dir))) {
    const rel = `${dir}/${name}`;
    if (statSync(path.join(ROOT, rel)).isDirectory()) yield* sourceFiles(rel);
    else if (/\.(ts|mjs|js)$/.test(name) && !rel.includes('/public/')) yield rel;
  }
}

/** Every violation in src/ and simulators/. */
export function checkLayers() {
  const out = [];
  for (const dir of ['src', 'simulators'])
    for (const file of sourceFiles(dir))
      out.push(...violationsOf(file, readFileSync(path.join(ROOT, file), 'utf8')));
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const v = checkLayers();
  for (const line of v) process.stderr.write(line + '\n');
  if (v.length) {
    process.stderr.write(`${v.length} import(s) against the layer rule (ARCHITECTURE.md)\n`);
    process.exit(1);
  }
  process.stdout.write('layers: every import goes the allowed way\n');
}

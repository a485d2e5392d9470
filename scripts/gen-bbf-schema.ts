#!/usr/bin/env node
/**
 * `npm run gen:bbf-schema`: writes simulators/yang/bbf-schema.generated.json, the compiled schema the
 * lab's BBF OLT validates with (docs/bbf-mapping.md §10 (d)). Run at development time, when the
 * module set changes; `npm start` only reads the result, so it needs neither ../shared nor libyang.
 *
 * libyang compiles the modules exactly as the OLT announces them (yanglint -Y with the RFC 8525
 * library of test/fixtures/bbf/yang-library.xml: revisions, features); `-f info` prints the compiled
 * schema (augments merged, groupings expanded, typedefs resolved, disabled features removed) and
 * `-f tree` the module of every node. No description or reference text is kept.
 *
 *   node --import tsx scripts/gen-bbf-schema.ts            write the file
 *   node --import tsx scripts/gen-bbf-schema.ts --out F    write F instead (the drift test)
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDir } from '../test/helpers/shared-dir.ts';
import { parseStatements, repairInfoOutput, subAll, type Stmt } from './bbf-schema/yang-statements.ts';
import { parseTree } from './bbf-schema/tree-names.ts';
import { SchemaCompiler } from './bbf-schema/compile.ts';
import { findModuleFile, prefixMap, readYangLibrary, whenContexts } from './bbf-schema/library.ts';
import type { GenNode, GenSchema } from '../simulators/yang/schema-format.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const FIXTURES = path.join(REPO, 'test/fixtures/bbf');
export const SCHEMA_FILE = path.join(REPO, 'simulators/yang/bbf-schema.generated.json');
/** ietf-netconf and ietf-netconf-nmda are not in ../shared: Debian's libyuma-base ships them. */
const YUMA = '/usr/share/yuma/modules/ietf';

export function generateBbfSchema(shared: string): GenSchema {
  const S = path.join(shared, 'standards');
  const B = path.join(S, 'bbf-yang/standard');
  const search = [
    ...['common', 'interface', 'networking'].map((d) => path.join(B, d)),
    path.join(S, 'ietf-yang'),
    path.join(S, 'iana-yang'),
    path.join(REPO, 'yang'),
    YUMA,
  ];
  const libXml = readFileSync(path.join(FIXTURES, 'yang-library.xml'), 'utf8');
  const lib = readYangLibrary(libXml);
  const fileOf = (m: { name: string; revision: string }) => findModuleFile(search, m.name, m.revision);
  const implFiles = lib.modules.map(fileOf);
  const importFiles = lib.importOnly.map(fileOf);
  const subFiles = [...lib.modules, ...lib.importOnly].flatMap((m) => (m.submodules ?? []).map(fileOf));
  const prefixes = prefixMap([...implFiles, ...importFiles, ...subFiles]);

  const tmp = mkdtempSync(path.join(tmpdir(), 'gen-bbf-schema-'));
  try {
    // yanglint -Y wants the library as a whole datastore: RFC 8525 /yang-library plus RFC 7895 /modules-state
    const ms = readFileSync(path.join(FIXTURES, 'modules-state-rfc7895.xml'), 'utf8').replace(
      /^<\?xml[^>]*>\s*/,
      '',
    );
    const libFile = path.join(tmp, 'library.xml');
    writeFileSync(libFile, libXml + '\n' + ms);
    const yanglint = (args: string[], withLibrary = true) =>
      execFileSync(
        'yanglint',
        ['-Q', ...search.flatMap((d) => ['-p', d]), ...(withLibrary ? ['-Y', libFile] : []), ...args],
        {
          encoding: 'utf8',
          maxBuffer: 64 << 20,
        },
      );
    const info = parseStatements(repairInfoOutput(yanglint(['-f', 'info', ...implFiles])));
    // libyang will not print a module the library lists as import-only; their identities (bases of
    // the implemented ones, e.g. bbf-xpon-defects) come from a context of their own
    const importInfo = parseStatements(repairInfoOutput(yanglint(['-f', 'info', ...importFiles], false)));
    // the tree printer of libyang 2.1.30 crashes on modules without data nodes (ietf-netconf,
    // ietf-origin, ietf-netconf-with-defaults): ask it only for modules that have some
    const DATA = ['container', 'list', 'leaf', 'leaf-list', 'choice', 'anydata', 'anyxml'];
    const withData = implFiles.filter((_f, k) => info[k]?.sub.some((st) => DATA.includes(st.kw)));
    if (info.length !== implFiles.length) throw new Error('yanglint printed another number of modules');
    const trees = yanglint(['-f', 'tree', ...withData])
      .split(/^(?=module: )/m)
      .filter((t) => t.startsWith('module: '))
      .map(parseTree);
    const version = execFileSync('yanglint', ['--version'], { encoding: 'utf8' }).trim();

    const identities = collectIdentities([...info, ...importInfo], prefixes);
    const byName = new Map<string, string[]>();
    for (const q of Object.keys(identities)) {
      const local = q.slice(q.indexOf(':') + 1);
      byName.set(local, [...(byName.get(local) ?? []), q]);
    }
    const compiler = new SchemaCompiler(
      prefixes,
      byName,
      whenContexts([...implFiles, ...importFiles, ...subFiles]),
    );
    const roots: GenNode[] = [];
    for (const mod of info) {
      const tree = trees.find((t) => t.module === mod.arg);
      roots.push(...compiler.nodes(mod.sub, tree?.roots ?? [], mod.arg!, mod.arg!));
    }
    return {
      about: {
        generator:
          'scripts/gen-bbf-schema.ts (npm run gen:bbf-schema): libyang `yanglint -Y <library> -f info` and `-f tree` over the modules of test/fixtures/bbf/yang-library.xml; descriptions and references removed; do not edit by hand',
        libyang: version,
        sources: sources(S),
        licences: licences(S, [...implFiles, ...importFiles]),
      },
      library: lib,
      identities,
      types: compiler.types,
      roots,
    };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** identity → direct bases, from the `derived` lists libyang prints per identity (its compiled form). */
function collectIdentities(mods: Stmt[], prefixes: Map<string, string>): Record<string, string[]> {
  const bases: Record<string, string[]> = {};
  const q = (ref: string, module: string) => {
    const c = ref.indexOf(':');
    return c < 0 ? `${module}:${ref}` : `${prefixes.get(ref.slice(0, c)) ?? '?'}:${ref.slice(c + 1)}`;
  };
  for (const mod of mods) for (const id of subAll(mod, 'identity')) bases[`${mod.arg}:${id.arg}`] ??= [];
  for (const mod of mods)
    for (const id of subAll(mod, 'identity'))
      for (const d of subAll(id, 'derived')) {
        const child = q(d.arg!, mod.arg!);
        if (child.startsWith('?:')) throw new Error(`identity ${d.arg}: unknown prefix`);
        (bases[child] ??= []).push(`${mod.arg}:${id.arg}`);
      }
  const sorted: Record<string, string[]> = {};
  for (const k of Object.keys(bases).sort()) sorted[k] = [...new Set(bases[k])].sort();
  return sorted;
}

function sources(S: string): GenSchema['about']['sources'] {
  const first = (f: string) => readFileSync(f, 'utf8').trim().split(/\s+/)[0];
  return [
    {
      name: 'Broadband Forum YANG (TR-383, TR-385), unmodified',
      detail: `github.com/BroadbandForum/yang commit ${first(path.join(S, 'bbf-yang/SOURCE'))}`,
    },
    {
      name: 'IETF and IANA YANG modules',
      detail: `github.com/YangModels/yang commit ${first(path.join(S, 'ietf-yang/SOURCE'))}`,
    },
    { name: 'ietf-netconf, ietf-netconf-nmda', detail: `Debian libyuma-base (${YUMA})` },
    { name: 'ponctl-bbf-ext', detail: 'yang/ponctl-bbf-ext.yang (this project, Apache-2.0)' },
  ];
}

/**
 * The licence texts the modules carry: the BBF's BSD-3-Clause (bbf-yang/LICENSE) and the IETF
 * Trust's Simplified BSD notice of each IETF/IANA module (RFC text "Copyright (c) … license-info").
 */
function licences(S: string, files: string[]): GenSchema['about']['licences'] {
  const out: GenSchema['about']['licences'] = [];
  const bbf = files.filter((f) => path.basename(f).startsWith('bbf-')).map((f) => path.basename(f, '.yang'));
  out.push({
    modules: bbf.join(' '),
    text: readFileSync(path.join(S, 'bbf-yang/LICENSE'), 'utf8').trim(),
  });
  const ietf = new Map<string, string[]>();
  for (const f of files) {
    const name = path.basename(f, '.yang');
    if (!/^(ietf|iana)-/.test(name)) continue;
    const m = /Copyright \(c\) [\d -]+ IETF Trust[\s\S]*?license-info\)\.?/.exec(readFileSync(f, 'utf8'));
    if (!m) throw new Error(`${f}: no IETF Trust copyright notice`);
    const text = m[0].replace(/\s*\n\s*/g, ' ').replace(/\s+/g, ' ');
    ietf.set(text, [...(ietf.get(text) ?? []), name]);
  }
  for (const [text, mods] of ietf) out.push({ modules: mods.join(' '), text });
  return out;
}

/** One node per line keeps the file diffable; the whole is still plain JSON. */
export function formatSchema(s: GenSchema): string {
  const lines = [
    '{',
    `"about": ${JSON.stringify(s.about, null, 1)},`,
    `"library": ${JSON.stringify(s.library)},`,
    `"identities": ${JSON.stringify(s.identities)},`,
    `"types": [\n${s.types.map((t) => JSON.stringify(t)).join(',\n')}\n],`,
    `"roots": [\n${s.roots.map((r) => formatNode(r, 0)).join(',\n')}\n]`,
    '}',
  ];
  return lines.join('\n') + '\n';
}

function formatNode(n: GenNode, depth: number): string {
  const pad = ' '.repeat(depth);
  const { ch, ...own } = n;
  const head = JSON.stringify(own);
  if (!ch) return pad + head;
  return `${pad}${head.slice(0, -1)},"ch":[\n${ch.map((c) => formatNode(c, depth + 1)).join(',\n')}]}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const shared = sharedDir();
  if (!shared) {
    console.error('gen-bbf-schema: no shared folder (set PONCTL_SHARED_DIR, or put it at ../shared)');
    process.exit(2);
  }
  const i = process.argv.indexOf('--out');
  const out = i > 0 ? process.argv[i + 1] : SCHEMA_FILE;
  const schema = generateBbfSchema(shared);
  writeFileSync(out, formatSchema(schema));
  const count = (ns: GenNode[]): number => ns.reduce((a, n) => a + 1 + count(n.ch ?? []), 0);
  console.log(
    `gen-bbf-schema: ${out}: ${schema.library.modules.length} modules, ${count(schema.roots)} schema nodes, ` +
      `${schema.types.length} types, ${Object.keys(schema.identities).length} identities`,
  );
}

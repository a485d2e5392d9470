/**
 * The module set the lab's BBF OLT announces (RFC 8525 YANG library, test/fixtures/bbf/yang-library.xml
 * from the BBF research), where each module's file is, and the prefix each module is imported under.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseStatements, subAll, subArg, type Stmt } from './yang-statements.ts';
import type { GenModule } from '../../simulators/yang/schema-format.ts';

export interface ModuleSet {
  moduleSet: string;
  contentId: string;
  modules: GenModule[];
  importOnly: GenModule[];
}

const tag = (xml: string, name: string): string[] =>
  [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1].trim());

function moduleEntry(block: string): GenModule {
  const subs = [...block.matchAll(/<submodule>([\s\S]*?)<\/submodule>/g)].map((m) => ({
    name: tag(m[1], 'name')[0],
    revision: tag(m[1], 'revision')[0],
  }));
  const own = block.replace(/<submodule>[\s\S]*?<\/submodule>/g, '');
  const g: GenModule = {
    name: tag(own, 'name')[0],
    revision: tag(own, 'revision')[0],
    namespace: tag(own, 'namespace')[0],
  };
  const features = tag(own, 'feature');
  if (features.length) g.features = features;
  if (subs.length) g.submodules = subs;
  return g;
}

/** Read the RFC 8525 `yang-library` document (module-set, content-id). */
export function readYangLibrary(xml: string): ModuleSet {
  const set = /<module-set>([\s\S]*?)<\/module-set>/.exec(xml);
  if (!set) throw new Error('yang-library: no module-set');
  const body = set[1];
  return {
    moduleSet: tag(body.replace(/<module>[\s\S]*$/, ''), 'name')[0],
    contentId: tag(xml, 'content-id')[0],
    modules: [...body.matchAll(/<module>([\s\S]*?)<\/module>/g)].map((m) => moduleEntry(m[1])),
    importOnly: [...body.matchAll(/<import-only-module>([\s\S]*?)<\/import-only-module>/g)].map((m) =>
      moduleEntry(m[1]),
    ),
  };
}

/** The file of `name@revision` in the search path: `name@revision.yang`, or `name.yang` of that revision. */
export function findModuleFile(search: string[], name: string, revision: string): string {
  for (const dir of search) {
    const exact = path.join(dir, `${name}@${revision}.yang`);
    if (existsSync(exact)) return exact;
    const plain = path.join(dir, `${name}.yang`);
    if (existsSync(plain) && firstRevision(readFileSync(plain, 'utf8')) === revision) return plain;
  }
  throw new Error(`module ${name}@${revision} not found in ${search.join(', ')}`);
}

function firstRevision(text: string): string | undefined {
  return /^\s*revision\s+"?(\d{4}-\d{2}-\d{2})"?/m.exec(text)?.[1];
}

/**
 * prefix → module over every module and submodule file in the search path that the set uses. The
 * BBF, IETF and IANA modules give each module one prefix everywhere; the generator relies on it
 * (an XPath prefix then names one module whichever module wrote it) and fails if it is not so.
 */
export function prefixMap(files: string[]): Map<string, string> {
  const map = new Map<string, string>();
  const add = (prefix: string, module: string, file: string) => {
    const had = map.get(prefix);
    if (had && had !== module) throw new Error(`prefix ${prefix} means ${had} and ${module} (${file})`);
    map.set(prefix, module);
  };
  for (const file of files) {
    const [top] = parseStatements(readFileSync(file, 'utf8'));
    if (!top) continue;
    if (top.kw === 'module') add(subArg(top, 'prefix')!, top.arg!, file);
    else if (top.kw === 'submodule') {
      const b = top.sub.find((s) => s.kw === 'belongs-to')!;
      add(subArg(b, 'prefix')!, b.arg!, file);
    }
    for (const imp of subAll(top, 'import')) add(subArg(imp, 'prefix')!, imp.arg!, file);
  }
  return map;
}

/**
 * Where each `when` expression of the source modules is written: on a data node itself (`own`: the
 * context node is that node, RFC 7950 §7.21.5 last case) or on an augment, uses, choice or case
 * (`ancestor`: the context node is the closest data ancestor). libyang's info output prints both on
 * the compiled node alike; the expression text tells them apart (the generator fails if one text is
 * written both ways).
 */
export function whenContexts(files: string[]): Map<string, 'own' | 'ancestor'> {
  const out = new Map<string, 'own' | 'ancestor'>();
  const visit = (stmts: Stmt[], parent: string) => {
    for (const st of stmts) {
      if (st.kw === 'when') {
        const k = normalizeXPath(st.arg!);
        const kind = ['augment', 'uses', 'choice', 'case'].includes(parent) ? 'ancestor' : 'own';
        const had = out.get(k);
        if (had && had !== kind)
          throw new Error(`when "${k}" is written on both a data node and an ${parent}`);
        out.set(k, kind);
      }
      visit(st.sub, st.kw);
    }
  };
  for (const f of files) visit(parseStatements(readFileSync(f, 'utf8')), '');
  return out;
}

export const normalizeXPath = (x: string): string => x.replace(/\s+/g, ' ').trim();

/** Every `.yang` file directly in the given folders. */
export function yangFiles(dirs: string[]): string[] {
  return dirs.flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.yang'))
      .map((f) => path.join(d, f)),
  );
}

/**
 * From libyang's compiled schema (info output, parsed into statements) and the module of each node
 * (tree output) to the generated schema's nodes and types (simulators/yang/schema-format.ts).
 * Descriptions, references, status and other prose are dropped; XPath expressions are rewritten to
 * module-name prefixes (RFC 7950 §6.4.1: a prefix means the module its defining module imports under
 * it; an unprefixed name, the module of the node holding the expression).
 */
import { subAll, subArg, type Stmt } from './yang-statements.ts';
import { isOperation, type TreeName } from './tree-names.ts';
import { normalizeXPath } from './library.ts';
import {
  functionsOf,
  parseXPath,
  printXPath,
  XPATH_FUNCTIONS,
  type Expr,
} from '../../simulators/yang/xpath-parse.ts';
import type { GenKind, GenMust, GenNode, GenType } from '../../simulators/yang/schema-format.ts';

const DATA_KW: readonly string[] = [
  'container',
  'list',
  'leaf',
  'leaf-list',
  'choice',
  'case',
  'anydata',
  'anyxml',
];

/**
 * The key leaves of a list. libyang 2.1.30's info printer writes a multi-leaf key without the
 * separating space (`key "namerevision"`); compiled lists start with their key leaves, in key order,
 * so the run of first leaf children whose names concatenate to the argument is the key.
 */
function splitKey(key: string, list: Stmt, where: string): string[] {
  const words = key.trim().split(/\s+/);
  const leaves = list.sub.filter((x) => x.kw === 'leaf').map((x) => x.arg!);
  if (words.every((w) => leaves.includes(w))) return words;
  let acc = '';
  for (let i = 0; i < leaves.length; i++) {
    acc += leaves[i];
    if (acc === key.trim()) return leaves.slice(0, i + 1);
    if (!key.startsWith(acc)) break;
  }
  throw new Error(`${where}: cannot split key "${key}" into the list's leaves`);
}

export class SchemaCompiler {
  readonly types: GenType[] = [];
  private readonly typeIndex = new Map<string, number>();

  constructor(
    /** prefix → module, over every module of the set (the generator checks it is one-to-one). */
    private readonly prefixes: ReadonlyMap<string, string>,
    /** identity local name → `module:name`, for the unprefixed identityref bases the info printer shows. */
    private readonly identityByName: ReadonlyMap<string, string[]>,
    /** when expression text → where it is written (library.ts whenContexts). */
    private readonly whenKinds: ReadonlyMap<string, 'own' | 'ancestor'>,
  ) {}

  moduleOfPrefix(prefix: string, where: string): string {
    const m = this.prefixes.get(prefix);
    if (!m) throw new Error(`unknown prefix ${prefix} in ${where}`);
    return m;
  }

  /** The data nodes of one module's info, paired with its tree. */
  nodes(stmts: Stmt[], tree: TreeName[], module: string, where: string): GenNode[] {
    const data = stmts.filter((s) => DATA_KW.includes(s.kw));
    const names = tree.filter((t) => !isOperation(t));
    if (data.length !== names.length)
      throw new Error(`${where}: info has ${data.length} data nodes, tree ${names.length}`);
    return data.map((s, i) => this.node(s, names[i], module, `${where}/${s.arg}`));
  }

  private node(s: Stmt, t: TreeName, parentModule: string, where: string): GenNode {
    if (t.name !== s.arg) throw new Error(`${where}: info node ${s.arg} paired with tree node ${t.name}`);
    const module = t.prefix ? this.moduleOfPrefix(t.prefix, where) : parentModule;
    const g: GenNode = { n: `${module}:${s.arg}`, k: s.kw as GenKind };
    if (subArg(s, 'config') === 'false') g.ro = 1;
    const key = subArg(s, 'key');
    if (key) g.key = splitKey(key, s, where);
    if (subArg(s, 'presence')) g.pr = 1;
    if (subArg(s, 'mandatory') === 'true') g.man = 1;
    const min = subArg(s, 'min-elements');
    if (min && min !== '0') g.min = Number(min);
    const max = subArg(s, 'max-elements');
    if (max && max !== 'unbounded' && max !== '4294967295') g.max = Number(max);
    if (subArg(s, 'ordered-by') === 'user') g.ub = 1;
    const uniques = subAll(s, 'unique');
    if (uniques.length)
      g.uq = uniques.map((u) =>
        u
          .arg!.trim()
          .split(/\s+/)
          .map((p) => this.qualifyPath(p, module, where)),
      );
    const type = s.sub.find((x) => x.kw === 'type');
    if (type) g.t = this.type(type, module, where);
    const defaults = subAll(s, 'default').map((d) => d.arg!);
    if (defaults.length) g.d = s.kw === 'leaf-list' ? defaults : defaults[0];
    const when = s.sub.find((x) => x.kw === 'when');
    if (when) {
      const kind = this.whenKinds.get(normalizeXPath(when.arg!));
      if (!kind) throw new Error(`${where}: when "${when.arg}" not found in the source modules`);
      if (kind === 'own') g.w = this.xpath(when.arg!, module, where);
      else g.wa = this.xpath(when.arg!, module, where);
    }
    const musts = subAll(s, 'must');
    if (musts.length) g.m = musts.map((m) => this.must(m, module, where));
    const units = subArg(s, 'units');
    if (units) g.units = units;
    if (s.kw !== 'leaf' && s.kw !== 'leaf-list') {
      const ch = this.nodes(s.sub, t.children, module, where);
      if (ch.length) g.ch = ch;
    }
    return g;
  }

  private must(m: Stmt, module: string, where: string): GenMust {
    const out: GenMust = { x: this.xpath(m.arg!, module, where) };
    const msg = subArg(m, 'error-message');
    if (msg) out.msg = msg;
    const tag = subArg(m, 'error-app-tag');
    if (tag) out.tag = tag;
    return out;
  }

  /** `a/b/p:c` (a unique argument, RFC 7950 §7.8.3) → `module:a/module:b/other:c`. */
  private qualifyPath(p: string, module: string, where: string): string {
    return p
      .split('/')
      .map((step) => {
        const c = step.indexOf(':');
        return c < 0
          ? `${module}:${step}`
          : `${this.moduleOfPrefix(step.slice(0, c), where)}:${step.slice(c + 1)}`;
      })
      .join('/');
  }

  /** Parse, check the functions are ones the evaluator has, rewrite prefixes to module names. */
  xpath(src: string, module: string, where: string): string {
    const e = parseXPath(src);
    for (const f of functionsOf(e))
      if (!XPATH_FUNCTIONS.has(f))
        throw new Error(`${where}: XPath function ${f}() is not implemented: ${src}`);
    return printXPath(this.canon(e, module, where));
  }

  private canon(e: Expr, module: string, where: string): Expr {
    const c = (x: Expr) => this.canon(x, module, where);
    switch (e.t) {
      case 'lit': {
        // an identity written as a string literal ('prefix:identity') is compared with identityref
        // values (libyang resolves it in the expression's module): give it the module name
        const m = /^([A-Za-z_][\w.-]*):([A-Za-z_][\w.-]*)$/.exec(e.v);
        if (m && this.prefixes.has(m[1])) return { t: 'lit', v: `${this.prefixes.get(m[1])}:${m[2]}` };
        return e;
      }
      case 'num':
        return e;
      case 'fn': {
        const args = e.args.map(c);
        if ((e.name === 'derived-from' || e.name === 'derived-from-or-self') && args[1]?.t === 'lit') {
          const v = args[1].v;
          if (!v.includes(':')) args[1] = { t: 'lit', v: `${module}:${v}` };
        }
        return { t: 'fn', name: e.name, args };
      }
      case 'neg':
        return { t: 'neg', a: c(e.a) };
      case 'path':
        return {
          t: 'path',
          abs: e.abs,
          base: e.base ? c(e.base) : undefined,
          steps: e.steps.map((s) => ({
            axis: s.axis,
            test:
              s.test.kind === 'name' || (s.test.kind === 'any' && s.test.prefix)
                ? {
                    ...s.test,
                    prefix: s.test.prefix ? this.moduleOfPrefix(s.test.prefix, where) : module,
                  }
                : s.test,
            preds: s.preds.map(c),
          })),
        };
      default:
        return { ...e, a: c(e.a), b: c(e.b) } as Expr;
    }
  }

  /** A compiled `type` statement → index into `types` (identical types are shared). */
  type(s: Stmt, module: string, where: string): number {
    const b = s.arg!;
    const g: GenType = { b };
    const rg = subArg(s, 'range');
    if (rg) g.rg = rg;
    const len = subArg(s, 'length');
    if (len) g.len = len;
    const pats = subAll(s, 'pattern');
    if (pats.length)
      g.pt = pats.map((p) => {
        try {
          new RegExp(`^(?:${p.arg})$`, 'u');
        } catch (e) {
          throw new Error(
            `${where}: pattern ${p.arg} does not compile as a JS regex: ${(e as Error).message}`,
          );
        }
        const out: NonNullable<GenType['pt']>[number] = { re: p.arg! };
        if (subArg(p, 'modifier') === 'invert-match') out.inv = 1;
        const msg = subArg(p, 'error-message');
        if (msg) out.msg = msg;
        const tag = subArg(p, 'error-app-tag');
        if (tag) out.tag = tag;
        return out;
      });
    const enums = subAll(s, 'enum');
    if (enums.length) g.en = enums.map((e) => [e.arg!, Number(subArg(e, 'value'))]);
    const bits = subAll(s, 'bit');
    if (bits.length) g.bits = bits.map((e) => [e.arg!, Number(subArg(e, 'position'))]);
    const bases = subAll(s, 'base');
    if (bases.length) g.base = bases.map((x) => this.identity(x.arg!, module, where));
    const path = subArg(s, 'path');
    if (path) g.path = this.xpath(path, module, where);
    const req = subArg(s, 'require-instance');
    if (req) g.req = req === 'true';
    const fd = subArg(s, 'fraction-digits');
    if (fd) g.fd = Number(fd);
    const inner = subAll(s, 'type');
    if (b === 'leafref' && inner.length) g.real = this.type(inner[0], module, where);
    if (b === 'union') g.un = inner.map((x) => this.type(x, module, where));
    const k = JSON.stringify(g);
    let i = this.typeIndex.get(k);
    if (i === undefined) {
      i = this.types.length;
      this.types.push(g);
      this.typeIndex.set(k, i);
    }
    return i;
  }

  /** An identity named in the info output: `prefix:name`, or a bare name (the printer drops prefixes of bases). */
  identity(ref: string, module: string, where: string): string {
    const c = ref.indexOf(':');
    if (c >= 0) return `${this.moduleOfPrefix(ref.slice(0, c), where)}:${ref.slice(c + 1)}`;
    const all = this.identityByName.get(ref) ?? [];
    if (all.length === 1) return all[0];
    const own = all.find((q) => q === `${module}:${ref}`);
    if (own) return own;
    throw new Error(
      `${where}: identity ${ref} is ${all.length ? 'ambiguous: ' + all.join(', ') : 'unknown'}`,
    );
  }
}

/**
 * The lab OLT's schema in memory: the generated file (bbf-schema.generated.json, libyang's compiled
 * form of the announced module set) turned into linked schema nodes with their parsed XPath, types
 * and identity closure. Loaded once per process; `npm start` needs nothing but that file.
 */
import { readFileSync } from 'node:fs';
import { parseXPath, type Expr } from './xpath-parse.ts';
import { ownString } from './xml.ts';
import type { GenKind, GenModule, GenNode, GenSchema, GenType } from './schema-format.ts';

export interface SType {
  b: string;
  /** range/length intervals; bigint so that uint64 bounds stay exact. */
  ranges?: [bigint, bigint][];
  /** The same ranges as numbers (exact below 2^53: used for the values that fit). */
  numRanges?: [number, number][];
  lengths?: [bigint, bigint][];
  /** The same lengths as numbers: a string's length is far below 2^53, so the comparison is exact. */
  numLengths?: [number, number][];
  patterns?: { re: RegExp; src: string; inv: boolean; msg?: string; tag?: string }[];
  enums?: Map<string, number>;
  bits?: Map<string, number>;
  bases?: string[];
  path?: Expr;
  pathSrc?: string;
  requireInstance?: boolean;
  real?: SType;
  union?: SType[];
  fractionDigits?: number;
}

export interface SMust {
  expr: Expr;
  src: string;
  msg?: string;
  tag?: string;
}

export class SNode {
  readonly qname: string;
  readonly children: SNode[] = [];
  /** Data children by `module:name`, looking through choice/case (RFC 7950 §7.9: not data nodes). */
  readonly byName = new Map<string, SNode>();
  keys: SNode[] = [];
  type?: SType;
  /** when on the node itself (context: the node, RFC 7950 §7.21.5). */
  when?: SMust;
  /** when of the augment / uses / choice / case that brought it (context: the data parent). */
  whenUp?: SMust;
  musts: SMust[] = [];
  /** Number of data-node ancestors (root children: 0). */
  depth = 0;
  /** Position in the parent's `children` (document order of the schema). */
  index = 0;
  /** Position in `Schema.all`. */
  uid = 0;

  constructor(
    readonly name: string,
    readonly module: string,
    readonly ns: string,
    readonly kind: GenKind | 'root',
    readonly config: boolean,
    readonly parent: SNode | undefined,
    readonly gen: GenNode | undefined,
  ) {
    this.qname = `${module}:${name}`;
  }

  get isData(): boolean {
    return this.kind !== 'choice' && this.kind !== 'case';
  }
  get isInner(): boolean {
    return this.kind === 'container' || this.kind === 'list' || this.kind === 'root';
  }
  get presence(): boolean {
    return this.gen?.pr === 1;
  }
  get mandatory(): boolean {
    return this.gen?.man === 1;
  }
  get minElements(): number {
    return this.gen?.min ?? 0;
  }
  get maxElements(): number {
    return this.gen?.max ?? Infinity;
  }
  get userOrdered(): boolean {
    return this.gen?.ub === 1;
  }
  get dflt(): string | string[] | undefined {
    return this.gen?.d;
  }
  /** The nearest ancestor that is a data node (choice/case skipped), or the root. */
  get dataParent(): SNode | undefined {
    let p = this.parent;
    while (p && !p.isData) p = p.parent;
    return p;
  }
  /** The case this node sits in directly (through nested choices), if any. */
  get enclosingCase(): SNode | undefined {
    const p = this.parent;
    return p?.kind === 'case' ? p : undefined;
  }
}

export class Schema {
  readonly root: SNode;
  readonly modules: GenModule[];
  readonly importOnly: GenModule[];
  readonly contentId: string;
  readonly moduleSet: string;
  readonly nsOf = new Map<string, string>();
  readonly moduleOfNs = new Map<string, string>();
  /** childByNs's index: data children of a node by namespace URI, then local name. */
  private readonly byNs = new Map<SNode, Map<string, Map<string, SNode>>>();
  /** identity → itself and every identity it derives from, transitively (RFC 7950 §7.18.2). */
  private readonly ancestors = new Map<string, Set<string>>();
  private readonly implemented = new Set<string>();
  private readonly types: SType[] = [];
  /** Every schema node, in document order. */
  readonly all: SNode[] = [];

  constructor(readonly gen: GenSchema) {
    this.modules = gen.library.modules;
    this.importOnly = gen.library.importOnly;
    this.contentId = gen.library.contentId;
    this.moduleSet = gen.library.moduleSet;
    for (const m of [...this.modules, ...this.importOnly]) {
      this.nsOf.set(m.name, m.namespace);
      this.moduleOfNs.set(m.namespace, m.name);
    }
    for (const m of this.modules) this.implemented.add(m.name);
    for (const id of Object.keys(gen.identities)) this.closure(id);
    const raw = gen.types;
    const build = (i: number): SType => (this.types[i] ??= this.buildType(raw[i], build));
    raw.forEach((_t, i) => build(i));
    this.root = new SNode('', '', '', 'root', true, undefined, undefined);
    for (const g of gen.roots) this.add(this.root, g);
  }

  private closure(id: string): Set<string> {
    let s = this.ancestors.get(id);
    if (s) return s;
    s = new Set([id]);
    this.ancestors.set(id, s);
    for (const b of this.gen.identities[id] ?? []) for (const a of this.closure(b)) s.add(a);
    return s;
  }

  /** derived-from-or-self (RFC 7950 §10.4.2); `self` false gives derived-from (§10.4.1). */
  derivesFrom(identity: string, base: string, self = true): boolean {
    if (identity === base) return self;
    return this.ancestors.get(identity)?.has(base) ?? false;
  }

  isIdentity(id: string): boolean {
    return this.ancestors.has(id);
  }

  /** An identity value must come from an implemented module (RFC 7950 §9.10.3 via §5.6.5). */
  isImplementedModule(module: string): boolean {
    return this.implemented.has(module);
  }

  private buildType(g: GenType, build: (i: number) => SType): SType {
    const t: SType = { b: g.b };
    if (g.rg) {
      t.ranges = intervals(g.rg, g.b);
      t.numRanges = t.ranges.map(([a, b]) => [Number(a), Number(b)]);
    }
    if (g.len) {
      t.lengths = intervals(g.len, 'uint64');
      t.numLengths = t.lengths.map(([a, b]) => [Number(a), Number(b)]);
    }
    if (g.pt)
      t.patterns = g.pt.map((p) => ({
        re: new RegExp(`^(?:${xsdToJs(p.re)})$`, 'u'),
        src: p.re,
        inv: p.inv === 1,
        msg: p.msg,
        tag: p.tag,
      }));
    if (g.en) t.enums = new Map(g.en);
    if (g.bits) t.bits = new Map(g.bits);
    if (g.base) t.bases = g.base;
    if (g.path) {
      t.path = parseXPath(g.path);
      t.pathSrc = g.path;
      t.requireInstance = g.req !== false;
    }
    if (g.real !== undefined) t.real = build(g.real);
    if (g.un) t.union = g.un.map(build);
    if (g.fd !== undefined) t.fractionDigits = g.fd;
    return t;
  }

  private add(parent: SNode, g: GenNode): void {
    const colon = g.n.indexOf(':');
    const module = g.n.slice(0, colon);
    const ns = this.nsOf.get(module);
    if (!ns) throw new Error(`schema: no namespace for module ${module}`);
    const config = g.ro !== 1 && parent.config;
    const s = new SNode(g.n.slice(colon + 1), module, ns, g.k, config, parent, g);
    s.index = parent.children.length;
    parent.children.push(s);
    const dp = s.dataParent!;
    s.depth = dp.kind === 'root' ? 0 : dp.depth + 1;
    if (s.isData) {
      // register with the nearest data ancestor, looking through choice/case
      dp.byName.set(s.qname, s);
    }
    if (g.t !== undefined) s.type = this.types[g.t];
    if (g.w) s.when = { expr: parseXPath(g.w), src: g.w };
    if (g.wa) s.whenUp = { expr: parseXPath(g.wa), src: g.wa };
    if (g.m) s.musts = g.m.map((m) => ({ expr: parseXPath(m.x), src: m.x, msg: m.msg, tag: m.tag }));
    s.uid = this.all.length;
    this.all.push(s);
    for (const c of g.ch ?? []) this.add(s, c);
    if (g.key) s.keys = g.key.map((k) => s.byName.get(`${module}:${k}`)!);
  }

  /** A data child of `parent` by namespace URI and local name (XML), or undefined. */
  childByNs(parent: SNode, ns: string, name: string): SNode | undefined {
    // by namespace, then local name: no `module:name` string built per element of an edit
    let idx = this.byNs.get(parent);
    if (!idx) {
      idx = new Map();
      for (const c of parent.byName.values()) {
        const cns = this.nsOf.get(c.module);
        if (cns === undefined) continue;
        let m = idx.get(cns);
        if (!m) idx.set(ownString(cns), (m = new Map()));
        m.set(ownString(c.name), c); // own strings: the parser's are too (a sliced one compares slowly)
      }
      this.byNs.set(parent, idx);
    }
    return idx.get(ns)?.get(name);
  }
}

const BOUNDS: Record<string, [bigint, bigint]> = {
  int8: [-128n, 127n],
  int16: [-32768n, 32767n],
  int32: [-2147483648n, 2147483647n],
  int64: [-9223372036854775808n, 9223372036854775807n],
  uint8: [0n, 255n],
  uint16: [0n, 65535n],
  uint32: [0n, 4294967295n],
  uint64: [0n, 18446744073709551615n],
};

/** `1..10 | 20` (RFC 7950 §9.2.4) → intervals; decimal64 bounds are scaled by the caller. */
function intervals(src: string, base: string): [bigint, bigint][] {
  const [lo, hi] = BOUNDS[base] ?? [-(2n ** 63n), 2n ** 64n];
  const num = (s: string): bigint => (s === 'min' ? lo : s === 'max' ? hi : BigInt(s.replace(/\..*$/, '')));
  return src.split('|').map((part) => {
    const [a, b] = part.split('..').map((x) => x.trim());
    return [num(a), num(b ?? a)];
  });
}

/**
 * XSD regular expressions (XML Schema Part 2 Appendix F) as JS `u` regexes: the same syntax for
 * what these modules use, except that `^` and `$` are ordinary characters in XSD (always anchored).
 */
export function xsdToJs(re: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === '\\') {
      out += c + (re[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (!inClass && (c === '^' || c === '$')) {
      out += '\\' + c;
      continue;
    }
    out += c;
  }
  return out;
}

let loaded: Schema | undefined;

/** The lab OLT's schema (loaded once). */
export function bbfSchema(): Schema {
  loaded ??= new Schema(
    JSON.parse(readFileSync(new URL('./bbf-schema.generated.json', import.meta.url), 'utf8')) as GenSchema,
  );
  return loaded;
}

/**
 * XPath 1.0 (W3C REC-xpath-19991116) parser for the YANG expressions of the lab OLT's schema:
 * `must`, `when` (RFC 7950 §7.5.3, §7.21.5) and leafref `path` (§9.9.2). The whole expression
 * grammar is parsed (§3: or/and, equality, relational, additive, multiplicative, unary, union, path,
 * filter, function call); the evaluator (xpath-eval.ts) implements the functions YANG and these
 * modules use. Names are QNames; in the generated schema every prefix is a module name (the
 * generator rewrites the modules' own prefixes, RFC 7950 §6.4.1).
 */
export type Axis =
  | 'child'
  | 'parent'
  | 'self'
  | 'ancestor'
  | 'ancestor-or-self'
  | 'descendant'
  | 'descendant-or-self';

export type NodeTest =
  | { kind: 'name'; prefix?: string; name: string; /** `prefix:name`, kept by the evaluator */ q?: string }
  | { kind: 'any'; prefix?: string }
  | { kind: 'node' }
  | { kind: 'text' };

export interface Step {
  axis: Axis;
  test: NodeTest;
  preds: Expr[];
}

export type Expr =
  | { t: 'or' | 'and'; a: Expr; b: Expr }
  | { t: 'cmp'; op: '=' | '!=' | '<' | '<=' | '>' | '>='; a: Expr; b: Expr }
  | { t: 'arith'; op: '+' | '-' | '*' | 'div' | 'mod'; a: Expr; b: Expr }
  | { t: 'neg'; a: Expr }
  | { t: 'union'; a: Expr; b: Expr }
  | { t: 'lit'; v: string }
  | { t: 'num'; v: number }
  | { t: 'fn'; name: string; args: Expr[] }
  /** A location path; `base` is the filter expression it starts from (`current()/..`), if any. */
  | { t: 'path'; abs: boolean; base?: Expr; steps: Step[] };

export class XPathSyntaxError extends Error {}

type Tok =
  | { k: 'op'; v: string }
  | { k: 'name'; v: string }
  | { k: 'lit'; v: string }
  | { k: 'num'; v: number }
  | { k: 'end' };

const NAME = /[A-Za-z_][\w.-]*(?::(?:[A-Za-z_][\w.-]*|\*))?|\*/y;

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  // XPath §3.7: `*` and and/or/div/mod are operators unless the previous token is an operator,
  // `(`, `[`, `,`, `@`, `::` or there is none
  const operatorContext = (): boolean => {
    const p = out[out.length - 1];
    if (!p) return false;
    if (p.k === 'op') return p.v === ')' || p.v === ']' || p.v === '.' || p.v === '..';
    return true;
  };
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      const end = src.indexOf(c, i + 1);
      if (end < 0) throw new XPathSyntaxError(`unterminated literal in ${src}`);
      out.push({ k: 'lit', v: src.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (['!=', '<=', '>=', '//', '..', '::'].includes(two)) {
      out.push({ k: 'op', v: two });
      i += 2;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(src[i + 1] ?? ''))) {
      const m = /[0-9]*(?:\.[0-9]*)?/y;
      m.lastIndex = i;
      const s = m.exec(src)![0];
      out.push({ k: 'num', v: Number(s) });
      i += s.length;
      continue;
    }
    if ('()[],@|+-=<>/.$'.includes(c)) {
      out.push({ k: 'op', v: c });
      i++;
      continue;
    }
    if (c === '*' && operatorContext()) {
      out.push({ k: 'op', v: '*' });
      i++;
      continue;
    }
    NAME.lastIndex = i;
    const m = NAME.exec(src);
    if (!m) throw new XPathSyntaxError(`unexpected ${c} in ${src}`);
    const v = m[0];
    i += v.length;
    if (operatorContext() && ['and', 'or', 'div', 'mod'].includes(v)) out.push({ k: 'op', v });
    else out.push({ k: 'name', v });
  }
  out.push({ k: 'end' });
  return out;
}

const AXES: readonly string[] = [
  'child',
  'parent',
  'self',
  'ancestor',
  'ancestor-or-self',
  'descendant',
  'descendant-or-self',
];

class Parser {
  private p = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly src: string,
  ) {}

  private peek(o = 0): Tok {
    return this.toks[this.p + o];
  }
  private isOp(v: string, o = 0): boolean {
    const t = this.peek(o);
    return t.k === 'op' && t.v === v;
  }
  private eat(v: string): void {
    if (!this.isOp(v)) throw new XPathSyntaxError(`expected ${v} in ${this.src}`);
    this.p++;
  }

  parse(): Expr {
    const e = this.or();
    if (this.peek().k !== 'end') throw new XPathSyntaxError(`trailing input in ${this.src}`);
    return e;
  }

  private binary<T extends string>(ops: readonly T[], next: () => Expr, make: (op: T, a: Expr, b: Expr) => Expr) {
    let a = next();
    for (;;) {
      const t = this.peek();
      if (t.k !== 'op' || !ops.includes(t.v as T)) return a;
      this.p++;
      a = make(t.v as T, a, next());
    }
  }

  private or = (): Expr => this.binary(['or'] as const, this.and, (_o, a, b) => ({ t: 'or', a, b }));
  private and = (): Expr => this.binary(['and'] as const, this.equality, (_o, a, b) => ({ t: 'and', a, b }));
  private equality = (): Expr =>
    this.binary(['=', '!='] as const, this.relational, (op, a, b) => ({ t: 'cmp', op, a, b }));
  private relational = (): Expr =>
    this.binary(['<', '<=', '>', '>='] as const, this.additive, (op, a, b) => ({ t: 'cmp', op, a, b }));
  private additive = (): Expr =>
    this.binary(['+', '-'] as const, this.multiplicative, (op, a, b) => ({ t: 'arith', op, a, b }));
  private multiplicative = (): Expr =>
    this.binary(['*', 'div', 'mod'] as const, this.unary, (op, a, b) => ({ t: 'arith', op, a, b }));

  private unary = (): Expr => {
    if (this.isOp('-')) {
      this.p++;
      return { t: 'neg', a: this.unary() };
    }
    return this.binary(['|'] as const, this.pathExpr, (_o, a, b) => ({ t: 'union', a, b }));
  };

  private pathExpr = (): Expr => {
    const t = this.peek();
    const isFilterStart =
      t.k === 'lit' ||
      t.k === 'num' ||
      this.isOp('(') ||
      this.isOp('$') ||
      (t.k === 'name' &&
        this.isOp('(', 1) &&
        !['node', 'text', 'comment', 'processing-instruction'].includes(t.v));
    if (!isFilterStart) return this.locationPath();
    let base = this.primary();
    const preds: Expr[] = [];
    while (this.isOp('[')) preds.push(this.predicate());
    if (preds.length) base = { t: 'path', abs: false, base, steps: [{ axis: 'self', test: { kind: 'node' }, preds }] };
    if (!this.isOp('/') && !this.isOp('//')) return base;
    const steps = this.relativeSteps();
    return { t: 'path', abs: false, base, steps };
  };

  private primary(): Expr {
    const t = this.peek();
    if (t.k === 'lit') {
      this.p++;
      return { t: 'lit', v: t.v };
    }
    if (t.k === 'num') {
      this.p++;
      return { t: 'num', v: t.v };
    }
    if (this.isOp('(')) {
      this.p++;
      const e = this.or();
      this.eat(')');
      return e;
    }
    if (this.isOp('$')) throw new XPathSyntaxError(`variables are not supported: ${this.src}`);
    if (t.k !== 'name') throw new XPathSyntaxError(`unexpected token in ${this.src}`);
    this.p++;
    this.eat('(');
    const args: Expr[] = [];
    if (!this.isOp(')')) {
      args.push(this.or());
      while (this.isOp(',')) {
        this.p++;
        args.push(this.or());
      }
    }
    this.eat(')');
    return { t: 'fn', name: t.v, args };
  }

  private predicate(): Expr {
    this.eat('[');
    const e = this.or();
    this.eat(']');
    return e;
  }

  private locationPath(): Expr {
    if (this.isOp('/')) {
      this.p++;
      const t = this.peek();
      const startsStep = t.k === 'name' || this.isOp('.') || this.isOp('..') || this.isOp('@');
      return { t: 'path', abs: true, steps: startsStep ? this.relativeSteps(true) : [] };
    }
    if (this.isOp('//')) return { t: 'path', abs: true, steps: this.relativeSteps() };
    return { t: 'path', abs: false, steps: this.relativeSteps(true) };
  }

  /** Steps separated by `/` or `//`; `first` = no leading separator. */
  private relativeSteps(first = false): Step[] {
    const steps: Step[] = [];
    let needSep = !first;
    for (;;) {
      if (needSep) {
        if (this.isOp('//')) {
          this.p++;
          steps.push({ axis: 'descendant-or-self', test: { kind: 'node' }, preds: [] });
        } else if (this.isOp('/')) this.p++;
        else return steps;
      }
      steps.push(this.step());
      needSep = true;
    }
  }

  private step(): Step {
    if (this.isOp('.')) {
      this.p++;
      return { axis: 'self', test: { kind: 'node' }, preds: [] };
    }
    if (this.isOp('..')) {
      this.p++;
      return { axis: 'parent', test: { kind: 'node' }, preds: [] };
    }
    if (this.isOp('@')) throw new XPathSyntaxError(`attributes are not supported: ${this.src}`);
    let axis: Axis = 'child';
    const t = this.peek();
    if (t.k === 'name' && this.isOp('::', 1)) {
      if (!AXES.includes(t.v)) throw new XPathSyntaxError(`axis ${t.v} is not supported: ${this.src}`);
      axis = t.v as Axis;
      this.p += 2;
    }
    const n = this.peek();
    if (n.k !== 'name') throw new XPathSyntaxError(`expected a node test in ${this.src}`);
    this.p++;
    let test: NodeTest;
    if ((n.v === 'node' || n.v === 'text') && this.isOp('(')) {
      this.eat('(');
      this.eat(')');
      test = { kind: n.v };
    } else if (n.v === '*') test = { kind: 'any' };
    else {
      const colon = n.v.indexOf(':');
      const prefix = colon < 0 ? undefined : n.v.slice(0, colon);
      const name = colon < 0 ? n.v : n.v.slice(colon + 1);
      test = name === '*' ? { kind: 'any', prefix } : { kind: 'name', prefix, name };
    }
    const preds: Expr[] = [];
    while (this.isOp('[')) preds.push(this.predicate());
    return { axis, test, preds };
  }
}

export function parseXPath(src: string): Expr {
  return new Parser(tokenize(src), src).parse();
}

/** Functions the evaluator implements (XPath 1.0 core subset + RFC 7950 §10). */
export const XPATH_FUNCTIONS: ReadonlySet<string> = new Set([
  'current',
  'count',
  'boolean',
  'not',
  'true',
  'false',
  'string',
  'number',
  'concat',
  'contains',
  'starts-with',
  'string-length',
  'normalize-space',
  'sum',
  'derived-from',
  'derived-from-or-self',
  're-match',
]);

/** Every function name an expression calls. */
export function functionsOf(e: Expr, out = new Set<string>()): Set<string> {
  switch (e.t) {
    case 'fn':
      out.add(e.name);
      e.args.forEach((a) => functionsOf(a, out));
      break;
    case 'path':
      if (e.base) functionsOf(e.base, out);
      for (const s of e.steps) s.preds.forEach((p) => functionsOf(p, out));
      break;
    case 'lit':
    case 'num':
      break;
    case 'neg':
      functionsOf(e.a, out);
      break;
    default:
      functionsOf(e.a, out);
      functionsOf(e.b, out);
  }
  return out;
}

const PREC: Record<string, number> = { or: 1, and: 2, cmp: 3, arith: 5, union: 7 };

/** Print an expression back (fully parenthesised where precedence needs it). */
export function printXPath(e: Expr): string {
  switch (e.t) {
    case 'lit':
      return e.v.includes("'") ? `"${e.v}"` : `'${e.v}'`;
    case 'num':
      return String(e.v);
    case 'fn':
      return `${e.name}(${e.args.map(printXPath).join(', ')})`;
    case 'neg':
      return `-${wrap(e.a, 6)}`;
    case 'path': {
      const steps = e.steps.map(printStep).join('/');
      if (e.base) return steps ? `${wrap(e.base, 8)}/${steps}` : printXPath(e.base);
      return e.abs ? `/${steps}` : steps;
    }
    case 'cmp': {
      const p = e.op === '=' || e.op === '!=' ? 3 : 4;
      return `${wrap(e.a, p)} ${e.op} ${wrap(e.b, p + 0.5)}`;
    }
    case 'arith': {
      const p = e.op === '+' || e.op === '-' ? 5 : 6;
      return `${wrap(e.a, p)} ${e.op} ${wrap(e.b, p + 0.5)}`;
    }
    default: {
      const p = PREC[e.t];
      const op = e.t === 'union' ? '|' : e.t;
      return `${wrap(e.a, p)} ${op} ${wrap(e.b, p + 0.5)}`;
    }
  }
}

function level(e: Expr): number {
  if (e.t === 'cmp') return e.op === '=' || e.op === '!=' ? 3 : 4;
  if (e.t === 'arith') return e.op === '+' || e.op === '-' ? 5 : 6;
  if (e.t === 'or' || e.t === 'and' || e.t === 'union') return PREC[e.t];
  if (e.t === 'neg') return 6.5;
  return 9;
}

const wrap = (e: Expr, min: number): string => (level(e) < min ? `(${printXPath(e)})` : printXPath(e));

function printStep(s: Step): string {
  let head: string;
  if (s.axis === 'self' && s.test.kind === 'node' && !s.preds.length) return '.';
  if (s.axis === 'parent' && s.test.kind === 'node' && !s.preds.length) return '..';
  const t = s.test;
  const test =
    t.kind === 'name'
      ? (t.prefix ? `${t.prefix}:` : '') + t.name
      : t.kind === 'any'
        ? (t.prefix ? `${t.prefix}:` : '') + '*'
        : `${t.kind}()`;
  head = s.axis === 'child' ? test : `${s.axis}::${test}`;
  for (const p of s.preds) head += `[${printXPath(p)}]`;
  return head;
}

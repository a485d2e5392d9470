/**
 * Leaf values: lexical form (RFC 7950 §9, XML encoding) → canonical form, checking the type's
 * restrictions (range §9.2.4, length §9.4.4, pattern §9.4.5, enum §9.6, bits §9.7, identityref
 * §9.10, union §9.12). Identityref values are kept as `module:identity` (RFC 7951 §6.8); XML prefixes
 * are resolved through the element's namespace bindings. Messages follow libyang's wording so that
 * the lab OLT's refusals read like a libyang-based server's.
 */
import type { Schema, SType } from './schema.ts';
import { ownString } from './xml.ts';

export type ValueResult = { ok: true; v: string } | { ok: false; msg: string; appTag?: string };

/** prefix → module name ('' = the default namespace), or undefined if unbound. */
export type PrefixResolver = (prefix: string) => string | undefined;

/** Canonical-form values (defaults, XPath literals) name modules directly. */
export const moduleNames: PrefixResolver = (p) => p || undefined;

const INT = /^[+-]?[0-9]+$/;

export function parseValue(schema: Schema, t: SType, text: string, resolve: PrefixResolver): ValueResult {
  switch (t.b) {
    case 'string':
      return checkString(t, text);
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'uint64': {
      const s = text.trim();
      if (!INT.test(s)) return { ok: false, msg: `Invalid type ${t.b} value "${text}".` };
      // small values (nearly all) in plain numbers; 64-bit ones exactly, as bigint
      if (s.length < 16) {
        const num = Number(s);
        if (inNumRanges(num, t.numRanges ?? defaultNumRange(t.b))) return { ok: true, v: String(num) };
      }
      const v = BigInt(s);
      if (!inRanges(v, t.ranges ?? [defaultRange(t.b)]))
        return {
          ok: false,
          msg: t.ranges
            ? `Unsatisfied range - value "${s}" is out of the allowed range.`
            : `Value "${s}" is out of type ${t.b} min/max bounds.`,
        };
      return { ok: true, v: v.toString() };
    }
    case 'decimal64': {
      const s = text.trim();
      const fd = t.fractionDigits ?? 0;
      const m = /^([+-]?)([0-9]+)(?:\.([0-9]+))?$/.exec(s);
      if (!m || (m[3] ?? '').length > fd) return { ok: false, msg: `Invalid type decimal64 value "${text}".` };
      const scaled = BigInt(m[1] + m[2] + (m[3] ?? '').padEnd(fd, '0'));
      if (t.ranges && !inRanges(scaled, t.ranges.map(([a, b]) => [a * 10n ** BigInt(fd), b * 10n ** BigInt(fd)])))
        return { ok: false, msg: `Unsatisfied range - value "${s}" is out of the allowed range.` };
      const neg = scaled < 0n;
      const digits = (neg ? -scaled : scaled).toString().padStart(fd + 1, '0');
      let frac = digits.slice(digits.length - fd).replace(/0+$/, '');
      if (!frac) frac = '0';
      return { ok: true, v: `${neg ? '-' : ''}${digits.slice(0, digits.length - fd)}.${frac}` };
    }
    case 'boolean': {
      const s = text.trim();
      if (s !== 'true' && s !== 'false') return { ok: false, msg: `Invalid boolean value "${text}".` };
      return { ok: true, v: s };
    }
    case 'empty':
      if (text.trim() !== '') return { ok: false, msg: `Invalid empty value length ${text.length}.` };
      return { ok: true, v: '' };
    case 'enumeration': {
      const s = text.trim();
      if (!t.enums?.has(s)) return { ok: false, msg: `Invalid enumeration value "${text}".` };
      return { ok: true, v: s };
    }
    case 'bits': {
      const names = text.trim() ? text.trim().split(/\s+/) : [];
      for (const b of names) if (!t.bits?.has(b)) return { ok: false, msg: `Invalid bit "${b}".` };
      if (new Set(names).size !== names.length) return { ok: false, msg: `Duplicate bit in "${text}".` };
      return { ok: true, v: names.sort((a, b) => t.bits!.get(a)! - t.bits!.get(b)!).join(' ') };
    }
    case 'identityref':
      return identityref(schema, t, text.trim(), resolve);
    case 'leafref':
      return t.real ? parseValue(schema, t.real, text, resolve) : { ok: true, v: text };
    case 'union': {
      for (const m of t.union ?? []) {
        const r = parseValue(schema, m, text, resolve);
        if (r.ok) return r;
      }
      return { ok: false, msg: `Invalid union value "${text}" - no matching subtype found.` };
    }
    default:
      // binary, instance-identifier, bits of other modules: kept as text (none is used by this set)
      return checkString(t, text);
  }
}

function identityref(schema: Schema, t: SType, qn: string, resolve: PrefixResolver): ValueResult {
  const c = qn.indexOf(':');
  const prefix = c < 0 ? '' : qn.slice(0, c);
  const local = c < 0 ? qn : qn.slice(c + 1);
  const module = resolve(prefix);
  if (!module || !/^[A-Za-z_][\w.-]*$/.test(local))
    return { ok: false, msg: `Invalid identityref "${qn}" value - unable to map prefix to YANG schema.` };
  const id = `${module}:${local}`;
  if (!schema.isIdentity(id))
    return { ok: false, msg: `Invalid identityref "${qn}" value - identity not found in module "${module}".` };
  if (!schema.isImplementedModule(module))
    return { ok: false, msg: `Invalid identityref "${qn}" value - identity found in non-implemented module "${module}".` };
  for (const base of t.bases ?? [])
    if (!schema.derivesFrom(id, base, false))
      return { ok: false, msg: `Invalid identityref "${qn}" value - identity not derived from the base "${base}".` };
  return { ok: true, v: id };
}

function checkString(t: SType, s: string): ValueResult {
  if (t.numLengths) {
    // numbers against numbers: comparing a number with a bigint bound is a runtime call in V8, made for
    // every string leaf of an edit; no array of characters per value either
    const len = codePoints(s);
    if (!inNumRanges(len, t.numLengths))
      return { ok: false, msg: `Unsatisfied length - string "${s}" length is not allowed.` };
  }
  for (const p of t.patterns ?? []) {
    if (p.re.test(s) === p.inv)
      return {
        ok: false,
        msg: p.msg ?? `Unsatisfied pattern - "${s}" does not conform to ${p.inv ? 'inverted ' : ''}"${p.src}".`,
        appTag: p.tag,
      };
  }
  return { ok: true, v: s };
}

/** The length in characters (RFC 7950 §9.4.4: Unicode characters; a surrogate pair is one). */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        n--;
        i++;
      }
    }
  }
  return n;
}

function inNumRanges(v: number, rs: [number, number][]): boolean {
  // indexed, not `for (const [a, b] of rs)`: the destructuring made iterator objects for every value
  for (let i = 0; i < rs.length; i++) if (v >= rs[i][0] && v <= rs[i][1]) return true;
  return false;
}

const numDefaults = new Map<string, [number, number][]>();
function defaultNumRange(b: string): [number, number][] {
  let r = numDefaults.get(b);
  if (!r) {
    const [a, z] = defaultRange(b);
    r = [[Number(a), Number(z)]];
    numDefaults.set(b, r);
  }
  return r;
}

function inRanges(v: bigint, rs: [bigint, bigint][]): boolean {
  return rs.some(([a, b]) => v >= a && v <= b);
}

function defaultRange(b: string): [bigint, bigint] {
  const u = b.startsWith('u');
  const bits = BigInt(b.replace(/\D/g, ''));
  return u ? [0n, 2n ** bits - 1n] : [-(2n ** (bits - 1n)), 2n ** (bits - 1n) - 1n];
}

/** The type whose values a leaf holds, looking through leafrefs (for XML output of identityrefs). */
export function hasIdentityref(t: SType | undefined): boolean {
  if (!t) return false;
  if (t.b === 'identityref') return true;
  if (t.b === 'leafref') return hasIdentityref(t.real);
  if (t.b === 'union') return (t.union ?? []).some(hasIdentityref);
  return false;
}

/** Values kept per type before the table starts again. */
const MEMO_MAX = 4096;
/** Lookups of a leaf after which its hit rate is judged, and those skipped when it is poor. */
const WINDOW = 1024;
const SKIP = 8 * WINDOW;

/**
 * Canonical values already parsed, by type and lexical form (an identityref's also by the module
 * its prefix names, the only thing its parse reads from the element): the 4 MB edit of 256
 * subscribers has ~56 000 leaf values, ~7 300 of them distinct, nearly all valid. A hit skips the
 * parse and its checks (patterns, ranges, identity derivation) and puts the string already held by
 * the trees (no new string per value). Only valid values are kept: a refusal is parsed every time,
 * with its message. A leaf whose values are mostly new (names, references to them) is not looked
 * up for a while once a window of its lookups hit less than a quarter of the time.
 */
export class ValueMemo {
  private readonly types = new WeakMap<SType, MemoOfType>();
  private readonly leaves = new WeakMap<object, LeafMemo>();
  /** The table of the last `get` (for the `put` that follows a miss). */
  private table: Map<string, string> | undefined;

  /**
   * The memo of one leaf (of type `t`), to keep where the leaf is looked up often: the edit holds it
   * with the leaf's schema node, found once per parent and element name, instead of a WeakMap lookup
   * per value.
   */
  leaf(leaf: object, t: SType): LeafMemo {
    let l = this.leaves.get(leaf);
    if (!l) this.leaves.set(leaf, (l = { m: this.ofType(t), n: 0, hit: 0, skip: 0 }));
    return l;
  }

  /**
   * The canonical value of `text` for `leaf` (of type `t`) if it was seen before, else undefined
   * (then parse it and `put` the result).
   */
  get(leaf: object, t: SType, text: string, resolve: PrefixResolver): string | undefined {
    return this.find(this.leaf(leaf, t), text, resolve);
  }

  /** As `get`, with the leaf's memo (`leaf`). */
  find(l: LeafMemo, text: string, resolve: PrefixResolver): string | undefined {
    this.table = undefined;
    if (l.skip > 0) {
      l.skip--;
      return undefined;
    }
    let table = l.m.plain;
    if (!table) {
      const q = text.trim();
      const c = q.indexOf(':');
      const module = resolve(c < 0 ? '' : q.slice(0, c));
      if (module === undefined) return undefined;
      table = l.m.byModule.get(module);
      if (!table) l.m.byModule.set(module, (table = new Map()));
    }
    const v = table.get(text);
    if (v !== undefined) l.hit++;
    else this.table = table;
    if (++l.n === WINDOW) {
      if (l.hit * 4 < l.n) l.skip = SKIP;
      l.n = l.hit = 0;
    }
    return v;
  }

  /**
   * Remember the canonical value of the `text` the last `get` missed; returns the value to keep: a
   * copy of its own, where `v` was a slice of the message (a string of 13 characters or more cut out
   * of another is a view of it in V8): a view compares ~4x slower (the sorted lists of the tree compare
   * their keys on every insertion) and would hold the whole 4 MB message in memory.
   */
  put(text: string, v: string): string {
    const own = ownCopy(v);
    const table = this.table;
    if (!table) return own;
    if (table.size >= MEMO_MAX) table.clear();
    table.set(text === v ? own : ownCopy(text), own);
    return own;
  }

  private ofType(t: SType): MemoOfType {
    let m = this.types.get(t);
    if (!m) this.types.set(t, (m = { plain: hasIdentityref(t) ? undefined : new Map(), byModule: new Map() }));
    return m;
  }
}

export interface LeafMemo {
  m: MemoOfType;
  /** Lookups and hits in the current window; lookups still to skip. */
  n: number;
  hit: number;
  skip: number;
}

/** A string of its own with the characters of `s` (see ValueMemo.put). */
function ownCopy(s: string): string {
  return s.length > 1024 ? s : ownString(s); // long: no key, rare
}

export interface MemoOfType {
  /** Values by lexical form; undefined for a type with identityrefs (see byModule). */
  plain: Map<string, string> | undefined;
  /** A type with identityrefs: by the module the value's prefix names, then lexical form. */
  byModule: Map<string, Map<string, string>>;
}

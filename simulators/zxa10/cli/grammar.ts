/**
 * The simulator's own command grammar: per mode a tree of words built from patterns such as
 * `tcont <1-8:tcont> [name <WORD:tname>] profile <WORD:profile>`, matched the way ZXR10-style
 * firmware matches input — a keyword may be abbreviated to any unique prefix (`conf t`, `sh run`,
 * `int gpon-onu_…`), a value is checked against its type, and the first word that fits nothing is
 * where the `^` marker goes. Matching yields the canonical line (keywords written out in full) that
 * the configuration stores, or the kind of error and the column it points at.
 *
 * Pattern syntax: `word` keyword; `<A-B:name>` integer in A..B; `<TYPE:name>` a typed value (see
 * VALUE_TYPES); `[ … ]` optional; `{ a | b }` one of. A `<LINE:name>` takes the rest of the line.
 */

export interface Token {
  word: string;
  /** Column of the token in the typed line. */
  at: number;
}

export function tokenize(line: string): Token[] {
  const out: Token[] = [];
  const re = /\S+/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line))) out.push({ word: m[0], at: m.index });
  return out;
}

/** Value types: what a word must look like. Interface names are checked by the family's handlers. */
const VALUE_TYPES: Record<string, RegExp> = {
  WORD: /^\S+$/,
  // 4 letters + 8 hex digits (show gpon onu by sn ?: "must be 12 character(s)", boss-app)
  SN: /^[A-Za-z0-9]{4}[0-9A-Fa-f]{8}$/,
  VLANS: /^\d+(-\d+)?(,\d+(-\d+)?)*$/,
  IP: /^\d{1,3}(\.\d{1,3}){3}$/,
  PON3: /^\d+\/\d+\/\d+$/,
  C300_OLT: /^gpon-olt_\d+\/\d+\/\d+$/,
  C300_OLT_SLOT: /^gpon-olt_\d+\/\d+(\/\d+)?$/,
  C300_ONU: /^gpon-onu_\d+\/\d+\/\d+:\d+$/,
  C600_OLT: /^gpon_olt-\d+\/\d+\/\d+$/,
  C600_ONU: /^gpon_onu-\d+\/\d+\/\d+:\d+$/,
  C600_VPORT: /^vport-\d+\/\d+\/\d+\.\d+:\d+$/,
  UPLINK: /^(x?gei_\d+\/\d+\/\d+|xgei-\d+\/\d+\/\d+)$/,
  ETHUNI: /^eth_0\/\d+$/,
  UNI: /^(eth_0\/\d+|wifi_0\/\d+|veip_\d+|pots_0\/\d+)$/,
  WIFI: /^wifi_0\/\d+$/,
  POTS: /^pots_0\/\d+$/,
};

type Matcher =
  | { kind: 'kw'; word: string }
  | { kind: 'num'; min: number; max: number; name: string }
  | { kind: 'val'; type: string; name: string }
  | { kind: 'line'; name: string };

export interface Node<H> {
  m: Matcher | null;
  children: Node<H>[];
  /** Set when a command may end here. */
  handler?: H;
}

export type Args = Record<string, string>;

export type MatchResult<H> =
  | { ok: true; handler: H; args: Args; argAt: Record<string, number>; canonical: string; words: string[] }
  | { ok: false; kind: 'invalid' | 'incomplete' | 'ambiguous'; at: number };

/** A pattern split into its alternative linear forms (optionals expanded). */
function expand(src: string): string[][] {
  const toks = src.match(/\[|\]|\{|\}|\||<[^>]+>|[^\s[\]{}|<>]+/g) ?? [];
  let i = 0;
  // seq := item*; item := word | [ seq ] | { seq (| seq)* }
  function seq(stop: string[]): string[][] {
    let forms: string[][] = [[]];
    while (i < toks.length && !stop.includes(toks[i])) {
      const t = toks[i++];
      let alts: string[][];
      if (t === '[') {
        alts = [[], ...seq([']'])];
        i++;
      } else if (t === '{') {
        alts = [];
        for (;;) {
          alts.push(...seq(['|', '}']));
          if (toks[i++] === '}') break;
        }
      } else alts = [[t]];
      forms = forms.flatMap((f) => alts.map((a) => [...f, ...a]));
    }
    return forms;
  }
  return seq([]);
}

function matcherOf(tok: string): Matcher {
  if (!tok.startsWith('<')) return { kind: 'kw', word: tok };
  const [type, name] = tok.slice(1, -1).split(':');
  const range = /^(\d+)-(\d+)$/.exec(type);
  if (range) return { kind: 'num', min: Number(range[1]), max: Number(range[2]), name };
  if (type === 'LINE') return { kind: 'line', name };
  if (!VALUE_TYPES[type]) throw new Error(`unknown value type ${type}`);
  return { kind: 'val', type, name };
}

function sameMatcher(a: Matcher | null, b: Matcher): boolean {
  return a !== null && JSON.stringify(a) === JSON.stringify(b);
}

/** A mode's command tree. */
export class Grammar<H> {
  readonly root: Node<H> = { m: null, children: [] };

  add(pattern: string, handler: H): this {
    for (const form of expand(pattern)) {
      let node = this.root;
      for (const tok of form) {
        const m = matcherOf(tok);
        let next = node.children.find((c) => sameMatcher(c.m, m));
        if (!next) {
          next = { m, children: [] };
          node.children.push(next);
        }
        node = next;
      }
      node.handler = handler;
    }
    return this;
  }

  /** Match a typed line against this mode's commands. */
  match(line: string): MatchResult<H> {
    const tokens = tokenize(line);
    let node = this.root;
    const args: Args = {};
    const argAt: Record<string, number> = {};
    const words: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const { word, at } = tokens[i];
      const lower = word.toLowerCase();
      const kids = node.children;
      const exact = kids.find((c) => c.m?.kind === 'kw' && c.m.word === lower);
      let next: Node<H> | undefined = exact;
      if (!next) {
        const prefixed = kids.filter((c) => c.m?.kind === 'kw' && c.m.word.startsWith(lower));
        const values = kids.filter((c) => c.m !== null && c.m.kind !== 'kw' && accepts(c.m, word));
        if (prefixed.length === 1) next = prefixed[0];
        else if (values.length) next = values[0];
        else if (prefixed.length > 1) return { ok: false, kind: 'ambiguous', at };
        else return { ok: false, kind: 'invalid', at };
      }
      const m = next.m!;
      if (m.kind === 'kw') words.push(m.word);
      else if (m.kind === 'line') {
        const rest = line.slice(at).trimEnd();
        args[m.name] = rest;
        argAt[m.name] = at;
        words.push(rest);
        node = next;
        break;
      } else {
        args[m.name] = word;
        argAt[m.name] = at;
        words.push(word);
      }
      node = next;
    }
    if (node.handler === undefined) {
      const last = tokens[tokens.length - 1];
      return { ok: false, kind: 'incomplete', at: last ? last.at + last.word.length + 1 : 0 };
    }
    return { ok: true, handler: node.handler, args, argAt, canonical: words.join(' '), words };
  }
}

function accepts(m: Matcher, word: string): boolean {
  if (m.kind === 'num') {
    if (!/^\d+$/.test(word)) return false;
    const n = Number(word);
    return n >= m.min && n <= m.max;
  }
  if (m.kind === 'line') return true;
  if (m.kind === 'val') return VALUE_TYPES[m.type].test(word);
  return false;
}

/**
 * The shape of one ZXA10 configuration line, as device-profile data (`cli.lines.*`, design §6:
 * dialects are data). One template both renders the line ponctl types and matches the line the
 * device lists in its running-config, so the two readings of a shape cannot drift apart. Pure.
 *
 * Template language (kept small, every shape in the profiles uses nothing else):
 *   - `word`          a keyword that must match exactly;
 *   - `(a|b)`         one of several keywords (rendered as the first: `pppoe-plus enable (vport|sport) {vport}`
 *                     — both spellings are public, c300/provision-basic-config-and-register-pppoe-plus-c320.txt);
 *   - `{field}`       a value; its type comes from FIELD_TYPES (int, vlans, word);
 *   - `{field...}`    the rest of the line as text (must end the template);
 *   - `[ … ]`         an optional run, rendered only when every field in it has a value.
 */

export type FieldType = 'int' | 'vlans' | 'word' | 'text';

/** Fields whose value is a number; `vlans` a VLAN list (`100`, `41,45-46,50`); every other field a word. */
const INT_FIELDS = new Set([
  'onuId',
  'tcont',
  'gemport',
  'vport',
  'sp',
  'userVlan',
  'vlan',
  'svlan',
  'maxKbps',
  'fixedKbps',
  'cirKbps',
  'pirKbps',
  'cbs',
  'pbs',
  'cos',
  'macLimit',
  'queue',
]);
const LIST_FIELDS = new Set(['vlans']);

export type Token =
  | { t: 'kw'; words: string[] }
  | { t: 'field'; name: string; type: FieldType }
  | { t: 'opt'; tokens: Token[] };

export interface LineTemplate {
  source: string;
  tokens: Token[];
  /** The leading keywords (first alternative each): a fast pre-filter for matching. */
  head: string;
}

export type Values = Record<string, string | number | undefined>;

function fieldType(name: string, rest: boolean): FieldType {
  if (rest) return 'text';
  if (INT_FIELDS.has(name)) return 'int';
  if (LIST_FIELDS.has(name)) return 'vlans';
  return 'word';
}

function parseTokens(words: string[], source: string): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '[') {
      let depth = 1;
      let j = i + 1;
      for (; j < words.length && depth > 0; j++) {
        if (words[j] === '[') depth++;
        if (words[j] === ']') depth--;
      }
      if (depth !== 0) throw new Error(`unclosed [ in line template "${source}"`);
      out.push({ t: 'opt', tokens: parseTokens(words.slice(i + 1, j - 1), source) });
      i = j - 1;
    } else if (w.startsWith('{') && w.endsWith('}')) {
      const rest = w.endsWith('...}');
      const name = w.slice(1, rest ? -4 : -1);
      out.push({ t: 'field', name, type: fieldType(name, rest) });
    } else if (w.startsWith('(') && w.endsWith(')')) {
      out.push({ t: 'kw', words: w.slice(1, -1).split('|') });
    } else {
      out.push({ t: 'kw', words: [w] });
    }
  }
  return out;
}

export function compileLine(source: string): LineTemplate {
  const words = source.replace(/\[/g, ' [ ').replace(/\]/g, ' ] ').trim().split(/\s+/);
  const tokens = parseTokens(words, source);
  const textAt = tokens.findIndex((t) => t.t === 'field' && t.type === 'text');
  if (textAt >= 0 && textAt !== tokens.length - 1)
    throw new Error(`a {field...} must end the line template "${source}"`);
  const head: string[] = [];
  for (const t of tokens) {
    if (t.t !== 'kw') break;
    head.push(t.words[0]);
  }
  return { source, tokens, head: head.join(' ') };
}

function renderTokens(tokens: Token[], v: Values, out: string[], source: string): void {
  for (const t of tokens) {
    if (t.t === 'kw') out.push(t.words[0]);
    else if (t.t === 'opt') {
      if (fieldsOf(t.tokens).every((f) => v[f] !== undefined && v[f] !== ''))
        renderTokens(t.tokens, v, out, source);
    } else {
      const x = v[t.name];
      if (x === undefined || x === '') throw new Error(`line template "${source}": no value for {${t.name}}`);
      out.push(String(x));
    }
  }
}

function fieldsOf(tokens: Token[]): string[] {
  return tokens.flatMap((t) => (t.t === 'field' ? [t.name] : t.t === 'opt' ? fieldsOf(t.tokens) : []));
}

/** The line for `values` (optional runs whose fields are all given are included). */
export function renderLine(tpl: LineTemplate, values: Values): string {
  const out: string[] = [];
  renderTokens(tpl.tokens, values, out, tpl.source);
  return out.join(' ');
}

interface Word {
  w: string;
  at: number;
}

/** Words of a line and where each starts (a `{field...}` takes the rest of the line from there). */
export function splitWords(line: string): Word[] {
  const out: Word[] = [];
  const re = /\S+/g;
  for (let m = re.exec(line); m; m = re.exec(line)) out.push({ w: m[0], at: m.index });
  return out;
}

const INT = /^\d{1,9}$/;
const VLAN_LIST = /^\d{1,4}(-\d{1,4})?(,\d{1,4}(-\d{1,4})?)*$/;

/** Matches tokens from word k; returns the next word index, or -1. Optional runs are tried taken first. */
function matchFrom(tokens: Token[], i: number, words: Word[], k: number, line: string, v: Values): number {
  if (i === tokens.length) return k;
  const t = tokens[i];
  if (t.t === 'opt') {
    const saved = { ...v };
    const inner = matchFrom(t.tokens, 0, words, k, line, v);
    if (inner >= 0) {
      const r = matchFrom(tokens, i + 1, words, inner, line, v);
      if (r >= 0) return r;
    }
    for (const key of Object.keys(v)) if (!(key in saved)) delete v[key];
    return matchFrom(tokens, i + 1, words, k, line, v);
  }
  const w = words[k];
  if (!w) return -1;
  if (t.t === 'kw') return t.words.includes(w.w) ? matchFrom(tokens, i + 1, words, k + 1, line, v) : -1;
  if (t.type === 'text') {
    v[t.name] = line.slice(w.at).trimEnd();
    return words.length;
  }
  if (t.type === 'int') {
    if (!INT.test(w.w)) return -1;
    v[t.name] = Number(w.w);
  } else if (t.type === 'vlans') {
    if (!VLAN_LIST.test(w.w)) return -1;
    v[t.name] = w.w;
  } else v[t.name] = w.w;
  return matchFrom(tokens, i + 1, words, k + 1, line, v);
}

/** The values of `line` when it has the template's shape (whitespace runs are one separator), else undefined. */
export function matchLine(tpl: LineTemplate, line: string, words = splitWords(line)): Values | undefined {
  const v: Values = {};
  const end = matchFrom(tpl.tokens, 0, words, 0, line, v);
  return end === words.length ? v : undefined;
}

/** `100`, `41,45-46,50` → the VLAN ids it names, ascending. */
export function expandVlanList(list: string): number[] {
  const out = new Set<number>();
  for (const part of list.split(',')) {
    const [a, b] = part.split('-').map(Number);
    for (let x = a; x <= (b ?? a); x++) out.add(x);
  }
  return [...out].sort((x, y) => x - y);
}

/** VLAN ids → the shortest list form (`41,45-46,50`). */
export function formatVlanList(vlans: readonly number[]): string {
  const s = [...new Set(vlans)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < s.length; i++) {
    let j = i;
    while (j + 1 < s.length && s[j + 1] === s[j] + 1) j++;
    parts.push(j > i ? `${s[i]}-${s[j]}` : String(s[i]));
    i = j;
  }
  return parts.join(',');
}

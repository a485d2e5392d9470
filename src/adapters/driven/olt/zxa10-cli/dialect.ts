/**
 * A ZXA10-style CLI dialect as DATA (design §6: "dialects live in device-profiles/, not in
 * `if (vendor === …)` branches"). The `cli` section of a device profile names the interfaces, the
 * prompts, the paging marker, the error-line shape and one command template (plus its `no …` undo)
 * per configuration element of `OltConfig`. This module turns that data into typed, compiled
 * templates that both the simulator's shell and the controller's CLI driver use, so the two can
 * never disagree on a command's shape. Pure: no I/O (loading the JSON file is the caller's job).
 *
 * Template language (kept deliberately tiny):
 *   - words separated by single spaces; a plain word is a keyword that must match exactly;
 *   - `{field}` is a value; its type comes from FIELD_TYPES (int, word, text = rest of line, channel);
 *   - `{flag? some words}` renders `some words` when the boolean `flag` is true, nothing otherwise.
 */
import { CHANNELS, type Channel } from '../../../../domain/olt-config/model.ts';

/** Every configuration element the dialect must express (one template each). */
export const ELEMENTS = [
  'trafficProfile',
  'onu',
  'onuDescription',
  'tcont',
  'gemport',
  'servicePort',
  'channel',
  'dot1p',
  'downstreamProfile',
  'upstreamProfile',
  'macLimit',
  'dhcpSnooping',
  'antiSpoofing',
  'macForcedForwarding',
  'multicast',
  'adminState',
  'onuService',
  'uniVlan',
] as const;
export type ElementName = (typeof ELEMENTS)[number];

/**
 * Where an element's command is typed. `vlan` is the ONU interface (C300) or the ONU's
 * `interface vport-…` (C600), as the dialect's `vlanScope` says.
 */
export type ElementScope = 'config' | 'oltIf' | 'onuIf' | 'vlan' | 'onuMng';

export const ELEMENT_SCOPE: Record<ElementName, ElementScope> = {
  trafficProfile: 'config',
  onu: 'oltIf',
  onuDescription: 'onuIf',
  tcont: 'onuIf',
  gemport: 'onuIf',
  servicePort: 'vlan',
  channel: 'vlan',
  dot1p: 'vlan',
  downstreamProfile: 'vlan',
  upstreamProfile: 'vlan',
  macLimit: 'vlan',
  dhcpSnooping: 'vlan',
  antiSpoofing: 'vlan',
  macForcedForwarding: 'vlan',
  multicast: 'vlan',
  adminState: 'vlan',
  onuService: 'onuMng',
  uniVlan: 'onuMng',
};

export type FieldType = 'int' | 'word' | 'text' | 'channel';

/** Type of every `{field}` a template may use (values are model fields, see model.ts). */
export const FIELD_TYPES: Record<string, FieldType> = {
  onuId: 'int',
  tcont: 'int',
  gemport: 'int',
  servicePort: 'int',
  userVlan: 'int',
  vlan: 'int',
  dot1p: 'int',
  macLimit: 'int',
  cirKbps: 'int',
  pirKbps: 'int',
  name: 'word',
  trafficProfile: 'word',
  onuType: 'word',
  serial: 'word',
  downstreamProfile: 'word',
  upstreamProfile: 'word',
  description: 'text',
  channel: 'channel',
};

export type TemplateValues = Record<string, string | number | boolean | undefined>;

export type TemplateToken =
  | { t: 'kw'; word: string }
  | { t: 'field'; name: string; type: FieldType }
  | { t: 'flag'; name: string; words: string[] };

export interface CompiledTemplate {
  source: string;
  tokens: TemplateToken[];
  /** Leading keywords (before the first value), to pick candidate templates quickly. */
  prefix: string[];
}

export interface ElementTemplates {
  set: CompiledTemplate;
  /** The undo (`no …`) form; absent when the element can only be changed, never removed (channel). */
  unset?: CompiledTemplate;
}

export type CliModeKind = 'exec' | 'config' | 'oltIf' | 'onuIf' | 'vportIf' | 'onuMng';

export type ErrorKind =
  'invalid-input' | 'incomplete' | 'bad-value' | 'exists' | 'not-found' | 'in-use' | 'locked' | 'failed';

export interface CliDialect {
  /** Profile name, e.g. `zxa10-c300`. */
  name: string;
  banner: string;
  /** Interface names: `{pon}` is `R/S/P`. */
  naming: { oltPort: NamePattern; onu: NamePattern; vport?: NamePattern };
  vlanScope: 'onu' | 'vport';
  /** Indentation of sub-mode lines in running-config. */
  indent: string;
  /** Prompt per mode; `{host}` is the OLT name, `{if}` the current interface name. */
  prompts: Record<CliModeKind, string>;
  /** Matches any prompt at the end of output (driver side). */
  promptPattern: RegExp;
  paging: { marker: string; erase: string; disable: string; defaultLength: number };
  /** Mode-entering commands; `{oltPort}` / `{onu}` / `{vport}` are interface names. */
  modes: { config: string; oltIf: string; onuIf: string; vportIf?: string; onuMng: string };
  elements: Record<ElementName, ElementTemplates>;
  errors: {
    pattern: RegExp;
    format: string;
    caret: boolean;
    kinds: Record<ErrorKind, { code: number; text: string }>;
  };
  /** Value ranges the device accepts (inclusive). */
  ranges: Record<string, [number, number]>;
  /** How `show gpon onu state` words each phase (simulators/core/topology.ts OntPhase). */
  phaseNames: Record<string, string>;
}

/** A compiled interface-name pattern such as `gpon-onu_{pon}:{onuId}`. */
export interface NamePattern {
  source: string;
  regex: RegExp;
  fields: string[];
}

export class DialectError extends Error {
  constructor(
    readonly profile: string,
    message: string,
  ) {
    super(`device profile ${profile}: cli: ${message}`);
    this.name = 'DialectError';
  }
}

export function compileTemplate(source: string): CompiledTemplate {
  const tokens: TemplateToken[] = [];
  let i = 0;
  while (i < source.length) {
    if (source[i] === ' ') {
      i++;
      continue;
    }
    if (source[i] === '{') {
      const end = source.indexOf('}', i);
      if (end < 0) throw new Error(`unclosed { in template "${source}"`);
      const inner = source.slice(i + 1, end);
      const q = inner.indexOf('?');
      if (q >= 0) {
        tokens.push({
          t: 'flag',
          name: inner.slice(0, q).trim(),
          words: inner
            .slice(q + 1)
            .trim()
            .split(/ +/),
        });
      } else {
        const type = FIELD_TYPES[inner];
        if (!type) throw new Error(`unknown field {${inner}} in template "${source}"`);
        tokens.push({ t: 'field', name: inner, type });
      }
      i = end + 1;
      continue;
    }
    let j = i;
    while (j < source.length && source[j] !== ' ') j++;
    tokens.push({ t: 'kw', word: source.slice(i, j) });
    i = j;
  }
  const textAt = tokens.findIndex((t) => t.t === 'field' && t.type === 'text');
  if (textAt >= 0 && textAt !== tokens.length - 1)
    throw new Error(`a text field must end the template "${source}"`);
  const prefix: string[] = [];
  for (const t of tokens) {
    if (t.t !== 'kw') break;
    prefix.push(t.word);
  }
  return { source, tokens, prefix };
}

export function renderTemplate(tpl: CompiledTemplate, values: TemplateValues): string {
  // string concatenation, no intermediate arrays: called ~200 000 times for a 4 096-ONT listing
  let out = '';
  for (const t of tpl.tokens) {
    let piece: string;
    if (t.t === 'kw') piece = t.word;
    else if (t.t === 'flag') {
      if (!values[t.name]) continue;
      piece = t.words.join(' ');
    } else {
      const v = values[t.name];
      if (v === undefined || v === '') throw new Error(`template "${tpl.source}": no value for {${t.name}}`);
      piece = typeof v === 'string' ? v : String(v);
    }
    out = out ? out + ' ' + piece : piece;
  }
  return out;
}

/** A word of an input line and where it starts (for the `^` marker of error lines). */
export interface InputToken {
  word: string;
  at: number;
}

export function tokenize(line: string): InputToken[] {
  // hand-rolled (not a regex): a 4 096-ONT running-config is ~200 000 lines
  const out: InputToken[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    while (i < n && line.charCodeAt(i) <= 32) i++;
    if (i >= n) break;
    const start = i;
    while (i < n && line.charCodeAt(i) > 32) i++;
    out.push({ word: line.slice(start, i), at: start });
  }
  return out;
}

export type MatchResult =
  | { ok: true; values: TemplateValues }
  /** `matched` = input words accepted before the failure; `incomplete` = input ran out. */
  | { ok: false; matched: number; incomplete: boolean };

/** Match an input line (already tokenised) against a template. Greedy; flags are optional runs. */
export function matchTemplate(tpl: CompiledTemplate, input: InputToken[], line: string): MatchResult {
  const values: TemplateValues = {};
  let k = 0;
  for (const t of tpl.tokens) {
    if (t.t === 'flag') {
      const hit = t.words.every((w, n) => input[k + n]?.word === w);
      values[t.name] = hit;
      if (hit) k += t.words.length;
      continue;
    }
    const tok = input[k];
    if (!tok) return { ok: false, matched: k, incomplete: true };
    if (t.t === 'kw') {
      if (tok.word !== t.word) return { ok: false, matched: k, incomplete: false };
    } else if (t.type === 'int') {
      if (!/^\d{1,9}$/.test(tok.word)) return { ok: false, matched: k, incomplete: false };
      values[t.name] = Number(tok.word);
    } else if (t.type === 'channel') {
      if (!(CHANNELS as readonly string[]).includes(tok.word))
        return { ok: false, matched: k, incomplete: false };
      values[t.name] = tok.word as Channel;
    } else if (t.type === 'text') {
      values[t.name] = line.slice(tok.at).trimEnd();
      return { ok: true, values };
    } else {
      values[t.name] = tok.word;
    }
    k++;
  }
  if (k < input.length) return { ok: false, matched: k, incomplete: false };
  return { ok: true, values };
}

export function compileNamePattern(source: string): NamePattern {
  const fields: string[] = [];
  let re = '^';
  let i = 0;
  while (i < source.length) {
    if (source[i] === '{') {
      const end = source.indexOf('}', i);
      const f = source.slice(i + 1, end);
      fields.push(f);
      re += f === 'pon' ? '(\\d+/\\d+/\\d+)' : '(\\d{1,5})';
      i = end + 1;
    } else {
      re += source[i].replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      i++;
    }
  }
  return { source, regex: new RegExp(re + '$'), fields };
}

export function formatName(
  p: NamePattern,
  values: { pon: string; onuId?: number; gemport?: number },
): string {
  return p.source.replace(/\{(\w+)\}/g, (_m, f: string) => String((values as Record<string, unknown>)[f]));
}

/** Parse an interface name; undefined when it does not follow the pattern. */
export function parseName(
  p: NamePattern,
  name: string,
): { pon: string; onuId?: number; gemport?: number } | undefined {
  const m = p.regex.exec(name);
  if (!m) return undefined;
  const out: { pon: string; onuId?: number; gemport?: number } = { pon: '' };
  p.fields.forEach((f, n) => {
    if (f === 'pon') out.pon = m[n + 1];
    else (out as Record<string, unknown>)[f] = Number(m[n + 1]);
  });
  return out;
}

/** The `%Error …` line of a dialect. */
export function formatError(d: CliDialect, kind: ErrorKind, detail = ''): string {
  const k = d.errors.kinds[kind];
  return d.errors.format
    .replace('{code}', String(k.code))
    .replace('{text}', k.text.replace('{detail}', detail));
}

/** Is this output line an error line? Returns its code and text (driver side). */
export function parseErrorLine(d: CliDialect, line: string): { code: number; text: string } | undefined {
  const m = d.errors.pattern.exec(line.trim());
  return m ? { code: Number(m[1]), text: m[2] } : undefined;
}

export function formatPrompt(d: CliDialect, mode: CliModeKind, host: string, ifName = ''): string {
  return d.prompts[mode].replace('{host}', host).replace('{if}', ifName);
}

function req<T>(profile: string, v: T | undefined | null, what: string): T {
  if (v === undefined || v === null) throw new DialectError(profile, `missing ${what}`);
  return v;
}

/** Build a dialect from a device profile object (the parsed JSON of device-profiles/NAME.json). */
export function dialectFromProfile(profile: { name: string; cli?: unknown }): CliDialect {
  const p = profile.name;
  // The JSON shape is documented by the profile itself; validated field by field below.
  const c = req(p, profile.cli, 'cli section') as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  const elements = {} as Record<ElementName, ElementTemplates>;
  const cmds = req(p, c.commands, 'commands') as Record<string, { set: string; unset?: string }>;
  for (const e of ELEMENTS) {
    const spec = req(p, cmds[e], `commands.${e}`);
    try {
      elements[e] = {
        set: compileTemplate(spec.set),
        ...(spec.unset ? { unset: compileTemplate(spec.unset) } : {}),
      };
    } catch (err) {
      throw new DialectError(p, `commands.${e}: ${(err as Error).message}`);
    }
  }
  const naming = req(p, c.naming, 'naming');
  const vlanScope = c.vlanScope === 'vport' ? 'vport' : 'onu';
  if (vlanScope === 'vport' && (!naming.vport || !c.modes?.vportIf))
    throw new DialectError(p, 'vlanScope vport needs naming.vport and modes.vportIf');
  const errors = req(p, c.errors, 'errors');
  return {
    name: p,
    banner: c.banner ?? '',
    naming: {
      oltPort: compileNamePattern(req(p, naming.oltPort, 'naming.oltPort')),
      onu: compileNamePattern(req(p, naming.onu, 'naming.onu')),
      ...(naming.vport ? { vport: compileNamePattern(naming.vport) } : {}),
    },
    vlanScope,
    indent: c.indent ?? '  ',
    prompts: req(p, c.prompts, 'prompts'),
    promptPattern: new RegExp(req(p, c.promptPattern, 'promptPattern')),
    paging: req(p, c.paging, 'paging'),
    modes: req(p, c.modes, 'modes'),
    elements,
    errors: {
      pattern: new RegExp(errors.pattern),
      format: errors.format,
      caret: !!errors.caret,
      kinds: errors.kinds,
    },
    ranges: c.ranges ?? {},
    phaseNames: c.phaseNames ?? {},
  };
}

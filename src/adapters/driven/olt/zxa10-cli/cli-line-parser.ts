/**
 * The parsing half of the ZXA10 CLI interpreter: one configuration line in a mode → which mode it
 * enters, or which element of `OltConfig` it sets or removes (applied by `running-config-apply.ts`).
 * Kept apart so each file reads in one sitting.
 */
import {
  ELEMENT_SCOPE,
  ELEMENTS,
  matchTemplate,
  parseName,
  tokenize,
  type CliDialect,
  type CompiledTemplate,
  type ElementName,
  type ErrorKind,
  type TemplateValues,
} from './dialect.ts';

export type CliMode =
  | { kind: 'exec' }
  | { kind: 'config' }
  | { kind: 'oltIf'; pon: string; ifName: string }
  | { kind: 'onuIf'; pon: string; onuId: number; ifName: string }
  | { kind: 'vportIf'; pon: string; onuId: number; gemport: number; ifName: string }
  | { kind: 'onuMng'; pon: string; onuId: number; ifName: string };

export interface CliError {
  kind: ErrorKind;
  detail?: string;
  /** Column of the `^` marker (invalid input). */
  caretAt?: number;
}

export type ParsedLine =
  | { kind: 'empty' }
  | { kind: 'exit' }
  | { kind: 'end' }
  | { kind: 'enter'; mode: Exclude<CliMode, { kind: 'exec' }> }
  | { kind: 'element'; element: ElementName; op: 'set' | 'unset'; values: TemplateValues }
  | { kind: 'error'; error: CliError };

/** Mode-entering command parts: leading keywords and which interface name follows. */
interface ModeCommand {
  words: string[];
  target: 'oltIf' | 'onuIf' | 'vportIf' | 'onuMng';
}

function modeCommands(d: CliDialect): ModeCommand[] {
  const out: ModeCommand[] = [];
  const add = (src: string | undefined, target: ModeCommand['target']) => {
    if (!src) return;
    const words = src.split(' ');
    words.pop(); // the `{oltPort}` / `{onu}` / `{vport}` name placeholder
    out.push({ words, target });
  };
  add(d.modes.oltIf, 'oltIf');
  add(d.modes.onuIf, 'onuIf');
  add(d.modes.vportIf, 'vportIf');
  add(d.modes.onuMng, 'onuMng');
  return out;
}

const modeCache = new WeakMap<CliDialect, ModeCommand[]>();

/** The mode an element's command is typed in, for this dialect. */
export function elementMode(d: CliDialect, e: ElementName): CliMode['kind'] {
  const s = ELEMENT_SCOPE[e];
  return s === 'vlan' ? (d.vlanScope === 'vport' ? 'vportIf' : 'onuIf') : s;
}

const candidatesCache = new WeakMap<
  CliDialect,
  Map<string, { e: ElementName; op: 'set' | 'unset'; t: CompiledTemplate }[]>
>();

function candidates(d: CliDialect, mode: CliMode['kind']) {
  let m = candidatesCache.get(d);
  if (!m) {
    m = new Map();
    for (const e of ELEMENTS) {
      const k = elementMode(d, e);
      const list = m.get(k) ?? [];
      list.push({ e, op: 'set', t: d.elements[e].set });
      const u = d.elements[e].unset;
      if (u) list.push({ e, op: 'unset', t: u });
      m.set(k, list);
    }
    candidatesCache.set(d, m);
  }
  return m.get(mode) ?? [];
}

function startsWith(words: string[], prefix: string[]): boolean {
  for (let i = 0; i < prefix.length; i++) if (words[i] !== prefix[i]) return false;
  return true;
}

/** What a line means in a mode (no configuration is read or changed). */
export function parseCliLine(d: CliDialect, mode: CliMode, line: string): ParsedLine {
  const tokens = tokenize(line);
  if (tokens.length === 0 || tokens[0].word.startsWith('!')) return { kind: 'empty' };
  const w0 = tokens[0].word;
  if (tokens.length === 1 && w0 === 'exit') return { kind: 'exit' };
  if (tokens.length === 1 && w0 === 'end') return { kind: 'end' };
  const words: string[] = [];
  for (const t of tokens) words.push(t.word);
  if (mode.kind === 'exec') {
    if (words.join(' ') === d.modes.config) return { kind: 'enter', mode: { kind: 'config' } };
    return { kind: 'error', error: { kind: 'invalid-input', caretAt: tokens[0].at } };
  }
  // Interface modes can be entered from config mode and from any interface mode (as on the device).
  let modes = modeCache.get(d);
  if (!modes) {
    modes = modeCommands(d);
    modeCache.set(d, modes);
  }
  for (const mc of modes) {
    if (tokens.length !== mc.words.length + 1 || !startsWith(words, mc.words)) continue;
    const ifName = words[mc.words.length];
    const pat =
      mc.target === 'oltIf' ? d.naming.oltPort : mc.target === 'vportIf' ? d.naming.vport : d.naming.onu;
    const n = pat && parseName(pat, ifName);
    if (!n) continue;
    if (mc.target === 'oltIf') return { kind: 'enter', mode: { kind: 'oltIf', pon: n.pon, ifName } };
    if (mc.target === 'vportIf')
      return {
        kind: 'enter',
        mode: { kind: 'vportIf', pon: n.pon, onuId: n.onuId!, gemport: n.gemport!, ifName },
      };
    return { kind: 'enter', mode: { kind: mc.target, pon: n.pon, onuId: n.onuId!, ifName } };
  }
  let best = 0;
  let incomplete = false;
  for (const c of candidates(d, mode.kind)) {
    if (c.t.prefix.length && words[0] !== c.t.prefix[0]) continue;
    const r = matchTemplate(c.t, tokens, line);
    if (r.ok) return { kind: 'element', element: c.e, op: c.op, values: r.values };
    if (r.matched > best || (r.matched === best && r.incomplete)) {
      best = r.matched;
      incomplete = r.incomplete;
    }
  }
  for (const mc of modes) {
    // a mode command with a wrong interface name: the marker goes under the name
    if (startsWith(words, mc.words) && mc.words.length > best) {
      best = mc.words.length;
      incomplete = tokens.length === best;
    }
  }
  if (incomplete && best >= tokens.length) return { kind: 'error', error: { kind: 'incomplete' } };
  return {
    kind: 'error',
    error: { kind: 'invalid-input', caretAt: tokens[Math.min(best, tokens.length - 1)].at },
  };
}

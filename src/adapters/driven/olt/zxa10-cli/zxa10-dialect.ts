/**
 * A ZXA10 CLI dialect (C300/C320 or C600/C620) as DATA: the device profile's `cliDialect` section
 * (design §6, style.md: "a dialect is data plus small hooks"). It names the interfaces, the reply-line
 * shapes, one line template per configuration element (line-template.ts), the lines ponctl leaves
 * alone, the read commands and the capabilities the family lacks. Every value in the profile cites the
 * public fixture it comes from (test/fixtures/zxa10/); this module only compiles it. Pure.
 */
import { CHANNELS, type Channel } from '../../../../domain/olt-config/model.ts';
import { compileLine, type LineTemplate } from './line-template.ts';

/** Where a line is typed: config mode, `gpon` profiles, PON port, ONU, C600 vport, ONU OMCI side. */
export type ModeKind = 'config' | 'gpon' | 'oltIf' | 'onuIf' | 'vportIf' | 'onuMng';
const MODE_KINDS: readonly ModeKind[] = ['config', 'gpon', 'oltIf', 'onuIf', 'vportIf', 'onuMng'];

/** The configuration elements the driver reads and writes; a family's profile lists those it has. */
export const LINE_ELEMENTS = [
  'tcontProfileMaximum',
  'tcontProfileFixed',
  'gemTrafficProfile',
  'qosTrafficProfile',
  'onu',
  'onuPassword',
  'onuName',
  'onuDescription',
  'tcont',
  'gemport',
  'gemTrafficLimit',
  'hybridVport',
  'trunkVport',
  'switchportVlan',
  'servicePort',
  'pppoeIa',
  'dhcpSnooping',
  'ipSourceGuard',
  'macLimit',
  'vportMode',
  'vportMap',
  'service',
  'uniTag',
  'uniTrunk',
  'uniHybrid',
  'uniVlanList',
  'uniLock',
  'uniUnlock',
] as const;
export type LineElement = (typeof LINE_ELEMENTS)[number];

export interface LineSpec {
  element: LineElement;
  mode: ModeKind;
  /** The shape as the device lists it (and accepts it). */
  set: LineTemplate;
  /** The shape ponctl types, when narrower than `set` (e.g. the newer `gemport N name X tcont N`). */
  write: LineTemplate;
  /** The device's undo of the line (a `no …` or a `… disable` form); absent when none is public. */
  undo?: LineTemplate;
  /** Read, never typed (older models, other vendors' habits): recognised so nothing is unknown. */
  readOnly: boolean;
}

/** A `show` table read: which column (by header word or position) carries what. */
export interface TableRead {
  command: string;
  columns?: Record<string, string>;
  layouts?: { header: string; columns: string[] }[];
}

/** A capability the family lacks, and what a plan needing it does: note it (warn) or refuse. */
export interface AbsentCapability {
  whenRequested: 'warn' | 'refuse';
  reason: string;
  evidence: string;
}

export interface NamePattern {
  source: string;
  regex: RegExp;
  fields: ('pon' | 'onuId' | 'vport')[];
}

export interface Zxa10Dialect {
  /** Device profile name, e.g. `zxa10-c300`. */
  profile: string;
  family: 'c300' | 'c600';
  naming: { oltPort: NamePattern; onu: NamePattern; vport?: NamePattern };
  /** Where service-ports live: in the ONU interface keyed `vport K` (C3xx) or in `interface vport-…` (C600). */
  serviceScope: 'onu' | 'vport';
  /** The line closing a block in running-config (`!` C3xx, `$` C600). */
  blockEnd: string;
  /** Column at which the device hard-wraps long lines (0 = none). */
  wrapColumns: number;
  /** How the firmware masks names/descriptions in what it shows (C600 `********`). */
  maskedValue?: string;
  prompt: RegExp;
  paging: { marker: string; disable: string };
  modes: Record<'config' | 'end' | 'exit' | 'gpon' | 'oltIf' | 'onuIf' | 'onuMng', string> & {
    vportIf?: string;
    /** Saves the running configuration (typed at exec). */
    save?: string;
  };
  replies: { notice: RegExp[]; error: RegExp[]; success: RegExp[]; noInformation: string };
  lines: Partial<Record<LineElement, LineSpec>>;
  /** C600 `traffic-profile … cbs B … pbs B`: the burst (bytes) for a rate, as live profiles carry it. */
  qosBurst?: { steps: [number, number][]; above: number };
  /** Per mode: lines recognised and left alone (prefix templates). */
  unmanaged: Partial<Record<ModeKind, LineTemplate[]>>;
  reads: {
    runningConfig: string;
    oltConfig: string[];
    onuConfig: string[];
    vportConfig: string[];
    identity?: string;
    uncfg: TableRead;
    state: TableRead;
    detail: string;
    attenuation?: string;
    onuRx?: string;
  };
  /** The ONT user port ponctl configures (the F601 has one GE port). */
  uni: string;
  channelNames: Record<Channel, string>;
  /** ponctl ONT type name → the OLT's name for it. */
  onuTypeNames: Record<string, string>;
  /** `show gpon onu state` phase word → the telemetry phase name. */
  phaseWords: Record<string, string>;
  absent: Record<string, AbsentCapability>;
}

export class DialectError extends Error {
  constructor(profile: string, message: string) {
    super(`device profile ${profile}: cliDialect: ${message}`);
    this.name = 'DialectError';
  }
}

export function compileNamePattern(source: string): NamePattern {
  const fields: NamePattern['fields'] = [];
  let re = '^';
  for (const part of source.split(/(\{\w+\})/)) {
    const f = /^\{(\w+)\}$/.exec(part)?.[1];
    if (f === 'pon') {
      fields.push('pon');
      re += '(\\d+/\\d+/\\d+)';
    } else if (f === 'onuId' || f === 'vport') {
      fields.push(f);
      re += '(\\d{1,5})';
    } else re += part.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return { source, regex: new RegExp(re + '$'), fields };
}

export interface InterfaceName {
  pon: string;
  onuId?: number;
  vport?: number;
}

export function formatName(p: NamePattern, v: InterfaceName): string {
  return p.source.replace(/\{(\w+)\}/g, (_m, f: string) => String(v[f as keyof InterfaceName]));
}

export function parseName(p: NamePattern, name: string): InterfaceName | undefined {
  const m = p.regex.exec(name);
  if (!m) return undefined;
  const out: InterfaceName = { pon: '' };
  p.fields.forEach((f, i) => {
    if (f === 'pon') out.pon = m[i + 1];
    else out[f] = Number(m[i + 1]);
  });
  return out;
}

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function need<T>(profile: string, v: T | undefined | null, what: string): T {
  if (v === undefined || v === null) throw new DialectError(profile, `missing ${what}`);
  return v;
}

function compile(profile: string, what: string, src: string): LineTemplate {
  try {
    return compileLine(src);
  } catch (e) {
    throw new DialectError(profile, `${what}: ${(e as Error).message}`);
  }
}

/** Compiles a device profile's `cliDialect` section (and its `capabilities.absent`). */
export function dialectFromProfile(p: {
  name: string;
  cliDialect?: unknown;
  capabilities?: unknown;
}): Zxa10Dialect {
  const name = p.name;
  const c = need(name, p.cliDialect, 'section') as Json;
  const lines: Partial<Record<LineElement, LineSpec>> = {};
  for (const [key, spec] of Object.entries(need(name, c.lines as Json, 'lines'))) {
    if (!(LINE_ELEMENTS as readonly string[]).includes(key))
      throw new DialectError(name, `unknown line element ${key}`);
    const s = spec as Json;
    if (!MODE_KINDS.includes(s.mode)) throw new DialectError(name, `lines.${key}: bad mode ${s.mode}`);
    const set = compile(name, `lines.${key}.set`, need(name, s.set, `lines.${key}.set`));
    lines[key as LineElement] = {
      element: key as LineElement,
      mode: s.mode,
      set,
      write: s.write ? compile(name, `lines.${key}.write`, s.write) : set,
      readOnly: s.readOnly === true,
      ...(s.undo ? { undo: compile(name, `lines.${key}.undo`, s.undo) } : {}),
    };
  }
  const unmanaged: Partial<Record<ModeKind, LineTemplate[]>> = {};
  for (const [mode, prefixes] of Object.entries((c.unmanaged ?? {}) as Json)) {
    if (mode === 'comment') continue;
    if (!MODE_KINDS.includes(mode as ModeKind)) throw new DialectError(name, `unmanaged: bad mode ${mode}`);
    unmanaged[mode as ModeKind] = Object.keys(prefixes as Json).map((pre) =>
      compile(name, `unmanaged.${mode}`, `${pre} [ {rest...} ]`),
    );
  }
  const naming = need(name, c.naming as Json, 'naming');
  const serviceScope = c.serviceScope === 'vport' ? 'vport' : 'onu';
  if (serviceScope === 'vport' && (!naming.vport || !c.modes?.vportIf))
    throw new DialectError(name, 'serviceScope vport needs naming.vport and modes.vportIf');
  const r = need(name, c.replies as Json, 'replies');
  const reads = need(name, c.reads as Json, 'reads');
  const channelNames = need(name, c.channelNames as Json, 'channelNames');
  for (const ch of CHANNELS) need(name, channelNames[ch], `channelNames.${ch}`);
  const absent = ((p.capabilities as Json | undefined)?.absent ?? {}) as Record<string, AbsentCapability>;
  return {
    profile: name,
    family: c.family === 'c600' ? 'c600' : 'c300',
    naming: {
      oltPort: compileNamePattern(need(name, naming.oltPort, 'naming.oltPort')),
      onu: compileNamePattern(need(name, naming.onu, 'naming.onu')),
      ...(naming.vport ? { vport: compileNamePattern(naming.vport) } : {}),
    },
    serviceScope,
    blockEnd: need(name, c.blockEnd, 'blockEnd'),
    wrapColumns: Number(c.wrapColumns ?? 0),
    ...(c.maskedValue ? { maskedValue: String(c.maskedValue) } : {}),
    prompt: new RegExp(need(name, c.prompt, 'prompt')),
    paging: need(name, c.paging, 'paging'),
    modes: need(name, c.modes, 'modes'),
    replies: {
      notice: (r.notice as string[]).map((x) => new RegExp(x)),
      error: (r.error as string[]).map((x) => new RegExp(x)),
      success: (r.success as string[]).map((x) => new RegExp(x)),
      noInformation: String(r.noInformation),
    },
    lines,
    ...(c.qosBurst ? { qosBurst: { steps: c.qosBurst.steps, above: c.qosBurst.above } } : {}),
    unmanaged,
    reads: {
      runningConfig: need(name, reads.runningConfig, 'reads.runningConfig'),
      oltConfig: reads.oltConfig ?? [],
      onuConfig: reads.onuConfig ?? [],
      vportConfig: reads.vportConfig ?? [],
      ...(reads.identity ? { identity: reads.identity } : {}),
      uncfg: need(name, reads.uncfg, 'reads.uncfg'),
      state: need(name, reads.state, 'reads.state'),
      detail: need(name, reads.detail, 'reads.detail'),
      ...(reads.attenuation ? { attenuation: reads.attenuation } : {}),
      ...(reads.onuRx ? { onuRx: reads.onuRx } : {}),
    },
    uni: need(name, c.uni, 'uni'),
    channelNames: channelNames as Record<Channel, string>,
    onuTypeNames: Object.fromEntries(
      Object.entries(c.onuTypeNames ?? {}).filter(([k]) => k !== 'source'),
    ) as Record<string, string>,
    phaseWords: Object.fromEntries(
      Object.entries(c.phaseWords ?? {}).filter(([k]) => k !== 'source'),
    ) as Record<string, string>,
    absent,
  };
}

/** The mode-entering line for an interface of this dialect. */
export function modeLine(
  d: Zxa10Dialect,
  kind: 'oltIf' | 'onuIf' | 'vportIf' | 'onuMng',
  v: InterfaceName,
): string {
  if (kind === 'oltIf') return d.modes.oltIf.replace('{oltPort}', formatName(d.naming.oltPort, v));
  if (kind === 'vportIf') return d.modes.vportIf!.replace('{vport}', formatName(d.naming.vport!, v));
  return d.modes[kind].replace('{onu}', formatName(d.naming.onu, v));
}

/** A read command with its interface placeholders filled in. */
export function readCommand(d: Zxa10Dialect, template: string, v: InterfaceName): string {
  return template
    .replace('{oltPort}', formatName(d.naming.oltPort, v))
    .replace('{onu}', () => formatName(d.naming.onu, v))
    .replace('{vport}', () => formatName(d.naming.vport!, v));
}

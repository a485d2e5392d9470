/**
 * OltConfig ⇄ ZXA10 running-config text, for either dialect (C300 / C600 naming, as device-profile
 * data says). The simulator renders `show running-config` with it; the controller's CLI driver
 * parses what the device shows with it (verify, reconcile). Pure.
 *
 * Layout (as a ZXA10 lists it): traffic profiles, then one `interface <PON port>` section per port
 * with its `onu N type T sn S` lines, then per ONU its interface section (description, T-CONTs, GEM
 * ports and — C300 — the service ports with their per-service-port settings; C600 puts those in one
 * `interface vport-R/S/P.N:V` section per GEM port), then its `pon-onu-mng` section (the ONU-side
 * view of each service: `service CHANNEL gemport G vlan V`, `vlan port eth_0/1 mode tag vlan V`).
 * Sections end with `!`. Lists come out in canonical order (ports R/S/P numerically, ONUs, T-CONTs,
 * GEM ports by id, service ports by index, profiles by name); `parseRunningConfig(render(c))` equals
 * `canonicalOltConfig(c)`.
 */
import type { OltConfig, VAni, VlanSubInterface } from '../../../../domain/olt-config/model.ts';
import {
  formatName,
  renderTemplate,
  type CliDialect,
  type ElementName,
  type TemplateValues,
} from './dialect.ts';
import { applyCliElement, comparePon, parseCliLine, type CliMode } from './running-config-apply.ts';

export { comparePon } from './running-config-apply.ts';

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const byPon = (a: { name: string }, b: { name: string }) => comparePon(a.name, b.name);
const byOnuId = (a: { onuId: number }, b: { onuId: number }) => a.onuId - b.onuId;
const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
const bySp = (a: { servicePort: number }, b: { servicePort: number }) => a.servicePort - b.servicePort;

function sorted<T>(list: T[], cmp: (a: T, b: T) => number): boolean {
  for (let i = 1; i < list.length; i++) if (cmp(list[i - 1], list[i]) > 0) return false;
  return true;
}

/** Sort every list of `c` in place into the device's canonical order; returns `c`. */
function sortInPlace(c: OltConfig): OltConfig {
  c.trafficProfiles.sort(byName);
  c.channelTerminations.sort(byPon);
  for (const ct of c.channelTerminations) {
    ct.onus.sort(byOnuId);
    for (const o of ct.onus) {
      o.tconts.sort(byId);
      o.gemports.sort(byId);
      o.vlans.sort(bySp);
    }
  }
  return c;
}

/** A deep copy with every list in the device's canonical order. */
export function canonicalOltConfig(cfg: OltConfig): OltConfig {
  return sortInPlace(structuredClone(cfg));
}

/**
 * `cfg` itself when already in canonical order (the simulator keeps it so), else a canonical deep
 * copy: rendering a 4 096-ONT configuration must not clone it for nothing.
 */
function canonicalView(cfg: OltConfig): OltConfig {
  let ok = sorted(cfg.trafficProfiles, byName) && sorted(cfg.channelTerminations, byPon);
  for (const ct of cfg.channelTerminations) {
    if (!ok) break;
    ok = sorted(ct.onus, byOnuId);
    for (const o of ct.onus) {
      if (!ok) break;
      ok = sorted(o.tconts, byId) && sorted(o.gemports, byId) && sorted(o.vlans, bySp);
    }
  }
  return ok ? cfg : canonicalOltConfig(cfg);
}

/** One command line of an element (`op` = set, or its undo form). */
export function elementLine(
  d: CliDialect,
  element: ElementName,
  op: 'set' | 'unset',
  values: TemplateValues,
): string {
  const t = op === 'set' ? d.elements[element].set : d.elements[element].unset;
  if (!t) throw new Error(`dialect ${d.name}: ${element} has no undo form`);
  return renderTemplate(t, values);
}

/** Values of the service-port line of a VLAN sub-interface. */
export function servicePortValues(v: VlanSubInterface): TemplateValues {
  return {
    servicePort: v.servicePort,
    gemport: v.gemport,
    userVlan: v.userVlan,
    vlan: v.vlan,
    pppoeFilter: v.pppoeFilter,
  };
}

/** The per-service-port settings of a VLAN sub-interface that differ from the device default. */
export const VLAN_SETTINGS = [
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
] as const satisfies readonly ElementName[];
export type VlanSetting = (typeof VLAN_SETTINGS)[number];

/**
 * The line configuring one setting of `v`, or null when the setting is at the device default
 * (nothing is listed; the `no` form restores it). Channel and dot1p are always listed.
 */
export function vlanSettingLine(d: CliDialect, s: VlanSetting, v: VlanSubInterface): string | null {
  const sp = v.servicePort;
  switch (s) {
    case 'channel':
      return elementLine(d, s, 'set', { servicePort: sp, channel: v.channel });
    case 'dot1p':
      return elementLine(d, s, 'set', { servicePort: sp, dot1p: v.dot1p });
    case 'downstreamProfile':
    case 'upstreamProfile':
      return v[s] ? elementLine(d, s, 'set', { servicePort: sp, [s]: v[s] }) : null;
    case 'macLimit':
      return v.macLimit ? elementLine(d, s, 'set', { servicePort: sp, macLimit: v.macLimit }) : null;
    case 'adminState':
      return v.adminState === 'suspended' ? elementLine(d, s, 'set', { servicePort: sp }) : null;
    default:
      return v[s] ? elementLine(d, s, 'set', { servicePort: sp }) : null;
  }
}

/** The undo (`no …`) line of a setting; null for the channel, which is changed, never removed. */
export function vlanSettingUnsetLine(d: CliDialect, s: VlanSetting, servicePort: number): string | null {
  return d.elements[s].unset ? elementLine(d, s, 'unset', { servicePort }) : null;
}

/** Every line creating a VLAN sub-interface: its service port, then its settings. */
export function vlanLines(d: CliDialect, v: VlanSubInterface): string[] {
  const out = [elementLine(d, 'servicePort', 'set', servicePortValues(v))];
  for (const s of VLAN_SETTINGS) {
    const l = vlanSettingLine(d, s, v);
    if (l) out.push(l);
  }
  return out;
}

/** The ONU-side lines (`pon-onu-mng`) of a VLAN sub-interface. */
export function onuMngLines(d: CliDialect, v: VlanSubInterface): string[] {
  return [
    elementLine(d, 'onuService', 'set', { channel: v.channel, gemport: v.gemport, userVlan: v.userVlan }),
    elementLine(d, 'uniVlan', 'set', { userVlan: v.userVlan }),
  ];
}

/** A mode-entering line and the lines typed in that mode. */
export interface ConfigSection {
  /** `interface gpon-onu_1/1/1:1`, `pon-onu-mng …`; '' = config mode itself. */
  context: string;
  lines: string[];
}

export function oltPortContext(d: CliDialect, pon: string): string {
  return d.modes.oltIf.replace('{oltPort}', formatName(d.naming.oltPort, { pon }));
}

export function onuContext(d: CliDialect, pon: string, onuId: number): string {
  return d.modes.onuIf.replace('{onu}', formatName(d.naming.onu, { pon, onuId }));
}

export function onuMngContext(d: CliDialect, pon: string, onuId: number): string {
  return d.modes.onuMng.replace('{onu}', formatName(d.naming.onu, { pon, onuId }));
}

/** Where the service-port lines of a VLAN go: the ONU interface (C300) or its vport (C600). */
export function vlanContext(d: CliDialect, pon: string, onuId: number, gemport: number): string {
  if (d.vlanScope === 'vport')
    return d.modes.vportIf!.replace('{vport}', formatName(d.naming.vport!, { pon, onuId, gemport }));
  return onuContext(d, pon, onuId);
}

export function onuAuthLine(d: CliDialect, onu: VAni): string {
  return elementLine(d, 'onu', 'set', { onuId: onu.onuId, onuType: onu.onuType, serial: onu.expectedSerial });
}

/** Sections configuring one ONU below its authorisation line (interface, vports, pon-onu-mng). */
export function onuSections(d: CliDialect, pon: string, onu: VAni): ConfigSection[] {
  const main: string[] = [];
  if (onu.description !== undefined)
    main.push(elementLine(d, 'onuDescription', 'set', { description: onu.description }));
  for (const t of onu.tconts)
    main.push(elementLine(d, 'tcont', 'set', { tcont: t.id, trafficProfile: t.trafficProfile }));
  for (const g of onu.gemports)
    main.push(elementLine(d, 'gemport', 'set', { gemport: g.id, tcont: g.tcont }));
  const out: ConfigSection[] = [{ context: onuContext(d, pon, onu.onuId), lines: main }];
  if (d.vlanScope === 'onu') {
    for (const v of onu.vlans) main.push(...vlanLines(d, v));
  } else {
    const byVport = new Map<number, string[]>();
    for (const v of onu.vlans) {
      const l = byVport.get(v.gemport) ?? [];
      l.push(...vlanLines(d, v));
      byVport.set(v.gemport, l);
    }
    for (const g of [...byVport.keys()].sort((a, b) => a - b))
      out.push({ context: vlanContext(d, pon, onu.onuId, g), lines: byVport.get(g)! });
  }
  if (onu.vlans.length)
    out.push({
      context: onuMngContext(d, pon, onu.onuId),
      lines: onu.vlans.flatMap((v) => onuMngLines(d, v)),
    });
  return out;
}

function pushSection(out: string[], d: CliDialect, s: ConfigSection): void {
  out.push(s.context);
  for (const l of s.lines) out.push(d.indent + l);
  out.push('!');
}

/** The running configuration as the device lists it (without the `Building configuration...` banner). */
export function renderRunningConfig(cfg: OltConfig, d: CliDialect): string {
  const c = canonicalView(cfg);
  const out: string[] = [];
  for (const p of c.trafficProfiles)
    out.push(
      elementLine(d, 'trafficProfile', 'set', { name: p.name, cirKbps: p.cirKbps, pirKbps: p.pirKbps }),
    );
  if (c.trafficProfiles.length) out.push('!');
  for (const ct of c.channelTerminations) {
    pushSection(out, d, {
      context: oltPortContext(d, ct.name),
      lines: ct.onus.map((o) => onuAuthLine(d, o)),
    });
  }
  for (const ct of c.channelTerminations) {
    for (const onu of ct.onus) for (const s of onuSections(d, ct.name, onu)) pushSection(out, d, s);
  }
  out.push('end');
  return out.join('\n') + '\n';
}

/** `show running-config interface <ONU>`: the ONU's own sections. */
export function renderOnuRunningConfig(
  cfg: OltConfig,
  d: CliDialect,
  pon: string,
  onuId: number,
): string | undefined {
  const onu = cfg.channelTerminations.find((c) => c.name === pon)?.onus.find((o) => o.onuId === onuId);
  if (!onu) return undefined;
  const out: string[] = [];
  for (const s of onuSections(
    d,
    pon,
    canonicalView({ trafficProfiles: [], channelTerminations: [{ name: pon, onus: [onu] }] })
      .channelTerminations[0].onus[0],
  )) {
    pushSection(out, d, s);
  }
  out.push('end');
  return out.join('\n') + '\n';
}

export interface ParsedRunningConfig {
  config: OltConfig;
  /** Lines that were not understood or did not apply, with their line number (1-based). */
  unknown: { line: number; text: string }[];
}

/**
 * Read a running-config listing back into an OltConfig. Tolerant, as a reader of a real device must
 * be: lines of features ponctl does not model are listed in `unknown`, not fatal. Indentation says
 * which lines belong to the section above (a line at column 0 is in config mode).
 */
export function parseRunningConfig(text: string, d: CliDialect): ParsedRunningConfig {
  const config: OltConfig = { trafficProfiles: [], channelTerminations: [] };
  const unknown: { line: number; text: string }[] = [];
  let mode: CliMode = { kind: 'config' };
  const lines = text.split('\n');
  for (let n = 0; n < lines.length; n++) {
    let raw = lines[n];
    if (raw.endsWith('\r')) raw = raw.slice(0, -1);
    // a paging marker and the sequence erasing it (back to column 0) precede the real line
    if (raw.includes(d.paging.marker)) raw = raw.split(d.paging.marker).join('');
    if (raw.includes('\r')) raw = raw.slice(raw.lastIndexOf('\r') + 1);
    const trimmed = raw.trim();
    if (!trimmed || trimmed === 'end' || trimmed === 'Building configuration...') continue;
    if (trimmed.startsWith('!')) {
      mode = { kind: 'config' };
      continue;
    }
    if (raw[0] !== ' ' && raw[0] !== '\t') mode = { kind: 'config' };
    const p = parseCliLine(d, mode, trimmed);
    if (p.kind === 'enter') {
      const m = p.mode;
      mode = m;
      // a PON port is listed even without ONUs: it exists in the configuration
      if (m.kind === 'oltIf' && !config.channelTerminations.some((c) => c.name === m.pon))
        config.channelTerminations.push({ name: m.pon, onus: [] });
      continue;
    }
    if (p.kind === 'element') {
      const err = applyCliElement(d, config, mode, p.element, p.op, p.values, { validate: false });
      if (!err) continue;
    }
    if (p.kind === 'empty' || p.kind === 'exit' || p.kind === 'end') {
      if (p.kind !== 'empty') mode = { kind: 'config' };
      continue;
    }
    unknown.push({ line: n + 1, text: raw });
  }
  return { config: sortInPlace(config), unknown };
}

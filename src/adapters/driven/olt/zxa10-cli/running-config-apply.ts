/**
 * The meaning of one ZXA10 CLI configuration line: which mode it enters, or which element of
 * `OltConfig` it sets or removes, and applying that to a configuration. One interpreter serves both
 * sides so they cannot drift apart: the simulator's shell (validate = true: ranges, references and
 * uniqueness are checked and answered with `%Error` lines, as equipment does) and the running-config
 * parser (validate = false: read what the device says, however it got there).
 *
 * `applyCliElement` mutates the configuration it is given. Only the touched parts are mutated:
 * `trafficProfiles` (elements replaced, never edited), the `channelTerminations` array and the
 * `onus` array of the mode's PON port (elements inserted/removed) and the mode's ONU object (deeply).
 * The shell therefore hands it a draft made by `draftFor` (structural sharing, no full clone).
 */
import {
  CHANNELS,
  type Channel,
  type ChannelTermination,
  type OltConfig,
  type VAni,
  type VlanSubInterface,
} from '../../../../domain/olt-config/model.ts';
import { formatName, type CliDialect, type ElementName, type TemplateValues } from './dialect.ts';

import { type CliError, type CliMode } from './cli-line-parser.ts';

export {
  elementMode,
  parseCliLine,
  type CliError,
  type CliMode,
  type ParsedLine,
} from './cli-line-parser.ts';
export interface ApplyOptions {
  /** Check ranges, references and uniqueness (the shell); false = read as told (parser). */
  validate: boolean;
  /** PON ports that physically exist (`R/S/P`); unchecked when absent. */
  knownPons?: ReadonlySet<string>;
}

function ctOf(cfg: OltConfig, pon: string): ChannelTermination | undefined {
  for (const c of cfg.channelTerminations) if (c.name === pon) return c;
  return undefined;
}

function onuOf(cfg: OltConfig, pon: string, onuId: number): VAni | undefined {
  const ct = ctOf(cfg, pon);
  if (!ct) return undefined;
  // ONUs are kept sorted by id: look where the id should be first
  const guess = ct.onus[onuId - 1];
  if (guess?.onuId === onuId) return guess;
  for (const o of ct.onus) if (o.onuId === onuId) return o;
  return undefined;
}

/** `R/S/P` compared numerically, so running-config lists ports as the device does. */
export function comparePon(a: string, b: string): number {
  const x = a.split('/').map(Number);
  const y = b.split('/').map(Number);
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

function insertSorted<T>(list: T[], item: T, cmp: (a: T, b: T) => number): void {
  let i = list.length;
  while (i > 0 && cmp(list[i - 1], item) > 0) i--;
  list.splice(i, 0, item);
}

// Comparators at module level: closures created per call are costly on 200 000-line configs.
const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const byId = (a: { id: number }, b: { id: number }) => a.id - b.id;
const byOnuId = (a: { onuId: number }, b: { onuId: number }) => a.onuId - b.onuId;
const byServicePort = (a: { servicePort: number }, b: { servicePort: number }) =>
  a.servicePort - b.servicePort;
const byPonName = (a: { name: string }, b: { name: string }) => comparePon(a.name, b.name);

function profileExists(cfg: OltConfig, name: unknown): boolean {
  for (const p of cfg.trafficProfiles) if (p.name === name) return true;
  return false;
}

/** Checks a mode change against the configuration (the ONU must exist to enter its interface…). */
export function checkModeEntry(
  d: CliDialect,
  cfg: OltConfig,
  mode: CliMode,
  opts: ApplyOptions,
): CliError | null {
  if (!opts.validate || mode.kind === 'exec' || mode.kind === 'config') return null;
  if (opts.knownPons && !opts.knownPons.has(mode.pon)) {
    return { kind: 'not-found', detail: `Interface ${formatName(d.naming.oltPort, { pon: mode.pon })}` };
  }
  if (mode.kind === 'oltIf') return null;
  const onu = onuOf(cfg, mode.pon, mode.onuId);
  if (!onu) return { kind: 'not-found', detail: `ONU ${formatName(d.naming.onu, mode)}` };
  if (mode.kind === 'vportIf' && !onu.gemports.some((g) => g.id === mode.gemport)) {
    return { kind: 'not-found', detail: `Vport ${mode.ifName}` };
  }
  return null;
}

function inRange(d: CliDialect, field: string, v: unknown): CliError | null {
  const r = d.ranges[field];
  if (!r || typeof v !== 'number') return null;
  return v < r[0] || v > r[1] ? { kind: 'bad-value', detail: `${field} ${v} (${r[0]}-${r[1]})` } : null;
}

const SERIAL = /^[A-Z0-9]{4}[0-9A-F]{8}$/;

function newVlan(onu: VAni, servicePort: number): VlanSubInterface {
  // The channel is set by the next command (`service-port N description CHANNEL`); until then the
  // sub-interface takes a channel this ONU does not use yet, so channels stay unique per ONU.
  const used = new Set(onu.vlans.map((v) => v.channel));
  const channel: Channel = CHANNELS.find((c) => !used.has(c)) ?? 'internet';
  return {
    channel,
    gemport: 0,
    servicePort,
    userVlan: 1,
    vlan: 1,
    dot1p: 0,
    downstreamProfile: '',
    upstreamProfile: '',
    macLimit: 0,
    dhcpSnooping: false,
    antiSpoofing: false,
    pppoeFilter: false,
    macForcedForwarding: false,
    multicast: false,
    adminState: 'enabled',
  };
}

/**
 * Apply one parsed element line in `mode` to `cfg` (mutated in place, see the file comment).
 * Returns null on success or the error the device answers (then `cfg` is unchanged).
 */
export function applyCliElement(
  d: CliDialect,
  cfg: OltConfig,
  mode: CliMode,
  element: ElementName,
  op: 'set' | 'unset',
  v: TemplateValues,
  opts: ApplyOptions,
): CliError | null {
  const check = opts.validate;
  if (check) {
    for (const k in v) {
      const e = inRange(d, k, v[k]);
      if (e) return e;
    }
  }
  if (element === 'trafficProfile') {
    const name = String(v.name);
    const i = cfg.trafficProfiles.findIndex((p) => p.name === name);
    if (op === 'set') {
      if (check && Number(v.cirKbps) > Number(v.pirKbps))
        return { kind: 'bad-value', detail: `cir ${v.cirKbps} above pir ${v.pirKbps}` };
      const p = { name, cirKbps: Number(v.cirKbps), pirKbps: Number(v.pirKbps) };
      if (i >= 0) cfg.trafficProfiles[i] = p;
      else insertSorted(cfg.trafficProfiles, p, byName);
      return null;
    }
    if (i < 0) return check ? { kind: 'not-found', detail: `Traffic profile ${name}` } : null;
    if (
      check &&
      cfg.channelTerminations.some((ct) =>
        ct.onus.some(
          (o) =>
            o.tconts.some((t) => t.trafficProfile === name) ||
            o.vlans.some((x) => x.downstreamProfile === name || x.upstreamProfile === name),
        ),
      )
    ) {
      return { kind: 'in-use', detail: `Traffic profile ${name}` };
    }
    cfg.trafficProfiles.splice(i, 1);
    return null;
  }
  if (mode.kind === 'exec' || mode.kind === 'config') return { kind: 'invalid-input' };
  if (element === 'onu') {
    const onuId = Number(v.onuId);
    let ct = ctOf(cfg, mode.pon);
    const i = ct ? ct.onus.findIndex((o) => o.onuId === onuId) : -1;
    const onuName = formatName(d.naming.onu, { pon: mode.pon, onuId });
    if (op === 'unset') {
      if (i < 0) return check ? { kind: 'not-found', detail: `ONU ${onuName}` } : null;
      ct!.onus.splice(i, 1);
      return null;
    }
    const serial = String(v.serial);
    if (check) {
      if (!SERIAL.test(serial)) return { kind: 'bad-value', detail: `serial number ${serial}` };
      if (i >= 0) return { kind: 'exists', detail: `ONU ${onuName}` };
      for (const c of cfg.channelTerminations) {
        if (c.onus.some((o) => o.expectedSerial === serial))
          return { kind: 'exists', detail: `Serial number ${serial}` };
      }
    }
    if (!ct) {
      ct = { name: mode.pon, onus: [] };
      insertSorted(cfg.channelTerminations, ct, byPonName);
    }
    const onu: VAni = {
      onuId,
      onuType: String(v.onuType),
      expectedSerial: serial,
      tconts: [],
      gemports: [],
      vlans: [],
    };
    if (i >= 0) ct.onus[i] = onu;
    else insertSorted(ct.onus, onu, byOnuId);
    return null;
  }
  if (mode.kind === 'oltIf') return { kind: 'invalid-input' };
  const onu = onuOf(cfg, mode.pon, mode.onuId);
  if (!onu) return { kind: 'not-found', detail: `ONU ${formatName(d.naming.onu, mode)}` };
  switch (element) {
    case 'onuDescription':
      if (op === 'set') onu.description = String(v.description);
      else delete onu.description;
      return null;
    case 'tcont': {
      const id = Number(v.tcont);
      const i = onu.tconts.findIndex((t) => t.id === id);
      if (op === 'set') {
        if (check && !profileExists(cfg, v.trafficProfile))
          return { kind: 'not-found', detail: `Traffic profile ${v.trafficProfile}` };
        const t = { id, trafficProfile: String(v.trafficProfile) };
        if (i >= 0) onu.tconts[i] = t;
        else insertSorted(onu.tconts, t, byId);
        return null;
      }
      if (i < 0) return check ? { kind: 'not-found', detail: `T-CONT ${id}` } : null;
      if (check && onu.gemports.some((g) => g.tcont === id))
        return { kind: 'in-use', detail: `T-CONT ${id}` };
      onu.tconts.splice(i, 1);
      return null;
    }
    case 'gemport': {
      const id = Number(v.gemport);
      const i = onu.gemports.findIndex((g) => g.id === id);
      if (op === 'set') {
        if (check && !onu.tconts.some((t) => t.id === v.tcont))
          return { kind: 'not-found', detail: `T-CONT ${v.tcont}` };
        const g = { id, tcont: Number(v.tcont) };
        if (i >= 0) onu.gemports[i] = g;
        else insertSorted(onu.gemports, g, byId);
        return null;
      }
      if (i < 0) return check ? { kind: 'not-found', detail: `GEM port ${id}` } : null;
      if (check && onu.vlans.some((x) => x.gemport === id))
        return { kind: 'in-use', detail: `GEM port ${id}` };
      onu.gemports.splice(i, 1);
      return null;
    }
    case 'onuService':
    case 'uniVlan':
      // ONU-side (OMCI) view of the service ports: derived from them, nothing of its own to store.
      return null;
    default:
      return applyVlanElement(cfg, onu, mode, element, op, v, check);
  }
}

function applyVlanElement(
  cfg: OltConfig,
  onu: VAni,
  mode: CliMode,
  element: ElementName,
  op: 'set' | 'unset',
  v: TemplateValues,
  check: boolean,
): CliError | null {
  const sp = Number(v.servicePort);
  const vportGem = mode.kind === 'vportIf' ? mode.gemport : undefined;
  let i = -1;
  for (let k = 0; k < onu.vlans.length; k++)
    if (onu.vlans[k].servicePort === sp) {
      i = k;
      break;
    }
  const vlan = i >= 0 ? onu.vlans[i] : undefined;
  // In a vport interface (C600) only the service ports of that vport are visible.
  const visible = vlan && (vportGem === undefined || vlan.gemport === vportGem) ? vlan : undefined;
  if (element === 'servicePort') {
    if (op === 'unset') {
      if (!visible) return check ? { kind: 'not-found', detail: `Service-port ${sp}` } : null;
      onu.vlans.splice(i, 1);
      return null;
    }
    const gemport = vportGem ?? Number(v.gemport);
    if (check && !onu.gemports.some((g) => g.id === gemport))
      return { kind: 'not-found', detail: `Vport ${gemport}` };
    if (check && vlan && !visible) return { kind: 'exists', detail: `Service-port ${sp}` };
    const target = vlan ?? newVlan(onu, sp);
    target.gemport = gemport;
    target.userVlan = Number(v.userVlan);
    target.vlan = Number(v.vlan);
    target.pppoeFilter = v.pppoeFilter === true;
    if (!vlan) insertSorted(onu.vlans, target, byServicePort);
    return null;
  }
  if (!visible) return check ? { kind: 'not-found', detail: `Service-port ${sp}` } : null;
  const set = op === 'set';
  switch (element) {
    case 'channel': {
      const ch = v.channel as Channel;
      if (check && onu.vlans.some((x) => x !== visible && x.channel === ch))
        return { kind: 'exists', detail: `Service ${ch}` };
      visible.channel = ch;
      return null;
    }
    case 'dot1p':
      visible.dot1p = set ? Number(v.dot1p) : 0;
      return null;
    case 'downstreamProfile':
    case 'upstreamProfile': {
      const name = set ? String(v[element]) : '';
      if (check && set && !profileExists(cfg, name))
        return { kind: 'not-found', detail: `Traffic profile ${name}` };
      visible[element] = name;
      return null;
    }
    case 'macLimit':
      visible.macLimit = set ? Number(v.macLimit) : 0;
      return null;
    case 'dhcpSnooping':
    case 'antiSpoofing':
    case 'macForcedForwarding':
    case 'multicast':
      visible[element] = set;
      return null;
    case 'adminState':
      visible.adminState = set ? 'suspended' : 'enabled';
      return null;
    default:
      return { kind: 'invalid-input' };
  }
}

/**
 * A copy of `cfg` that `applyCliElement` may mutate in `mode` without touching `cfg`: shares every
 * part the command cannot change (copy-on-write by path, cheap on a 4 096-ONT configuration).
 */
export function draftFor(cfg: OltConfig, mode: CliMode): OltConfig {
  const pon = 'pon' in mode ? mode.pon : undefined;
  const onuId = 'onuId' in mode ? mode.onuId : undefined;
  return {
    trafficProfiles: cfg.trafficProfiles.slice(),
    channelTerminations: cfg.channelTerminations.map((ct) =>
      ct.name !== pon
        ? ct
        : {
            ...ct,
            onus: ct.onus.map((o) => (o.onuId === onuId ? structuredClone(o) : o)),
          },
    ),
  };
}

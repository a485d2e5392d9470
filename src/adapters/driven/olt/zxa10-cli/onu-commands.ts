/**
 * The lines that build ponctl's configuration on a ZXA10, from the dialect's templates (never a
 * literal command here): traffic profiles, and an ONU from nothing — authorisation, T-CONTs and GEM
 * ports named after the channel they carry, per service its service-port with the per-service
 * features, the OMCI-side `service` lines and the ONT user port as a trunk of the channels' VLANs.
 * Order as the public sequences type them (c300/session-register-onu-walkthrough.txt,
 * c300/provision-basic-config-and-register-pppoe-plus-c320.txt, c600/provision-c600-model-b-live-show-this.txt):
 * authorisation, ONU interface, (C600) vport interfaces, pon-onu-mng. Pure.
 */
import type { TrafficProfile, VAni, VlanSubInterface } from '../../../../domain/olt-config/model.ts';
import { formatVlanList, renderLine, type Values } from './line-template.ts';
import { modeLine, type LineElement, type Zxa10Dialect } from './zxa10-dialect.ts';

/** A line typed in a context: '' = config mode, else the line entering the mode (`interface …`, `gpon`). */
export interface CliLine {
  context: string;
  line: string;
}

export type ProfileUse = 'tcont' | 'rate';

/** One element's line (its `write` shape), or its undo; throws when the family has no such element. */
export function elementLine(
  d: Zxa10Dialect,
  e: LineElement,
  v: Values,
  form: 'write' | 'undo' = 'write',
): string {
  const spec = d.lines[e];
  if (!spec || (spec.readOnly && form === 'write'))
    throw new Error(`${d.profile}: the dialect types no ${e} line`);
  const tpl = form === 'undo' ? spec.undo : spec.write;
  if (!tpl) throw new Error(`${d.profile}: ${e} has no undo form`);
  return renderLine(tpl, v);
}

export function hasUndo(d: Zxa10Dialect, e: LineElement): boolean {
  return d.lines[e]?.undo !== undefined;
}

/** Where a line of `e` is typed for this ONU (or config / `gpon` mode). */
export function contextOf(d: Zxa10Dialect, e: LineElement, pon = '', onuId = 0, vport = 0): string {
  const mode = d.lines[e]!.mode;
  if (mode === 'config') return '';
  if (mode === 'gpon') return d.modes.gpon;
  return modeLine(d, mode, { pon, onuId, vport });
}

function burstOf(d: Zxa10Dialect, kbps: number): number {
  const b = d.qosBurst;
  if (!b) return 0;
  return b.steps.find(([upTo]) => kbps <= upTo)?.[1] ?? b.above;
}

/** The lines defining a traffic profile for its uses (T-CONT upstream, per-service downstream rate). */
export function profileLines(d: Zxa10Dialect, p: TrafficProfile, uses: ReadonlySet<ProfileUse>): CliLine[] {
  const out: CliLine[] = [];
  const add = (e: LineElement, v: Values) =>
    out.push({ context: contextOf(d, e), line: elementLine(d, e, v) });
  if (uses.has('tcont') || uses.size === 0) {
    if (p.cirKbps > 0 && p.cirKbps === p.pirKbps)
      add('tcontProfileFixed', { name: p.name, fixedKbps: p.pirKbps });
    else add('tcontProfileMaximum', { name: p.name, maxKbps: p.pirKbps });
  }
  if (uses.has('rate')) {
    if (d.lines.gemTrafficProfile)
      add('gemTrafficProfile', { name: p.name, cirKbps: p.cirKbps, pirKbps: p.pirKbps });
    else
      add('qosTrafficProfile', {
        name: p.name,
        cirKbps: p.cirKbps,
        pirKbps: p.pirKbps,
        cbs: burstOf(d, p.pirKbps),
        pbs: burstOf(d, p.pirKbps),
      });
  }
  return out;
}

/** The channel name a T-CONT or GEM port carries (the first VLAN riding it), for its `name`. */
function nameFor(
  d: Zxa10Dialect,
  onu: VAni,
  pick: (v: VlanSubInterface) => boolean,
  fallback: string,
): string {
  const v = onu.vlans.find(pick);
  return v ? d.channelNames[v.channel] : fallback;
}

function tcontOfGem(onu: VAni, gem: number): number | undefined {
  return onu.gemports.find((g) => g.id === gem)?.tcont;
}

export function tcontLine(d: Zxa10Dialect, onu: VAni, t: { id: number; trafficProfile: string }): string {
  const name = nameFor(d, onu, (v) => tcontOfGem(onu, v.gemport) === t.id, `tcont${t.id}`);
  return elementLine(d, 'tcont', { tcont: t.id, tcontName: name, profile: t.trafficProfile });
}

export function gemportLine(d: Zxa10Dialect, onu: VAni, g: { id: number; tcont: number }): string {
  const name = nameFor(d, onu, (v) => v.gemport === g.id, `gem${g.id}`);
  return elementLine(d, 'gemport', { gemport: g.id, gemName: name, tcont: g.tcont });
}

/** The service-port line of a VLAN sub-interface (C600: with its downstream rate inline). */
export function servicePortLine(d: Zxa10Dialect, v: VlanSubInterface): CliLine & { vport: number } {
  const values: Values = { sp: v.servicePort, vport: v.gemport, userVlan: v.userVlan, vlan: v.vlan };
  if (d.serviceScope === 'vport' && v.downstreamProfile) values.downProfile = v.downstreamProfile;
  return { context: '', line: elementLine(d, 'servicePort', values), vport: v.gemport };
}

/** The downstream rate line of a C3xx service (on its GEM port), if the service has one. */
export function trafficLimitLine(d: Zxa10Dialect, v: VlanSubInterface): string | undefined {
  if (!v.downstreamProfile || !d.lines.gemTrafficLimit) return undefined;
  return elementLine(d, 'gemTrafficLimit', { gemport: v.gemport, downProfile: v.downstreamProfile });
}

/** Per-service feature lines that are on (pppoe IA, DHCP snooping, IP source guard, C600 MAC limit). */
export function featureLines(d: Zxa10Dialect, v: VlanSubInterface): { e: LineElement; line: string }[] {
  const out: { e: LineElement; line: string }[] = [];
  const add = (e: LineElement, on: boolean, vals: Values) => {
    if (on && d.lines[e]) out.push({ e, line: elementLine(d, e, vals) });
  };
  add('pppoeIa', v.pppoeFilter, { vport: v.gemport });
  add('dhcpSnooping', v.dhcpSnooping, { vport: v.gemport });
  add('ipSourceGuard', v.antiSpoofing, { sp: v.servicePort });
  add('macLimit', v.macLimit > 0, { macLimit: v.macLimit });
  return out;
}

/** The context of a service's service-port and feature lines: the ONU interface, or (C600) its vport. */
export function serviceContext(d: Zxa10Dialect, pon: string, onuId: number, v: VlanSubInterface): string {
  return d.serviceScope === 'vport'
    ? modeLine(d, 'vportIf', { pon, onuId, vport: v.gemport })
    : modeLine(d, 'onuIf', { pon, onuId });
}

/** All lines of one service on the OLT side (rate, vport mode, service-port, features). */
export function serviceLines(d: Zxa10Dialect, pon: string, onuId: number, v: VlanSubInterface): CliLine[] {
  const onuCtx = modeLine(d, 'onuIf', { pon, onuId });
  const ctx = serviceContext(d, pon, onuId, v);
  const out: CliLine[] = [];
  const limit = trafficLimitLine(d, v);
  if (limit) out.push({ context: onuCtx, line: limit });
  if (d.lines.hybridVport)
    out.push({ context: onuCtx, line: elementLine(d, 'hybridVport', { vport: v.gemport }) });
  out.push({ context: ctx, line: servicePortLine(d, v).line });
  for (const f of featureLines(d, v)) out.push({ context: ctx, line: f.line });
  return out;
}

/** The OMCI-side `service` line of a VLAN sub-interface. */
export function omciServiceLine(d: Zxa10Dialect, v: VlanSubInterface): string {
  return elementLine(d, 'service', {
    svcName: d.channelNames[v.channel],
    gemport: v.gemport,
    vlans: String(v.userVlan),
  });
}

/** The ONT user port as a trunk of every channel's user VLAN (one GE port carries all, spec §2). */
export function uniLines(d: Zxa10Dialect, vlans: readonly VlanSubInterface[]): string[] {
  if (vlans.length === 0) return [];
  return [
    elementLine(d, 'uniTrunk', { uni: d.uni }),
    elementLine(d, 'uniVlanList', { uni: d.uni, vlans: formatVlanList(vlans.map((v) => v.userVlan)) }),
  ];
}

/** Every line building `onu` on PON `pon` from nothing, in the order the device takes them. */
export function onuCreateLines(d: Zxa10Dialect, pon: string, onu: VAni): CliLine[] {
  const olt = modeLine(d, 'oltIf', { pon });
  const ifc = modeLine(d, 'onuIf', { pon, onuId: onu.onuId });
  const mng = modeLine(d, 'onuMng', { pon, onuId: onu.onuId });
  const type = d.onuTypeNames[onu.onuType] ?? onu.onuType;
  const out: CliLine[] = [
    {
      context: olt,
      line: elementLine(d, 'onu', { onuId: onu.onuId, onuType: type, serial: onu.expectedSerial }),
    },
  ];
  if (onu.description !== undefined)
    out.push({ context: ifc, line: elementLine(d, 'onuDescription', { description: onu.description }) });
  for (const t of onu.tconts) out.push({ context: ifc, line: tcontLine(d, onu, t) });
  for (const g of onu.gemports) out.push({ context: ifc, line: gemportLine(d, onu, g) });
  const vlans = [...onu.vlans].sort((a, b) => a.servicePort - b.servicePort);
  const sides = vlans.flatMap((v) => serviceLines(d, pon, onu.onuId, v));
  // the ONU interface's lines first, then the vport interfaces (fewer mode changes)
  out.push(...sides.filter((l) => l.context === ifc), ...sides.filter((l) => l.context !== ifc));
  for (const v of vlans) out.push({ context: mng, line: omciServiceLine(d, v) });
  for (const l of uniLines(d, vlans)) out.push({ context: mng, line: l });
  if (vlans.length && vlans.every((v) => v.adminState === 'suspended'))
    out.push({ context: mng, line: elementLine(d, 'uniLock', { uni: d.uni }) });
  return out;
}

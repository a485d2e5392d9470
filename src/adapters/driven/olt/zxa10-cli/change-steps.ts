/**
 * ConfigDiff → the ZXA10 lines that carry it out (design §6). Pure. A refused change is not undone
 * from these lines: zxa10-rollback.ts reads the touched ONUs again and plans back from what it finds.
 *
 * Only what public sources show the device takes: a value is changed by typing its line again; a
 * feature is turned off with its `no` / `disable` form where one is public (c300/undo-forms-nso-ned.txt),
 * the user port locked and unlocked with `state lock` / `state unlock`. Where no removal is public —
 * a T-CONT or GEM port, a service-port, a pon-onu-mng `service`, DHCP snooping, IP source guard, a
 * MAC limit (docs/zxa10-dialect.md §8) — the ONU is rebuilt: `no onu N` (which cascades to its
 * interface and pon-onu-mng, c300/undo-forms-nso-ned.txt) and the whole ONU typed again. Rebuilding
 * is also how the serial or type changes (re-sending `onu N …` answers
 * `%Code 62391-GPONSRV : The entry is existed.`, same source).
 *
 * Order: traffic profiles first (they exist before use), then ONUs removed or to rebuild, then ONUs
 * created (or rebuilt), then changes made in place.
 */
import type { ConfigDiff, OnuChange, VlanChange } from '../../../../domain/olt-config/diff.ts';
import type { OltConfig, VAni, VlanSubInterface } from '../../../../domain/olt-config/model.ts';
import {
  elementLine,
  featureLines,
  gemportLine,
  hasUndo,
  omciServiceLine,
  onuCreateLines,
  profileLines,
  serviceContext,
  serviceLines,
  servicePortLine,
  tcontLine,
  trafficLimitLine,
  uniLines,
  type CliLine,
  type ProfileUse,
} from './onu-commands.ts';
import { modeLine, type LineElement, type Zxa10Dialect } from './zxa10-dialect.ts';

export type { CliLine } from './onu-commands.ts';

/** What the planner needs to know of the device beyond the diff. */
export interface PlanContext {
  /** The configuration the diff was planned against (the ONUs as they are now). */
  current: OltConfig;
  /** How the device already uses a profile (`profile tcont` / rate profile), from the last read. */
  profileUses(name: string): ReadonlySet<ProfileUse>;
  /** Whether the device holds services on this ONU that are not ponctl channels. */
  hasForeignServices(pon: string, onuId: number): boolean;
}

const L = (context: string, line: string): CliLine => ({ context, line });

const FEATURES: { field: 'pppoeFilter' | 'dhcpSnooping' | 'antiSpoofing' | 'macLimit'; e: LineElement }[] = [
  { field: 'pppoeFilter', e: 'pppoeIa' },
  { field: 'dhcpSnooping', e: 'dhcpSnooping' },
  { field: 'antiSpoofing', e: 'ipSourceGuard' },
  { field: 'macLimit', e: 'macLimit' },
];

/** Can `b` become `a` in place, with the lines public sources show? */
function inPlace(d: Zxa10Dialect, b: VAni, a: VAni, vlans: VlanChange[], foreign: boolean): boolean {
  if (b.onuType !== a.onuType || b.expectedSerial !== a.expectedSerial) return false;
  if (b.description !== undefined && a.description === undefined) return false;
  if (b.tconts.some((t) => !a.tconts.some((x) => x.id === t.id))) return false;
  if (b.gemports.some((g) => !a.gemports.some((x) => x.id === g.id && x.tcont === g.tcont))) return false;
  if (foreign && vlans.some((c) => c.op === 'create')) return false;
  for (const c of vlans) {
    if (c.op === 'delete') return false;
    if (c.op !== 'update') continue;
    const [vb, va] = [c.before!, c.after!];
    const keyFields = ['gemport', 'servicePort', 'userVlan', 'vlan', 'channel'] as const;
    if (keyFields.some((f) => vb[f] !== va[f])) return false;
    if (vb.downstreamProfile !== va.downstreamProfile && !va.downstreamProfile) return false;
    for (const { field, e } of FEATURES) {
      const off = !va[field] && !!vb[field];
      if (off && !hasUndo(d, e)) return false;
    }
  }
  const suspended = (o: VAni) => o.vlans.length > 0 && o.vlans.every((v) => v.adminState === 'suspended');
  if (suspended(a) !== suspended(b) && !hasUndo(d, 'uniLock')) return false;
  return true;
}

/** The in-place lines turning `b` into `a`. */
function inPlaceSteps(d: Zxa10Dialect, pon: string, b: VAni, a: VAni, vlans: VlanChange[]): CliLine[] {
  const out: CliLine[] = [];
  const ifc = modeLine(d, 'onuIf', { pon, onuId: a.onuId });
  const mng = modeLine(d, 'onuMng', { pon, onuId: a.onuId });
  const step = (context: string, line: string) => out.push({ context, line });
  if (a.description !== undefined && a.description !== b.description)
    step(ifc, elementLine(d, 'onuDescription', { description: a.description }));
  for (const t of a.tconts) {
    const old = b.tconts.find((x) => x.id === t.id);
    if (!old || old.trafficProfile !== t.trafficProfile) step(ifc, tcontLine(d, a, t));
  }
  for (const g of a.gemports) if (!b.gemports.some((x) => x.id === g.id)) step(ifc, gemportLine(d, a, g));
  const created: VlanSubInterface[] = [];
  for (const c of vlans) {
    if (c.op === 'create') {
      created.push(c.after!);
      for (const l of serviceLines(d, pon, a.onuId, c.after!)) step(l.context, l.line);
      continue;
    }
    const [vb, va] = [c.before!, c.after!];
    const ctx = serviceContext(d, pon, a.onuId, va);
    if (vb.downstreamProfile !== va.downstreamProfile) {
      const now = trafficLimitLine(d, va);
      if (now) step(ifc, now);
      else step(ctx, servicePortLine(d, va).line);
    }
    for (const { field, e } of FEATURES) {
      if (va[field] === vb[field] || !d.lines[e]) continue;
      const on = featureLines(d, va).find((f) => f.e === e);
      if (on) step(ctx, on.line);
      else step(ctx, elementLine(d, e, { vport: vb.gemport, sp: vb.servicePort }, 'undo'));
    }
  }
  for (const v of created) step(mng, omciServiceLine(d, v));
  const userVlans = (o: VAni) =>
    o.vlans
      .map((v) => v.userVlan)
      .sort((x, y) => x - y)
      .join(',');
  if (userVlans(a) !== userVlans(b)) for (const l of uniLines(d, a.vlans)) step(mng, l);
  const suspended = (o: VAni) => o.vlans.length > 0 && o.vlans.every((v) => v.adminState === 'suspended');
  if (suspended(a) !== suspended(b))
    step(mng, elementLine(d, 'uniLock', { uni: d.uni }, suspended(a) ? 'write' : 'undo'));
  return out;
}

/** `before` with the diff's VLAN changes applied (an ONU whose own fields did not change). */
function patchVlans(before: VAni, vlans: VlanChange[]): VAni {
  const byChannel = new Map(before.vlans.map((v) => [v.channel, v]));
  for (const c of vlans) {
    if (c.op === 'delete') byChannel.delete(c.channel);
    else byChannel.set(c.channel, c.after!);
  }
  return { ...before, vlans: [...byChannel.values()] };
}

/** ONUs the diff touches, with their change and VLAN changes, in first-seen order. */
function byOnu(
  diff: ConfigDiff,
): Map<string, { port: string; onuId: number; onu?: OnuChange; vlans: VlanChange[] }> {
  const m = new Map<string, { port: string; onuId: number; onu?: OnuChange; vlans: VlanChange[] }>();
  for (const c of diff.changes) {
    if (c.kind === 'traffic-profile') continue;
    const k = `${c.port}:${c.onuId}`;
    const e = m.get(k) ?? { port: c.port, onuId: c.onuId, vlans: [] };
    if (c.kind === 'onu') e.onu = c;
    else e.vlans.push(c);
    m.set(k, e);
  }
  return m;
}

function usesIn(diff: ConfigDiff, name: string, device: ReadonlySet<ProfileUse>): Set<ProfileUse> {
  const uses = new Set(device);
  for (const c of diff.changes) {
    const onus = c.kind === 'onu' ? [c.after] : [];
    for (const o of onus) if (o?.tconts.some((t) => t.trafficProfile === name)) uses.add('tcont');
    const vlans = c.kind === 'onu' ? (c.after?.vlans ?? []) : c.kind === 'vlan' && c.after ? [c.after] : [];
    for (const v of vlans) {
      if (v.downstreamProfile === name) uses.add('rate');
      if (v.upstreamProfile === name) uses.add('tcont');
    }
  }
  return uses;
}

export function planCliSteps(d: Zxa10Dialect, diff: ConfigDiff, ctx: PlanContext): CliLine[] {
  const profiles: CliLine[] = [];
  const removals: CliLine[] = [];
  const creations: CliLine[] = [];
  const inPlaceAll: CliLine[] = [];
  for (const c of diff.changes) {
    if (c.kind !== 'traffic-profile' || c.op === 'delete') continue; // removal: no public undo (plan notes it)
    profiles.push(...profileLines(d, c.after!, usesIn(diff, c.name, ctx.profileUses(c.name))));
  }
  const create = (pon: string, onu: VAni) => creations.push(...onuCreateLines(d, pon, onu));
  const remove = (pon: string, onu: VAni) =>
    removals.push(L(modeLine(d, 'oltIf', { pon }), elementLine(d, 'onu', { onuId: onu.onuId }, 'undo')));
  for (const { port, onuId, onu, vlans } of byOnu(diff).values()) {
    const before =
      ctx.current.channelTerminations.find((ct) => ct.name === port)?.onus.find((o) => o.onuId === onuId) ??
      onu?.before;
    const after =
      onu?.op === 'delete' ? undefined : (onu?.after ?? (before ? patchVlans(before, vlans) : undefined));
    if (!before && after) create(port, after);
    else if (before && !after) remove(port, before);
    else if (before && after) {
      if (inPlace(d, before, after, vlans, ctx.hasForeignServices(port, onuId)))
        inPlaceAll.push(...inPlaceSteps(d, port, before, after, vlans));
      else {
        remove(port, before);
        create(port, after);
      }
    }
  }
  return [...profiles, ...removals, ...creations, ...inPlaceAll];
}

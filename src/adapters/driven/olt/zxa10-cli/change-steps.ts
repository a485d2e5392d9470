/**
 * ConfigDiff → the ZXA10 lines that carry it out, each with the lines undoing it (design §6: a CLI
 * has no candidate datastore, atomicity is the computed undo). Pure.
 *
 * Undo uses only what public sources show the device takes: the `no` forms (`no onu N`, `no tcont K`,
 * `no gemport K`, `no switchport mode hybrid vport K`, `no vlan port U mode`) and the `disable` /
 * `unlock` forms the device wants instead of `no` (c300/undo-forms-nso-ned.txt); a value is changed by
 * typing its line again. Where no removal is public — a service-port, a pon-onu-mng `service`, DHCP
 * snooping, IP source guard, a MAC limit (docs/zxa10-dialect.md §8) — the ONU is rebuilt: `no onu N`
 * (which cascades to its interface and pon-onu-mng, c300/undo-forms-nso-ned.txt) and the whole ONU typed
 * again. Rebuilding is also how the serial or type changes (re-sending `onu N …` answers
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

export interface CliStep extends CliLine {
  /** Lines undoing this step, given the configuration before it. */
  undo: CliLine[];
}

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

/** `no onu N` and the whole ONU typed again. */
function rebuildLines(d: Zxa10Dialect, pon: string, onu: VAni): CliLine[] {
  return [
    L(modeLine(d, 'oltIf', { pon }), elementLine(d, 'onu', { onuId: onu.onuId }, 'undo')),
    ...onuCreateLines(d, pon, onu),
  ];
}

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

/** The in-place steps turning `b` into `a`; `whole` undoes everything (a rebuild of `b`). */
function inPlaceSteps(d: Zxa10Dialect, pon: string, b: VAni, a: VAni, vlans: VlanChange[]): CliStep[] {
  const out: CliStep[] = [];
  const whole = rebuildLines(d, pon, b);
  const ifc = modeLine(d, 'onuIf', { pon, onuId: a.onuId });
  const mng = modeLine(d, 'onuMng', { pon, onuId: a.onuId });
  const step = (context: string, line: string, undo: CliLine[]) => out.push({ context, line, undo });
  if (a.description !== undefined && a.description !== b.description)
    step(
      ifc,
      elementLine(d, 'onuDescription', { description: a.description }),
      b.description !== undefined
        ? [L(ifc, elementLine(d, 'onuDescription', { description: b.description }))]
        : whole,
    );
  for (const t of a.tconts) {
    const old = b.tconts.find((x) => x.id === t.id);
    if (!old) step(ifc, tcontLine(d, a, t), [L(ifc, elementLine(d, 'tcont', { tcont: t.id }, 'undo'))]);
    else if (old.trafficProfile !== t.trafficProfile)
      step(ifc, tcontLine(d, a, t), [L(ifc, tcontLine(d, b, old))]);
  }
  for (const g of a.gemports)
    if (!b.gemports.some((x) => x.id === g.id))
      step(ifc, gemportLine(d, a, g), [L(ifc, elementLine(d, 'gemport', { gemport: g.id }, 'undo'))]);
  const created: VlanSubInterface[] = [];
  for (const c of vlans) {
    if (c.op === 'create') {
      created.push(c.after!);
      for (const l of serviceLines(d, pon, a.onuId, c.after!)) step(l.context, l.line, whole);
      continue;
    }
    const [vb, va] = [c.before!, c.after!];
    const ctx = serviceContext(d, pon, a.onuId, va);
    if (vb.downstreamProfile !== va.downstreamProfile) {
      const now = trafficLimitLine(d, va);
      if (now) step(ifc, now, vb.downstreamProfile ? [L(ifc, trafficLimitLine(d, vb)!)] : whole);
      else step(ctx, servicePortLine(d, va).line, [L(ctx, servicePortLine(d, vb).line)]);
    }
    for (const { field, e } of FEATURES) {
      if (va[field] === vb[field] || !d.lines[e]) continue;
      const on = featureLines(d, va).find((f) => f.e === e);
      const was = featureLines(d, vb).find((f) => f.e === e);
      const undoOf = (v: VlanSubInterface) =>
        elementLine(d, e, { vport: v.gemport, sp: v.servicePort }, 'undo');
      if (on) step(ctx, on.line, was ? [L(ctx, was.line)] : hasUndo(d, e) ? [L(ctx, undoOf(va))] : whole);
      else step(ctx, undoOf(vb), [L(ctx, was!.line)]);
    }
  }
  for (const v of created) step(mng, omciServiceLine(d, v), whole);
  const userVlans = (o: VAni) =>
    o.vlans
      .map((v) => v.userVlan)
      .sort((x, y) => x - y)
      .join(',');
  if (userVlans(a) !== userVlans(b)) for (const l of uniLines(d, a.vlans)) step(mng, l, whole);
  const suspended = (o: VAni) => o.vlans.length > 0 && o.vlans.every((v) => v.adminState === 'suspended');
  if (suspended(a) !== suspended(b)) {
    const lock = L(mng, elementLine(d, 'uniLock', { uni: d.uni }));
    const unlock = L(mng, elementLine(d, 'uniLock', { uni: d.uni }, 'undo'));
    if (suspended(a)) step(mng, lock.line, [unlock]);
    else step(mng, unlock.line, [lock]);
  }
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

export function planCliSteps(d: Zxa10Dialect, diff: ConfigDiff, ctx: PlanContext): CliStep[] {
  const profiles: CliStep[] = [];
  const removals: CliStep[] = [];
  const creations: CliStep[] = [];
  const inPlaceAll: CliStep[] = [];
  for (const c of diff.changes) {
    if (c.kind !== 'traffic-profile' || c.op === 'delete') continue; // removal: no public undo (plan notes it)
    const uses = usesIn(diff, c.name, ctx.profileUses(c.name));
    const undo = c.before ? profileLines(d, c.before, uses) : [];
    for (const l of profileLines(d, c.after!, uses)) profiles.push({ ...l, undo });
  }
  const create = (pon: string, onu: VAni) =>
    onuCreateLines(d, pon, onu).forEach((l, i) =>
      creations.push({
        ...l,
        undo: i === 0 ? [L(l.context, elementLine(d, 'onu', { onuId: onu.onuId }, 'undo'))] : [],
      }),
    );
  const remove = (pon: string, onu: VAni) =>
    removals.push({
      context: modeLine(d, 'oltIf', { pon }),
      line: elementLine(d, 'onu', { onuId: onu.onuId }, 'undo'),
      undo: onuCreateLines(d, pon, onu),
    });
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

/** Undo lines of the applied steps, last first; an undo block already queued is not repeated. */
export function undoLines(applied: readonly CliStep[]): CliLine[] {
  const out: CliLine[] = [];
  const seen = new Set<string>();
  for (let i = applied.length - 1; i >= 0; i--) {
    const u = applied[i].undo;
    if (u.length === 0) continue;
    const key = JSON.stringify(u);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(...u);
  }
  return out;
}

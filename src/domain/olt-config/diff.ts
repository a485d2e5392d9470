/**
 * Desired-vs-actual diff of OLT configuration (design §6, issue 5 item 6): the minimal set of
 * changes, per traffic profile, per ONU (v-ANI) and per VLAN sub-interface, each create | update |
 * delete with its before/after. Pure: provisioning calls it without a driver (`ponctl plan`), and
 * drivers turn it into edit-configs or CLI commands.
 *
 * Scope (why): the OLT also carries configuration ponctl does not manage (other operators' ONUs,
 * hand-made profiles). With a scope, only the named ports / ONUs are compared, so nothing outside
 * them is ever deleted unless asked.
 */
import type { OltConfig, TrafficProfile, VAni, VlanSubInterface, Channel } from './model.ts';

export type ChangeOp = 'create' | 'update' | 'delete';

export interface TrafficProfileChange {
  kind: 'traffic-profile';
  op: ChangeOp;
  name: string;
  before?: TrafficProfile;
  after?: TrafficProfile;
}

/**
 * An ONU (v-ANI) itself: authorisation (serial, type), description, T-CONTs, GEM ports. `before` /
 * `after` are the whole v-ANI (VLANs included, for context); `fields` names the ONU-level fields that
 * differ (VLAN differences are separate `vlan` changes).
 */
export interface OnuChange {
  kind: 'onu';
  op: ChangeOp;
  port: string;
  onuId: number;
  fields: (keyof Omit<VAni, 'vlans' | 'onuId'>)[];
  before?: VAni;
  after?: VAni;
}

/** One VLAN sub-interface (one virtual channel of one subscriber), keyed by port/ONU/channel. */
export interface VlanChange {
  kind: 'vlan';
  op: ChangeOp;
  port: string;
  onuId: number;
  channel: Channel;
  fields: (keyof VlanSubInterface)[];
  before?: VlanSubInterface;
  after?: VlanSubInterface;
}

export type ConfigChange = TrafficProfileChange | OnuChange | VlanChange;

export interface DiffScope {
  /** Whole PON ports (channel terminations) under management. */
  ports?: string[];
  /** Single ONUs under management. */
  onus?: { port: string; onuId: number }[];
  /** Traffic profiles that may be DELETED when absent from desired ('all' = any). Created/updated ones need no listing. */
  trafficProfiles?: string[] | 'all';
}

/**
 * A setting the desired configuration asks for that the device cannot carry (its profile declares
 * the capability absent, design §6): the plan leaves it out — never an invented command — and says
 * so. `refused` settings stop the plan (MissingCapabilityError); the others are notes on it.
 */
export interface UnsupportedSetting {
  /** The VLAN sub-interface field or capability (`macForcedForwarding`, `dot1p`, `trafficProfileRemoval`, …). */
  setting: string;
  port?: string;
  onuId?: number;
  channel?: Channel;
  /** Profile name, for profile-level settings. */
  profile?: string;
  /** What was asked for, as text. */
  requested: string;
  /** Why the device cannot (the profile's reason, citing its evidence). */
  reason: string;
  refused: boolean;
}

export interface ConfigDiff {
  /**
   * In apply order: profiles created/updated → VLANs deleted → ONUs deleted → ONUs created/updated →
   * VLANs created/updated → profiles deleted (a profile exists before use and is removed after its
   * last user; a GEM port outlives its VLANs).
   */
  changes: ConfigChange[];
  counts: Record<ChangeOp, number>;
  scope?: DiffScope;
  /** Settings of the desired configuration this device cannot carry (driver plans only). */
  unsupported?: UnsupportedSetting[];
}

const ONU_FIELDS = ['onuType', 'expectedSerial', 'description', 'tconts', 'gemports'] as const;
const VLAN_FIELDS: (keyof VlanSubInterface)[] = [
  'gemport',
  'servicePort',
  'userVlan',
  'vlan',
  'dot1p',
  'downstreamProfile',
  'upstreamProfile',
  'macLimit',
  'dhcpSnooping',
  'antiSpoofing',
  'pppoeFilter',
  'macForcedForwarding',
  'multicast',
  'adminState',
];

/** Deep equality of plain JSON data; list order of T-CONTs / GEM ports does not matter (keyed by id). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    // equal in the same order is equal (both sides usually list by id); else compare as sets
    if (a.every((x, i) => identical(x, b[i]))) return true;
    const sa = a.map(canonical).sort();
    const sb = b.map(canonical).sort();
    return sa.every((x, i) => x === sb[i]);
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** Deep equality of plain JSON data, arrays in order (what gives the same `canonical` text). */
function identical(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a))
    return Array.isArray(b) && a.length === b.length && a.every((x, i) => identical(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(b)) {
    const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => identical((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/** JSON with object keys sorted, so key order (codec- or parser-dependent) never makes two equal values differ. */
function canonical(x: unknown): string {
  if (Array.isArray(x)) return `[${x.map(canonical).join(',')}]`;
  if (x && typeof x === 'object') {
    const o = x as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(x);
}

function onuKey(port: string, onuId: number): string {
  return `${port}#${onuId}`;
}

/** Whether an ONU is in `scope` (undefined = everything), its positions looked up in a set. */
function scopeTest(scope: DiffScope | undefined): (port: string, onuId: number) => boolean {
  if (!scope) return () => true;
  const ports = new Set(scope.ports ?? []);
  const onus = new Set((scope.onus ?? []).map((o) => onuKey(o.port, o.onuId)));
  return (port, onuId) => ports.has(port) || onus.has(onuKey(port, onuId));
}

function onusOf(cfg: OltConfig, inScope = scopeTest(undefined)): Map<string, { port: string; onu: VAni }> {
  const m = new Map<string, { port: string; onu: VAni }>();
  for (const ct of cfg.channelTerminations) {
    for (const onu of ct.onus) {
      if (inScope(ct.name, onu.onuId)) m.set(onuKey(ct.name, onu.onuId), { port: ct.name, onu });
    }
  }
  return m;
}

function diffVlans(
  port: string,
  onuId: number,
  before: VlanSubInterface[],
  after: VlanSubInterface[],
): VlanChange[] {
  const out: VlanChange[] = [];
  const b = new Map(before.map((v) => [v.channel, v]));
  const a = new Map(after.map((v) => [v.channel, v]));
  for (const [channel, av] of a) {
    const bv = b.get(channel);
    if (!bv)
      out.push({ kind: 'vlan', op: 'create', port, onuId, channel, fields: [...VLAN_FIELDS], after: av });
    else {
      const fields = VLAN_FIELDS.filter((f) => !same(bv[f], av[f]));
      if (fields.length)
        out.push({ kind: 'vlan', op: 'update', port, onuId, channel, fields, before: bv, after: av });
    }
  }
  for (const [channel, bv] of b) {
    if (!a.has(channel))
      out.push({ kind: 'vlan', op: 'delete', port, onuId, channel, fields: [], before: bv });
  }
  return out;
}

/** The minimal changes turning `actual` into `desired` (within `scope`). */
export function diffOltConfig(actual: OltConfig, desired: OltConfig, scope?: DiffScope): ConfigDiff {
  const profCreateUpdate: ConfigChange[] = [];
  const profDelete: ConfigChange[] = [];
  const actualProfiles = new Map(actual.trafficProfiles.map((p) => [p.name, p]));
  const desiredProfiles = new Map(desired.trafficProfiles.map((p) => [p.name, p]));
  for (const [name, after] of desiredProfiles) {
    const before = actualProfiles.get(name);
    if (!before) profCreateUpdate.push({ kind: 'traffic-profile', op: 'create', name, after });
    else if (!same(before, after))
      profCreateUpdate.push({ kind: 'traffic-profile', op: 'update', name, before, after });
  }
  const mayDelete = (name: string) =>
    !scope ||
    scope.trafficProfiles === 'all' ||
    (Array.isArray(scope.trafficProfiles) && scope.trafficProfiles.includes(name));
  for (const [name, before] of actualProfiles) {
    if (!desiredProfiles.has(name) && mayDelete(name))
      profDelete.push({ kind: 'traffic-profile', op: 'delete', name, before });
  }

  const vlanDeletes: VlanChange[] = [];
  const onuDeletes: OnuChange[] = [];
  const onuUpserts: OnuChange[] = [];
  const vlanUpserts: VlanChange[] = [];
  const inScope = scopeTest(scope);
  const a = onusOf(actual, inScope);
  const d = onusOf(desired, inScope);
  for (const [key, { port, onu: after }] of d) {
    const before = a.get(key)?.onu;
    if (!before) {
      onuUpserts.push({
        kind: 'onu',
        op: 'create',
        port,
        onuId: after.onuId,
        fields: [...ONU_FIELDS],
        after,
      });
    } else {
      const fields = ONU_FIELDS.filter((f) => !same(before[f], after[f]));
      if (fields.length)
        onuUpserts.push({ kind: 'onu', op: 'update', port, onuId: after.onuId, fields, before, after });
    }
    for (const c of diffVlans(port, after.onuId, before?.vlans ?? [], after.vlans)) {
      (c.op === 'delete' ? vlanDeletes : vlanUpserts).push(c);
    }
  }
  for (const [key, { port, onu: before }] of a) {
    if (d.has(key)) continue;
    for (const c of diffVlans(port, before.onuId, before.vlans, [])) vlanDeletes.push(c);
    onuDeletes.push({ kind: 'onu', op: 'delete', port, onuId: before.onuId, fields: [], before });
  }

  const changes = [
    ...profCreateUpdate,
    ...vlanDeletes,
    ...onuDeletes,
    ...onuUpserts,
    ...vlanUpserts,
    ...profDelete,
  ];
  const counts: Record<ChangeOp, number> = { create: 0, update: 0, delete: 0 };
  for (const c of changes) counts[c.op]++;
  return { changes, counts, ...(scope ? { scope } : {}) };
}

/** ONUs touched by a diff (an ONU whose VLANs change counts), as `port#onuId` keys, in first-seen order. */
export function touchedOnus(diff: ConfigDiff): { port: string; onuId: number }[] {
  const seen = new Map<string, { port: string; onuId: number }>();
  for (const c of diff.changes) {
    if (c.kind !== 'traffic-profile' && !seen.has(onuKey(c.port, c.onuId)))
      seen.set(onuKey(c.port, c.onuId), { port: c.port, onuId: c.onuId });
  }
  return [...seen.values()];
}

/**
 * Why a diff no longer fits a configuration: for each change, is the entity still as `before` says?
 * Used after taking the device lock to refuse a plan made against a config that has since moved.
 */
export function staleChanges(current: OltConfig, diff: ConfigDiff): string[] {
  return mismatches(current, diff, 'before');
}

/** Which changes of a diff are NOT visible in `readBack` (verification after apply). Empty = applied. */
export function unappliedChanges(readBack: OltConfig, diff: ConfigDiff): string[] {
  return mismatches(readBack, diff, 'after');
}

function mismatches(cfg: OltConfig, diff: ConfigDiff, side: 'before' | 'after'): string[] {
  const out: string[] = [];
  const profiles = new Map(cfg.trafficProfiles.map((p) => [p.name, p]));
  const onus = onusOf(cfg);
  for (const c of diff.changes) {
    const expected = c[side];
    if (c.kind === 'traffic-profile') {
      const got = profiles.get(c.name);
      if (!same(got, expected))
        out.push(`traffic-profile ${c.name}: expected ${expected ? 'present as planned' : 'absent'}`);
      continue;
    }
    const onu = onus.get(onuKey(c.port, c.onuId))?.onu;
    if (c.kind === 'onu') {
      const e = expected as VAni | undefined;
      const ok =
        e === undefined
          ? onu === undefined
          : onu !== undefined && ONU_FIELDS.every((f) => same(onu[f], e[f]));
      if (!ok) out.push(`onu ${c.port}:${c.onuId}: expected ${e ? 'present as planned' : 'absent'}`);
    } else {
      const got = onu?.vlans.find((v) => v.channel === c.channel);
      if (!same(got, expected))
        out.push(
          `vlan ${c.port}:${c.onuId} ${c.channel}: expected ${expected ? 'present as planned' : 'absent'}`,
        );
    }
  }
  return out;
}

/**
 * The diff that undoes `diff` (before ↔ after, create ↔ delete, in reverse order): used to roll back
 * a device without a candidate datastore, or a CLI change that failed halfway.
 */
export function invertDiff(diff: ConfigDiff): ConfigDiff {
  const inv = (op: ChangeOp): ChangeOp =>
    op === 'create' ? 'delete' : op === 'delete' ? 'create' : 'update';
  const changes = [...diff.changes]
    .reverse()
    .map((c) => ({ ...c, op: inv(c.op), before: c.after, after: c.before }) as ConfigChange);
  const counts: Record<ChangeOp, number> = {
    create: diff.counts.delete,
    update: diff.counts.update,
    delete: diff.counts.create,
  };
  return { changes, counts, ...(diff.scope ? { scope: diff.scope } : {}) };
}

/** One line per change, for `ponctl plan` and logs. */
export function describeChange(c: ConfigChange): string {
  const sign = c.op === 'create' ? '+' : c.op === 'delete' ? '-' : '~';
  if (c.kind === 'traffic-profile') return `${sign} traffic-profile ${c.name}`;
  if (c.kind === 'onu')
    return `${sign} onu ${c.port}:${c.onuId}${c.op === 'update' ? ` (${c.fields.join(', ')})` : ''}`;
  return `${sign} vlan ${c.port}:${c.onuId} ${c.channel}${c.op === 'update' ? ` (${c.fields.join(', ')})` : ''}`;
}

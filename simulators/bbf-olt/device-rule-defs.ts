/**
 * The OLT's own rules (device-rules.ts) as data: which entities each covers, the key that must be
 * unique, the range check, and which entities a change between two trees touches.
 */
import { DList, DNode, rootItem, type Item } from '../yang/data.ts';
import type { Schema } from '../yang/schema.ts';
import type { ListChange } from '../yang/list-diffs.ts';

export interface RuleTree {
  readonly schema: Schema;
  readonly root: DNode;
  node(from: DNode, ...path: string[]): DNode | DList | string | undefined;
  list(...path: string[]): DList | undefined;
  leaf(from: DNode | undefined, ...path: string[]): string | undefined;
  /** The differences of a list of this tree from its version `old` (a check's shared diff, read only). */
  diff(l: DList | undefined, old: DList | undefined): readonly ListChange[];
}

export type Entity = Item & { id: string };

/**
 * The entities a change touches: their ids (old and new), and — in the same order — the items of
 * those present in the new tree, taken from the list diff itself (no lookup by key of each).
 */
export interface Touched {
  ids: Set<string>;
  present: Entity[];
}

export interface Rule {
  appTag: string;
  rangeAppTag?: string;
  entities(t: RuleTree): Iterable<Entity>;
  key(t: RuleTree, e: Entity): string | undefined;
  range?(t: RuleTree, e: Entity): string | undefined;
  touched(prev: RuleTree, next: RuleTree): Touched;
  message(key: string): string;
  leafItem(e: Item): Item;
}

const IF = ['ietf-interfaces:interfaces', 'ietf-interfaces:interface'];
const TCONTS = ['bbf-xpongemtcont:xpongemtcont', 'bbf-xpongemtcont:tconts', 'bbf-xpongemtcont:tcont'];
const GEMS = ['bbf-xpongemtcont:xpongemtcont', 'bbf-xpongemtcont:gemports', 'bbf-xpongemtcont:gemport'];
const FWDS = ['bbf-l2-forwarding:forwarding', 'bbf-l2-forwarding:forwarders', 'bbf-l2-forwarding:forwarder'];
const PORTS = ['bbf-l2-forwarding:ports', 'bbf-l2-forwarding:port'];
const VANI = 'bbf-xponvani:v-ani';

/** Technology limits (G.984.3 G-PON; G.9807.1 XGS-PON), by channel pair type. */
const LIMITS: Record<string, { onu: [number, number]; alloc: [number, number]; gem: [number, number] }> = {
  'bbf-xpon-types:gpon': { onu: [0, 253], alloc: [256, 4095], gem: [0, 4095] },
  'bbf-xpon-types:xgs': { onu: [0, 1020], alloc: [1024, 16383], gem: [1021, 65534] },
};

/**
 * A list reached from the root through containers, with the item of the container holding it, per
 * tree and path (the paths are this module's constants): a commit finds ~2 500 entities by key.
 */
const lists = new WeakMap<RuleTree, Map<string[], { l: DList | undefined; up?: Item }>>();
function listIn(t: RuleTree, path: string[]): { l: DList | undefined; up?: Item } {
  let m = lists.get(t);
  if (!m) lists.set(t, (m = new Map()));
  let r = m.get(path);
  if (!r) m.set(path, (r = { l: t.list(...path) }));
  return r;
}

function upOf(t: RuleTree, path: string[]): Item {
  const r = listIn(t, path);
  return (r.up ??= containerItem(t, path.slice(0, -1)));
}

/** Items for the entries of a list reached from the root through containers. */
function entryItems(t: RuleTree, path: string[]): Entity[] {
  const out: Entity[] = [];
  const l = listIn(t, path).l;
  if (!l) return out;
  const up = upOf(t, path);
  for (const [k, e] of l.entries()) out.push({ n: e, s: l.s, up, id: k });
  return out;
}

function containerItem(t: RuleTree, path: string[]): Item {
  let it: Item = rootItem(t.root);
  for (const q of path) {
    const d = it.n as DNode;
    const s = d.s.byName.get(q)!;
    it = { n: (d.get(s) as DNode) ?? new DNode(s), s, up: it };
  }
  return it;
}

/** The item of a leaf below an entity (for error paths), through containers. */
function leafBelow(e: Item, ...path: string[]): Item {
  let it: Item = e;
  for (const q of path) {
    const d = it.n as DNode;
    const s = d.s.byName.get(q)!;
    const v = d.get(s);
    it = { n: v instanceof DNode ? v : typeof v === 'string' ? v : '', s, up: it };
  }
  return it;
}

/**
 * What one check of `next` against `prev` derives once for several rules (the changed interfaces,
 * whether a v-ANI changed scope): per pair of trees, dropped with them.
 */
const memos = new WeakMap<RuleTree, WeakMap<RuleTree, Map<string, unknown>>>();
function memo<T>(prev: RuleTree, next: RuleTree, key: string, f: () => T): T {
  let byPrev = memos.get(next);
  if (!byPrev) memos.set(next, (byPrev = new WeakMap()));
  let m = byPrev.get(prev);
  if (!m) byPrev.set(prev, (m = new Map()));
  if (!m.has(key)) m.set(key, f());
  return m.get(key) as T;
}

/** The entries of a list that differ between the trees: [key, entry in next, entry in prev]. */
const changes = (prev: RuleTree, next: RuleTree, path: string[]): readonly ListChange[] =>
  memo(prev, next, `changes ${path.join('/')}`, () => next.diff(listIn(next, path).l, listIn(prev, path).l));

/** Every changed entry of the list at `path`, with the items of those in next. */
function touchedIn(prev: RuleTree, next: RuleTree, path: string[]): Touched {
  const ids = new Set<string>();
  const present: Entity[] = [];
  const ch = changes(prev, next, path);
  const up = ch.length ? upOf(next, path) : undefined;
  for (let i = 0; i < ch.length; i++) {
    const [k, e] = ch[i];
    ids.add(k);
    if (e) present.push({ n: e, s: e.s, up: up!, id: k });
  }
  return { ids, present };
}

/**
 * Interfaces by name, per tree (a check's trees do not change while it runs): the same few channel
 * partitions and pairs are looked up for every v-ANI, T-CONT and GEM port of a commit.
 */
const ifaces = new WeakMap<RuleTree, Map<string, DNode | undefined>>();
function iface(t: RuleTree, name: string | undefined): DNode | undefined {
  if (!name) return undefined;
  let m = ifaces.get(t);
  if (!m) ifaces.set(t, (m = new Map()));
  let d = m.get(name);
  if (d === undefined && !m.has(name)) m.set(name, (d = listIn(t, IF).l?.get(name)));
  return d;
}
const isVani = (t: RuleTree, e: DNode | undefined) => !!e && t.node(e, VANI) instanceof DNode;

/**
 * Channel group of a v-ANI (its partition's channel-group-ref) and its technology (preferred pair
 * type), per tree and v-ANI: asked for the key and the range of each of its T-CONTs and GEM ports.
 */
const scopes = new WeakMap<RuleTree, Map<DNode, { group?: string; tech?: string }>>();
function vaniScope(t: RuleTree, vani: DNode | undefined): { group?: string; tech?: string } {
  if (!vani) return {};
  let m = scopes.get(t);
  if (!m) scopes.set(t, (m = new Map()));
  let r = m.get(vani);
  if (!r) m.set(vani, (r = vaniScopeOnce(t, vani)));
  return r;
}

function vaniScopeOnce(t: RuleTree, vani: DNode): { group?: string; tech?: string } {
  const part = iface(t, t.leaf(vani, VANI, 'bbf-xponvani:channel-partition'));
  const pair = iface(t, t.leaf(vani, VANI, 'bbf-xponvani:preferred-channel-pair'));
  return {
    group: t.leaf(part, 'bbf-xpon:channel-partition', 'bbf-xpon:channel-group-ref'),
    tech: t.leaf(pair, 'bbf-xpon:channel-pair', 'bbf-xpon:channel-pair-type'),
  };
}

function outOf(v: string | undefined, r: [number, number] | undefined): boolean {
  return v !== undefined && r !== undefined && (Number(v) < r[0] || Number(v) > r[1]);
}

/** v-ANIs whose partition or pair changed make their T-CONTs and GEM ports change scope too. */
function scopeMoved(prev: RuleTree, next: RuleTree): boolean {
  return memo(prev, next, 'scopeMoved', () => scopeMovedOnce(prev, next));
}

function scopeMovedOnce(prev: RuleTree, next: RuleTree): boolean {
  for (const [, b, a] of changes(prev, next, IF)) {
    if (!a || !b) continue;
    for (const p of [
      [VANI, 'bbf-xponvani:channel-partition'],
      [VANI, 'bbf-xponvani:preferred-channel-pair'],
      ['bbf-xponvani:olt-v-enet', 'bbf-xponvani:lower-layer-interface'],
    ])
      if (prev.leaf(a, ...p) !== next.leaf(b, ...p)) return true;
  }
  return false;
}

const vaniRule = (
  appTag: string,
  leafPath: string[],
  key: (t: RuleTree, e: DNode) => string | undefined,
  message: (k: string) => string,
  range?: Rule['range'],
): Rule => ({
  appTag,
  rangeAppTag: 'onu-id-out-of-range',
  entities: (t) => entryItems(t, IF).filter((e) => isVani(t, e.n as DNode)),
  key: (t, e) => key(t, e.n as DNode),
  range,
  // read-only for the caller: the two v-ANI rules share it
  touched: (prev, next) => memo(prev, next, 'vanis', () => touchedVanis(prev, next)),
  message,
  leafItem: (e) => leafBelow(e, ...leafPath),
});

/** The changed interfaces that are (or were) v-ANIs; present: those that are v-ANIs in next. */
function touchedVanis(prev: RuleTree, next: RuleTree): Touched {
  const ids = new Set<string>();
  const present: Entity[] = [];
  const ch = changes(prev, next, IF);
  const up = ch.length ? upOf(next, IF) : undefined;
  for (let i = 0; i < ch.length; i++) {
    const [k, e, o] = ch[i];
    const now = isVani(next, e);
    if (!now && !isVani(prev, o)) continue;
    ids.add(k);
    if (now) present.push({ n: e!, s: e!.s, up: up!, id: k });
  }
  return { ids, present };
}

export const RULES: Rule[] = [
  vaniRule(
    'duplicate-serial-number',
    [VANI, 'bbf-xponvani:expected-serial-number'],
    (t, e) => t.leaf(e, VANI, 'bbf-xponvani:expected-serial-number'),
    (k) => `Expected serial number ${k} is already authorised by another v-ANI of this OLT.`,
  ),
  vaniRule(
    'duplicate-onu-id',
    [VANI, 'bbf-xponvani:onu-id'],
    (t, e) => {
      const p = t.leaf(e, VANI, 'bbf-xponvani:channel-partition');
      const id = t.leaf(e, VANI, 'bbf-xponvani:onu-id');
      return p !== undefined && id !== undefined ? `${p} ${id}` : undefined;
    },
    (k) => `ONU id ${k.split(' ')[1]} is already used on channel partition ${k.split(' ')[0]}.`,
    (t, e) => {
      const d = e.n as DNode;
      const tech = vaniScope(t, d).tech;
      const id = t.leaf(d, VANI, 'bbf-xponvani:onu-id');
      const r = tech ? LIMITS[tech]?.onu : undefined;
      return outOf(id, r) ? `ONU id ${id} is outside ${r![0]}..${r![1]} for ${tech}.` : undefined;
    },
  ),
  idRule('tcont', TCONTS, 'bbf-xpongemtcont:alloc-id', 'alloc', (t, e) =>
    iface(t, t.leaf(e, 'bbf-xpongemtcont:interface-reference')),
  ),
  idRule('gemport', GEMS, 'bbf-xpongemtcont:gemport-id', 'gem', (t, e) => {
    const venet = iface(t, t.leaf(e, 'bbf-xpongemtcont:interface'));
    return iface(t, t.leaf(venet, 'bbf-xponvani:olt-v-enet', 'bbf-xponvani:lower-layer-interface'));
  }),
  {
    appTag: 'duplicate-traffic-class',
    entities: (t) => entryItems(t, GEMS),
    key: (t, e) => {
      const i = t.leaf(e.n as DNode, 'bbf-xpongemtcont:interface');
      const tc = t.leaf(e.n as DNode, 'bbf-xpongemtcont:traffic-class');
      return i !== undefined && tc !== undefined ? `${i} ${tc}` : undefined;
    },
    touched: (prev, next) => touchedIn(prev, next, GEMS),
    message: (k) => `Traffic class ${k.split(' ')[1]} already has a GEM port on ${k.split(' ')[0]}.`,
    leafItem: (e) => leafBelow(e, 'bbf-xpongemtcont:traffic-class'),
  },
  {
    appTag: 'sub-interface-in-several-forwarders',
    entities: (t) => {
      const out: Entity[] = [];
      for (const f of entryItems(t, FWDS)) {
        const ports = t.node(f.n as DNode, ...PORTS);
        if (!(ports instanceof DList)) continue;
        const up = leafBelow(f, PORTS[0]);
        for (const [k, p] of ports.entries()) out.push({ n: p, s: ports.s, up, id: `${f.id}\u0001${k}` });
      }
      return out;
    },
    key: (t, e) => t.leaf(e.n as DNode, 'bbf-l2-forwarding:sub-interface'),
    touched: (prev, next) => {
      const ids = new Set<string>();
      const present: Entity[] = [];
      const ch = changes(prev, next, FWDS);
      const fwdsUp = ch.length ? upOf(next, FWDS) : undefined;
      for (const [f, b, a] of ch) {
        const pa = a && prev.node(a, ...PORTS);
        const pb = b && next.node(b, ...PORTS);
        const la = pa instanceof DList ? pa : undefined;
        const lb = pb instanceof DList ? pb : undefined;
        // the item of the forwarder's ports container, for the error paths of its ports
        const up = lb ? leafBelow({ n: b!, s: b!.s, up: fwdsUp!, id: f } as Entity, PORTS[0]) : undefined;
        for (const [k, e] of next.diff(lb, la)) {
          const id = `${f}\u0001${k}`;
          ids.add(id);
          if (e) present.push({ n: e, s: e.s, up: up!, id });
        }
      }
      return { ids, present };
    },
    message: (k) => `Sub-interface ${k} is already a port of another forwarder.`,
    leafItem: (e) => leafBelow(e, 'bbf-l2-forwarding:sub-interface'),
  },
];

/** alloc-id / GEM port id: unique per channel group, in the technology's range. */
function idRule(
  what: 'tcont' | 'gemport',
  path: string[],
  leaf: string,
  limit: 'alloc' | 'gem',
  vaniOf: (t: RuleTree, e: DNode) => DNode | undefined,
): Rule {
  const label = what === 'tcont' ? 'Alloc-ID' : 'GEM port id';
  return {
    appTag: what === 'tcont' ? 'duplicate-alloc-id' : 'duplicate-gemport-id',
    rangeAppTag: what === 'tcont' ? 'alloc-id-out-of-range' : 'gemport-id-out-of-range',
    entities: (t) => entryItems(t, path),
    key: (t, e) => {
      const v = t.leaf(e.n as DNode, leaf);
      const g = vaniScope(t, vaniOf(t, e.n as DNode)).group;
      return v !== undefined && g !== undefined ? `${g} ${v}` : undefined;
    },
    range: (t, e) => {
      const v = t.leaf(e.n as DNode, leaf);
      const tech = vaniScope(t, vaniOf(t, e.n as DNode)).tech;
      const r = tech ? LIMITS[tech]?.[limit] : undefined;
      return outOf(v, r) ? `${label} ${v} is outside ${r![0]}..${r![1]} for ${tech}.` : undefined;
    },
    touched: (prev, next) => {
      if (!scopeMoved(prev, next)) return touchedIn(prev, next, path);
      // every entity changes scope: all of prev's and next's, present in ids' order (prev's first)
      const ids = new Set([...entryItems(prev, path), ...entryItems(next, path)].map((e) => e.id));
      const inNext = new Map(entryItems(next, path).map((e) => [e.id, e]));
      const present: Entity[] = [];
      for (const id of ids) {
        const e = inNext.get(id);
        if (e) present.push(e);
      }
      return { ids, present };
    },
    message: (k) => `${label} ${k.split(' ')[1]} is already used on channel group ${k.split(' ')[0]}.`,
    leafItem: (e) => leafBelow(e, leaf),
  };
}

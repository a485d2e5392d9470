/**
 * Deviations narrow what the planner may use (RFC 7950 §7.20.3; OB-BAA keeps vendor behaviour as
 * declared deviations): a device's deviation module says a node is `not-supported`, or replaces its
 * type with a narrower `range`. The driver reads each deviation module the YANG library lists with
 * `<get-schema>` (RFC 6022 §3.1) and refuses, before writing, a plan that writes a removed node or
 * a value outside a narrowed range — naming the deviation module, the node and the value.
 */
import type { ConfigDiff } from '../../../../../domain/olt-config/diff.ts';
import type { VAni, VlanSubInterface } from '../../../../../domain/olt-config/model.ts';
import { allocIdOf } from './bbf-names.ts';

export interface Deviation {
  /** The deviation module. */
  module: string;
  /** Target as local names, prefixes dropped: `/interfaces/interface/v-ani/onu-id`. */
  target: string;
  notSupported: boolean;
  /** A narrowed `range` (replace/add of the type), as [min, max] intervals. */
  range?: [number, number][];
}

/** The statements of a deviation module we need: each `deviation "<path>" { … }` block (RFC 7950 §7.20.3). */
export function parseDeviations(module: string, yangText: string): Deviation[] {
  const src = yangText.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  const out: Deviation[] = [];
  const re = /\bdeviation\s+("([^"]*)"|'([^']*)'|(\S+))\s*\{/g;
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const path = (m[2] ?? m[3] ?? m[4]).replace(/\s+/g, '');
    let depth = 1;
    let i = re.lastIndex;
    for (; i < src.length && depth > 0; i++) {
      if (src[i] === '"') {
        const end = src.indexOf('"', i + 1);
        if (end < 0) break;
        i = end;
      } else if (src[i] === '{') depth++;
      else if (src[i] === '}') depth--;
    }
    const block = src.slice(re.lastIndex, i);
    const range = /\brange\s+(?:"([^"]*)"|'([^']*)'|([^;\s]+))/.exec(block);
    out.push({
      module,
      target: path
        .split('/')
        .map((s) => s.slice(s.indexOf(':') + 1))
        .join('/'),
      notSupported: /\bdeviate\s+not-supported\b/.test(block),
      range: range ? parseRange(range[1] ?? range[2] ?? range[3]) : undefined,
    });
  }
  return out;
}

function parseRange(s: string): [number, number][] {
  return s.split('|').map((part) => {
    const [lo, hi] = part.split('..').map((x) => x.trim());
    const n = (x: string) => (x === 'min' ? -Infinity : x === 'max' ? Infinity : Number(x));
    return [n(lo), n(hi ?? lo)] as [number, number];
  });
}

/** Nodes the codec writes (bbf-objects.ts), as local-name paths, with the values a plan puts there. */
const IFP = '/interfaces/interface/inline-frame-processing/ingress-rule/rule';
type Values = (v: { onu?: VAni; vlan?: VlanSubInterface }) => number[];
const WRITTEN: { path: string; values?: Values; uses?: (v: VlanSubInterface) => boolean }[] = [
  { path: '/interfaces/interface/v-ani/onu-id', values: ({ onu }) => (onu ? [onu.onuId] : []) },
  { path: '/interfaces/interface/v-ani/expected-serial-number' },
  { path: '/interfaces/interface/v-ani/channel-partition' },
  { path: '/interfaces/interface/olt-v-enet/lower-layer-interface' },
  {
    path: '/xpongemtcont/tconts/tcont/alloc-id',
    values: ({ onu }) => onu?.tconts.map((t) => allocIdOf(onu.onuId, t.id)) ?? [],
  },
  {
    path: '/xpongemtcont/gemports/gemport/gemport-id',
    values: ({ onu }) => onu?.gemports.map((g) => allocIdOf(onu.onuId, g.id)) ?? [],
  },
  { path: '/xpongemtcont/gemports/gemport/traffic-class' },
  {
    path: `${IFP}/flexible-match/match-criteria/tag/dot1q-tag/vlan-id`,
    values: ({ vlan }) => (vlan ? [vlan.userVlan] : []),
  },
  {
    path: `${IFP}/ingress-rewrite/push-tag/dot1q-tag/vlan-id`,
    values: ({ vlan }) => (vlan ? [vlan.vlan] : []),
  },
  {
    path: `${IFP}/ingress-rewrite/push-tag/dot1q-tag/write-pbit`,
    values: ({ vlan }) => (vlan ? [vlan.dot1p] : []),
  },
  {
    path: '/interfaces/interface/mac-learning/max-number-mac-addresses',
    values: ({ vlan }) => (vlan ? [vlan.macLimit] : []),
  },
  { path: '/interfaces/interface/l2-dhcpv4-relay', uses: (v) => v.dhcpSnooping },
  { path: '/interfaces/interface/pppoe', uses: (v) => v.pppoeFilter },
  { path: '/interfaces/interface/ip-source-guard', uses: (v) => v.antiSpoofing },
  { path: '/interfaces/interface/mac-forced-forwarding', uses: (v) => v.macForcedForwarding },
  { path: '/multicast/mgmd/multicast-vpn/multicast-interface-to-host', uses: (v) => v.multicast },
  { path: '/interfaces/interface/egress-qos-policy-profile' },
  { path: '/interfaces/interface/ingress-qos-policy-profile' },
];

/** Why `diff` cannot be written on a device with `deviations` (empty = it can). */
export function deviationConflicts(diff: ConfigDiff, deviations: readonly Deviation[]): string[] {
  if (!deviations.length) return [];
  const items: { onu?: VAni; vlan?: VlanSubInterface }[] = [];
  for (const c of diff.changes) {
    if (c.kind === 'onu' && c.after) items.push({ onu: c.after }, ...c.after.vlans.map((vlan) => ({ vlan })));
    if (c.kind === 'vlan' && c.after) items.push({ vlan: c.after });
  }
  const out = new Set<string>();
  for (const d of deviations) {
    for (const w of WRITTEN) {
      const covers = w.path === d.target || w.path.startsWith(`${d.target}/`);
      if (!covers) continue;
      const used = items.some((it) =>
        w.uses ? !!it.vlan && w.uses(it.vlan) : w.values ? w.values(it).length > 0 : true,
      );
      if (d.notSupported && used) out.add(`${d.module}: ${d.target} not-supported`);
      if (d.range && w.path === d.target && w.values) {
        for (const it of items)
          for (const x of w.values(it))
            if (!d.range.some(([lo, hi]) => x >= lo && x <= hi))
              out.add(
                `${d.module}: ${d.target} ${x} outside ${d.range.map(([a, b]) => `${a}..${b}`).join('|')}`,
              );
      }
    }
  }
  return [...out];
}

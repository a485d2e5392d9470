/**
 * What a plan needs of the device's YANG library (docs/bbf-mapping.md §1), checked before any
 * write: every module by name — revision-independent, since BBF and IETF revisions keep names and
 * meaning backward compatible (RFC 7950 §11) and the device's own validation refuses a node an old
 * revision lacks — and every feature (RFC 7950 §7.20.1) the nodes written depend on. What is needed
 * depends on what the diff writes: an OLT without bbf-mgmd can still carry accesses without IPTV.
 */
import type { ConfigDiff } from '../../../../../domain/olt-config/diff.ts';
import type { VlanSubInterface } from '../../../../../domain/olt-config/model.ts';
import type { LibraryModule } from './yang-library.ts';

export interface ModuleNeed {
  module: string;
  features?: string[];
}

/** Needed to read and to write any access at all (the v-ANI, T-CONTs, GEM ports, sub-interfaces, rates). */
export const CORE_MODULES: readonly ModuleNeed[] = [
  // arbitrary-names: our names; pre-provisioning: the ONU's UNI exists before the ONU does
  { module: 'ietf-interfaces', features: ['arbitrary-names', 'pre-provisioning'] },
  { module: 'iana-if-type' },
  { module: 'bbf-if-type' },
  { module: 'bbf-xpon-if-type' },
  { module: 'bbf-xpon-types' },
  { module: 'bbf-dot1q-types' },
  { module: 'bbf-xpon' },
  { module: 'bbf-xponvani', features: ['configurable-v-ani-onu-id'] },
  { module: 'bbf-xponani' },
  { module: 'bbf-xpongemtcont' },
  { module: 'bbf-link-table' },
  { module: 'bbf-sub-interfaces', features: ['tag-rewrites'] },
  { module: 'bbf-sub-interface-tagging', features: ['write-pbit-value-in-vlan-tag'] },
  { module: 'bbf-interface-usage' },
  { module: 'bbf-qos-classifiers' },
  { module: 'bbf-qos-policies' },
  {
    module: 'bbf-qos-policing',
    features: ['two-rate-three-color-marker', 'policing-action-profiles', 'policing-action-in-policer'],
  },
  {
    module: 'bbf-l2-forwarding',
    features: ['forwarding-databases', 'mac-learning', 'split-horizon-profiles'],
  },
  { module: 'bbf-subscriber-profiles' },
];

/** Needed only when a sub-interface written uses the mechanism (spec §2 security set, channels). */
const PER_USE: Record<string, ModuleNeed> = {
  dhcp: { module: 'bbf-l2-dhcpv4-relay' },
  pppoe: { module: 'bbf-pppoe-intermediate-agent' },
  multicast: { module: 'bbf-mgmd', features: ['mgmd-snoop-with-proxy-reporting'] },
  antiSpoofing: { module: 'ponctl-bbf-ext', features: ['ip-source-guard'] },
  mff: { module: 'ponctl-bbf-ext', features: ['mac-forced-forwarding'] },
};

/** `alloc-id` / `gemport-id` are written only where configurable (§4); optional, not required. */
export const OPTIONAL_FEATURES = [
  'bbf-xpongemtcont:configurable-alloc-id',
  'bbf-xpongemtcont:configurable-gemport-id',
];

function vlansWritten(diff: ConfigDiff): VlanSubInterface[] {
  const out: VlanSubInterface[] = [];
  for (const c of diff.changes) {
    if (c.kind === 'vlan' && c.after) out.push(c.after);
    if (c.kind === 'onu' && c.after) out.push(...c.after.vlans);
  }
  return out;
}

/** The modules and features a diff needs: the core when it writes anything, plus what its sub-interfaces use. */
export function needsOf(diff: ConfigDiff): ModuleNeed[] {
  const writes = diff.changes.some((c) => c.op !== 'delete');
  if (!diff.changes.length) return [];
  const out: ModuleNeed[] = [...CORE_MODULES];
  if (!writes) return out;
  const vs = vlansWritten(diff);
  if (vs.some((v) => v.dhcpSnooping || v.antiSpoofing)) out.push(PER_USE.dhcp);
  if (vs.some((v) => v.pppoeFilter)) out.push(PER_USE.pppoe);
  if (vs.some((v) => v.multicast)) out.push(PER_USE.multicast);
  if (vs.some((v) => v.antiSpoofing)) out.push(PER_USE.antiSpoofing);
  if (vs.some((v) => v.macForcedForwarding)) out.push(PER_USE.mff);
  return out;
}

/** Every module a BSN access with all four channels needs (what `capabilities` reports as missing). */
export function fullNeeds(): ModuleNeed[] {
  return [...CORE_MODULES, ...Object.values(PER_USE)];
}

/** `module` or `module:feature` for each need the library does not meet (implemented module, feature listed). */
export function unmet(needs: readonly ModuleNeed[], modules: ReadonlyMap<string, LibraryModule>): string[] {
  const out = new Set<string>();
  for (const n of needs) {
    const m = modules.get(n.module);
    if (!m || m.conformance !== 'implement') {
      out.add(n.module);
      continue;
    }
    for (const f of n.features ?? []) if (!m.features.has(f)) out.add(`${n.module}:${f}`);
  }
  return [...out];
}

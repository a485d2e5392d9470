/**
 * The shape of yang/ponctl-olt.yang as a table: which XML element maps to which OltConfig field,
 * with its YANG type, in YANG (schema) order. One table drives the XML codec, the simulator's
 * edit-config engine, subtree filtering and validation, so the three can never disagree about
 * names or order. Keep it in step with the YANG module (test/unit/olt-config-xml.test.ts checks
 * that every leaf here exists there).
 */
import { CHANNELS } from '../../../../domain/olt-config/model.ts';

export const OLT_NS = 'urn:ponctl:params:xml:ns:yang:ponctl-olt';
export const OLT_MODULE = 'ponctl-olt';
export const OLT_REVISION = '2026-11-23';
export const NETCONF_BASE_NS = 'urn:ietf:params:xml:ns:netconf:base:1.0';

export type LeafType =
  | { kind: 'string'; minLen?: number; maxLen?: number; pattern?: RegExp }
  | { kind: 'uint'; min: number; max: number }
  | { kind: 'boolean' }
  | { kind: 'enum'; values: readonly string[] };

export type LeafValue = string | number | boolean;

export interface LeafSpec {
  xml: string;
  field: string;
  type: LeafType;
  mandatory?: boolean;
  default?: LeafValue;
}

export interface ListSpec {
  /** Element name of one entry. */
  xml: string;
  /** Array field in the parent object. */
  field: string;
  /** Non-presence container wrapping the list, if any (`traffic-descriptor-profiles`). */
  wrapper?: string;
  key: LeafSpec;
  /** Non-key leaves in YANG order. */
  leaves: LeafSpec[];
  lists: ListSpec[];
}

const uint = (min: number, max: number): LeafType => ({ kind: 'uint', min, max });
const str = (minLen = 0, maxLen = 255, pattern?: RegExp): LeafType => ({
  kind: 'string',
  minLen,
  maxLen,
  pattern,
});
const bool: LeafType = { kind: 'boolean' };
const VLAN = uint(1, 4094);

const tcont: ListSpec = {
  xml: 'tcont',
  field: 'tconts',
  key: { xml: 'id', field: 'id', type: uint(1, 255) },
  leaves: [{ xml: 'traffic-profile', field: 'trafficProfile', type: str(1, 64), mandatory: true }],
  lists: [],
};

const gemport: ListSpec = {
  xml: 'gemport',
  field: 'gemports',
  key: { xml: 'id', field: 'id', type: uint(1, 4095) },
  leaves: [{ xml: 'tcont', field: 'tcont', type: uint(1, 255), mandatory: true }],
  lists: [],
};

const vlanSubInterface: ListSpec = {
  xml: 'vlan-sub-interface',
  field: 'vlans',
  key: { xml: 'channel', field: 'channel', type: { kind: 'enum', values: CHANNELS } },
  leaves: [
    { xml: 'gemport', field: 'gemport', type: uint(1, 4095), mandatory: true },
    { xml: 'service-port', field: 'servicePort', type: uint(1, 65535), mandatory: true },
    { xml: 'user-vlan', field: 'userVlan', type: VLAN, mandatory: true },
    { xml: 'vlan', field: 'vlan', type: VLAN, mandatory: true },
    { xml: 'dot1p', field: 'dot1p', type: uint(0, 7), mandatory: true },
    { xml: 'downstream-profile', field: 'downstreamProfile', type: str(1, 64), mandatory: true },
    { xml: 'upstream-profile', field: 'upstreamProfile', type: str(1, 64), mandatory: true },
    { xml: 'mac-limit', field: 'macLimit', type: uint(0, 8192), mandatory: true },
    { xml: 'dhcp-snooping', field: 'dhcpSnooping', type: bool, default: false },
    { xml: 'anti-spoofing', field: 'antiSpoofing', type: bool, default: false },
    { xml: 'pppoe-filter', field: 'pppoeFilter', type: bool, default: false },
    { xml: 'mac-forced-forwarding', field: 'macForcedForwarding', type: bool, default: false },
    { xml: 'multicast', field: 'multicast', type: bool, default: false },
    {
      xml: 'admin-state',
      field: 'adminState',
      type: { kind: 'enum', values: ['enabled', 'suspended'] },
      default: 'enabled',
    },
  ],
  lists: [],
};

const vAni: ListSpec = {
  xml: 'v-ani',
  field: 'onus',
  key: { xml: 'onu-id', field: 'onuId', type: uint(1, 256) },
  leaves: [
    { xml: 'onu-type', field: 'onuType', type: str(1, 64), mandatory: true },
    {
      xml: 'expected-serial',
      field: 'expectedSerial',
      type: str(12, 12, /^[A-Za-z0-9]{4}[0-9A-Fa-f]{8}$/),
      mandatory: true,
    },
    { xml: 'description', field: 'description', type: str(0, 255) },
  ],
  lists: [tcont, gemport, vlanSubInterface],
};

const channelTermination: ListSpec = {
  xml: 'channel-termination',
  field: 'channelTerminations',
  wrapper: 'channel-terminations',
  key: { xml: 'name', field: 'name', type: str(1, 32, /^[0-9]+\/[0-9]+\/[0-9]+$/) },
  leaves: [],
  lists: [vAni],
};

const trafficProfile: ListSpec = {
  xml: 'traffic-descriptor-profile',
  field: 'trafficProfiles',
  wrapper: 'traffic-descriptor-profiles',
  key: { xml: 'name', field: 'name', type: str(1, 64) },
  leaves: [
    { xml: 'cir-kbps', field: 'cirKbps', type: uint(0, 4294967295), mandatory: true },
    { xml: 'pir-kbps', field: 'pirKbps', type: uint(0, 4294967295), mandatory: true },
  ],
  lists: [],
};

/** The `olt` container: its lists in YANG order. */
export const OLT_ROOT: { xml: 'olt'; lists: ListSpec[] } = {
  xml: 'olt',
  lists: [trafficProfile, channelTermination],
};

export const SCHEMA = { trafficProfile, channelTermination, vAni, tcont, gemport, vlanSubInterface } as const;

/** Parse a leaf's text as its YANG type; an error message when it does not fit. */
export function parseLeaf(
  spec: LeafSpec,
  text: string,
): { ok: true; value: LeafValue } | { ok: false; message: string } {
  const t = spec.type;
  switch (t.kind) {
    case 'uint': {
      const s = text.trim();
      if (!/^\+?[0-9]+$/.test(s))
        return { ok: false, message: `${spec.xml}: "${text}" is not an unsigned integer` };
      const n = Number(s);
      if (n < t.min || n > t.max)
        return { ok: false, message: `${spec.xml}: ${n} is outside ${t.min}..${t.max}` };
      return { ok: true, value: n };
    }
    case 'boolean': {
      const s = text.trim();
      if (s === 'true') return { ok: true, value: true };
      if (s === 'false') return { ok: true, value: false };
      return { ok: false, message: `${spec.xml}: "${text}" is not a boolean` };
    }
    case 'enum': {
      const s = text.trim();
      if (!t.values.includes(s))
        return { ok: false, message: `${spec.xml}: "${text}" is not one of ${t.values.join(', ')}` };
      return { ok: true, value: s };
    }
    case 'string': {
      if (t.minLen !== undefined && text.length < t.minLen)
        return { ok: false, message: `${spec.xml}: "${text}" is too short` };
      if (t.maxLen !== undefined && text.length > t.maxLen)
        return { ok: false, message: `${spec.xml}: value is too long` };
      if (t.pattern && !t.pattern.test(text))
        return { ok: false, message: `${spec.xml}: "${text}" does not match ${t.pattern.source}` };
      return { ok: true, value: text };
    }
  }
}

/** Is a leaf value (already in the model) of the right YANG type? Used by validation. */
export function checkLeafValue(spec: LeafSpec, value: unknown): string | null {
  const t = spec.type;
  if (t.kind === 'boolean') return typeof value === 'boolean' ? null : `${spec.xml}: not a boolean`;
  if (t.kind === 'uint') {
    if (typeof value !== 'number' || !Number.isInteger(value)) return `${spec.xml}: not an integer`;
    return value < t.min || value > t.max ? `${spec.xml}: ${value} is outside ${t.min}..${t.max}` : null;
  }
  if (typeof value !== 'string') return `${spec.xml}: not a string`;
  const r = parseLeaf(spec, value);
  return r.ok ? null : r.message;
}

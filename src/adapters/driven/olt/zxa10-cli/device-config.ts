/**
 * A ZXA10 running-config as the device holds it — profiles, PON ports, and per ONU its T-CONTs, GEM
 * ports, service-ports, per-vport features and OMCI-side services — before it is projected onto
 * ponctl's OltConfig (config-projection.ts). Keeping the device's own shape first means nothing the
 * device lists is dropped on the way (issue 18: a real config read as "0 T-CONTs and 0 GEM ports"),
 * and what ponctl does not model stays visible (`unmanaged`, `unknown`).
 */

/** `gpon` → `profile tcont NAME type 1 fixed N | type 4 maximum N` (kbit/s). */
export interface TcontProfile {
  name: string;
  fixedKbps?: number;
  maxKbps?: number;
}

/** C3xx `gpon` → `profile traffic NAME sir S pir P`, or C600 `traffic-profile NAME cir C … pir P …`. */
export interface RateProfile {
  name: string;
  kind: 'gem' | 'qos';
  cirKbps: number;
  pirKbps: number;
}

export interface ServicePort {
  sp: number;
  /** C3xx: the `vport K` of the line; C600: the K of `interface vport-…:K`. */
  vport: number;
  userVlan: number;
  vlan: number;
  svlan?: number;
  /** C600 `ingress` / `egress` traffic-profile names on the line. */
  upProfile?: string;
  downProfile?: string;
}

/** Per-vport features (C3xx keyed `vport K` inside the ONU interface; C600 inside `interface vport-…`). */
export interface VportFeatures {
  hybrid?: boolean;
  pppoeIa?: boolean;
  dhcpSnooping?: boolean;
  macLimit?: number;
  /** The older C3xx VLAN model without service-ports (`switchport vlan V tag vport K`). */
  switchportVlans?: string;
}

/** pon-onu-mng `service NAME gemport N [cos C] vlan V`. */
export interface OmciService {
  name: string;
  gemport: number;
  cos?: number;
  vlans: string;
}

export interface UniVlan {
  mode?: 'tag' | 'trunk' | 'hybrid';
  /** `mode tag vlan V` / `mode hybrid def-vlan V`. */
  vlan?: number;
  /** `vlan port … vlan LIST`. */
  vlans?: string;
}

export interface DeviceOnu {
  pon: string;
  onuId: number;
  /** Authorisation under the PON port (absent: an ONU interface without its `onu N …` line). */
  type?: string;
  serial?: string;
  password?: string;
  name?: string;
  description?: string;
  tconts: Map<number, { id: number; name?: string; profile: string }>;
  gemports: Map<
    number,
    { id: number; name?: string; tcont: number; upProfile?: string; downProfile?: string }
  >;
  /** Keyed `sp` (C3xx: one index per ONU) or `vport:sp` (C600: per vport interface). */
  servicePorts: Map<string, ServicePort>;
  vports: Map<number, VportFeatures>;
  /** Service-port indexes with `ip-service ip-source-guard enable sport N` (C3xx). */
  ipSourceGuard: Set<number>;
  /** C600 `vport-mode manual` with its `vport-map K GEM vlan V` lines. */
  vportManual: boolean;
  vportMap: { vport: number; gemport: number; userVlan: number }[];
  services: Map<string, OmciService>;
  unis: Map<string, UniVlan>;
  lockedUnis: Set<string>;
  /** Recognised lines of features ponctl does not model, verbatim (never changed by a plan). */
  unmanaged: string[];
}

export interface DeviceConfig {
  tcontProfiles: Map<string, TcontProfile>;
  rateProfiles: Map<string, RateProfile>;
  /** PON ports listed with an `interface` block, `R/S/P`. */
  pons: Set<string>;
  /** Keyed `R/S/P:N`. */
  onus: Map<string, DeviceOnu>;
  /** Lines inside blocks ponctl manages that it could not read (1-based line numbers): they matter. */
  unknown: { line: number; text: string }[];
  /** Lines of blocks and statements ponctl does not manage (system, uplinks, VLANs, ACLs, …). */
  foreignLines: number;
}

export function emptyDeviceConfig(): DeviceConfig {
  return {
    tcontProfiles: new Map(),
    rateProfiles: new Map(),
    pons: new Set(),
    onus: new Map(),
    unknown: [],
    foreignLines: 0,
  };
}

export function onuKey(pon: string, onuId: number): string {
  return `${pon}:${onuId}`;
}

export function deviceOnu(cfg: DeviceConfig, pon: string, onuId: number): DeviceOnu {
  const key = onuKey(pon, onuId);
  let o = cfg.onus.get(key);
  if (!o) {
    o = {
      pon,
      onuId,
      tconts: new Map(),
      gemports: new Map(),
      servicePorts: new Map(),
      vports: new Map(),
      ipSourceGuard: new Set(),
      vportManual: false,
      vportMap: [],
      services: new Map(),
      unis: new Map(),
      lockedUnis: new Set(),
      unmanaged: [],
    };
    cfg.onus.set(key, o);
  }
  return o;
}

export function vportOf(onu: DeviceOnu, vport: number): VportFeatures {
  let v = onu.vports.get(vport);
  if (!v) {
    v = {};
    onu.vports.set(vport, v);
  }
  return v;
}

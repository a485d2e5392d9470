/**
 * ZXA10 device configuration ⇄ ponctl's OltConfig (domain/olt-config/model.ts). Pure.
 *
 * Device → OltConfig: every ONU with all its T-CONTs and GEM ports; one VLAN sub-interface per
 * service-port whose service can be named as one of ponctl's channels — by its pon-onu-mng `service`
 * name, else its GEM port's or T-CONT's name (the dialect's `channelNames`, e.g. `mgmt`). Service-ports
 * of other names stay in the device model only. GEM port K rides vport K ("Vport mode: gemport",
 * c300/show-gpon-onu-detail-info-c3xx.txt; `service-port K vport K` in every C3xx capture), unless a
 * C600 ONU maps vports explicitly (`vport-mode manual` + `vport-map`, c600/provision-c600-vport-map-scripts.txt).
 *
 * OltConfig (desired) → what this device can carry: each setting of a capability the profile
 * declares absent is set to the device default and listed as UnsupportedSetting (design §6: never an
 * invented command; the plan says so).
 */
import type { UnsupportedSetting } from '../../../../domain/olt-config/diff.ts';
import {
  CHANNELS,
  type Channel,
  type OltConfig,
  type TrafficProfile,
  type VAni,
  type VlanSubInterface,
} from '../../../../domain/olt-config/model.ts';
import type { DeviceConfig, DeviceOnu } from './device-config.ts';
import { comparePonNames as comparePon } from '../../../../domain/provisioning/olt-intent.ts';
import type { Zxa10Dialect } from './zxa10-dialect.ts';

/** VLAN sub-interface settings a profile can declare absent, with the value that means "off". */
export const SETTING_DEFAULTS = {
  dot1p: 0,
  macLimit: 0,
  dhcpSnooping: false,
  antiSpoofing: false,
  pppoeFilter: false,
  macForcedForwarding: false,
  multicast: false,
} as const satisfies Partial<Record<keyof VlanSubInterface, unknown>>;
type OptionalSetting = keyof typeof SETTING_DEFAULTS;

function channelOfName(d: Zxa10Dialect, name: string | undefined): Channel | undefined {
  if (!name) return undefined;
  return CHANNELS.find((c) => d.channelNames[c] === name);
}

/** The ponctl ONT type name for the OLT's type name (reverse of the profile's `onuTypeNames`). */
function modelTypeName(d: Zxa10Dialect, deviceType: string | undefined): string {
  const hit = Object.entries(d.onuTypeNames).find(([, dev]) => dev === deviceType);
  return hit ? hit[0] : (deviceType ?? '');
}

/** `profile tcont` and the rate profiles as TrafficProfiles (fixed = assured at the rate; maximum = best effort). */
function trafficProfilesOf(dev: DeviceConfig): TrafficProfile[] {
  const out = new Map<string, TrafficProfile>();
  for (const p of dev.tcontProfiles.values()) {
    const pir = p.fixedKbps ?? p.maxKbps ?? 0;
    out.set(p.name, { name: p.name, cirKbps: p.fixedKbps ?? 0, pirKbps: pir });
  }
  for (const p of dev.rateProfiles.values())
    if (!out.has(p.name)) out.set(p.name, { name: p.name, cirKbps: p.cirKbps, pirKbps: p.pirKbps });
  return [...out.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function vlansOf(d: Zxa10Dialect, o: DeviceOnu): VlanSubInterface[] {
  const out: VlanSubInterface[] = [];
  const seen = new Set<Channel>();
  const sps = [...o.servicePorts.values()].sort((a, b) => a.vport - b.vport || a.sp - b.sp);
  for (const sp of sps) {
    const gem = o.vportManual
      ? o.vportMap.find((m) => m.vport === sp.vport && m.userVlan === sp.userVlan)?.gemport
      : sp.vport;
    if (gem === undefined) continue;
    const services = [...o.services.values()].filter((s) => s.gemport === gem);
    const svc = services.find((s) => s.vlans === String(sp.userVlan)) ?? services[0];
    const g = o.gemports.get(gem);
    const t = g ? o.tconts.get(g.tcont) : undefined;
    const channel = channelOfName(d, svc?.name) ?? channelOfName(d, g?.name) ?? channelOfName(d, t?.name);
    if (!channel || seen.has(channel)) continue;
    seen.add(channel);
    const vp = o.vports.get(sp.vport) ?? {};
    out.push({
      channel,
      gemport: gem,
      servicePort: sp.sp,
      userVlan: sp.userVlan,
      vlan: sp.vlan,
      dot1p: 0,
      downstreamProfile: (d.serviceScope === 'vport' ? sp.downProfile : g?.downProfile) ?? '',
      upstreamProfile: t?.profile ?? '',
      macLimit: vp.macLimit ?? 0,
      dhcpSnooping: vp.dhcpSnooping === true,
      antiSpoofing: o.ipSourceGuard.has(sp.sp),
      pppoeFilter: vp.pppoeIa === true,
      macForcedForwarding: false,
      multicast: false,
      adminState: o.lockedUnis.has(d.uni) ? 'suspended' : 'enabled',
    });
  }
  return out.sort((a, b) => a.servicePort - b.servicePort);
}

function vaniOf(d: Zxa10Dialect, o: DeviceOnu): VAni {
  return {
    onuId: o.onuId,
    onuType: modelTypeName(d, o.type),
    expectedSerial: o.serial ?? '',
    ...(o.description !== undefined ? { description: o.description } : {}),
    tconts: [...o.tconts.values()]
      .sort((a, b) => a.id - b.id)
      .map((t) => ({ id: t.id, trafficProfile: t.profile })),
    gemports: [...o.gemports.values()].sort((a, b) => a.id - b.id).map((g) => ({ id: g.id, tcont: g.tcont })),
    vlans: vlansOf(d, o),
  };
}

/**
 * The device configuration as ponctl's OltConfig (lists in canonical order). An ONU read without its
 * `onu N type T sn S` line (a per-interface read of its own) has an empty type and serial.
 */
export function toOltConfig(dev: DeviceConfig, d: Zxa10Dialect): OltConfig {
  const pons = new Set(dev.pons);
  for (const o of dev.onus.values()) pons.add(o.pon);
  return {
    trafficProfiles: trafficProfilesOf(dev),
    channelTerminations: [...pons].sort(comparePon).map((name) => ({
      name,
      onus: [...dev.onus.values()]
        .filter((o) => o.pon === name)
        .sort((a, b) => a.onuId - b.onuId)
        .map((o) => vaniOf(d, o)),
    })),
  };
}

function note(
  d: Zxa10Dialect,
  setting: string,
  requested: unknown,
  where: Partial<UnsupportedSetting>,
  reason?: string,
): UnsupportedSetting {
  const a = d.absent[setting];
  return {
    setting,
    ...where,
    requested: String(requested),
    reason: reason ?? a?.reason ?? 'not supported by this device profile',
    refused: a?.whenRequested === 'refuse',
  };
}

/**
 * What of `desired` this device can carry: absent settings at their default, an upstream limit that
 * is not the T-CONT's profile replaced by it (on a ZXA10 the upstream rate IS the T-CONT profile,
 * docs/zxa10-dialect.md §7), channels with mixed admin states refused (suspension locks the ONT's
 * user port, which carries every channel).
 */
export function projectDesired(
  desired: OltConfig,
  d: Zxa10Dialect,
): { config: OltConfig; unsupported: UnsupportedSetting[] } {
  const unsupported: UnsupportedSetting[] = [];
  const config = structuredClone(desired);
  for (const ct of config.channelTerminations) {
    for (const onu of ct.onus) {
      const states = new Set(onu.vlans.map((v) => v.adminState));
      if (states.size > 1)
        unsupported.push({
          setting: 'adminState',
          port: ct.name,
          onuId: onu.onuId,
          requested: 'some channels suspended, others enabled',
          reason: `suspension locks the ONT user port ${d.uni}, which carries every channel (c300/undo-forms-nso-ned.txt)`,
          refused: true,
        });
      for (const v of onu.vlans) {
        const where = { port: ct.name, onuId: onu.onuId, channel: v.channel };
        for (const s of Object.keys(SETTING_DEFAULTS) as OptionalSetting[]) {
          if (!d.absent[s] || v[s] === SETTING_DEFAULTS[s]) continue;
          unsupported.push(note(d, s, v[s], where));
          (v as unknown as Record<string, unknown>)[s] = SETTING_DEFAULTS[s];
        }
        if (v.adminState === 'suspended' && d.absent.adminState) {
          unsupported.push(note(d, 'adminState', v.adminState, where));
          v.adminState = 'enabled';
        }
        const tcont = onu.tconts.find((t) => t.id === onu.gemports.find((g) => g.id === v.gemport)?.tcont);
        if (tcont && v.upstreamProfile !== tcont.trafficProfile) {
          unsupported.push(
            note(
              d,
              'upstreamProfile',
              v.upstreamProfile,
              where,
              `the upstream rate of a ZXA10 service is its T-CONT's profile (${tcont.trafficProfile}), docs/zxa10-dialect.md §7`,
            ),
          );
          v.upstreamProfile = tcont.trafficProfile;
        }
      }
    }
  }
  return { config, unsupported };
}

/**
 * C600 firmware shows names and descriptions as `********` (dialect `maskedValue`): such a value
 * is taken to be what `reference` says for that ONU, since it cannot be read back.
 */
export function resolveMasked(
  cfg: OltConfig,
  d: Pick<Zxa10Dialect, 'maskedValue'>,
  reference: (pon: string, onuId: number) => string | undefined,
): OltConfig {
  const mask = d.maskedValue;
  if (!mask) return cfg;
  let hit = false;
  const channelTerminations = cfg.channelTerminations.map((ct) => ({
    ...ct,
    onus: ct.onus.map((o) => {
      if (o.description !== mask) return o;
      hit = true;
      const ref = reference(ct.name, o.onuId);
      const { description: _masked, ...rest } = o;
      return ref === undefined ? rest : { ...rest, description: ref };
    }),
  }));
  return hit ? { ...cfg, channelTerminations } : cfg;
}

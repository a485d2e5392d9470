/**
 * Facts read back from the simulated ZXA10's configuration lines for the rest of the lab: the ONU's
 * name and description (SNMP), its T-CONTs, GEM ports and services — projected onto the lab's
 * authorised-ONU view (`AuthorisedOnuView`, simulators/core/authorised.ts), which the OMCI MIB,
 * monitoring parts and SimOlt.isAuthorised read whichever configuration model an OLT has.
 */
import type { AuthorisedOnuView } from '../../core/authorised.ts';
import { CHANNELS, type VAni, type VlanSubInterface } from '../../../src/domain/olt-config/model.ts';
import type { OnuEntry, Zxa10Config } from './model.ts';

/** Value of `name X` / `description X` in the ONU interface (the rest of the line). */
export function ifaceText(entry: OnuEntry, key: 'name' | 'description'): string {
  const line = entry.iface.get(key);
  return line ? line.slice(key.length + 1) : '';
}

export interface TcontLine {
  id: number;
  name?: string;
  profile: string;
}
export interface GemLine {
  id: number;
  name?: string;
  tcont: number;
}
export interface ServiceLine {
  name: string;
  gemport: number;
  cos?: number;
  vlans: number[];
}

export function tconts(entry: OnuEntry): TcontLine[] {
  const out: TcontLine[] = [];
  for (const k of entry.iface.keys()) {
    const m = /^tcont (\d+) (?:name (\S+) )?profile (\S+)$/.exec(entry.iface.get(k) ?? '');
    if (/^tcont \d+$/.test(k) && m) out.push({ id: Number(m[1]), name: m[2], profile: m[3] });
  }
  return out.sort((a, b) => a.id - b.id);
}

export function gemports(entry: OnuEntry): GemLine[] {
  const out: GemLine[] = [];
  for (const k of entry.iface.keys()) {
    if (!/^gemport \d+$/.test(k)) continue;
    const m = /^gemport (\d+) (?:name (\S+) )?(?:unicast )?tcont (\d+)/.exec(entry.iface.get(k) ?? '');
    if (m) out.push({ id: Number(m[1]), name: m[2], tcont: Number(m[3]) });
  }
  return out.sort((a, b) => a.id - b.id);
}

/** `1,5-7` → [1, 5, 6, 7]. */
export function vlanList(s: string): number[] {
  const out: number[] = [];
  for (const part of s.split(',')) {
    const [a, b] = part.split('-').map(Number);
    for (let v = a; v <= (b ?? a); v++) out.push(v);
  }
  return out;
}

export function services(entry: OnuEntry): ServiceLine[] {
  const out: ServiceLine[] = [];
  for (const k of entry.mng.keys()) {
    if (!k.startsWith('service ')) continue;
    const m = /^service (\S+) (?:type \S+ )?gemport (\d+) (?:cos (\d) )?vlan (\S+)/.exec(
      entry.mng.get(k) ?? '',
    );
    if (m)
      out.push({
        name: m[1],
        gemport: Number(m[2]),
        cos: m[3] === undefined ? undefined : Number(m[3]),
        vlans: vlanList(m[4]),
      });
  }
  return out;
}

/** VLANs the ONU joins as multicast VLAN (pon-onu-mng `mvlan M`). */
function multicastVlans(entry: OnuEntry): Set<number> {
  const out = new Set<number>();
  for (const k of entry.mng.keys()) {
    const m = /^mvlan (\S+)$/.exec(entry.mng.get(k) ?? '');
    if (m) for (const v of vlanList(m[1])) out.add(v);
  }
  return out;
}

/**
 * The ONU as the lab's authorised-ONU view sees it (OltConfig's VAni shape): one VLAN sub-interface
 * per pon-onu-mng service (its first VLAN, its cos as dot1p), multicast where `mvlan` names the VLAN.
 */
export function vaniOf(entry: OnuEntry): VAni {
  const mc = multicastVlans(entry);
  const vlans: VlanSubInterface[] = services(entry).map((s, i) => ({
    channel: CHANNELS[i] ?? 'internet',
    gemport: s.gemport,
    servicePort: i + 1,
    userVlan: s.vlans[0] ?? 1,
    vlan: s.vlans[0] ?? 1,
    dot1p: s.cos ?? 0,
    downstreamProfile: '',
    upstreamProfile: '',
    macLimit: 0,
    dhcpSnooping: false,
    antiSpoofing: false,
    pppoeFilter: false,
    macForcedForwarding: false,
    multicast: s.vlans.some((v) => mc.has(v)),
    adminState: 'enabled',
  }));
  return {
    onuId: entry.id,
    onuType: entry.type,
    expectedSerial: entry.auth.kind === 'sn' ? entry.auth.value : '',
    description: ifaceText(entry, 'description') || undefined,
    tconts: tconts(entry).map((t) => ({ id: t.id, trafficProfile: t.profile })),
    gemports: gemports(entry).map((g) => ({ id: g.id, tcont: g.tcont })),
    vlans,
  };
}

/** The authorised-ONU view over a ZXA10 configuration (cached per configuration version). */
export class Zxa10AuthorisedView implements AuthorisedOnuView {
  private cache = new Map<OnuEntry, VAni>();
  private version = -1;

  constructor(private readonly cfg: Zxa10Config) {}

  private vani(e: OnuEntry): VAni {
    if (this.version !== this.cfg.version) {
      this.cache = new Map();
      this.version = this.cfg.version;
    }
    let v = this.cache.get(e);
    if (!v) {
      v = vaniOf(e);
      this.cache.set(e, v);
    }
    return v;
  }

  findOnuBySerial(serial: string): { pon: string; onu: VAni } | undefined {
    const e = this.cfg.onuBySerial(serial);
    return e ? { pon: e.pon, onu: this.vani(e) } : undefined;
  }

  findOnu(pon: string, onuId: number): VAni | undefined {
    const e = this.cfg.onu(pon, onuId);
    return e ? this.vani(e) : undefined;
  }
}

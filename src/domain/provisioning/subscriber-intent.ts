/**
 * Subscriber intent → the OLT configuration that carries it (issue 5 §5, spec §2): ONT authorisation
 * by serial, one T-CONT + GEM port + VLAN sub-interface per active channel, with the channel's dot1p,
 * rate limit, MAC limit and the security set every BSN access gets (DHCP snooping / anti IP spoofing,
 * MAC Forced Forwarding; PPPoE-only filter on internet; multicast only on IPTV).
 * Pure and deterministic: the same intent always yields the same VAni, so desired vs read-back
 * configuration compares exactly.
 */
import type { Channel, TrafficProfile, VAni, VlanSubInterface } from '../olt-config/model.ts';
import { CHANNELS } from '../olt-config/model.ts';
import {
  DOT1P,
  MAC_LIMIT,
  MULTICAST,
  PPPOE_ONLY,
  channelRates,
  type RateMbps,
  type ServiceSelection,
} from '../catalogue/catalogue.ts';
import type { VlanPlan } from './vlan-plan.ts';

/** Where an access sits: OLT name, PON port `R/S/P`, ONU id on that port. */
export interface PortRef {
  olt: string;
  pon: string;
  onuId: number;
}

export interface SubscriberIntent {
  adapterId: string;
  port: PortRef;
  ontSerial: string;
  /** OLT-side ONT type name (device profile), e.g. `ZXHN-F601`. */
  onuType: string;
  services: ServiceSelection;
  vlans: VlanPlan;
  /** Temporary disconnection (SL): channels kept but suspended, not deleted (spec §3 BSND). */
  suspended: boolean;
}

/** Fixed per-channel layout on the ONT: T-CONT, GEM port and service-port index (F601: 8 T-CONTs, 32 GEMs). */
export const CHANNEL_SLOT: Record<Channel, number> = { internet: 1, management: 2, voip: 3, iptv: 4 };

/** Traffic descriptor name for a rate in one direction, e.g. `PONCTL-D300M`, `PONCTL-U150M`. */
export function profileName(direction: 'down' | 'up', mbps: number): string {
  return `PONCTL-${direction === 'down' ? 'D' : 'U'}${mbps}M`;
}

/**
 * The traffic descriptor of a channel rate. Internet and management are best effort (CIR 0, PIR =
 * the rate); VoIP is assured (CIR = PIR, it carries dot1p 5 voice); IPTV is assured downstream so
 * live TV is not starved (spec §2 priorities).
 */
export function trafficProfile(channel: Channel, direction: 'down' | 'up', mbps: number): TrafficProfile {
  const pirKbps = mbps * 1000;
  const assured = channel === 'voip' || (channel === 'iptv' && direction === 'down');
  return {
    name: profileName(direction, mbps) + (assured ? '-A' : ''),
    cirKbps: assured ? pirKbps : 0,
    pirKbps,
  };
}

function vlanFor(channel: Channel, rate: RateMbps, intent: SubscriberIntent): VlanSubInterface {
  const slot = CHANNEL_SLOT[channel];
  return {
    channel,
    gemport: slot,
    servicePort: slot,
    userVlan: intent.vlans[channel],
    vlan: intent.vlans[channel],
    dot1p: DOT1P[channel],
    downstreamProfile: trafficProfile(channel, 'down', rate.downMbps).name,
    upstreamProfile: trafficProfile(channel, 'up', rate.upMbps).name,
    macLimit: MAC_LIMIT[channel],
    dhcpSnooping: true,
    antiSpoofing: true,
    pppoeFilter: PPPOE_ONLY[channel],
    macForcedForwarding: true,
    multicast: MULTICAST[channel],
    adminState: intent.suspended ? 'suspended' : 'enabled',
  };
}

/** The v-ANI (ONT) configuration of one subscriber, channels in the fixed order of CHANNELS. */
export function subscriberVAni(intent: SubscriberIntent): VAni {
  const rates = channelRates(intent.services);
  const channels = CHANNELS.filter((c) => rates[c] !== undefined);
  return {
    onuId: intent.port.onuId,
    onuType: intent.onuType,
    expectedSerial: intent.ontSerial,
    description: intent.adapterId,
    tconts: channels.map((c) => ({
      id: CHANNEL_SLOT[c],
      trafficProfile: trafficProfile(c, 'up', rates[c]!.upMbps).name,
    })),
    gemports: channels.map((c) => ({ id: CHANNEL_SLOT[c], tcont: CHANNEL_SLOT[c] })),
    vlans: channels.map((c) => vlanFor(c, rates[c]!, intent)),
  };
}

/** Every traffic descriptor a subscriber's configuration refers to. */
export function subscriberTrafficProfiles(services: ServiceSelection): TrafficProfile[] {
  const rates = channelRates(services);
  const out: TrafficProfile[] = [];
  for (const c of CHANNELS) {
    const r = rates[c];
    if (!r) continue;
    out.push(trafficProfile(c, 'down', r.downMbps), trafficProfile(c, 'up', r.upMbps));
  }
  return out;
}

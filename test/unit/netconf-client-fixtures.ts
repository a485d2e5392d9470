/** Small OltConfig builders for the NETCONF client tests (not a test file itself). */
import type { OltConfig, VAni, Channel } from '../../src/domain/olt-config/model.ts';

const DOT1P: Record<Channel, number> = { internet: 0, management: 0, voip: 5, iptv: 2 };

export function onu(
  onuId: number,
  opts: { serial?: string; channels?: Channel[]; down?: string; description?: string } = {},
): VAni {
  const channels = opts.channels ?? ['internet', 'voip'];
  return {
    onuId,
    onuType: 'ZXHN-F601',
    expectedSerial: opts.serial ?? `ZTEG${(0xc0de0000 + onuId).toString(16).toUpperCase()}`,
    ...(opts.description !== undefined ? { description: opts.description } : {}),
    tconts: [{ id: 1, trafficProfile: 'up-100M' }],
    gemports: channels.map((_, i) => ({ id: i + 1, tcont: 1 })),
    vlans: channels.map((channel, i) => ({
      channel,
      gemport: i + 1,
      servicePort: onuId * 10 + i,
      userVlan: 100 + i,
      vlan: 1000 + i,
      dot1p: DOT1P[channel],
      downstreamProfile: opts.down ?? 'down-300M',
      upstreamProfile: 'up-100M',
      macLimit: 4,
      dhcpSnooping: channel !== 'internet',
      antiSpoofing: true,
      pppoeFilter: channel === 'internet',
      macForcedForwarding: false,
      multicast: channel === 'iptv',
      adminState: 'enabled' as const,
    })),
  };
}

export function config(
  onus: { port: string; onus: VAni[] }[],
  extraProfiles: OltConfig['trafficProfiles'] = [],
): OltConfig {
  return {
    trafficProfiles: [
      { name: 'down-300M', cirKbps: 0, pirKbps: 300_000 },
      { name: 'up-100M', cirKbps: 0, pirKbps: 100_000 },
      ...extraProfiles,
    ],
    // serials are unique per OLT (the module's `must`): derive the default ones from port and ONU id
    channelTerminations: onus.map((p) => ({
      name: p.port,
      onus: p.onus.map((o) =>
        o.expectedSerial.startsWith('ZTEGC0DE')
          ? {
              ...o,
              expectedSerial: `ZTEG${(Number(p.port.replace(/\D/g, '')) * 256 + o.onuId).toString(16).toUpperCase().padStart(8, '0')}`,
            }
          : o,
      ),
    })),
  };
}

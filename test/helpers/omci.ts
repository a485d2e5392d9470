/** OMCI test helpers: a running configuration with one subscriber's four channels (spec §2). */
import type { SimOlt } from '../../simulators/core/topology.ts';
import type { Channel, OltConfig, VlanSubInterface } from '../../src/domain/olt-config/model.ts';

function vlan(channel: Channel, gemport: number, userVlan: number, dot1p: number): VlanSubInterface {
  return {
    channel,
    gemport,
    servicePort: gemport,
    userVlan,
    vlan: 100 + userVlan,
    dot1p,
    downstreamProfile: 'd',
    upstreamProfile: 'u',
    macLimit: 4,
    dhcpSnooping: true,
    antiSpoofing: true,
    pppoeFilter: channel === 'internet',
    macForcedForwarding: false,
    multicast: channel === 'iptv',
    adminState: 'enabled',
  };
}

/** ONT `ontId` of `pon` authorised as ONU id `ontId` with internet, management, VoIP and IPTV. */
export function configWithOnu(olt: SimOlt, pon: string, ontId: number): OltConfig {
  const ont = olt.ont(pon, ontId)!;
  return {
    trafficProfiles: [
      { name: 'd', cirKbps: 1000, pirKbps: 300000 },
      { name: 'u', cirKbps: 1000, pirKbps: 150000 },
    ],
    channelTerminations: [
      {
        name: pon,
        onus: [
          {
            onuId: ontId,
            onuType: 'ZXHN-F601',
            expectedSerial: ont.serial,
            description: 'A-1',
            tconts: [
              { id: 1, trafficProfile: 'u' },
              { id: 2, trafficProfile: 'u' },
            ],
            gemports: [
              { id: 1, tcont: 1 },
              { id: 2, tcont: 1 },
              { id: 3, tcont: 2 },
              { id: 4, tcont: 2 },
            ],
            vlans: [
              vlan('internet', 1, 10, 0),
              vlan('management', 2, 20, 0),
              vlan('voip', 3, 30, 5),
              vlan('iptv', 4, 40, 2),
            ],
          },
        ],
      },
    ],
  };
}

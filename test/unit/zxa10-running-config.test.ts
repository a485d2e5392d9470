import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dialectFromProfile } from '../../src/adapters/driven/olt/zxa10-cli/dialect.ts';
import { readDeviceProfileFile } from '../../src/protocols/device-profile-files.ts';

const loadCliDialect = (name: string) => dialectFromProfile(readDeviceProfileFile(name));
import {
  canonicalOltConfig,
  parseRunningConfig,
  renderRunningConfig,
  renderOnuRunningConfig,
} from '../../src/adapters/driven/olt/zxa10-cli/running-config.ts';
import type { OltConfig, VlanSubInterface } from '../../src/domain/olt-config/model.ts';
import { oltConfigArb } from './zxa10-config-arb.ts';

const DIALECTS = ['zxa10-c300', 'zxa10-c600'] as const;

const vlan = (o: Partial<VlanSubInterface>): VlanSubInterface => ({
  channel: 'internet',
  gemport: 1,
  servicePort: 1,
  userVlan: 100,
  vlan: 1100,
  dot1p: 0,
  downstreamProfile: '',
  upstreamProfile: '',
  macLimit: 0,
  dhcpSnooping: false,
  antiSpoofing: false,
  pppoeFilter: false,
  macForcedForwarding: false,
  multicast: false,
  adminState: 'enabled',
  ...o,
});

const subscriber: OltConfig = {
  trafficProfiles: [
    { name: 'D300M', cirKbps: 1024, pirKbps: 307200 },
    { name: 'U150M', cirKbps: 512, pirKbps: 153600 },
  ],
  channelTerminations: [
    {
      name: '1/1/1',
      onus: [
        {
          onuId: 3,
          onuType: 'ZXHN-F601',
          expectedSerial: 'ZTEGC0FFEE01',
          description: 'A-000123 Ilica 12',
          tconts: [{ id: 1, trafficProfile: 'U150M' }],
          gemports: [
            { id: 1, tcont: 1 },
            { id: 2, tcont: 1 },
            { id: 3, tcont: 1 },
            { id: 4, tcont: 1 },
          ],
          vlans: [
            vlan({
              channel: 'internet',
              servicePort: 1,
              gemport: 1,
              userVlan: 10,
              vlan: 1010,
              downstreamProfile: 'D300M',
              upstreamProfile: 'U150M',
              macLimit: 4,
              dhcpSnooping: true,
              antiSpoofing: true,
              pppoeFilter: true,
              macForcedForwarding: true,
            }),
            vlan({
              channel: 'management',
              servicePort: 2,
              gemport: 2,
              userVlan: 20,
              vlan: 1020,
              macLimit: 1,
            }),
            vlan({
              channel: 'voip',
              servicePort: 3,
              gemport: 3,
              userVlan: 30,
              vlan: 1030,
              dot1p: 5,
              macLimit: 1,
              dhcpSnooping: true,
            }),
            vlan({
              channel: 'iptv',
              servicePort: 4,
              gemport: 4,
              userVlan: 40,
              vlan: 1040,
              dot1p: 2,
              multicast: true,
              adminState: 'suspended',
            }),
          ],
        },
      ],
    },
  ],
};

describe('ZXA10 running-config render', () => {
  it('C300 uses gpon-onu_R/S/P:N and service-port … vport … user-vlan … vlan … in the ONU interface', () => {
    const t = renderRunningConfig(subscriber, loadCliDialect('zxa10-c300'));
    expect(t).toContain('interface gpon-olt_1/1/1\n  onu 3 type ZXHN-F601 sn ZTEGC0FFEE01\n!');
    expect(t).toContain(
      'interface gpon-onu_1/1/1:3\n  description A-000123 Ilica 12\n  tcont 1 profile U150M\n  gemport 1 tcont 1\n',
    );
    expect(t).toContain(
      '  service-port 1 vport 1 user-vlan 10 user-etype PPPOE vlan 1010\n  service-port 1 description internet\n  service-port 1 cos 0\n',
    );
    expect(t).toContain('  service-port 3 cos 5\n');
    expect(t).toContain(
      '  traffic-profile D300M sport 1 direction egress\n  traffic-profile U150M sport 1 direction ingress\n  security max-mac-learn 4 sport 1\n  ip dhcp snooping enable sport 1\n  ip-source-guard enable sport 1\n  mac-forced-forwarding enable sport 1\n',
    );
    expect(t).toContain('  igmp snooping enable sport 4\n  shutdown sport 4\n');
    expect(t).toContain(
      'pon-onu-mng gpon-onu_1/1/1:3\n  service internet gemport 1 vlan 10\n  vlan port eth_0/1 mode tag vlan 10\n',
    );
    expect(t).toMatch(/^traffic-profile D300M ip cir 1024 pir 307200\n/);
    expect(t.trimEnd().endsWith('end')).toBe(true);
  });

  it('C600 uses gpon_olt-/gpon_onu- names and one interface vport-R/S/P.N:V per GEM port', () => {
    const t = renderRunningConfig(subscriber, loadCliDialect('zxa10-c600'));
    expect(t).toContain('interface gpon_olt-1/1/1\n  onu 3 type ZXHN-F601 sn ZTEGC0FFEE01\n!');
    expect(t).toContain('interface gpon_onu-1/1/1:3\n');
    expect(t).toContain(
      'interface vport-1/1/1.3:1\n  service-port 1 user-vlan 10 user-etype PPPOE vlan 1010\n',
    );
    expect(t).toContain('interface vport-1/1/1.3:4\n  service-port 4 user-vlan 40 vlan 1040\n');
    expect(t).toContain('pon-onu-mng gpon_onu-1/1/1:3\n');
    expect(t).not.toContain('gpon-onu_');
  });

  it('renders one ONU for show running-config interface', () => {
    const d = loadCliDialect('zxa10-c300');
    const t = renderOnuRunningConfig(subscriber, d, '1/1/1', 3)!;
    expect(t.startsWith('interface gpon-onu_1/1/1:3\n')).toBe(true);
    expect(t).not.toContain('gpon-olt_');
    expect(renderOnuRunningConfig(subscriber, d, '1/1/1', 4)).toBeUndefined();
  });
});

describe('ZXA10 running-config parse', () => {
  for (const name of DIALECTS) {
    it(`${name}: table cases round-trip`, () => {
      const d = loadCliDialect(name);
      for (const cfg of [
        subscriber,
        { trafficProfiles: [], channelTerminations: [] },
        { trafficProfiles: [], channelTerminations: [{ name: '1/2/16', onus: [] }] },
      ]) {
        const back = parseRunningConfig(renderRunningConfig(cfg, d), d);
        expect(back.unknown).toEqual([]);
        expect(back.config).toEqual(canonicalOltConfig(cfg));
      }
    });

    it(`${name}: render then parse is the identity on random configurations`, () => {
      const d = loadCliDialect(name);
      fc.assert(
        fc.property(oltConfigArb(), (cfg) => {
          const c = canonicalOltConfig(cfg);
          const back = parseRunningConfig(renderRunningConfig(c, d), d);
          expect(back.unknown).toEqual([]);
          expect(back.config).toStrictEqual(c);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('tolerates banners, paging markers, CRLF and lines it does not model', () => {
    const d = loadCliDialect('zxa10-c300');
    const text = renderRunningConfig(subscriber, d)
      .replace('  tcont 1', '  fec upstream\n  tcont 1')
      .replace(/\n/g, '\r\n');
    const withNoise =
      'Building configuration...\r\nhostname OLT1\r\n' +
      text.replace('  gemport 2', ' --More-- \r          \r  gemport 2');
    const back = parseRunningConfig(withNoise, d);
    expect(back.config).toEqual(canonicalOltConfig(subscriber));
    expect(back.unknown.map((u) => u.text.trim())).toEqual(['hostname OLT1', 'fec upstream']);
  });

  it('lists 4096 ONTs × 4 VLANs in well under a second, and reads them back', () => {
    const d = loadCliDialect('zxa10-c300');
    const big: OltConfig = { trafficProfiles: subscriber.trafficProfiles, channelTerminations: [] };
    const onu = subscriber.channelTerminations[0].onus[0];
    for (let p = 0; p < 16; p++) {
      big.channelTerminations.push({
        name: `1/${1 + (p >> 4)}/${1 + (p % 16)}`,
        onus: Array.from({ length: 256 }, (_, i) => ({
          ...structuredClone(onu),
          onuId: i + 1,
          expectedSerial: `ZTEG${(p * 256 + i).toString(16).toUpperCase().padStart(8, '0')}`,
        })),
      });
    }
    // CPU time, best of 3: the cost of rendering, not the load other test files put on the machine
    let text = '';
    let renderMs = Infinity;
    for (let k = 0; k < 3; k++) {
      const t = process.cpuUsage();
      text = renderRunningConfig(big, d);
      const u = process.cpuUsage(t);
      renderMs = Math.min(renderMs, (u.user + u.system) / 1000);
    }
    const t0 = performance.now();
    const back = parseRunningConfig(text, d);
    const parseMs = performance.now() - t0;
    console.log(
      `4096 ONTs: render ${renderMs.toFixed(0)} ms (${text.length} bytes), parse ${parseMs.toFixed(0)} ms`,
    );
    expect(renderMs).toBeLessThan(1000);
    expect(back.config.channelTerminations.reduce((n, c) => n + c.onus.length, 0)).toBe(4096);
    expect(back.config).toEqual(canonicalOltConfig(big));
  });
});

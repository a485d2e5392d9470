import { describe, expect, it } from 'vitest';
import {
  desiredOltConfig,
  subscriberVAni,
  vlanPlanFor,
  comparePonNames,
  type SubscriberIntent,
} from '../../src/domain/provisioning/index.ts';

const base: SubscriberIntent = {
  adapterId: 'A-00000001',
  port: { olt: 'olt1', pon: '1/1/1', onuId: 3 },
  ontSerial: 'ZTEG00010003',
  onuType: 'ZXHN-F601',
  services: { internet: '300/150', iptv: 50, voip: '1/1', management: true },
  vlans: vlanPlanFor(1010),
  suspended: false,
};

describe('subscriber intent → v-ANI (spec §2, issue 5 §5)', () => {
  it('gives four VLANs with the spec dot1p: internet 0, management 0, VoIP 5, IPTV 2', () => {
    const v = subscriberVAni(base);
    expect(Object.fromEntries(v.vlans.map((x) => [x.channel, x.dot1p]))).toEqual({
      internet: 0,
      management: 0,
      voip: 5,
      iptv: 2,
    });
    expect(v.expectedSerial).toBe('ZTEG00010003');
    expect(v.description).toBe('A-00000001');
  });

  it('filters PPPoE only on internet and allows multicast only on IPTV', () => {
    const v = subscriberVAni(base);
    expect(v.vlans.filter((x) => x.pppoeFilter).map((x) => x.channel)).toEqual(['internet']);
    expect(v.vlans.filter((x) => x.multicast).map((x) => x.channel)).toEqual(['iptv']);
    expect(v.vlans.every((x) => x.dhcpSnooping && x.antiSpoofing && x.macForcedForwarding)).toBe(true);
  });

  it('uses the SP plan: VoIP its own VLAN per SP, rates from the catalogue', () => {
    const v = subscriberVAni(base);
    const voip = v.vlans.find((x) => x.channel === 'voip')!;
    expect(voip.vlan).toBe(1015);
    const inet = v.vlans.find((x) => x.channel === 'internet')!;
    expect([inet.downstreamProfile, inet.upstreamProfile]).toEqual(['PONCTL-D300M', 'PONCTL-U150M']);
    expect(v.vlans.find((x) => x.channel === 'management')!.upstreamProfile).toBe('PONCTL-U20M');
    expect(v.vlans.find((x) => x.channel === 'iptv')!.upstreamProfile).toBe('PONCTL-U1M');
  });

  it('carries only the channels ordered; MAC limits per channel', () => {
    const v = subscriberVAni({ ...base, services: { internet: '100/100' } });
    expect(v.vlans.map((x) => x.channel)).toEqual(['internet']);
    expect(v.tconts).toHaveLength(1);
    expect(v.vlans[0].macLimit).toBe(2);
  });

  it('suspends rather than deletes in temporary disconnection (spec §3 BSND)', () => {
    const v = subscriberVAni({ ...base, suspended: true });
    expect(v.vlans).toHaveLength(4);
    expect(v.vlans.every((x) => x.adminState === 'suspended')).toBe(true);
  });

  it('rejects a VLAN base outside the plan', () => {
    expect(() => vlanPlanFor(4090)).toThrow(RangeError);
    expect(() => vlanPlanFor(1005)).toThrow(RangeError);
  });
});

describe('desired OLT configuration', () => {
  it('groups subscribers by PON in port order, ONUs by id, and dedupes traffic profiles', () => {
    const cfg = desiredOltConfig([
      { ...base, port: { olt: 'o', pon: '1/1/10', onuId: 2 } },
      { ...base, port: { olt: 'o', pon: '1/1/2', onuId: 5 } },
      { ...base, port: { olt: 'o', pon: '1/1/2', onuId: 1 } },
    ]);
    expect(cfg.channelTerminations.map((c) => c.name)).toEqual(['1/1/2', '1/1/10']);
    expect(cfg.channelTerminations[0].onus.map((o) => o.onuId)).toEqual([1, 5]);
    const names = cfg.trafficProfiles.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    expect(comparePonNames('1/2/1', '1/1/16')).toBeGreaterThan(0);
  });
});

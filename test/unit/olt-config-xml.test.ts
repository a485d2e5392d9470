import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { XMLParser } from 'fast-xml-parser';
import fc from 'fast-check';
import {
  oltConfigFromXml,
  oltConfigToXml,
  editToXml,
  entryToXml,
  vAniToXml,
  OLT_NS,
} from '../../src/adapters/driven/olt/netconf/olt-config-xml.ts';
import { SCHEMA } from '../../src/adapters/driven/olt/netconf/olt-config-schema.ts';
import type { VAni } from '../../src/domain/olt-config/model.ts';
import { OLT_ROOT, type ListSpec } from '../../src/adapters/driven/olt/netconf/olt-config-schema.ts';
import { validateOltConfig } from '../../src/adapters/driven/olt/netconf/olt-config-validate.ts';
import { parseXml } from '../../src/adapters/driven/olt/netconf/olt-config-xnode.ts';
import { sampleOltConfig } from '../helpers/netconf-sim.ts';

describe('OltConfig XML codec', () => {
  it('round-trips a configuration and writes the same bytes twice', () => {
    const cfg = sampleOltConfig(2, 3);
    cfg.channelTerminations[0].onus[1].description = 'A <&> "quoted"';
    const xml = oltConfigToXml(cfg);
    expect(xml.startsWith(`<olt xmlns="${OLT_NS}">`)).toBe(true);
    const back = oltConfigFromXml(xml);
    expect(back).toEqual(cfg);
    expect(oltConfigToXml(back)).toBe(xml);
  });

  it('writes leaves in YANG order (key first) and reads them from an rpc-reply', () => {
    const xml = oltConfigToXml(sampleOltConfig(1, 1));
    const vlan = xml.slice(xml.indexOf('<vlan-sub-interface>'), xml.indexOf('</vlan-sub-interface>'));
    const order = [...vlan.matchAll(/<([a-z0-9-]+)>/g)].map((m) => m[1]).slice(1);
    expect(order).toEqual([
      'channel',
      'gemport',
      'service-port',
      'user-vlan',
      'vlan',
      'dot1p',
      'downstream-profile',
      'upstream-profile',
      'mac-limit',
      'dhcp-snooping',
      'anti-spoofing',
      'pppoe-filter',
      'mac-forced-forwarding',
      'multicast',
      'admin-state',
    ]);
    const reply = `<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="1"><data>${xml}</data></rpc-reply>`;
    expect(oltConfigFromXml(reply)).toEqual(sampleOltConfig(1, 1));
    expect(
      oltConfigFromXml('<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><data/></rpc-reply>'),
    ).toEqual({ trafficProfiles: [], channelTerminations: [] });
  });

  it('reads a fast-xml-parser default-mode object and fills YANG defaults', () => {
    const xml = oltConfigToXml(sampleOltConfig(1, 1)).replace('<multicast>false</multicast>', '');
    const parsed = new XMLParser({
      ignoreAttributes: false,
      isArray: (n) =>
        [
          'channel-termination',
          'v-ani',
          'tcont',
          'gemport',
          'vlan-sub-interface',
          'traffic-descriptor-profile',
        ].includes(n),
    }).parse(xml);
    const cfg = oltConfigFromXml(parsed);
    expect(cfg.channelTerminations[0].onus[0].vlans[0].multicast).toBe(false);
    expect(cfg).toEqual(sampleOltConfig(1, 1));
  });

  it('rejects values outside the YANG type', () => {
    const xml = oltConfigToXml(sampleOltConfig(1, 1)).replace('<dot1p>5</dot1p>', '<dot1p>9</dot1p>');
    expect(() => oltConfigFromXml(xml)).toThrow(/dot1p: 9 is outside 0..7/);
  });

  it('every leaf and list of the schema table exists in yang/ponctl-olt.yang', () => {
    const yang = readFileSync(new URL('../../yang/ponctl-olt.yang', import.meta.url), 'utf8');
    const walk = (l: ListSpec): string[] => [
      l.xml,
      l.key.xml,
      ...l.leaves.map((x) => x.xml),
      ...(l.wrapper ? [l.wrapper] : []),
      ...l.lists.flatMap(walk),
    ];
    for (const name of OLT_ROOT.lists.flatMap(walk))
      expect(yang).toMatch(new RegExp(`(leaf|list|container) ${name} \\{`));
  });
});

describe('vAniToXml (the unrolled fast path)', () => {
  it('writes exactly what the schema-driven serialiser writes, for complete and partial entries', () => {
    const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined });
    const text = fc.string({ maxLength: 6 }).map((x) => x + '&<>');
    const vlan = fc.record({
      channel: fc.constantFrom('internet', 'management', 'voip', 'iptv'),
      gemport: maybe(fc.nat(4095)),
      servicePort: maybe(fc.nat()),
      userVlan: maybe(fc.nat(4094)),
      vlan: maybe(fc.nat(4094)),
      dot1p: maybe(fc.nat(7)),
      downstreamProfile: maybe(text),
      upstreamProfile: maybe(text),
      macLimit: maybe(fc.nat(64)),
      dhcpSnooping: maybe(fc.boolean()),
      antiSpoofing: maybe(fc.boolean()),
      pppoeFilter: maybe(fc.boolean()),
      macForcedForwarding: maybe(fc.boolean()),
      multicast: maybe(fc.boolean()),
      adminState: maybe(fc.constantFrom('enabled', 'suspended')),
    });
    const onu = fc.record({
      onuId: fc.integer({ min: 1, max: 256 }),
      onuType: maybe(text),
      expectedSerial: maybe(text),
      description: maybe(text),
      tconts: fc.array(fc.record({ id: fc.nat(255), trafficProfile: maybe(text) }), { maxLength: 3 }),
      gemports: fc.array(fc.record({ id: fc.nat(4095), tcont: maybe(fc.nat(255)) }), { maxLength: 3 }),
      vlans: fc.array(vlan, { maxLength: 4 }),
    });
    fc.assert(
      fc.property(onu, (o) => {
        // absent optional leaves are absent keys, as in the model (exactOptionalPropertyTypes-style)
        const clean = JSON.parse(JSON.stringify(o)) as VAni;
        expect(vAniToXml(clean)).toBe(entryToXml(SCHEMA.vAni, clean as unknown as Record<string, unknown>));
      }),
      { numRuns: 300 },
    );
  });
});

describe('editToXml', () => {
  it('renders list-entry operations under shared parents with the nc prefix bound', () => {
    const onu = sampleOltConfig(1, 1).channelTerminations[0].onus[0];
    const xml = editToXml([
      { op: 'create', kind: 'v-ani', ct: '1/1/1', value: onu },
      {
        op: 'merge',
        kind: 'vlan',
        ct: '1/1/2',
        onuId: 3,
        value: { channel: 'iptv', adminState: 'suspended' },
      },
      { op: 'delete', kind: 'gemport', ct: '1/1/2', onuId: 3, id: 4 },
      { op: 'remove', kind: 'traffic-profile', name: 'old' },
    ]);
    const root = parseXml(xml);
    expect(root.ns).toBe(OLT_NS);
    const cts = root.children.find((c) => c.name === 'channel-terminations')!.children;
    expect(cts.map((c) => c.children[0].text)).toEqual(['1/1/1', '1/1/2']);
    const created = cts[0].children[1];
    expect(created.attrs.find((a) => a.name === 'operation')).toMatchObject({
      ns: 'urn:ietf:params:xml:ns:netconf:base:1.0',
      value: 'create',
    });
    const onu3 = cts[1].children[1];
    expect(onu3.name).toBe('v-ani');
    expect(onu3.children.map((c) => c.name)).toEqual(['onu-id', 'vlan-sub-interface', 'gemport']);
    expect(onu3.children[1].children.map((c) => `${c.name}=${c.text}`)).toEqual([
      'channel=iptv',
      'admin-state=suspended',
    ]);
    expect(xml).toContain(
      '<traffic-descriptor-profile nc:operation="remove"><name>old</name></traffic-descriptor-profile>',
    );
  });
});

describe('validateOltConfig', () => {
  it('accepts the sample configuration', () => {
    expect(validateOltConfig(sampleOltConfig(2, 4))).toEqual([]);
  });

  it('reports the must rules, leafrefs and mandatory leaves with RFC 7950 tags', () => {
    const cfg = sampleOltConfig(1, 2);
    const [a, b] = cfg.channelTerminations[0].onus;
    a.vlans[0].multicast = true; // internet
    a.vlans[3].pppoeFilter = true; // iptv
    b.expectedSerial = a.expectedSerial;
    b.gemports[0].tcont = 9;
    (b.vlans[1] as { dot1p?: number }).dot1p = undefined;
    const v = validateOltConfig(cfg);
    const tags = v.map((x) => `${x.tag}/${x.appTag}`).sort();
    expect(tags).toEqual(
      [
        'data-missing/instance-required',
        'data-missing/mandatory-missing',
        'operation-failed/duplicate-serial',
        'operation-failed/multicast-not-iptv',
        'operation-failed/pppoe-filter-not-internet',
      ].sort(),
    );
    expect(v.find((x) => x.appTag === 'instance-required')!.path).toBe(
      "/polt:olt/polt:channel-terminations/polt:channel-termination[polt:name='1/1/1']/polt:v-ani[polt:onu-id='2']/polt:gemport[polt:id='1']/polt:tcont",
    );
  });
});

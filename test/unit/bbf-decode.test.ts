/** BBF instance data → OltConfig (bbf-decode.ts): list entries are joined by reference, whatever order the containers come in. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBbfConfig } from '../../src/adapters/driven/olt/netconf/bbf/bbf-decode.ts';

const fixture = readFileSync(new URL('../fixtures/bbf/one-subscriber.xml', import.meta.url), 'utf8')
  .replace(/^<\?xml[^>]*>/, '')
  .replace(/<!--[\s\S]*?-->/g, '');

describe('decodeBbfConfig', () => {
  it('reads the reference subscriber: T-CONTs, GEM ports and sub-interfaces joined to its v-ANI', () => {
    const { config, owners } = decodeBbfConfig(fixture);
    const onu = config.channelTerminations.flatMap((ct) => ct.onus.map((o) => ({ port: ct.name, ...o })))[0];
    expect(onu).toMatchObject({
      port: '1/1/1',
      onuId: 5,
      expectedSerial: 'ZTEGC0FFEE01',
      onuType: 'ZXHN-F601',
    });
    expect(onu.tconts.map((t) => t.id)).toEqual([1, 2, 3, 4]);
    expect(onu.gemports.map((g) => [g.id, g.tcont])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
    ]);
    // each channel's GEM port found through its olt-v-enet and traffic class; IPTV a multicast host
    expect(onu.vlans.map((v) => [v.channel, v.gemport, v.multicast])).toEqual([
      ['internet', 1, false],
      ['management', 2, false],
      ['voip', 3, false],
      ['iptv', 4, true],
    ]);
    expect([...owners]).toEqual([['1/1/1#5', 'A-00000042']]);
  });

  it('decodes the same when the interfaces come after the T-CONTs, GEM ports and multicast that refer to them', () => {
    const open = fixture.indexOf('<interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces"');
    const end = fixture.lastIndexOf('</interfaces>') + '</interfaces>'.length;
    const interfaces = fixture.slice(open, end);
    const rest = fixture.slice(0, open) + fixture.slice(end);
    expect(decodeBbfConfig(interfaces + rest)).toEqual(decodeBbfConfig(fixture));
    expect(decodeBbfConfig(rest + interfaces)).toEqual(decodeBbfConfig(fixture));
  });
});

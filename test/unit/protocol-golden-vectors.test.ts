/**
 * Golden vectors of the wire formats in src/protocols, which drivers and simulators share on purpose
 * (ARCHITECTURE.md): fixed bytes, not round trips, so a change to a codec that both sides would
 * follow together still fails here. OMCI's golden frames (G.988 baseline, AAL5 CRC-32 check value)
 * are in omci-codec.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { FrameDecoder, encodeFrame } from '../../src/protocols/netconf/framing.ts';
import {
  cellInstance,
  decodeEnum,
  decodeNumber,
  decodePonIndex,
  decodeText,
  encodePonIndex,
  loadOltSnmpProfile,
  ponIfIndexOf,
  ponOfIfIndex,
  profileForSysObjectID,
} from '../../src/protocols/snmp/olt-snmp-profile.ts';

describe('NETCONF framing (RFC 6242)', () => {
  it('end-of-message framing is the message then ]]>]]> (§4.3)', () => {
    expect(encodeFrame('<hello/>', 'eom').toString('latin1')).toBe('<hello/>]]>]]>');
  });

  it('chunked framing is LF # length LF data … LF ## LF (§4.2)', () => {
    expect(encodeFrame('<rpc/>', 'chunked').toString('latin1')).toBe('\n#6\n<rpc/>\n##\n');
    expect(encodeFrame('<rpc/>', 'chunked', 4).toString('latin1')).toBe('\n#4\n<rpc\n#2\n/>\n##\n');
    // the length counts octets, not characters
    expect(encodeFrame('<a>č</a>', 'chunked').toString('latin1')).toMatch(/^\n#9\n/);
  });

  it("decodes RFC 6242 §4.2's own example: three chunks of 4, 18 and 79 octets", () => {
    const body = [
      '<rpc',
      ' message-id="102"\n',
      '     xmlns="urn:ietf:params:xml:ns:netconf:base:1.0">\n  <close-session/>\n</rpc>',
    ];
    const wire = `\n#4\n${body[0]}\n#18\n${body[1]}\n#79\n${body[2]}\n##\n`;
    const d = new FrameDecoder('chunked');
    d.push(Buffer.from(wire, 'latin1'));
    expect(d.next()).toBe(body.join(''));
    expect(d.next()).toBeUndefined();
  });
});

describe('ZTE SNMP index and value encodings (device profiles, docs/zxa10-dialect.md §9)', () => {
  const c300 = loadOltSnmpProfile('zxa10-c300');
  const c600 = loadOltSnmpProfile('zxa10-c600');
  // IF-MIB: type(4)=1 | rack(4) | shelf(8) | slot(8) | port(8) — values from the dialect's sources
  const ifVectors: [string, number][] = [
    ['1/1/1', 285278465], // 0x11010101 (MIB text, live C320 and C600)
    ['1/3/1', 285278977], // C600 gpon_olt-1/3/1, live
    ['1/8/2', 285280258], // C300 poller
  ];
  it.each(ifVectors)('IF-MIB ifIndex %s ↔ %d', (pon, ifIndex) => {
    for (const p of [c300, c600]) {
      expect(ponIfIndexOf(p, pon)).toBe(ifIndex);
      expect(ponOfIfIndex(p, ifIndex)).toBe(pon);
    }
  });
  // C3xx `.1012`: 0x10000000 | slot<<16 | port<<8 (djing2, Zabbix, go-snmp)
  const onuVectors: [string, number][] = [
    ['1/1/1', 268501248], // 0x10010100
    ['1/1/2', 268501504],
    ['1/2/1', 268566784],
  ];
  it.each(onuVectors)('C3xx .1012 PON index %s ↔ %d', (pon, ix) => {
    expect(encodePonIndex(c300.onuTableIndex!, pon)).toBe(ix);
    expect(decodePonIndex(c300.onuTableIndex!, ix)).toBe(pon);
  });

  it('an index of another port type or between PON ports is none of them', () => {
    expect(ponOfIfIndex(c300, 0x11020101)).toBeUndefined(); // shelf 2: not a 1/S/P name
    expect(ponOfIfIndex(c300, 0x11010100)).toBeUndefined(); // port 0
    expect(ponOfIfIndex(c300, 0x10010100)).toBeUndefined(); // the .1012 index is no ifIndex
    expect(decodePonIndex(c300.onuTableIndex!, 0x10010101)).toBeUndefined();
  });

  it('ONU RX raw × 0.002 − 30 dBm, 65535 none, 16-bit negatives (KusumaVision 5635 → −18.73)', () => {
    for (const p of [c300, c600]) {
      const rx = p.ontTable.columns.rxPower;
      expect(decodeNumber(rx, 5635)).toBe(-18.73);
      expect(decodeNumber(rx, 65535)).toBeNull();
      expect(decodeNumber(rx, 65535 - 499)).toBe(-31); // below −30 dBm the raw wraps
      expect(rx.suffix).toEqual([1]);
    }
  });

  it('8-byte serial → vendor letters + hex; phase enums 0-based (C3xx) and 1-based (C600)', () => {
    const sn = Buffer.from('5a544547d5d42874', 'hex');
    expect(decodeText(c300.ontTable.columns.serial!, sn)).toBe('ZTEGD5D42874');
    expect(decodeText(c600.ontTable.columns.serial!, sn)).toBe('ZTEGD5D42874');
    expect(decodeEnum(c300.ontTable.columns.phaseState, 3)).toBe('working');
    expect(decodeEnum(c600.ontTable.columns.phaseState, 4)).toBe('working');
    expect(cellInstance(c300, c300.ontTable.columns.rxPower, '1/1/1', 5)).toBe('268501248.5.1');
    expect(cellInstance(c300, c300.ontTable.columns.phaseState, '1/1/1', 5)).toBe('268501248.5');
    expect(cellInstance(c600, c600.ontTable.columns.phaseState, '1/3/1', 5)).toBe('285278977.5');
  });

  it('family from sysObjectID (prefix .1082.1001.300/.320 → C3xx, .600 → C600)', () => {
    expect(profileForSysObjectID('1.3.6.1.4.1.3902.1082.1001.320.2.1')).toBe('zxa10-c300');
    expect(profileForSysObjectID('.1.3.6.1.4.1.3902.1082.1001.300.2.1')).toBe('zxa10-c300');
    expect(profileForSysObjectID('1.3.6.1.4.1.3902.1082.1001.600.1.1')).toBe('zxa10-c600');
    expect(profileForSysObjectID('1.3.6.1.4.1.3902.1082.1001.6000')).toBeUndefined();
    expect(profileForSysObjectID('0.0')).toBeUndefined();
  });
});

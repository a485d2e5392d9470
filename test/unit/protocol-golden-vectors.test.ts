/**
 * Golden vectors of the wire formats in src/protocols, which drivers and simulators share on purpose
 * (ARCHITECTURE.md): fixed bytes, not round trips, so a change to a codec that both sides would
 * follow together still fails here. OMCI's golden frames (G.988 baseline, AAL5 CRC-32 check value)
 * are in omci-codec.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { FrameDecoder, encodeFrame } from '../../src/protocols/netconf/framing.ts';
import { loadOltSnmpProfile, ponIfIndexOf, ponOfIfIndex } from '../../src/protocols/snmp/olt-snmp-profile.ts';

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

describe('SNMP PON ifIndex encoding (device profile snmp.ponIfIndex)', () => {
  // ZXA10 C300 profile: base 0x10000000, rack step 0x1000000, shelf step 0x10000, port step 0x100.
  // (Issue 18 replaces this layout with the one real C3xx devices answer: 1/1/1 = 0x10010100.)
  const c300 = loadOltSnmpProfile('zxa10-c300');
  const vectors: [string, number][] = [
    ['1/1/1', 0x10000100],
    ['1/1/16', 0x10001000],
    ['1/2/1', 0x10010100],
    ['2/1/3', 0x11000300],
  ];

  it.each(vectors)('%s ↔ %d', (pon, ifIndex) => {
    expect(ponIfIndexOf(c300, pon)).toBe(ifIndex);
    expect(ponOfIfIndex(c300, ifIndex)).toBe(pon);
  });

  it('an ifIndex between PON ports is none of them', () => {
    expect(ponOfIfIndex(c300, 0x10000101)).toBeUndefined();
    expect(ponOfIfIndex(c300, 0x0fffffff)).toBeUndefined();
  });
});

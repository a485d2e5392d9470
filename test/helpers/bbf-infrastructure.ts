/**
 * The pre-existing part of a BBF OLT's configuration in tests (TR-385 channel group / partition /
 * pair / termination per PON port, `location inside-olt`; the uplink), as test/fixtures/bbf/
 * one-subscriber.xml has it. ponctl never creates or deletes these.
 */
export function infraInterfaces(pons: { pon: string; type: 'gpon' | 'xgs' }[]): string {
  return pons
    .map(({ pon, type }) => {
      const p = pon.replace(/\//g, '.');
      return (
        `<interface><name>cg-${p}</name><type>bbf-xponift:channel-group</type><channel-group xmlns="urn:bbf:yang:bbf-xpon"/></interface>` +
        `<interface><name>cpart-${p}</name><type>bbf-xponift:channel-partition</type><channel-partition xmlns="urn:bbf:yang:bbf-xpon">` +
        `<channel-group-ref>cg-${p}</channel-group-ref><channel-partition-index>0</channel-partition-index>` +
        '<authentication-method>serial-number</authentication-method></channel-partition></interface>' +
        `<interface><name>cpair-${p}</name><type>bbf-xponift:channel-pair</type><channel-pair xmlns="urn:bbf:yang:bbf-xpon">` +
        `<channel-group-ref>cg-${p}</channel-group-ref><channel-partition-ref>cpart-${p}</channel-partition-ref>` +
        `<channel-pair-type>bbf-xpon-types:${type}</channel-pair-type></channel-pair></interface>` +
        `<interface><name>ct-${p}</name><type>bbf-xponift:channel-termination</type><channel-termination xmlns="urn:bbf:yang:bbf-xpon">` +
        `<channel-pair-ref>cpair-${p}</channel-pair-ref><channel-termination-type>bbf-xpon-types:${type}</channel-termination-type>` +
        '<location>bbf-xpon-types:inside-olt</location></channel-termination></interface>'
      );
    })
    .join('');
}

/** An OLT's pre-existing infrastructure (docs/bbf-mapping.md §2): channel group → termination per PON, and the uplink. */
export function infrastructure(pons: { pon: string; type: 'gpon' | 'xgs' }[]): string {
  return (
    '<interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces" xmlns:ianaift="urn:ietf:params:xml:ns:yang:iana-if-type"' +
    ' xmlns:bbf-xponift="urn:bbf:yang:bbf-xpon-if-type" xmlns:bbf-xpon-types="urn:bbf:yang:bbf-xpon-types">' +
    infraInterfaces(pons) +
    '<interface><name>uplink-1</name><type>ianaift:ethernetCsmacd</type></interface></interfaces>'
  );
}

/** Three PONs, 1/1/3 XGS-PON. */
export const INFRA_3_PONS = infrastructure([
  { pon: '1/1/1', type: 'gpon' },
  { pon: '1/1/2', type: 'gpon' },
  { pon: '1/1/3', type: 'xgs' },
]);

/** The driver contract suite's OLT: one G-PON port 1/1/1 (as the lab's). */
export const BBF_INFRASTRUCTURE = infrastructure([{ pon: '1/1/1', type: 'gpon' }]);

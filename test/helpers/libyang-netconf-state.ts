/**
 * For the libyang-backed test server (libyang-netconf-server.ts): RFC 6241 §6 subtree filtering over
 * XML trees, and the ONU state (TR-385 bbf-xpon-onu-state, bbf-xponvani state) an OLT would report
 * for the ONUs on its PONs, in the shape of test/fixtures/bbf/op-unconfigured-onu.xml.
 */
import type { XNode } from '../../src/adapters/driven/olt/netconf/olt-config-xnode.ts';

export interface PresentOnu {
  /** PON `R/S/P`. */
  pon: string;
  serial: string;
  /** Dying gasp / loss of burst reported while not present (not used while present). */
  firstSeen?: string;
}

const sameName = (d: XNode, f: XNode) => d.name === f.name && (f.ns === '' || f.ns === d.ns);
const isContentMatch = (f: XNode) => f.children.length === 0 && f.text !== '';

function match(d: XNode, f: XNode): XNode | undefined {
  if (f.children.length === 0) return isContentMatch(f) ? (d.text === f.text ? d : undefined) : d;
  const content = f.children.filter(isContentMatch);
  for (const c of content) if (!d.children.some((x) => sameName(x, c) && x.text === c.text)) return undefined;
  const others = f.children.filter((c) => !isContentMatch(c));
  if (others.length === 0) return d;
  const kids: XNode[] = d.children.filter((x) => content.some((c) => sameName(x, c)));
  let selected = 0;
  for (const o of others)
    for (const x of d.children)
      if (sameName(x, o)) {
        const r = match(x, o);
        if (r) {
          kids.push(r);
          selected++;
        }
      }
  if (!selected && !content.length) return undefined;
  return { ...d, children: kids };
}

/** The top-level nodes of `data` the filter (`<filter>` / `<subtree-filter>` element) selects. */
export function applySubtreeFilter(data: XNode, filter: XNode): XNode[] {
  const out: XNode[] = [];
  for (const f of filter.children)
    for (const d of data.children)
      if (sameName(d, f)) {
        const r = match(d, f);
        if (r) out.push(r);
      }
  return out;
}

const T0 = '2026-12-04T09:00:00Z';
const text = (n: XNode | undefined, name: string) => n?.children.find((c) => c.name === name)?.text;

/** `interfaces-state` (ONUs per channel termination, v-ANI presence) and NMDA `oper-status` per interface. */
export function onuStateXml(running: XNode, present: readonly PresentOnu[]): string {
  const ifs = running.children.find((c) => c.name === 'interfaces')?.children ?? [];
  const vanis = ifs
    .map((i) => ({ name: text(i, 'name')!, v: i.children.find((c) => c.name === 'v-ani') }))
    .filter((x) => x.v);
  const ponOf = (partition: string | undefined) => partition?.replace(/^cpart-/, '').replace(/\./g, '/');
  const vaniFor = (o: PresentOnu) =>
    vanis.find(
      (x) =>
        text(x.v, 'expected-serial-number') === o.serial && ponOf(text(x.v, 'channel-partition')) === o.pon,
    );
  let st = '';
  for (const i of ifs) {
    const name = text(i, 'name')!;
    if (!i.children.some((c) => c.name === 'channel-termination')) continue;
    const pon = name.replace(/^ct-/, '').replace(/\./g, '/');
    st += `<interface><name>${name}</name><type>bbf-xponift:channel-termination</type><oper-status>up</oper-status>`;
    st += `<statistics><discontinuity-time>${T0}</discontinuity-time></statistics><channel-termination xmlns="urn:bbf:yang:bbf-xpon">`;
    st += '<onus-present-on-local-channel-termination xmlns="urn:bbf:yang:bbf-xpon-onu-state">';
    for (const o of present.filter((p) => p.pon === pon)) {
      const v = vaniFor(o);
      st += `<onu><detected-serial-number>${o.serial}</detected-serial-number>`;
      st += v
        ? '<onu-presence-state>bbf-xpon-onu-types:onu-present-and-on-intended-channel-termination</onu-presence-state>' +
          `<onu-id>${text(v.v, 'onu-id')}</onu-id><v-ani-ref>${v.name}</v-ani-ref>`
        : '<onu-presence-state>bbf-xpon-onu-types:onu-present-and-no-v-ani-known-and-o5-failed-no-onu-id</onu-presence-state>';
      st += `<onu-detected-datetime>${o.firstSeen ?? T0}</onu-detected-datetime><onu-state-last-change>${T0}</onu-state-last-change></onu>`;
    }
    st += '</onus-present-on-local-channel-termination></channel-termination></interface>';
  }
  for (const { name, v } of vanis) {
    const here = present.find((o) => vaniFor(o)?.name === name);
    const pon = ponOf(text(v, 'channel-partition'))!.replace(/\//g, '.');
    st += `<interface><name>${name}</name><type>bbf-xponift:v-ani</type><oper-status>${here ? 'up' : 'down'}</oper-status>`;
    st += `<statistics><discontinuity-time>${T0}</discontinuity-time></statistics><v-ani xmlns="urn:bbf:yang:bbf-xponvani">`;
    st += here
      ? `<onu-id>${text(v, 'onu-id')}</onu-id><onu-presence-state>bbf-xpon-onu-types:onu-present-and-on-intended-channel-termination</onu-presence-state>` +
        `<onu-present-on-this-olt><onu-present-on-this-channel-pair>cpair-${pon}</onu-present-on-this-channel-pair>` +
        `<onu-present-on-this-channel-termination>ct-${pon}</onu-present-on-this-channel-termination>` +
        `<detected-serial-number>${here.serial}</detected-serial-number></onu-present-on-this-olt>`
      : '<onu-presence-state>bbf-xpon-onu-types:onu-not-present-with-v-ani</onu-presence-state>';
    st += '</v-ani></interface>';
  }
  const oper = ifs
    .map((i) => `<interface><name>${text(i, 'name')}</name><oper-status>up</oper-status></interface>`)
    .join('');
  return (
    '<interfaces-state xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces" xmlns:bbf-xponift="urn:bbf:yang:bbf-xpon-if-type"' +
    ` xmlns:bbf-xpon-onu-types="urn:bbf:yang:bbf-xpon-onu-types">${st}</interfaces-state>` +
    `<interfaces xmlns="urn:ietf:params:xml:ns:yang:ietf-interfaces">${oper}</interfaces>`
  );
}

/**
 * The lab OLT's physical view (simulators/bbf-olt/physical-view.ts) is kept up to date per commit,
 * re-reading only the ONUs a change touches. After every step of a sequence of edits — a second
 * subscriber, a T-CONT removed (its GEM loses its T-CONT, the other slots move), a GEM pointing at
 * another ONU's T-CONT, that T-CONT's slot moved and then removed, a T-CONT moved between ONUs, an
 * olt-v-enet stacked on the other v-ANI, a v-ANI removed — it must hold what a view reading the whole datastore at once holds.
 */
import { describe, it, expect } from 'vitest';
import { bbfSchema } from '../../simulators/yang/schema.ts';
import { parseXml } from '../../simulators/yang/xml.ts';
import { applyEdit, parseDocument } from '../../simulators/yang/edit.ts';
import type { DNode } from '../../simulators/yang/data.ts';
import { SimOlt } from '../../simulators/core/topology.ts';
import { PhysicalView } from '../../simulators/bbf-olt/physical-view.ts';
import { infrastructureOf } from '../../simulators/bbf-olt/infrastructure.ts';
import type { OltConfig } from '../../src/domain/olt-config/model.ts';
import { REFERENCE_SUBSCRIBER_XML, SECOND_SUBSCRIBER_XML } from '../helpers/bbf-subscribers.ts';

const schema = bbfSchema();
const NC = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const IF = 'urn:ietf:params:xml:ns:yang:ietf-interfaces';
const GT = 'urn:bbf:yang:bbf-xpongemtcont';
const VANI = 'urn:bbf:yang:bbf-xponvani';

const reference = REFERENCE_SUBSCRIBER_XML;
const second = SECOND_SUBSCRIBER_XML;

const tconts = (x: string) =>
  `<xpongemtcont xmlns="${GT}" xmlns:nc="${NC}"><tconts>${x}</tconts></xpongemtcont>`;
const gems = (x: string) =>
  `<xpongemtcont xmlns="${GT}" xmlns:nc="${NC}"><gemports>${x}</gemports></xpongemtcont>`;
const ifs = (x: string) => `<interfaces xmlns="${IF}" xmlns:nc="${NC}">${x}</interfaces>`;

const steps: [string, string][] = [
  ['a second subscriber', second],
  ['a T-CONT removed', tconts('<tcont nc:operation="delete"><name>tcont-A-00000042-internet</name></tcont>')],
  [
    "a GEM on another ONU's T-CONT",
    gems('<gemport><name>gem-A-00000043-voip</name><tcont-ref>tcont-A-00000042-voip</tcont-ref></gemport>'),
  ],
  [
    "a T-CONT removed ahead of the one another ONU's GEM uses (its slot moves)",
    tconts('<tcont nc:operation="delete"><name>tcont-A-00000042-iptv</name></tcont>'),
  ],
  [
    'a T-CONT moved to the other ONU',
    tconts(
      '<tcont><name>tcont-A-00000042-management</name><interface-reference>vani-A-00000043</interface-reference></tcont>',
    ),
  ],
  [
    "the T-CONT another ONU's GEM uses removed",
    tconts('<tcont nc:operation="delete"><name>tcont-A-00000042-voip</name></tcont>'),
  ],
  [
    'an olt-v-enet stacked on the other v-ANI',
    ifs(
      `<interface><name>venet-A-00000043</name><olt-v-enet xmlns="${VANI}"><lower-layer-interface>vani-A-00000042</lower-layer-interface></olt-v-enet></interface>`,
    ),
  ],
  [
    'a description changed',
    ifs('<interface><name>vani-A-00000043</name><description>moved</description></interface>'),
  ],
  ['a v-ANI removed', ifs('<interface nc:operation="delete"><name>vani-A-00000042</name></interface>')],
];

/** The view's configuration, ONUs in serial order (a whole read and a history list them differently). */
function norm(c: OltConfig): unknown {
  return c.channelTerminations
    .map((ct) => ({
      name: ct.name,
      onus: ct.onus.map((o) => ({ ...o })).sort((a, b) => (a.expectedSerial < b.expectedSerial ? -1 : 1)),
    }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

function viewOf(root: DNode): { olt: SimOlt; view: PhysicalView } {
  const olt = new SimOlt({ name: 'olt-1', profile: 'bbf-tr385', pons: 2, ontsPerPon: 8, index: 0 });
  const view = new PhysicalView(schema, olt, infrastructureOf(olt, 'bbf-tr385'));
  view.update(root);
  return { olt, view };
}

describe('BBF OLT physical view, per commit', () => {
  it('holds after each change what a whole read holds', () => {
    let tree = parseDocument(schema, parseXml(reference)).root;
    const live = viewOf(tree);
    expect(live.olt.config.findOnu('1/1/1', 5)?.expectedSerial).toBe('ZTEGC0FFEE01');
    const seen: string[] = [];
    for (const [what, xml] of steps) {
      const r = applyEdit(schema, tree, parseXml(xml), 'merge', { errorOption: 'stop-on-error' });
      expect(r.errors, what).toEqual([]);
      tree = r.root;
      live.view.update(tree);
      const whole = viewOf(tree);
      expect(norm(live.olt.config.running), what).toEqual(norm(whole.olt.config.running));
      seen.push(JSON.stringify(norm(live.olt.config.running)));
    }
    // the steps did change what the view holds (not one projection compared with itself)
    expect(new Set(seen).size).toBe(steps.length);
    const onu43 = live.olt.config.findOnu('1/1/1', 6)!;
    expect(onu43.description).toBe('moved');
    expect(onu43.tconts.length).toBe(5);
    expect(onu43.gemports).toEqual([]); // its olt-v-enet went over to the v-ANI removed last
    expect(live.olt.config.findOnu('1/1/1', 5)).toBeUndefined();
  });
});

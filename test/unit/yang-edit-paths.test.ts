/**
 * Where an edit's errors point and what a node holds after several writes in one edit
 * (simulators/yang/edit.ts): the error paths are made from the run's stack of inner nodes only when
 * an error happens (RFC 6241 §4.3 error-path), and a node's children are changed in scratch arrays
 * before it gets its own (edit-fill.ts). The paths and trees must be those of a per-element walk: a
 * list entry's keys in its step, a leaf-list value's `[.='v']`, a key refused by the path of its list
 * entry, and a new node of one case of a choice removing the other case's (RFC 7950 §7.9.6).
 */
import { describe, expect, it } from 'vitest';
import { applyEdit, type ErrorOption } from '../../simulators/yang/edit.ts';
import { DList, DNode } from '../../simulators/yang/data.ts';
import { bbfSchema } from '../../simulators/yang/schema.ts';
import { parseXml } from '../../simulators/yang/xml.ts';

const IF = 'urn:ietf:params:xml:ns:yang:ietf-interfaces';
const IANA = 'urn:ietf:params:xml:ns:yang:iana-if-type';
const NC = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const EXT = 'urn:ponctl:params:xml:ns:yang:ponctl-bbf-ext';
const SUB = 'urn:bbf:yang:bbf-sub-interfaces';
const TAG = 'urn:bbf:yang:bbf-sub-interface-tagging';
const POL = 'urn:bbf:yang:bbf-qos-policies';
const Y = 'urn:ietf:params:xml:ns:yang:1';

const ifc = (body: string, attrs = '') =>
  `<interfaces xmlns="${IF}" xmlns:nc="${NC}" xmlns:ianaift="${IANA}"><interface${attrs}>${body}</interface></interfaces>`;
const ETH0 = '<name>eth0</name><type>ianaift:ethernetCsmacd</type><enabled>true</enabled>';
const ENTRY = "/ietf-interfaces:interfaces/ietf-interfaces:interface[ietf-interfaces:name='eth0']";

function edit(xml: string, root?: DNode, errorOption: ErrorOption = 'stop-on-error') {
  const schema = bbfSchema();
  const config = parseXml(`<config>${xml}</config>`).children[0];
  return applyEdit(schema, root ?? new DNode(schema.root), config, 'merge', { errorOption });
}

/** The tree as nested plain objects (lists by key), to compare whole. */
function plain(n: DNode): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  n.k.forEach((s, i) => {
    const v = n.v[i];
    if (v instanceof DList) out[s.name] = Object.fromEntries([...v.entries()].map(([k, e]) => [k, plain(e)]));
    else out[s.name] = v instanceof DNode ? plain(v) : v;
  });
  return out;
}

describe('edit-config error paths', () => {
  it('names the entry, the leaf-list value and the key the way a per-element walk did', () => {
    const paths = (xml: string) =>
      edit(xml, undefined, 'continue-on-error').errors.map((e) => [e.tag, e.path]);
    expect(paths(ifc(`${ETH0}<bogus>1</bogus><oper-status>up</oper-status>`))).toEqual([
      ['unknown-element', ENTRY],
      ['invalid-value', `${ENTRY}/ietf-interfaces:oper-status`],
    ]);
    expect(paths(ifc('<name><a/></name>'))).toEqual([
      ['invalid-value', '/ietf-interfaces:interfaces/ietf-interfaces:name'],
    ]);
    const routers = `<mac-forced-forwarding xmlns="${EXT}"><access-router>1.2.3.4</access-router><access-router nc:operation="create">1.2.3.4</access-router><access-router nc:operation="delete">9.9.9.9</access-router></mac-forced-forwarding>`;
    expect(paths(ifc(ETH0 + routers))).toEqual([
      [
        'data-exists',
        `${ENTRY}/ponctl-bbf-ext:mac-forced-forwarding/ponctl-bbf-ext:access-router[.='1.2.3.4']`,
      ],
      [
        'data-missing',
        `${ENTRY}/ponctl-bbf-ext:mac-forced-forwarding/ponctl-bbf-ext:access-router[.='9.9.9.9']`,
      ],
    ]);
    const bad = edit(ifc('<name>eth1</name><enabled>yes</enabled>')).errors[0];
    expect([bad.path, bad.libyangPath]).toEqual([
      "/ietf-interfaces:interfaces/ietf-interfaces:interface[ietf-interfaces:name='eth1']/ietf-interfaces:enabled",
      "/ietf-interfaces:interfaces/interface[name='eth1']/enabled",
    ]);
    const order = `<policies xmlns="${POL}" xmlns:yang="${Y}"><policy><name>p</name><classifiers><name>a</name></classifiers><classifiers yang:insert="after" yang:key="[name='zz']"><name>e</name></classifiers></policy></policies>`;
    expect(edit(order).errors.map((e) => [e.path, e.message])).toEqual([
      [
        "/bbf-qos-policies:policies/bbf-qos-policies:policy[bbf-qos-policies:name='p']/bbf-qos-policies:classifiers",
        "The list entry [name='zz'] to insert after does not exist.",
      ],
    ]);
  });
});

describe('edit-config writes to one node', () => {
  it('merges an entry given twice, removes and replaces children, and switches cases', () => {
    const once = edit(
      ifc(`${ETH0}<description>d</description>`) + ifc('<name>eth0</name><enabled>false</enabled>'),
    );
    expect(once.errors).toEqual([]);
    const eth0 = { name: 'eth0', type: 'iana-if-type:ethernetCsmacd', enabled: 'false', description: 'd' };
    expect(plain(once.root)).toEqual({ interfaces: { interface: { eth0 } } });
    const removed = edit(
      ifc('<name>eth0</name><description nc:operation="remove"/><enabled>true</enabled>'),
      once.root,
    );
    const { description: _gone, ...rest } = eth0;
    expect(plain(removed.root)).toEqual({
      interfaces: { interface: { eth0: { ...rest, enabled: 'true' } } },
    });
    const replaced = edit(
      ifc('<name>eth0</name><enabled>false</enabled>', ' nc:operation="replace"'),
      once.root,
    );
    expect(plain(replaced.root)).toEqual({
      interfaces: { interface: { eth0: { name: 'eth0', enabled: 'false' } } },
    });
    expect(plain(once.root)).toEqual({ interfaces: { interface: { eth0 } } }); // the input tree is never changed

    const sub = (tag: string) =>
      ifc(
        `<name>sub0</name><type>ianaift:l2vlan</type><inline-frame-processing xmlns="${SUB}"><ingress-rule><rule><name>r1</name><priority>1</priority><ingress-rewrite><push-tag xmlns="${TAG}"><index>0</index><dot1q-tag>${tag}</dot1q-tag></push-tag></ingress-rewrite></rule></ingress-rule></inline-frame-processing>`,
      );
    const first = edit(sub('<vlan-id>10</vlan-id><write-pbit-0/>'));
    const both = edit(sub('<write-pbit>3</write-pbit>'), first.root);
    const tag = (r: DNode) =>
      [
        'interfaces',
        'interface',
        'sub0',
        'inline-frame-processing',
        'ingress-rule',
        'rule',
        'r1',
        'ingress-rewrite',
        'push-tag',
        '0',
        'dot1q-tag',
      ].reduce<unknown>((o, step) => (o as Record<string, unknown>)[step], plain(r));
    expect(tag(first.root)).toEqual({ 'vlan-id': '10', 'write-pbit-0': '' });
    expect(tag(both.root)).toEqual({ 'vlan-id': '10', 'write-pbit': '3' });
  });
});

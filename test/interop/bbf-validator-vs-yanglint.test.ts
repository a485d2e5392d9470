/**
 * Interop (issue 12 item 4): the lab OLT's validator (simulators/yang, our own code over the schema
 * libyang compiled) against libyang's yanglint itself, on every BBF fixture and on variants of the
 * reference made to break one rule each — same verdict, same offending node. The rules TR-385 leaves
 * to the OLT (semantic-duplicates.xml) pass yanglint and are refused by the OLT's own rules.
 */
import { describe, it, expect, afterAll } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import { bbfSchema } from '../../simulators/yang/schema.ts';
import { parseXml } from '../../simulators/yang/xml.ts';
import { parseDocument } from '../../simulators/yang/edit.ts';
import { Validator } from '../../simulators/yang/validate.ts';
import { DeviceRules } from '../../simulators/bbf-olt/device-rules.ts';
import type { YangError } from '../../simulators/yang/errors.ts';
import { BbfYanglint, schemaOnly } from '../helpers/yanglint-bbf.ts';

const DIR = fileURLToPath(new URL('../fixtures/bbf/', import.meta.url));
const schema = bbfSchema();
const validator = new Validator(schema);
const lint = new BbfYanglint();
afterAll(() => lint.close());

/** Our verdict on a configuration document: type errors at parse, then every constraint. */
function ours(xml: string): YangError[] {
  const p = parseDocument(schema, parseXml(xml));
  return p.errors.length ? p.errors : validator.full(p.root);
}

const unprefixed = (p: string) => p.replace(/[\w.-]+:/g, '');

async function compare(name: string, xml: string): Promise<{ ours: YangError[]; location?: string }> {
  const theirs = await lint.validate('config', [lint.file(name, xml)]);
  const mine = ours(xml);
  expect(mine.length === 0, `${name}: yanglint ${theirs.ok ? 'accepts' : `refuses: ${theirs.error}`}`).toBe(
    theirs.ok,
  );
  if (!theirs.ok) {
    const loc = theirs.location!;
    const where = mine.map((e) => e.libyangPath);
    expect(
      // libyang starts the path of a duplicate instance at the list entry: compare its end
      where.some(
        (p) =>
          p === loc ||
          (p !== undefined && unprefixed(p).endsWith(unprefixed(loc))) ||
          (p !== undefined && schemaOnly(p) === schemaOnly(loc) && !loc.includes('[')),
      ),
      `${name}: yanglint refuses at ${loc}; ours at ${where.join(', ')}`,
    ).toBe(true);
  }
  return { ours: mine, location: theirs.location };
}

const reference = readFileSync(`${DIR}one-subscriber.xml`, 'utf8');
const fixtures = readdirSync(DIR).filter(
  (f) =>
    f.endsWith('.xml') &&
    (f === 'one-subscriber.xml' || f.startsWith('broken-') || f.startsWith('semantic-')),
);

/** Variants of the reference, each breaking (or keeping) one thing yanglint checks. */
const VARIANTS: [string, (x: string) => string][] = [
  [
    'gen-config 3 subscribers',
    () => execFileSync('node', [`${DIR}gen-config.mjs`, '3'], { encoding: 'utf8' }),
  ],
  [
    'dangling v-ANI reference (T-CONT)',
    (x) => x.replace(/<interface-reference>vani-A-00000042</, '<interface-reference>vani-A-99999999<'),
  ],
  [
    'T-CONT on an olt-v-enet (must)',
    (x) => x.replace(/<interface-reference>vani-A-00000042</, '<interface-reference>venet-A-00000042<'),
  ],
  ['vlan-id 5000', (x) => x.replace('<vlan-id>1002</vlan-id>', '<vlan-id>5000</vlan-id>')],
  ['write-pbit 8', (x) => x.replace('<write-pbit>5</write-pbit>', '<write-pbit>8</write-pbit>')],
  ['onu-id 1021', (x) => x.replace('<onu-id>5</onu-id>', '<onu-id>1021</onu-id>')],
  [
    'channel pair without its type (mandatory)',
    (x) => x.replace(/<channel-pair-type>[^<]*<\/channel-pair-type>/, ''),
  ],
  [
    'interface type not an interface-type identity',
    (x) => x.replace('<type>ianaift:ethernetCsmacd</type>', '<type>bbf-xpon-types:gpon</type>'),
  ],
  [
    'mac-learning on a v-ANI (when)',
    (x) =>
      x.replace(
        '<type>bbf-xponift:v-ani</type>',
        '<type>bbf-xponift:v-ani</type><mac-learning xmlns="urn:bbf:yang:bbf-l2-forwarding"><max-number-mac-addresses>4</max-number-mac-addresses></mac-learning>',
      ),
  ],
  [
    'v-ANI container twice',
    (x) =>
      x.replace(
        '<type>bbf-xponift:v-ani</type>',
        '<type>bbf-xponift:v-ani</type><v-ani xmlns="urn:bbf:yang:bbf-xponvani"><onu-id>6</onu-id></v-ani>',
      ),
  ],
  [
    'DHCP relay disabled with a profile (when)',
    (x) =>
      x.replace(
        '<enable>true</enable><trusted-port>false</trusted-port><profile-ref>PONCTL-OPT82',
        '<enable>false</enable><trusted-port>false</trusted-port><profile-ref>PONCTL-OPT82',
      ),
  ],
  [
    'push-tag index 2 (range of a list key)',
    (x) =>
      x.replace(/(<push-tag xmlns="urn:bbf:yang:bbf-sub-interface-tagging">\s*<index>)0(<\/index>)/, '$12$2'),
  ],
  [
    'five access routers (max-elements 4)',
    (x) =>
      x.replace(
        '<mac-forced-forwarding xmlns="urn:ponctl:params:xml:ns:yang:ponctl-bbf-ext"/>',
        '<mac-forced-forwarding xmlns="urn:ponctl:params:xml:ns:yang:ponctl-bbf-ext">' +
          [1, 2, 3, 4, 5].map((i) => `<access-router>192.0.2.${i}</access-router>`).join('') +
          '</mac-forced-forwarding>',
      ),
  ],
  [
    'option 82 profile without suboptions (min-elements 1)',
    (x) => x.replace('<suboptions>circuit-id</suboptions>\n        <suboptions>remote-id</suboptions>', ''),
  ],
  [
    'network sub-interface without a rule (min-elements 1)',
    (x) => x.replace(/<ingress-rule>\s*<rule>\s*<name>vlan1001<\/name>[\s\S]*?<\/ingress-rule>/, ''),
  ],
  [
    'inner tag pushed without an outer one (must)',
    (x) =>
      x.replace(/(<push-tag xmlns="urn:bbf:yang:bbf-sub-interface-tagging">\s*<index>)0(<\/index>)/, '$11$2'),
  ],
  [
    'maximum bandwidth below fixed + assured (must)',
    (x) =>
      x
        .replace(
          '<maximum-bandwidth>150000000</maximum-bandwidth>',
          '<maximum-bandwidth>0</maximum-bandwidth>',
        )
        .replace(
          '<assured-bandwidth>0</assured-bandwidth>\n        <maximum-bandwidth>0',
          '<assured-bandwidth>10</assured-bandwidth>\n        <maximum-bandwidth>0',
        ),
  ],
  [
    'GEM port on a missing T-CONT',
    (x) =>
      x.replace(
        '<tcont-ref>tcont-A-00000042-voip</tcont-ref>',
        '<tcont-ref>tcont-A-00000042-nothing</tcont-ref>',
      ),
  ],
  [
    'link table to a missing interface',
    (x) =>
      x.replace(
        '<to-interface>venet-A-00000042</to-interface>',
        '<to-interface>venet-A-00000043</to-interface>',
      ),
  ],
];

describe('lab OLT validator vs yanglint (libyang), same verdict and node', () => {
  it.each(fixtures)(
    '%s',
    async (f) => {
      const xml = readFileSync(`${DIR}${f}`, 'utf8');
      const r = await compare(f, xml);
      if (f.startsWith('broken-')) {
        // and the node is the one the research recorded from libyang
        const expected = readFileSync(`${DIR}${f.replace('.xml', '.expected')}`, 'utf8');
        expect(expected).toContain(r.location!);
      }
    },
    60_000,
  );

  it.each(VARIANTS)(
    'variant: %s',
    async (name, make) => {
      const xml = make(reference);
      expect(xml, `${name}: the variant changed nothing`).not.toBe(
        name.startsWith('gen-config') ? '' : reference,
      );
      await compare(name.replace(/\W+/g, '-') + '.xml', xml);
    },
    60_000,
  );

  it("refuses semantic-duplicates.xml by the OLT's own rules, which yanglint cannot see", async () => {
    const xml = readFileSync(`${DIR}semantic-duplicates.xml`, 'utf8');
    const r = await lint.validate('config', [lint.file('dups.xml', xml)]);
    expect(r.ok).toBe(true);
    const root = parseDocument(schema, parseXml(xml)).root;
    const own = new DeviceRules(schema).full(root);
    expect(new Set(own.map((e) => e.appTag))).toEqual(
      new Set(['duplicate-serial-number', 'duplicate-onu-id', 'duplicate-alloc-id', 'duplicate-gemport-id']),
    );
    // error-path at the second occurrence, the subscriber added last
    expect(own.every((e) => e.path!.includes('A-00000043'))).toBe(true);
    expect(own.every((e) => e.tag === 'operation-failed' && e.type === 'application')).toBe(true);
  }, 60_000);
});

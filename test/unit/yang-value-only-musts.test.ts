/**
 * The checker decides a must that reads only its node's value and absolute paths (simulators/yang/
 * when-reads.ts valueOnly) once per (must, value) in one tree (RFC 7950 §7.5.3): the BBF musts of
 * leafrefs to interfaces, `derived-from-or-self(/if:interfaces/if:interface[if:name =
 * current()]/if:type, …)`. Only such musts may be shared by value; in one tree, two values of one
 * must still get their own answers.
 */
import { describe, it, expect } from 'vitest';
import { bbfSchema } from '../../simulators/yang/schema.ts';
import { parseXml } from '../../simulators/yang/xml.ts';
import { parseDocument } from '../../simulators/yang/edit.ts';
import { Validator } from '../../simulators/yang/validate.ts';
import { valueOnly } from '../../simulators/yang/when-reads.ts';
import { parseXPath } from '../../simulators/yang/xpath-parse.ts';
import { REFERENCE_SUBSCRIBER_XML } from '../helpers/bbf-subscribers.ts';

const schema = bbfSchema();

describe('musts that read only their value', () => {
  it('are the keyed musts on values, nothing that climbs from the node', () => {
    const v = (src: string) => valueOnly(parseXPath(src));
    for (const src of [
      "derived-from-or-self(/a:x/a:y[a:name = current()]/a:type, 'p:t')",
      "/a:x/a:y[a:name = current()]/a:type = 'p:t' or /a:x/a:y[a:name = current()]/a:z[../a:k = 1]",
      ". = 'v'",
      "current() != 'v'",
      'count(/a:x[a:n = current()]) = 0',
    ])
      expect(v(src), src).toBe(true);
    for (const src of [
      'current() != ../a:from',
      "../a:x = 'true'",
      'count(../../a:tag[a:index = 0]) > 0',
      '/a:x[a:n = current()/../a:m]',
      'deref(current())/../a:x',
      'string() = 1',
      'a:x = 1',
      '. >= ../a:min',
    ])
      expect(v(src), src).toBe(false);
  });

  it('gives each value its own answer in one tree', () => {
    // T-CONTs must reference a v-ANI: two keep the v-ANI, two are pointed at the olt-v-enet and the UNI
    const xml = REFERENCE_SUBSCRIBER_XML.replace(
      /(<name>tcont-A-00000042-voip<\/name>[\s\S]*?<interface-reference>)vani-A-00000042/,
      '$1venet-A-00000042',
    ).replace(
      /(<name>tcont-A-00000042-iptv<\/name>[\s\S]*?<interface-reference>)vani-A-00000042/,
      '$1uni-A-00000042',
    );
    const tree = parseDocument(schema, parseXml(xml)).root;
    const errors = new Validator(schema).full(tree).filter((e) => e.path?.includes('interface-reference'));
    expect(errors.map((e) => e.path?.match(/tcont-A-00000042-\w+/)?.[0])).toEqual([
      'tcont-A-00000042-iptv',
      'tcont-A-00000042-voip',
    ]);
    expect(errors.every((e) => e.tag === 'operation-failed')).toBe(true);
  });
});

/**
 * Leaf values of an edit (simulators/yang/edit.ts, values.ts): parsed values are remembered per leaf
 * and type, an identityref's with the module its prefix names in the element's scope. The same text
 * must still give what a fresh parse gives: the same identity under another binding of its prefix is
 * another value (or none), and an invalid value is refused with its message however often a valid one
 * came before.
 */
import { describe, expect, it } from 'vitest';
import { applyEdit } from '../../simulators/yang/edit.ts';
import { DNode, DList } from '../../simulators/yang/data.ts';
import { bbfSchema } from '../../simulators/yang/schema.ts';
import { parseXml } from '../../simulators/yang/xml.ts';

const IF = 'urn:ietf:params:xml:ns:yang:ietf-interfaces';
const IANA = 'urn:ietf:params:xml:ns:yang:iana-if-type';

function edit(entries: string) {
  const schema = bbfSchema();
  const config = parseXml(`<config><interfaces xmlns="${IF}">${entries}</interfaces></config>`).children[0];
  return applyEdit(schema, new DNode(schema.root), config, 'merge', { errorOption: 'continue-on-error' });
}

function types(root: DNode): string[] {
  const ifs = root.v.find((v) => v instanceof DNode) as DNode;
  const list = ifs.v.find((v) => v instanceof DList) as DList;
  return [...list.values()].map((e) => e.v.find((v, i) => e.k[i].name === 'type') as string);
}

describe('edit-config leaf values seen before', () => {
  it('resolves the same identityref text by the binding of each element', () => {
    const entry = (i: number, ns: string) =>
      `<interface><name>if-${i}</name><type xmlns:t="${ns}">t:ethernetCsmacd</type></interface>`;
    const ok = edit(Array.from({ length: 50 }, (_, i) => entry(i, IANA)).join(''));
    expect(ok.errors).toEqual([]);
    expect(new Set(types(ok.root))).toEqual(new Set(['iana-if-type:ethernetCsmacd']));
    const other = edit(entry(1, IANA) + entry(2, IF) + entry(3, IANA));
    expect(other.errors.map((e) => e.message)).toEqual([
      'Invalid identityref "t:ethernetCsmacd" value - identity not found in module "ietf-interfaces".',
    ]);
  });

  it('refuses an invalid value with its message after the valid ones', () => {
    const entry = (i: number, enabled: string) =>
      `<interface><name>if-${i}</name><enabled>${enabled}</enabled></interface>`;
    for (let round = 0; round < 3; round++) {
      const r = edit([...Array.from({ length: 40 }, (_, i) => entry(i, 'true')), entry(99, 'yes')].join(''));
      expect(r.errors.map((e) => e.message)).toEqual(['Invalid boolean value "yes".']);
    }
  });
});

/**
 * The lab OLT's incremental validation (simulators/yang/validate.ts) must find exactly what a full
 * validation of the same tree finds: running is valid, so every error of the candidate comes from
 * the change. Random edits of the BBF reference — removing any node, pointing a reference elsewhere,
 * changing an interface type — are checked both ways (fast-check, fixed seed); and the OLT's own
 * rules give the same verdict both ways.
 */
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { bbfSchema } from '../../simulators/yang/schema.ts';
import { parseXml } from '../../simulators/yang/xml.ts';
import { applyEdit, parseDocument } from '../../simulators/yang/edit.ts';
import { Validator } from '../../simulators/yang/validate.ts';
import { chain, childItems, DNode, rootItem, type Item } from '../../simulators/yang/data.ts';
import { DeviceRules } from '../../simulators/bbf-olt/device-rules.ts';
import { REFERENCE_SUBSCRIBER_XML, SECOND_SUBSCRIBER_XML } from '../helpers/bbf-subscribers.ts';

const schema = bbfSchema();
const validator = new Validator(schema);
const NC = 'urn:ietf:params:xml:ns:netconf:base:1.0';

/**
 * Two subscribers on PON 1/1/1: the reference, and a copy of it as A-00000043 with ONU id 6, its
 * own serial and ids (1024 + 8·6 + slot, docs/bbf-mapping.md §4), merged in like an edit.
 */
const reference = REFERENCE_SUBSCRIBER_XML;
const second = SECOND_SUBSCRIBER_XML;
const one = parseDocument(schema, parseXml(reference)).root;
const base = applyEdit(schema, one, parseXml(second), 'merge', { errorOption: 'stop-on-error' }).root;
const index = validator.buildIndex(base);

function allItems(it: Item, out: Item[] = []): Item[] {
  for (const c of childItems(it)) {
    if (c.s.config) out.push(c);
    if (typeof c.n !== 'string') allItems(c, out);
  }
  return out;
}
const items = allItems(rootItem(base));
const leafrefs = items.filter((i) => typeof i.n === 'string' && i.s.type?.b === 'leafref');
const interfaceNames = items
  .filter((i) => i.s.qname === 'ietf-interfaces:interface')
  .map((i) => (i.n as DNode).get(i.s.keys[0]) as string);
const TYPES = [
  'bbf-xpon-if-type:v-ani',
  'bbf-xpon-if-type:olt-v-enet',
  'bbf-if-type:vlan-sub-interface',
  'iana-if-type:ethernetCsmacd',
];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/** An edit-config `<config>` reaching `target` (keys on the way) with an operation or a new value. */
function editFor(target: Item, op: { remove: true } | { value: string }): string {
  const steps = chain(target);
  let open = '';
  let close = '';
  steps.forEach((x, i) => {
    const last = i === steps.length - 1;
    const attr = last && 'remove' in op ? ` xmlns:nc="${NC}" nc:operation="remove"` : '';
    const ns = ` xmlns="${x.s.ns}"`;
    if (last && typeof x.n === 'string') {
      const v = 'value' in op ? op.value : x.n;
      const m = /^([\w.-]+):/.exec(v);
      const qn = m && schema.isIdentity(v) ? ` xmlns:${m[1]}="${schema.nsOf.get(m[1])}"` : '';
      open += `<${x.s.name}${ns}${attr}${qn}>${esc(v)}</${x.s.name}>`;
      return;
    }
    open += `<${x.s.name}${ns}${attr}>`;
    if (x.s.kind === 'list')
      for (const k of x.s.keys) open += `<${k.name}>${esc((x.n as DNode).get(k) as string)}</${k.name}>`;
    close = `</${x.s.name}>` + close;
  });
  return `<config xmlns="${NC}">${open}${close}</config>`;
}

const key = (e: { path?: string; message: string }) => `${e.path} | ${e.message}`;

/** How many checked edits were invalid (so that the property is not vacuous). */
let refused = 0;

/** Returns whether the edit made the datastore invalid (YANG or the OLT's rules). */
function check(configXml: string): boolean {
  const cfg = parseXml(configXml).children[0];
  const r = applyEdit(schema, base, cfg, 'merge', { errorOption: 'rollback-on-error' });
  if (r.errors.length) return true; // refused at edit time (a key leaf), nothing to validate
  const full = validator.full(r.root).map(key).sort();
  const inc = validator.incremental(base, r.root, index).errors.map(key).sort();
  expect(inc, configXml).toEqual(full);
  const rules = new DeviceRules(schema);
  rules.full(base);
  const own = rules.incremental(base, r.root).errors.length > 0;
  expect(own, configXml).toBe(new DeviceRules(schema).full(r.root).length > 0);
  if (full.length || own) refused++;
  return full.length > 0 || own;
}

describe('incremental validation = full validation (random edits of a valid datastore)', () => {
  it('removing any node', () => {
    refused = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: items.length - 1 }), (i) => {
        check(editFor(items[i], { remove: true }));
      }),
      { seed: 12, numRuns: 150 },
    );
    expect(refused).toBeGreaterThan(20);
  });

  it('pointing any reference at another interface, or at none', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: leafrefs.length - 1 }),
        fc.oneof(fc.constantFrom(...interfaceNames), fc.constant('missing-1')),
        (i, v) => {
          check(editFor(leafrefs[i], { value: v }));
        },
      ),
      { seed: 7, numRuns: 120 },
    );
  });

  it('changing the type of any interface', () => {
    const types = items.filter(
      (i) => i.s.qname === 'ietf-interfaces:type' && i.up?.s.qname === 'ietf-interfaces:interface',
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: types.length - 1 }), fc.constantFrom(...TYPES), (i, t) => {
        check(editFor(types[i], { value: t }));
      }),
      { seed: 3, numRuns: 80 },
    );
  });

  it("refuses what the OLT refuses when one subscriber takes another's serial, ONU id or ids", () => {
    const vani = items.find(
      (i) => i.s.qname === 'bbf-xponvani:expected-serial-number' && chain(i)[1].n !== undefined,
    )!;
    const other = items.filter((i) => i.s.qname === 'bbf-xponvani:expected-serial-number' && i !== vani)[0];
    expect(check(editFor(vani, { value: other.n as string }))).toBe(true);
    const onu = items.filter((i) => i.s.qname === 'bbf-xponvani:onu-id');
    expect(check(editFor(onu[0], { value: onu[1].n as string }))).toBe(true);
    const alloc = items.filter((i) => i.s.qname === 'bbf-xpongemtcont:alloc-id');
    expect(check(editFor(alloc[0], { value: alloc[5].n as string }))).toBe(true);
  });
});

it("starts from a valid datastore of two subscribers (YANG and the OLT's own rules)", () => {
  expect(base).not.toBe(one);
  expect(validator.full(base)).toEqual([]);
  expect(new DeviceRules(schema).full(base)).toEqual([]);
  expect(items.filter((i) => i.s.qname === 'bbf-xponvani:expected-serial-number')).toHaveLength(2);
});

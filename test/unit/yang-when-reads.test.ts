/**
 * The checker decides a `when` that reads one leaf (simulators/yang/when-reads.ts leafRead) once per
 * (expression, leaf, value): its answer must be a function of that value. Every when of the BBF
 * schema is evaluated by the general XPath evaluator at every inner node of the reference subscriber
 * (test/fixtures/bbf/one-subscriber.xml) and of copies of it whose interfaces have other types, as
 * its context node (or a dummy child of it, as a when on the node itself sees it, RFC 7950 §7.21.5);
 * wherever the leaf it reads is present, one value gives one answer.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bbfSchema, type SMust } from '../../simulators/yang/schema.ts';
import { parseXml } from '../../simulators/yang/xml.ts';
import { parseDocument } from '../../simulators/yang/edit.ts';
import { Validator } from '../../simulators/yang/validate.ts';
import { childItems, DList, DNode, entryKey, rootItem, type Item } from '../../simulators/yang/data.ts';
import { evaluate, toBool } from '../../simulators/yang/xpath-eval.ts';
import { leafRead } from '../../simulators/yang/when-reads.ts';
import { parseXPath } from '../../simulators/yang/xpath-parse.ts';

const DIR = fileURLToPath(new URL('../fixtures/bbf/', import.meta.url));
const schema = bbfSchema();
const checker = new Validator(schema).checker;
const xml = readFileSync(`${DIR}one-subscriber.xml`, 'utf8');

const whens: SMust[] = [];
for (const s of schema.all) for (const w of [s.when, s.whenUp]) if (w) whens.push(w);

function inner(it: Item, out: Item[] = []): Item[] {
  if (typeof it.n === 'string') return out;
  out.push(it);
  for (const c of childItems(it)) inner(c, out);
  return out;
}

/** A copy of a tree with every interface's type `t`. */
function retype(d: DNode, t: string): DNode {
  const c = d.copy();
  for (let i = 0; i < c.k.length; i++) {
    const s = c.k[i];
    const v = c.v[i];
    if (s.qname === 'ietf-interfaces:type' && typeof v === 'string') c.v[i] = t;
    else if (v instanceof DNode) c.v[i] = retype(v, t);
    else if (v instanceof DList) {
      const l = v.copy();
      for (const e of v.values()) l.set(entryKey(s, e), retype(e, t));
      c.v[i] = l;
    }
  }
  return c;
}

describe('whens that read one leaf', () => {
  it('finds the BBF shapes, and nothing that reads more', () => {
    const r = (src: string) => leafRead(parseXPath(src));
    expect(r("derived-from-or-self(ietf-interfaces:type, 'bbf-if-type:sub-interface')")).toMatchObject({
      ups: 0,
      q: 'ietf-interfaces:type',
    });
    expect(
      r("derived-from-or-self(../../ietf-interfaces:type, 'x:y') or ../../ietf-interfaces:type = 'x:z'"),
    ).toMatchObject({ ups: 2 });
    expect(r("../a:enable = 'true'")).toMatchObject({ ups: 1, q: 'a:enable' });
    for (const src of [
      "../a:x = 'true' and a:x = 'true'",
      'a:x = ../a:y',
      "a:c/a:x = 'v'",
      "/a:x = 'v'",
      "current()/a:x = 'v'",
      'string() = 1',
      "a:l[a:k = 'v']",
      ". = 'v'",
      'deref(a:x)',
    ])
      expect(r(src)).toBeUndefined();
  });

  it('one answer per (expression, leaf, value), in every context the reference and its variants give', () => {
    const reference = parseDocument(schema, parseXml(xml)).root;
    const types = ['bbf-xpon-if-type:v-ani', 'bbf-if-type:vlan-sub-interface', 'iana-if-type:ethernetCsmacd'];
    const trees = [reference, ...types.map((t) => retype(reference, t))];
    const answers = new Map<string, boolean>();
    let n = 0;
    for (const tree of trees) {
      const root = rootItem(tree);
      for (const at of inner(root)) {
        for (const w of whens) {
          const lr = leafRead(w.expr);
          if (!lr) continue;
          for (const ctx of [at, { n: new DNode(at.s), s: at.s, up: at }]) {
            let x: Item | undefined = ctx;
            for (let i = 0; i < lr.ups && x; i++) x = x.up;
            const leaf = x && typeof x.n !== 'string' ? lr.leafOf(x.s) : undefined;
            const v = leaf && (x!.n as DNode).get(leaf);
            if (typeof v !== 'string') continue;
            let r: boolean | string;
            try {
              r = toBool(evaluate(w.expr, ctx, checker.context(root, ctx)));
            } catch {
              continue;
            }
            const k = `${w.src}\u0000${leaf!.uid}\u0000${v}`;
            expect(answers.get(k) ?? r, k).toBe(r);
            answers.set(k, r);
            n++;
          }
        }
      }
    }
    expect(n).toBeGreaterThan(3_000);
    expect(new Set(answers.values()).size).toBe(2);
  });
});

/**
 * The compiled `when`/`must` tests (simulators/yang/xpath-compile.ts) must give what the general
 * XPath evaluator gives (xpath-eval.ts, toBool of evaluate), or throw where it throws. Every `when`
 * and `must` of the BBF schema is evaluated both ways: at every node of the reference subscriber
 * (test/fixtures/bbf/one-subscriber.xml), whatever the node — contexts the expression was not
 * written for exercise the walk's dead ends — and, on ~150 mutated copies of it (a node removed, a
 * leaf given another value, an identity or a key from elsewhere in the tree), at the contexts the
 * validator uses: the node (must), its data parent or a dummy of it (when, RFC 7950 §7.21.5),
 * present or absent.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { bbfSchema, type SMust, type SNode } from '../../simulators/yang/schema.ts';
import { parseXml } from '../../simulators/yang/xml.ts';
import { parseDocument } from '../../simulators/yang/edit.ts';
import { Validator } from '../../simulators/yang/validate.ts';
import {
  childItems,
  DList,
  DNode,
  entryKey,
  rootItem,
  type Item,
  type Val,
} from '../../simulators/yang/data.ts';
import { whensOf } from '../../simulators/yang/deps.ts';
import { compileBool } from '../../simulators/yang/xpath-compile.ts';
import { evaluate, toBool } from '../../simulators/yang/xpath-eval.ts';

const DIR = fileURLToPath(new URL('../fixtures/bbf/', import.meta.url));
const schema = bbfSchema();
const checker = new Validator(schema).checker;
const reference = parseDocument(schema, parseXml(readFileSync(`${DIR}one-subscriber.xml`, 'utf8'))).root;

const exprs: SMust[] = [];
for (const s of schema.all) {
  if (s.when) exprs.push(s.when);
  if (s.whenUp) exprs.push(s.whenUp);
  exprs.push(...s.musts);
}
const compiled = new Map(exprs.map((m) => [m, compileBool(m.expr)]));

function allItems(it: Item, out: Item[] = []): Item[] {
  out.push(it);
  if (typeof it.n !== 'string') for (const c of childItems(it)) allItems(c, out);
  return out;
}

type Outcome = boolean | 'throws';
function both(m: SMust, at: Item, root: Item): [Outcome, Outcome] {
  const run = (f: () => boolean): Outcome => {
    try {
      return f();
    } catch {
      return 'throws';
    }
  };
  return [
    run(() => toBool(evaluate(m.expr, at, checker.context(root, at)))),
    run(() => compiled.get(m)!(at, checker.context(root, at))),
  ];
}

/** Mismatches of the two evaluations (expression, context), and how many evaluations were made. */
function compareAt(contexts: [SMust, Item][], root: Item): { diffs: string[]; n: number; trues: number } {
  const diffs: string[] = [];
  let trues = 0;
  for (const [m, at] of contexts) {
    const [g, c] = both(m, at, root);
    if (g === true) trues++;
    if (g !== c) diffs.push(`${m.src} at ${at.s.qname}: general ${g}, compiled ${c}`);
  }
  return { diffs, n: contexts.length, trues };
}

/** The contexts the validator evaluates each when / must of the tree's nodes in (checks.ts). */
function validatorContexts(root: Item): [SMust, Item][] {
  const out: [SMust, Item][] = [];
  const children = new Map<SNode, SNode[]>();
  for (const s of schema.all) {
    const p = s.dataParent;
    if (s.isData && p) children.set(p, [...(children.get(p) ?? []), s]);
  }
  for (const it of allItems(root)) {
    for (const m of it.s.musts) out.push([m, it]);
    if (typeof it.n === 'string') continue;
    for (const c of children.get(it.s) ?? []) {
      for (const w of whensOf(c)) {
        const dummy: Item = { n: c.isInner ? new DNode(c) : '', s: c, up: it };
        out.push([w.w, w.self ? dummy : it]);
      }
    }
  }
  return out;
}

/** A copy of the tree with the node `it` replaced by `v` (undefined: removed); the rest shared. */
function replaced(it: Item, v: Val | undefined): DNode {
  const p = it.up!;
  const d = (p.n as DNode).copy();
  const old = d.get(it.s);
  if (old instanceof DList) {
    const l = old.copy();
    const k = entryKey(it.s, it.n as DNode);
    if (v) l.set(k, v as DNode);
    else l.delete(k);
    d.put(it.s, l.size ? l : undefined);
  } else if (Array.isArray(old)) {
    const rest = old.filter((x) => x !== it.n);
    d.put(it.s, v !== undefined ? [...rest, v as string] : rest.length ? rest : undefined);
  } else d.put(it.s, v);
  return p.up ? replaced(p, d) : d;
}

describe('compiled when/must tests equal the general XPath evaluator', () => {
  const root = rootItem(reference);
  const items = allItems(root);

  it('every when and must of the schema, at every node of the reference subscriber', () => {
    const contexts: [SMust, Item][] = [];
    for (const m of exprs) for (const at of items) contexts.push([m, at]);
    const r = compareAt(contexts, root);
    expect(r.diffs).toEqual([]);
    expect(r.n).toBeGreaterThan(50_000);
    expect(r.trues).toBeGreaterThan(1_000);
  });

  it('the validator contexts of ~150 mutated copies of the reference', () => {
    const leaves = items.filter((i) => typeof i.n === 'string' && i.up && i.s.config);
    const pool = [...new Set(leaves.map((l) => l.n as string))];
    const mutants: DNode[] = [];
    // every 7th node removed, every 5th leaf given a value another leaf holds (types ignored: the
    // evaluators must agree on any tree)
    items.forEach((x, i) => {
      if (x.up && i % 7 === 0) mutants.push(replaced(x, undefined));
    });
    leaves.forEach((x, i) => {
      if (i % 5 === 0) mutants.push(replaced(x, pool[(i * 31) % pool.length]));
    });
    for (const id of [
      'bbf-xpon-if-type:v-ani',
      'bbf-if-type:vlan-sub-interface',
      'iana-if-type:ethernetCsmacd',
    ])
      for (const x of leaves.filter((l) => l.s.name === 'type')) mutants.push(replaced(x, id));
    expect(mutants.length).toBeGreaterThan(100);
    let n = 0;
    let trues = 0;
    for (const t of mutants) {
      const r2 = rootItem(t);
      const r = compareAt(validatorContexts(r2), r2);
      expect(r.diffs).toEqual([]);
      n += r.n;
      trues += r.trues;
    }
    expect(trues).toBeGreaterThan(n / 10);
    expect(trues).toBeLessThan(n);
  });
});

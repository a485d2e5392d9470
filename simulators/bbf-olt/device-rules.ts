/**
 * Rules a real OLT enforces that no must/unique of the BBF modules states (TR-385 leaves them to the
 * OLT; docs/bbf-mapping.md §7, test/fixtures/bbf/semantic-duplicates.xml):
 *   - an expected serial number authorises one v-ANI on the OLT (G.984.3 §9.2.4.1: one ONU, one serial);
 *   - an ONU id is used once per channel partition, and within the technology's range (G-PON
 *     0..253, G.984.3 §5.5.2; XGS-PON 0..1020, G.9807.1 §C.6.1.5.6);
 *   - alloc-ids and GEM port ids are used once per channel group (PON), within the technology's
 *     range (G.984.3 §5.5.3, §5.5.5: alloc 256..4095, GEM 0..4095; G.9807.1: alloc 1024..16383,
 *     XGEM 1021..65534);
 *   - at most one GEM port per traffic class on one olt-v-enet (the class selects the GEM port);
 *   - a sub-interface is a port of at most one forwarder.
 * Refusals: error-tag operation-failed, an error-app-tag of this OLT's own, the error-path at the
 * second occurrence. Checked in full (a document) or for the entities a commit touches, against an
 * index of the running datastore.
 */
import { DList, DNode, pathOf, type Item } from '../yang/data.ts';
import type { Schema, SNode } from '../yang/schema.ts';
import type { YangError } from '../yang/errors.ts';
import { IdsByKey } from '../yang/ids-by-key.ts';
import { ListDiffs, type ListChange } from '../yang/list-diffs.ts';
import { RULES, type Rule, type RuleTree } from './device-rule-defs.ts';

/** Entity id → its rule key in the indexed (running) tree, and key → ids (one alone, a set only while a key is held twice). */
interface RuleIndex {
  keyOf: Map<string, string>;
  ids: IdsByKey;
}

export class DeviceRules {
  private idx = new Map<Rule, RuleIndex>();

  constructor(private readonly schema: Schema) {}

  private tree(root: DNode, diffs = new ListDiffs()): RuleTree {
    return new RuleTreeImpl(this.schema, root, diffs);
  }

  /** Every rule over a whole tree (a document, or running at start); also (re)builds the index. */
  full(root: DNode): YangError[] {
    const t = this.tree(root);
    const out: YangError[] = [];
    this.idx = new Map();
    for (const r of RULES) {
      const ri: RuleIndex = { keyOf: new Map(), ids: new IdsByKey() };
      this.idx.set(r, ri);
      for (const e of r.entities(t)) {
        const range = r.range?.(t, e);
        if (range) out.push(this.error(r, e, range, 'range'));
        const k = r.key(t, e);
        if (k === undefined) continue;
        if (ri.ids.has(k)) out.push(this.error(r, e, r.message(k), 'dup'));
        ri.ids.add(k, e.id);
        ri.keyOf.set(e.id, k);
      }
    }
    return out;
  }

  /**
   * The rules for what differs between running `prev` (indexed) and `next`; `diffs`: the list
   * differences, shared with the YANG validation of the same check.
   */
  incremental(prev: DNode, next: DNode, diffs = new ListDiffs()): { errors: YangError[]; commit(): void } {
    const tp = this.tree(prev, diffs);
    const tn = this.tree(next, diffs);
    const out: YangError[] = [];
    const updates: (() => void)[] = [];
    for (const r of RULES) {
      const ri = this.idx.get(r)!;
      const { ids: touched, present: found } = r.touched(tp, tn);
      if (!touched.size) continue;
      // the key of each present entity, in `found`'s order (ids distinct: one entry of a list each)
      const keys: (string | undefined)[] = [];
      // how many touched entities hold each key: a key held twice among them is a duplicate (a
      // count per key, not a pairwise scan: a 256-subscriber commit touches ~1 000 entities per rule)
      const held = new Map<string, number>();
      for (let i = 0; i < found.length; i++) {
        const k = r.key(tn, found[i]);
        keys.push(k);
        if (k !== undefined) held.set(k, (held.get(k) ?? 0) + 1);
      }
      for (let i = 0; i < found.length; i++) {
        const e = found[i];
        const k = keys[i];
        const range = r.range?.(tn, e);
        if (range) out.push(this.error(r, e, range, 'range'));
        if (k === undefined) continue;
        const dup = held.get(k)! > 1 || ri.ids.heldByOther(k, touched);
        if (dup) out.push(this.error(r, e, r.message(k), 'dup'));
      }
      updates.push(() => {
        // every touched id leaves its old key, then the present ones take their new keys (the index
        // is a set per key: the order of its changes does not matter)
        for (const id of touched) {
          const old = ri.keyOf.get(id);
          if (old === undefined) continue;
          ri.ids.remove(old, id);
          ri.keyOf.delete(id);
        }
        for (let i = 0; i < found.length; i++) {
          const k = keys[i];
          if (k === undefined) continue;
          const id = found[i].id;
          ri.ids.add(k, id);
          ri.keyOf.set(id, k);
        }
      });
    }
    return { errors: out, commit: () => updates.forEach((u) => u()) };
  }

  private error(r: Rule, e: Item, message: string, kind: 'dup' | 'range'): YangError {
    const at = r.leafItem(e);
    return {
      type: 'application',
      tag: 'operation-failed',
      appTag: kind === 'dup' ? r.appTag : r.rangeAppTag,
      path: pathOf(at),
      libyangPath: pathOf(at, 'libyang'),
      message,
    };
  }
}

/** Navigation helpers the rule definitions use (module:name steps through containers and lists). */
class RuleTreeImpl implements RuleTree {
  constructor(
    readonly schema: Schema,
    readonly root: DNode,
    private readonly diffs: ListDiffs,
  ) {}

  diff(l: DList | undefined, old: DList | undefined): readonly ListChange[] {
    return this.diffs.of(l, old);
  }

  node(from: DNode, ...path: string[]): DNode | DList | string | undefined {
    let cur: DNode | DList | string | string[] | undefined = from;
    for (const q of path) {
      if (!(cur instanceof DNode)) return undefined;
      const s: SNode | undefined = cur.s.byName.get(q);
      if (!s) return undefined;
      cur = cur.get(s);
    }
    return Array.isArray(cur) ? undefined : cur;
  }

  list(...path: string[]): DList | undefined {
    const l = this.node(this.root, ...path);
    return l instanceof DList ? l : undefined;
  }

  leaf(from: DNode | undefined, ...path: string[]): string | undefined {
    if (!from) return undefined;
    const v = this.node(from, ...path);
    return typeof v === 'string' ? v : undefined;
  }
}

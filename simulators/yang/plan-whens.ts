/**
 * The whens of the absent nodes a child plan names (child-plans.ts: a choice with no case, a
 * mandatory leaf, a non-presence container), answered together when the value of one leaf of the
 * node decides them all. An interface's plan names the six containers of other interface types
 * (channel partition, pair, termination, v-enets, v-vrefpoint), each under a when on its `if:type`
 * (RFC 7950 §7.21.5, an augment's when, §7.17): a commit of 256 subscribers asks ~17 000 such whens
 * of ~3 000 interfaces. Each is a leafRead (when-reads.ts), which checks.ts whenHolds already
 * answers once per (expression, leaf, value); here one lookup per interface gives all six.
 */
import type { DNode, Item } from './data.ts';
import type { Schema, SNode } from './schema.ts';
import type { NodeWhen } from './deps.ts';

/** What answers a node's whens (checks.ts Checker). */
export interface WhensAsker {
  whensHold(s: SNode, parent: Item, root: Item): boolean;
}

/** The leaf whose value decides the whens of a plan's absent nodes, and their answers by its value. */
interface PlanLead {
  leaf: SNode;
  byValue: Map<string, Uint8Array>;
}

export class PlanWhens {
  /**
   * Per schema node (by uid): 1 if a node below it (through choices and cases) other than a list or
   * leaf-list has a when, so that a plan of its may name one.
   */
  private readonly whenKids: Uint8Array;
  /** Per plan: its lead, or null if no one leaf decides its whens. */
  private readonly leads = new WeakMap<readonly SNode[], PlanLead | null>();

  /** `whens`: whensOf per schema node, by uid. */
  constructor(
    schema: Schema,
    private readonly whens: readonly (readonly NodeWhen[])[],
  ) {
    this.whenKids = new Uint8Array(schema.all.length);
    for (const s of schema.all) {
      const p = s.dataParent;
      if (p && whens[s.uid].length && s.kind !== 'list' && s.kind !== 'leaf-list') this.whenKids[p.uid] = 1;
    }
  }

  /**
   * Whether the whens of each absent node of `plan` (the plan of `d`, at item `it`) hold, by index
   * (lists and leaf-lists: 0, not asked). Undefined when no one leaf decides them, or it is absent
   * from `d`: the caller then asks each node's whens itself.
   */
  held(plan: readonly SNode[], d: DNode, it: Item, root: Item, ask: WhensAsker): Uint8Array | undefined {
    if (!plan.length || this.whenKids[d.s.uid] === 0) return undefined;
    let lead = this.leads.get(plan);
    if (lead === undefined) this.leads.set(plan, (lead = this.leadOf(plan, d.s)));
    if (lead === null) return undefined;
    const v = d.get(lead.leaf);
    if (typeof v !== 'string') return undefined;
    let held = lead.byValue.get(v);
    if (held === undefined) {
      // the answers whenHolds gives for this value (and remembers): one per (expression, leaf, value)
      held = new Uint8Array(plan.length);
      for (let i = 0; i < plan.length; i++) {
        const c = plan[i];
        if (c.kind !== 'list' && c.kind !== 'leaf-list' && ask.whensHold(c, it, root)) held[i] = 1;
      }
      lead.byValue.set(v, held);
    }
    return held;
  }

  /**
   * The one leaf (of a node of `s`) every when of the plan's absent nodes reads where whenHolds
   * takes the value at the node itself: a leafRead with no `..` on the data parent, or one `..` on
   * the node (the node's own when, RFC 7950 §7.21.5 context). Null if some when is no such read.
   */
  private leadOf(plan: readonly SNode[], s: SNode): PlanLead | null {
    let leaf: SNode | undefined;
    for (const c of plan) {
      if (c.kind === 'list' || c.kind === 'leaf-list') continue;
      for (const w of this.whens[c.uid]) {
        const lr = w.lr;
        if (!lr || lr.ups !== (w.self ? 1 : 0)) return null;
        const l = lr.leafOf(s);
        if (!l || (leaf && l !== leaf)) return null;
        leaf = l;
      }
    }
    return leaf ? { leaf, byValue: new Map() } : null;
  }
}

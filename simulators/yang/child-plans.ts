/**
 * What the children constraints of an inner node (checks.ts `within`) leave to check once its shape
 * — which children are present — is known: mandatory leaves and choices (RFC 7950 §7.6.5, §7.9.4, the
 * active case of a choice §7.9), min/max-elements and unique (§7.7.5, §7.7.6, §7.8.3), non-presence
 * containers (§7.5.1) holding any of those.
 *
 * The shape of a node is its `k` array, and nodes of one schema node with the same children share
 * one (nodes.ts `compact`): a commit of 256 subscribers checks ~50 000 nodes of a few dozen shapes.
 * So the plan — the children left to check, in the order `within` checks them, a choice's active
 * case inlined — is found once per shape: a present mandatory leaf and the choice's case need no
 * more look; what is left is what depends on values (the whens of absent nodes, list sizes, unique).
 * A node's `k` never changes once the node is part of a tree handed to a check: a writer changes
 * only the nodes of its own run, and copies any other (edit.ts `mine`).
 */
import type { DNode } from './data.ts';
import type { SNode } from './schema.ts';
import { activeCase } from './cases.ts';

export class ChildPlans {
  private readonly relevantMemo = new Map<SNode, boolean>();
  private readonly relevantKids = new Map<SNode, SNode[]>();
  private readonly emptyKids = new Map<SNode, SNode[]>();
  /** By shape (a node's `k`): the schema node it was made for, its length then, and the plan. */
  private readonly plans = new WeakMap<readonly SNode[], { s: SNode; n: number; plan: readonly SNode[] }>();

  /**
   * The children of `d` (of schema node `d.s`) left to check, in order: a choice whose case has no
   * data (mandatory: its whens decide), a mandatory leaf / anydata absent (its whens decide), a
   * relevant list or leaf-list present or with a min-elements, an absent non-presence container that
   * can fail empty (its whens decide, then its own plan as an empty node).
   */
  of(d: DNode): readonly SNode[] {
    const k = d.k;
    const known = this.plans.get(k);
    if (known && known.s === d.s && known.n === k.length) return known.plan;
    const plan: SNode[] = [];
    this.build(d, d.s, plan);
    this.plans.set(k, { s: d.s, n: k.length, plan });
    return plan;
  }

  private build(d: DNode, sp: SNode, plan: SNode[]): void {
    const kids = this.relevantChildren(sp);
    const k = d.k;
    for (let i = 0; i < kids.length; i++) {
      const c = kids[i];
      switch (c.kind) {
        case 'choice': {
          const act = activeCase(d, c);
          if (act) this.build(d, act, plan);
          else if (c.mandatory) plan.push(c);
          break;
        }
        case 'leaf':
        case 'anydata':
        case 'anyxml':
          if (c.mandatory && !k.includes(c)) plan.push(c);
          break;
        case 'leaf-list':
        case 'list':
          if (c.minElements > 0 || k.includes(c)) plan.push(c);
          break;
        case 'container':
          if (!c.presence && this.emptyChildren(c).length && !k.includes(c)) plan.push(c);
          break;
      }
    }
  }

  /**
   * The config children of `sp` with something for `within` to check (a BBF interface has ~150
   * children, of which a handful matter): the schema never changes, so found once per schema node.
   */
  relevantChildren(sp: SNode): readonly SNode[] {
    let r = this.relevantKids.get(sp);
    if (!r) this.relevantKids.set(sp, (r = sp.children.filter((c) => c.config && this.relevant(c))));
    return r;
  }

  /**
   * The children of `sp` that can fail in an empty `sp` (an implicit container): mandatory leaves and
   * choices, lists with a min-elements, containers holding those — a max-elements or a unique cannot.
   * An absent container with none is not visited (nor its whens evaluated): it cannot fail.
   */
  emptyChildren(sp: SNode): readonly SNode[] {
    let r = this.emptyKids.get(sp);
    if (!r) {
      r = this.relevantChildren(sp).filter((c) =>
        c.kind === 'leaf' || c.kind === 'anydata' || c.kind === 'anyxml' || c.kind === 'choice'
          ? c.mandatory
          : c.kind === 'list' || c.kind === 'leaf-list'
            ? c.minElements > 0
            : c.kind === 'container' && !c.presence && this.emptyChildren(c).length > 0,
      );
      this.emptyKids.set(sp, r);
    }
    return r;
  }

  /** Does a mandatory node, a cardinality or a unique constraint sit at or below `c` (through NP containers, choices)? */
  private relevant(c: SNode): boolean {
    let r = this.relevantMemo.get(c);
    if (r !== undefined) return r;
    switch (c.kind) {
      case 'leaf':
      case 'anydata':
      case 'anyxml':
        r = c.mandatory;
        break;
      case 'leaf-list':
      case 'list':
        r = c.minElements > 0 || c.maxElements < Infinity || !!c.gen?.uq;
        break;
      case 'choice':
        r = c.mandatory || c.children.some((cs) => cs.children.some((x) => this.relevant(x)));
        break;
      case 'case':
        r = c.children.some((x) => this.relevant(x));
        break;
      case 'container':
        r = !c.presence && c.children.some((x) => this.relevant(x));
        break;
      default:
        r = false;
    }
    this.relevantMemo.set(c, r);
    return r;
  }
}

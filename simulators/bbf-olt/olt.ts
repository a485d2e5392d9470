/**
 * One simulated OLT speaking the BBF models over NETCONF: its schema (the announced library), its
 * datastores seeded with the TR-385 infrastructure of its PON ports, the physical view the rest of the
 * lab reads (SNMP, OMCI relay), and the operational datastore on request.
 */
import type { SimOlt } from '../core/topology.ts';
import { DList, DNode } from '../yang/data.ts';
import { bbfSchema, type Schema } from '../yang/schema.ts';
import type { XEl } from '../yang/xml.ts';
import type { YangError } from '../yang/errors.ts';
import type { ListDiffs } from '../yang/list-diffs.ts';
import { BbfDatastores } from './datastores.ts';
import { DeviceRules } from './device-rules.ts';
import { infrastructureOf, seedInfrastructure, type Infrastructure } from './infrastructure.ts';
import { operationalTree } from './operational.ts';
import { libraryTree } from './library.ts';
import { PhysicalView } from './physical-view.ts';

export class BbfOlt {
  readonly schema: Schema;
  readonly ds: BbfDatastores;
  readonly infra: Infrastructure;
  readonly since = Date.now();
  private readonly view: PhysicalView;

  constructor(
    readonly sim: SimOlt,
    profile: string,
  ) {
    this.schema = bbfSchema();
    this.infra = infrastructureOf(sim, profile);
    const seeded = seedInfrastructure(this.schema, new DNode(this.schema.root), this.infra);
    this.ds = new BbfDatastores(this.schema, seeded);
    this.view = new PhysicalView(this.schema, sim, this.infra);
    this.view.update(this.ds.running);
    this.ds.on('running-changed', (_version: number, diffs: ListDiffs) =>
      this.view.update(this.ds.running, diffs),
    );
  }

  /**
   * The operational datastore (RFC 8342). With a subtree filter naming only the YANG library, the
   * interface state (the expensive part on a big OLT) is not built.
   */
  operational(filter?: XEl): DNode {
    const wanted = filter?.children.map((c) => c.name) ?? [];
    if (wanted.length && wanted.every((n) => n === 'yang-library' || n === 'modules-state'))
      return libraryTree(this.schema);
    return operationalTree(
      { schema: this.schema, olt: this.sim, infra: this.infra, since: this.since },
      this.ds.running,
    );
  }

  /** RFC 8526 §3.1.1 config-filter: only config true nodes (true) or only config false ones (false). */
  configFilter(tree: DNode, config: boolean): DNode {
    return keep(tree, config) ?? new DNode(tree.s);
  }

  /** A whole document, as `<validate>` with inline `<config>`: the schema and the OLT's rules. */
  validateFull(root: DNode): YangError[] {
    return [...this.ds.validator.full(root), ...new DeviceRules(this.schema).full(root)];
  }
}

/** A copy of `d` with only config (or only state) nodes; keys and the ancestors of kept nodes stay. */
function keep(d: DNode, config: boolean): DNode | undefined {
  const out = new DNode(d.s);
  let any = false;
  const keys = d.s.kind === 'list' ? d.s.keys : [];
  for (let i = 0; i < d.k.length; i++) {
    const s = d.k[i];
    const v = d.v[i];
    if (keys.includes(s)) {
      out.put(s, v);
      continue;
    }
    if (s.config !== config && (typeof v === 'string' || Array.isArray(v))) continue;
    if (typeof v === 'string' || Array.isArray(v)) {
      out.put(s, v);
      any = true;
    } else if (v instanceof DList) {
      const l = new DList(s);
      l.owner = -1;
      for (const [k, e] of v.entries()) {
        const x = keep(e, config);
        if (x) l.set(k, x);
      }
      if (l.size) {
        out.put(s, l);
        any = true;
      }
    } else {
      const x = keep(v, config);
      if (x) {
        out.put(s, x);
        any = true;
      }
    }
  }
  // a presence container holds meaning by itself (config only)
  return any || (config && d.s.presence && d.s.config) ? out : undefined;
}

/**
 * What the rest of the simulated OLT needs from the BBF configuration: which ONT serial is
 * authorised with which ONU id on which PON (the OLT's OMCI relay addresses ONTs by it, the SNMP
 * agent reports it, `SimOlt.isAuthorised` asks it), and the T-CONTs and GEM ports the OLT would set
 * up on that ONU over OMCI. It is kept in the OLT's `OltConfigStore` (simulators/core), updated from
 * what each commit changed. This is the OLT's own reading of its datastore (by references: v-ANI →
 * partition → PON, T-CONT → v-ANI, GEM → olt-v-enet → v-ANI), not ponctl's naming scheme.
 */
import type { SimOlt } from '../core/topology.ts';
import type { ChannelTermination, VAni } from '../../src/domain/olt-config/model.ts';
import { DList, DNode } from '../yang/data.ts';
import type { Schema, SNode } from '../yang/schema.ts';
import { IdsByKey } from '../yang/ids-by-key.ts';
import { ListDiffs, type ListChange } from '../yang/list-diffs.ts';
import type { Infrastructure } from './infrastructure.ts';

const IF = ['ietf-interfaces:interfaces', 'ietf-interfaces:interface'];
const TCONTS = ['bbf-xpongemtcont:xpongemtcont', 'bbf-xpongemtcont:tconts', 'bbf-xpongemtcont:tcont'];
const GEMS = ['bbf-xpongemtcont:xpongemtcont', 'bbf-xpongemtcont:gemports', 'bbf-xpongemtcont:gemport'];

interface VaniView {
  pon: string;
  onuId: number;
  serial: string;
  description?: string;
}

export class PhysicalView {
  private prev: DNode | undefined;
  private names: Names | undefined;
  private readonly vanis = new Map<string, VaniView>();
  /** T-CONT name → v-ANI, descriptor; GEM name → olt-v-enet, T-CONT. */
  private readonly tconts = new Map<string, { vani: string; profile: string }>();
  private readonly gems = new Map<string, { venet: string; tcont: string }>();
  private readonly venetLower = new Map<string, string>();
  /** The reverse references, so a commit re-reads only the ONUs it touched. */
  private readonly tcontsOf = new IdsByKey();
  private readonly venetsOf = new IdsByKey();
  private readonly gemsOf = new IdsByKey();
  private readonly gemsOfTcont = new IdsByKey();
  /** PON → v-ANI name → the ONU as projected; PON → its channel termination (rebuilt when touched). */
  private readonly onus = new Map<string, Map<string, VAni>>();
  private readonly ponOf = new Map<string, string>();
  private readonly cts = new Map<string, ChannelTermination>();

  constructor(
    private readonly schema: Schema,
    private readonly olt: SimOlt,
    private readonly infra: Infrastructure,
  ) {}

  /**
   * Bring the OLT's config store to `running` (only what differs from the last call is read). `diffs`:
   * the list differences the commit making it running found (datastores.ts); a list diffed there
   * against another previous version than the last one seen here is diffed again (ListDiffs.of).
   */
  update(running: DNode, diffs = new ListDiffs()): void {
    const prev = this.prev;
    this.prev = running;
    const n = this.namesOf(running.s);
    // v-ANIs whose projection may change; `moved`: their interface entry changed (kept in that order)
    const touched = new Set<string>();
    const moved = new Set<string>();
    const ifs = changed(diffs, prev, running, n.ifs);
    for (let i = 0; i < ifs.length; i++) {
      const name = ifs[i][0];
      const e = ifs[i][1];
      const was = this.venetLower.get(name);
      const vani = e && child(e, n.vani);
      const lower = e && leaf(child(e, n.venet), n.lower);
      // neither an ONU nor stacked on one, before or now (~10 of the 12 interfaces of a subscriber):
      // nothing of the view reads it (a T-CONT naming it has no slot: tcontSlot)
      if (!vani && !lower && was === undefined && !this.vanis.has(name)) continue;
      if (was !== undefined) {
        this.venetsOf.remove(was, name);
        touched.add(was);
      }
      touched.add(name);
      moved.add(name);
      const serial = leaf(vani, n.serial);
      const onuId = leaf(vani, n.onuId);
      const pon = vani && this.infra.ponOfPartition.get(leaf(vani, n.partition) ?? '');
      if (serial && onuId !== undefined && pon)
        this.vanis.set(name, { pon, onuId: Number(onuId), serial, description: leaf(e, n.description) });
      else this.vanis.delete(name);
      if (lower) {
        this.venetLower.set(name, lower);
        this.venetsOf.add(lower, name);
        touched.add(lower);
      } else if (was !== undefined) this.venetLower.delete(name);
    }
    const tcontsChanged: string[] = [];
    const tcs = changed(diffs, prev, running, n.tconts);
    for (let i = 0; i < tcs.length; i++) {
      const name = tcs[i][0];
      const e = tcs[i][1];
      tcontsChanged.push(name);
      const was = this.tconts.get(name);
      if (was) {
        this.tcontsOf.remove(was.vani, name);
        touched.add(was.vani);
      }
      const vani = e && leaf(e, n.tcontVani);
      if (vani) {
        this.tconts.set(name, { vani, profile: leaf(e, n.tcontProfile) ?? '' });
        this.tcontsOf.add(vani, name);
        touched.add(vani);
      } else if (was) this.tconts.delete(name);
    }
    const gs = changed(diffs, prev, running, n.gems);
    for (let i = 0; i < gs.length; i++) {
      const name = gs[i][0];
      const e = gs[i][1];
      const was = this.gems.get(name);
      if (was) {
        this.gemsOf.remove(was.venet, name);
        this.gemsOfTcont.remove(was.tcont, name);
        touched.add(this.venetLower.get(was.venet) ?? '');
      }
      const venet = e && leaf(e, n.gemVenet);
      if (venet) {
        const tcont = leaf(e, n.gemTcont) ?? '';
        this.gems.set(name, { venet, tcont });
        this.gemsOf.add(venet, name);
        this.gemsOfTcont.add(tcont, name);
        touched.add(this.venetLower.get(venet) ?? '');
      } else if (was) this.gems.delete(name);
    }
    // a GEM names its T-CONT by the slot that T-CONT has on its own ONU: the ONUs of the GEMs using a
    // changed T-CONT, or a T-CONT of an ONU whose slots may have moved, are touched too
    const gemOnu = (g: string) => this.venetLower.get(this.gems.get(g)!.venet) ?? '';
    for (const t of tcontsChanged) for (const g of this.gemsOfTcont.get(t)) touched.add(gemOnu(g));
    for (const v of [...touched])
      for (const t of this.tcontsOf.get(v)) for (const g of this.gemsOfTcont.get(t)) touched.add(gemOnu(g));
    this.project(touched, moved);
    this.olt.config.setRunning({ trafficProfiles: [], channelTerminations: [...this.cts.values()] });
  }

  /** The schema nodes read, from the root's (the same for every tree of one schema: looked up once). */
  private namesOf(root: SNode): Names {
    if (this.names?.root !== root) this.names = namesOf(root);
    return this.names;
  }

  /** Re-project the ONUs named in `touched` (only v-ANIs are ONUs; other names are skipped). */
  private project(touched: Set<string>, moved: Set<string>): void {
    const pons = new Set<string>();
    for (const name of touched) {
      const v = this.vanis.get(name);
      const was = this.ponOf.get(name);
      // an ONU keeps its place in its PON unless its interface entry changed (the order of a full read)
      if (was !== undefined && (!v || v.pon !== was || moved.has(name))) {
        this.onus.get(was)!.delete(name);
        this.ponOf.delete(name);
        pons.add(was);
      }
      if (!v) continue;
      let m = this.onus.get(v.pon);
      if (!m) this.onus.set(v.pon, (m = new Map()));
      m.set(name, this.onu(name, v));
      this.ponOf.set(name, v.pon);
      pons.add(v.pon);
    }
    for (const pon of pons) {
      const m = this.onus.get(pon)!;
      if (m.size) this.cts.set(pon, { name: pon, onus: [...m.values()] });
      else {
        this.onus.delete(pon);
        this.cts.delete(pon);
      }
    }
  }

  /** The T-CONT's slot on its ONU (1.. in name order: the ONU's OMCI T-CONT instances), if it has an ONU. */
  private tcontSlot(name: string): number | undefined {
    const t = this.tconts.get(name);
    if (!t || !this.vanis.has(t.vani)) return undefined;
    return [...this.tcontsOf.get(t.vani)].sort().indexOf(name) + 1;
  }

  private onu(name: string, v: VaniView): VAni {
    const olt = this.olt;
    const serial = v.serial;
    const own = [...this.tcontsOf.get(name)].sort();
    const tconts = own.map((t, i) => ({ id: i + 1, trafficProfile: this.tconts.get(t)!.profile }));
    // GEM slots in name order over every olt-v-enet stacked on this v-ANI (the ONU's 1..32 GEMs)
    const gemNames: string[] = [];
    for (const venet of this.venetsOf.get(name)) for (const g of this.gemsOf.get(venet)) gemNames.push(g);
    const gemports: VAni['gemports'] = [];
    for (const g of gemNames.sort()) {
      // the slot of a T-CONT of this ONU from the list above (a GEM may name another ONU's)
      const t = this.gems.get(g)!.tcont;
      const mine = this.tconts.get(t)?.vani === name ? own.indexOf(t) + 1 : 0;
      const tcont = mine || this.tcontSlot(t);
      if (tcont) gemports.push({ id: gemports.length + 1, tcont });
    }
    return {
      onuId: v.onuId,
      // the ONT by that serial now (an ONT installed later ranges with its model)
      get onuType() {
        return olt.ontBySerial(serial)?.model ?? 'unknown';
      },
      expectedSerial: serial,
      description: v.description,
      tconts,
      gemports,
      vlans: [],
    };
  }
}

/** The schema nodes the view reads: the three lists (their path from the root) and the leaves of an entry. */
interface Names {
  root: SNode;
  ifs: SNode[];
  tconts: SNode[];
  gems: SNode[];
  vani?: SNode;
  serial?: SNode;
  onuId?: SNode;
  partition?: SNode;
  description?: SNode;
  venet?: SNode;
  lower?: SNode;
  tcontVani?: SNode;
  tcontProfile?: SNode;
  gemVenet?: SNode;
  gemTcont?: SNode;
}

function namesOf(root: SNode): Names {
  const path = (names: string[]): SNode[] => {
    const out: SNode[] = [];
    for (let s: SNode | undefined = root, i = 0; s && i < names.length; i++) {
      s = s.byName.get(names[i]);
      if (s) out.push(s);
    }
    // a path the schema lacks: no list there (an empty path never names one)
    return out.length === names.length ? out : [];
  };
  const at = (s: SNode | undefined, q: string): SNode | undefined => s?.byName.get(q);
  const ifs = path(IF);
  const tconts = path(TCONTS);
  const gems = path(GEMS);
  const ifE = ifs[ifs.length - 1];
  const tcE = tconts[tconts.length - 1];
  const gemE = gems[gems.length - 1];
  const vani = at(ifE, 'bbf-xponvani:v-ani');
  const venet = at(ifE, 'bbf-xponvani:olt-v-enet');
  return {
    root,
    ifs,
    tconts,
    gems,
    vani,
    serial: at(vani, 'bbf-xponvani:expected-serial-number'),
    onuId: at(vani, 'bbf-xponvani:onu-id'),
    partition: at(vani, 'bbf-xponvani:channel-partition'),
    description: at(ifE, 'ietf-interfaces:description'),
    venet,
    lower: at(venet, 'bbf-xponvani:lower-layer-interface'),
    tcontVani: at(tcE, 'bbf-xpongemtcont:interface-reference'),
    tcontProfile: at(tcE, 'bbf-xpongemtcont:traffic-descriptor-profile-ref'),
    gemVenet: at(gemE, 'bbf-xpongemtcont:interface'),
    gemTcont: at(gemE, 'bbf-xpongemtcont:tcont-ref'),
  };
}

function list(root: DNode | undefined, path: SNode[]): DList | undefined {
  if (!path.length) return undefined;
  let d: DNode | DList | string | string[] | undefined = root;
  for (const s of path) {
    if (!(d instanceof DNode)) return undefined;
    d = d.get(s);
  }
  return d instanceof DList ? d : undefined;
}

/** Entries that differ between two versions of a list: key, entry (undefined: removed), old entry. */
function changed(
  diffs: ListDiffs,
  prev: DNode | undefined,
  next: DNode,
  path: SNode[],
): readonly ListChange[] {
  return diffs.of(list(next, path), list(prev, path));
}

/** The child container `s` of `d`, if there. */
function child(d: DNode, s: SNode | undefined): DNode | undefined {
  const v = s && d.get(s);
  return v instanceof DNode ? v : undefined;
}

/** The value of leaf `s` of `d`, if there. */
function leaf(d: DNode | undefined, s: SNode | undefined): string | undefined {
  const v = d && s && d.get(s);
  return typeof v === 'string' ? v : undefined;
}

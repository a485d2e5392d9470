/**
 * What the rest of the simulated OLT needs from the BBF configuration: which ONT serial is
 * authorised with which ONU id on which PON (the OLT's OMCI relay addresses ONTs by it, the SNMP
 * agent reports it, `SimOlt.isAuthorised` asks it), and the T-CONTs and GEM ports the OLT would set
 * up on that ONU over OMCI. It is kept in the OLT's `OltConfigStore` (simulators/core), updated from
 * what each commit changed. This is the OLT's own reading of its datastore (by references: v-ANI →
 * partition → PON, T-CONT → v-ANI, GEM → olt-v-enet → v-ANI), not ponctl's naming scheme.
 */
import type { SimOlt } from '../core/topology.ts';
import type { ChannelTermination, OltConfig, VAni } from '../../src/domain/olt-config/model.ts';
import { DList, DNode } from '../yang/data.ts';
import type { Schema, SNode } from '../yang/schema.ts';
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
  private readonly vanis = new Map<string, VaniView>();
  /** T-CONT name → v-ANI, descriptor; GEM name → olt-v-enet, T-CONT. */
  private readonly tconts = new Map<string, { vani: string; profile: string }>();
  private readonly gems = new Map<string, { venet: string; tcont: string }>();
  private readonly venetLower = new Map<string, string>();

  constructor(
    private readonly schema: Schema,
    private readonly olt: SimOlt,
    private readonly infra: Infrastructure,
  ) {}

  /** Bring the OLT's config store to `running` (only what differs from the last call is read). */
  update(running: DNode): void {
    const prev = this.prev;
    this.prev = running;
    for (const [name, e] of changed(prev, running, IF)) {
      this.vanis.delete(name);
      this.venetLower.delete(name);
      if (!e) continue;
      const serial = leaf(e, 'bbf-xponvani:v-ani', 'bbf-xponvani:expected-serial-number');
      const onuId = leaf(e, 'bbf-xponvani:v-ani', 'bbf-xponvani:onu-id');
      const pon = this.infra.ponOfPartition.get(
        leaf(e, 'bbf-xponvani:v-ani', 'bbf-xponvani:channel-partition') ?? '',
      );
      if (serial && onuId !== undefined && pon)
        this.vanis.set(name, {
          pon,
          onuId: Number(onuId),
          serial,
          description: leaf(e, 'ietf-interfaces:description'),
        });
      const lower = leaf(e, 'bbf-xponvani:olt-v-enet', 'bbf-xponvani:lower-layer-interface');
      if (lower) this.venetLower.set(name, lower);
    }
    for (const [name, e] of changed(prev, running, TCONTS)) {
      this.tconts.delete(name);
      const vani = e && leaf(e, 'bbf-xpongemtcont:interface-reference');
      if (vani)
        this.tconts.set(name, {
          vani,
          profile: leaf(e, 'bbf-xpongemtcont:traffic-descriptor-profile-ref') ?? '',
        });
    }
    for (const [name, e] of changed(prev, running, GEMS)) {
      this.gems.delete(name);
      const venet = e && leaf(e, 'bbf-xpongemtcont:interface');
      if (venet) this.gems.set(name, { venet, tcont: leaf(e, 'bbf-xpongemtcont:tcont-ref') ?? '' });
    }
    this.olt.config.setRunning(this.project());
  }

  private project(): OltConfig {
    const cts = new Map<string, ChannelTermination>();
    const byVani = new Map<string, VAni>();
    for (const [name, v] of this.vanis) {
      let ct = cts.get(v.pon);
      if (!ct) cts.set(v.pon, (ct = { name: v.pon, onus: [] }));
      const onu: VAni = {
        onuId: v.onuId,
        onuType: this.olt.ontBySerial(v.serial)?.model ?? 'unknown',
        expectedSerial: v.serial,
        description: v.description,
        tconts: [],
        gemports: [],
        vlans: [],
      };
      ct.onus.push(onu);
      byVani.set(name, onu);
    }
    // T-CONT / GEM slots on the ONU in name order (the ONU's OMCI instances: 1..8 T-CONTs, 1..32 GEMs)
    const tcontSlot = new Map<string, number>();
    for (const name of [...this.tconts.keys()].sort()) {
      const t = this.tconts.get(name)!;
      const onu = byVani.get(t.vani);
      if (!onu) continue;
      const id = onu.tconts.length + 1;
      onu.tconts.push({ id, trafficProfile: t.profile });
      tcontSlot.set(name, id);
    }
    for (const name of [...this.gems.keys()].sort()) {
      const g = this.gems.get(name)!;
      const onu = byVani.get(this.venetLower.get(g.venet) ?? '');
      const tcont = tcontSlot.get(g.tcont);
      if (onu && tcont) onu.gemports.push({ id: onu.gemports.length + 1, tcont });
    }
    return { trafficProfiles: [], channelTerminations: [...cts.values()] };
  }
}

function list(root: DNode | undefined, path: string[]): DList | undefined {
  let d: DNode | DList | string | string[] | undefined = root;
  for (const q of path) {
    if (!(d instanceof DNode)) return undefined;
    const s = d.s.byName.get(q);
    d = s ? d.get(s) : undefined;
  }
  return d instanceof DList ? d : undefined;
}

/** Entries that differ between two versions of a list (undefined: removed). */
function changed(prev: DNode | undefined, next: DNode, path: string[]): [string, DNode | undefined][] {
  const a = list(prev, path);
  const b = list(next, path);
  if (!b) return [...(a?.entries() ?? [])].map(([k]) => [k, undefined]);
  return b.changedKeys(a).map((k) => [k, b.get(k)]);
}

function leaf(d: DNode, ...path: string[]): string | undefined {
  let cur: DNode | string | undefined = d;
  for (const q of path) {
    if (!(cur instanceof DNode)) return undefined;
    const s: SNode | undefined = cur.s.byName.get(q);
    const v: unknown = s ? cur.get(s) : undefined;
    cur = v instanceof DNode || typeof v === 'string' ? v : undefined;
  }
  return typeof cur === 'string' ? cur : undefined;
}

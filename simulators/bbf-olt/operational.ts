/**
 * The operational state datastore (RFC 8342 §5.3; read with RFC 8526 `<get-data>` or RFC 6241
 * `<get>`): the running configuration in use, plus state taken at request time from the lab's
 * physical model (SimOlt: fibres, power, reboots), so an injected fault shows here as in SNMP:
 *   - every configured interface: `oper-status`, `statistics/discontinuity-time` (RFC 8343, both
 *     mandatory state in the NMDA tree);
 *   - `/interfaces-state` (TR-385 still puts xPON state there): per channel termination the ONUs
 *     present on it (bbf-xpon-onu-state; an ONU no v-ANI authorises is present with
 *     `onu-present-and-no-v-ani-known-and-o5-failed-no-onu-id`, no onu-id, no v-ani-ref), per v-ANI its
 *     presence state and where the ONU is (bbf-xponvani);
 *   - xPON defects (bbf-xpon-defects, defects.ts): per channel termination `los` on a feeder cut,
 *     per v-ANI `lobi` (its ONU's bursts lost: feeder or drop cut) or `dgi` (dying gasp);
 *   - the YANG library (RFC 8525, RFC 7895).
 * Not reported: optical levels (no module of the announced set has them; ponctl reads ANI-G over OMCI).
 */
import type { SimOlt, SimOnt } from '../core/topology.ts';
import { DList, DNode } from '../yang/data.ts';
import type { Schema } from '../yang/schema.ts';
import { container, entry, extend, extendList, leaf, leafList, set } from '../yang/build.ts';
import { addLibrary } from './library.ts';
import { channelTerminationDefects, vaniDefects } from './defects.ts';
import type { Infrastructure } from './infrastructure.ts';

const IF = 'ietf-interfaces';
const VANI = 'bbf-xponvani';
const ONUS = 'bbf-xpon-onu-state';
const T = 'bbf-xpon-onu-types';

export interface StateSource {
  schema: Schema;
  olt: SimOlt;
  infra: Infrastructure;
  /** When the lab OLT started (statistics discontinuity). */
  since: number;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const present = (olt: SimOlt, ont: SimOnt, now: number) => {
  const p = olt.phaseOf(ont, now);
  return p === 'working' || p === 'syncing' || p === 'auth-failed';
};

interface VaniFacts {
  name: string;
  serial?: string;
  onuId?: string;
  partition?: string;
  enabled: boolean;
}

/** The operational datastore: running + state (a fresh tree). */
export function operationalTree(src: StateSource, running: DNode, now = Date.now()): DNode {
  const { schema, olt, infra } = src;
  const root = extend(running);
  const sIfs = schema.root.byName.get(`${IF}:interfaces`)!;
  const sIf = sIfs.byName.get(`${IF}:interface`)!;
  const ifs = running.get(sIfs) as DNode | undefined;
  const list = ifs?.get(sIf) as DList | undefined;

  // v-ANIs by name and by expected serial
  const vanis = new Map<string, VaniFacts>();
  const bySerial = new Map<string, VaniFacts>();
  const lower = new Map<string, string>();
  const partner = new Map<string, string>();
  for (const [name, e] of list?.entries() ?? []) {
    const enabled = str(e, `${IF}:enabled`) !== 'false';
    const v = e.get(e.s.byName.get(`${VANI}:v-ani`)!) as DNode | undefined;
    if (v) {
      const f: VaniFacts = {
        name,
        serial: str(v, `${VANI}:expected-serial-number`),
        onuId: str(v, `${VANI}:onu-id`),
        partition: str(v, `${VANI}:channel-partition`),
        enabled,
      };
      vanis.set(name, f);
      if (f.serial) bySerial.set(f.serial, f);
    }
    const venet = e.get(e.s.byName.get(`${VANI}:olt-v-enet`)!) as DNode | undefined;
    const ll = venet ? str(venet, `${VANI}:lower-layer-interface`) : undefined;
    const sub = e.get(e.s.byName.get('bbf-sub-interfaces:subif-lower-layer')!) as DNode | undefined;
    const sl = sub ? str(sub, 'bbf-sub-interfaces:interface') : undefined;
    if (ll ?? sl) lower.set(name, (ll ?? sl)!);
  }
  // ONU side ↔ OLT side (bbf-link-table): an ANI/UNI is up when its v-ANI/olt-v-enet is
  const lt = running.get(schema.root.byName.get('bbf-link-table:link-table')!) as DNode | undefined;
  const ltList = lt?.get(lt.s.byName.get('bbf-link-table:link-table')!) as DList | undefined;
  for (const [from, e] of ltList?.entries() ?? []) {
    const to = e.get(e.s.byName.get('bbf-link-table:to-interface')!) as string[] | undefined;
    if (to?.[0]) partner.set(from, to[0]);
  }

  const ontOf = (f: VaniFacts): SimOnt | undefined => {
    const ont = f.serial ? olt.ontBySerial(f.serial) : undefined;
    return ont && infra.ponOfPartition.get(f.partition ?? '') === ont.pon ? ont : undefined;
  };
  const memo = new Map<string, string>();
  const status = (name: string, depth = 0): string => {
    let s = memo.get(name);
    if (s) return s;
    const e = list?.get(name);
    if (!e || depth > 8) return 'down';
    if (str(e, `${IF}:enabled`) === 'false') s = 'down';
    else if (vanis.has(name)) {
      const ont = ontOf(vanis.get(name)!);
      s = ont && olt.phaseOf(ont, now) === 'working' ? 'up' : 'down';
    } else if (infra.ponOfInterface.has(name))
      s = olt.pon(infra.ponOfInterface.get(name)!)?.fibreOk ? 'up' : 'down';
    else if (partner.has(name)) s = status(partner.get(name)!, depth + 1) === 'up' ? 'up' : 'down';
    else if (lower.has(name)) s = status(lower.get(name)!, depth + 1) === 'up' ? 'up' : 'lower-layer-down';
    else s = 'up';
    memo.set(name, s);
    return s;
  };

  const since = iso(src.since);
  if (ifs && list) {
    const nl = extendList(list);
    for (const [name, e] of list.entries()) {
      const x = extend(e);
      leaf(x, `${IF}:oper-status`, status(name));
      leaf(container(x, `${IF}:statistics`), `${IF}:discontinuity-time`, since);
      nl.set(name, x);
    }
    const nifs = extend(ifs);
    nifs.put(sIf, nl);
    set(root, `${IF}:interfaces`, nifs);
  }

  // interfaces-state: channel terminations (ONUs present) and v-ANIs (presence)
  const st = container(root, `${IF}:interfaces-state`);
  const stEntry = (name: string, type: string, oper: string) => {
    const x = entry(st, `${IF}:interface`, name);
    leaf(x, `${IF}:type`, type);
    leaf(x, `${IF}:oper-status`, oper);
    leaf(container(x, `${IF}:statistics`), `${IF}:discontinuity-time`, since);
    return x;
  };
  for (const [pon, p] of infra.pons) {
    if (!list?.get(p.ct)) continue;
    const x = stEntry(p.ct, 'bbf-xpon-if-type:channel-termination', status(p.ct));
    const ct = container(x, 'bbf-xpon:channel-termination');
    leafList(ct, 'bbf-xpon:active-defects', channelTerminationDefects(olt, pon));
    const onus = container(ct, `${ONUS}:onus-present-on-local-channel-termination`);
    for (const ont of olt.pon(pon)?.onts ?? []) {
      if (!present(olt, ont, now)) continue;
      const o = entry(onus, `${ONUS}:onu`, ont.serial);
      const f = bySerial.get(ont.serial);
      const here = f && infra.ponOfPartition.get(f.partition ?? '') === pon;
      leaf(
        o,
        `${ONUS}:onu-presence-state`,
        !f
          ? `${T}:onu-present-and-no-v-ani-known-and-o5-failed-no-onu-id`
          : here
            ? `${T}:onu-present-and-on-intended-channel-termination`
            : `${T}:onu-present-and-v-ani-known-and-o5-failed`,
      );
      if (here) {
        leaf(o, `${ONUS}:onu-id`, f.onuId);
        leaf(o, `${ONUS}:v-ani-ref`, f.name);
      }
      leaf(o, `${ONUS}:onu-detected-datetime`, iso(ont.lastChange));
      leaf(o, `${ONUS}:onu-state-last-change`, iso(ont.lastChange));
    }
  }
  for (const f of vanis.values()) {
    const x = stEntry(f.name, 'bbf-xpon-if-type:v-ani', status(f.name));
    const v = container(x, `${VANI}:v-ani`);
    leaf(v, `${VANI}:onu-id`, f.onuId);
    const ont = ontOf(f);
    const here = ont && present(olt, ont, now);
    leaf(
      v,
      `${VANI}:onu-presence-state`,
      here ? `${T}:onu-present-and-on-intended-channel-termination` : `${T}:onu-not-present-with-v-ani`,
    );
    if (ont) leafList(v, `${VANI}:active-defects`, vaniDefects(olt, ont, now));
    if (here) {
      const p = infra.pons.get(ont.pon)!;
      const o = container(v, `${VANI}:onu-present-on-this-olt`);
      leaf(o, `${VANI}:onu-present-on-this-channel-pair`, p.cpair);
      leaf(o, `${VANI}:onu-present-on-this-channel-termination`, p.ct);
      leaf(o, `${VANI}:detected-serial-number`, ont.serial);
    }
  }
  addLibrary(schema, root);
  return root;
}

function str(d: DNode, q: string): string | undefined {
  const s = d.s.byName.get(q);
  const v = s ? d.get(s) : undefined;
  return typeof v === 'string' ? v : undefined;
}

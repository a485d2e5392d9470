/**
 * The constraints of yang/ponctl-olt.yang checked on an OltConfig: leaf types and ranges, mandatory
 * leaves, list key uniqueness, leafrefs (traffic profiles, T-CONT of a GEM port, GEM port of a VLAN
 * sub-interface) and the `must` rules (PIR ≥ CIR, one v-ANI per serial, multicast only on IPTV and
 * the PPPoE filter only on internet — spec §2). The simulator's `<validate>`/`<commit>` runs this,
 * and provisioning may run it before sending a plan. Errors carry the RFC 7950 §15 error-tag and
 * error-app-tag a NETCONF server reports for each kind of violation.
 */
import type { OltConfig } from '../../../../domain/olt-config/model.ts';
import { OLT_ROOT, checkLeafValue, type ListSpec } from './olt-config-schema.ts';

export interface ConfigViolation {
  tag: 'invalid-value' | 'data-missing' | 'operation-failed';
  appTag?: string;
  /** Instance identifier with the `polt` prefix (RFC 6241 error-path). */
  path: string;
  message: string;
}

type Obj = Record<string, unknown>;

export const OLT_PATH = '/polt:olt';

export function entryPath(parent: string, spec: ListSpec, key: unknown): string {
  const k = String(key).replace(/'/g, '&apos;');
  const wrap = spec.wrapper ? `/polt:${spec.wrapper}` : '';
  return `${parent}${wrap}/polt:${spec.xml}[polt:${spec.key.xml}='${k}']`;
}

/** Types, mandatory leaves and key uniqueness, recursively (the schema part of validation). */
function checkEntries(spec: ListSpec, items: Obj[], parent: string, out: ConfigViolation[]): void {
  const seen = new Set<unknown>();
  for (const e of items) {
    const key = e[spec.key.field];
    // paths are built only when something is wrong: most entries of a big OLT are fine
    const path = () => entryPath(parent, spec, key);
    const kerr = checkLeafValue(spec.key, key);
    if (kerr) out.push({ tag: 'invalid-value', path: `${path()}/polt:${spec.key.xml}`, message: kerr });
    if (seen.has(key))
      out.push({
        tag: 'operation-failed',
        appTag: 'data-not-unique',
        path: path(),
        message: `duplicate ${spec.xml} ${String(key)}`,
      });
    seen.add(key);
    for (const l of spec.leaves) {
      const v = e[l.field];
      if (v === undefined || v === null) {
        if (l.mandatory)
          out.push({
            tag: 'data-missing',
            appTag: 'mandatory-missing',
            path: `${path()}/polt:${l.xml}`,
            message: `${l.xml} is mandatory`,
          });
        continue;
      }
      const err = checkLeafValue(l, v);
      if (err) out.push({ tag: 'invalid-value', path: `${path()}/polt:${l.xml}`, message: err });
    }
    if (spec.lists.length) {
      const p = path();
      for (const sub of spec.lists) checkEntries(sub, (e[sub.field] as Obj[] | undefined) ?? [], p, out);
    }
  }
}

const refMissing = (path: string, what: string, v: unknown): ConfigViolation => ({
  tag: 'data-missing',
  appTag: 'instance-required',
  path,
  message: `${what} ${String(v)} does not exist`,
});

export interface ValidateOptions {
  /**
   * A configuration known to be valid that `cfg` was derived from by copying only the paths it
   * changed (immutable snapshots). v-ANIs identical (===) to the baseline's are not re-checked;
   * rules spanning the whole OLT (serial uniqueness, keys) still are. Checking one activation on a
   * 4 096-ONT OLT then costs O(ONTs) map inserts instead of a full walk of every leaf.
   */
  baseline?: OltConfig;
}

/** All violations of the YANG module's constraints; empty when the configuration is valid. */
export function validateOltConfig(cfg: OltConfig, opts: ValidateOptions = {}): ConfigViolation[] {
  const out: ConfigViolation[] = [];
  const [tpSpec, ctSpec] = OLT_ROOT.lists;
  const [onuSpec] = ctSpec.lists;
  // profiles changed → every leafref to them must be re-checked: no shortcut
  const base =
    opts.baseline && opts.baseline.trafficProfiles === cfg.trafficProfiles ? opts.baseline : undefined;
  const baseOnus = new Set<object>();
  if (base) for (const ct of base.channelTerminations) for (const o of ct.onus) baseOnus.add(o);
  const unchanged = (o: object) => baseOnus.has(o);
  checkEntries(tpSpec, cfg.trafficProfiles as unknown as Obj[], OLT_PATH, out);
  const ctSeen = new Set<string>();
  for (const ct of cfg.channelTerminations) {
    const ctPath = entryPath(OLT_PATH, ctSpec, ct.name);
    const kerr = checkLeafValue(ctSpec.key, ct.name);
    if (kerr) out.push({ tag: 'invalid-value', path: `${ctPath}/polt:name`, message: kerr });
    if (ctSeen.has(ct.name))
      out.push({
        tag: 'operation-failed',
        appTag: 'data-not-unique',
        path: ctPath,
        message: `duplicate channel-termination ${ct.name}`,
      });
    ctSeen.add(ct.name);
    const onuIds = new Set<number>();
    for (const onu of ct.onus) {
      if (onuIds.has(onu.onuId))
        out.push({
          tag: 'operation-failed',
          appTag: 'data-not-unique',
          path: entryPath(ctPath, onuSpec, onu.onuId),
          message: `duplicate v-ani ${onu.onuId}`,
        });
      onuIds.add(onu.onuId);
      if (!unchanged(onu)) checkEntries(onuSpec, [onu as unknown as Obj], ctPath, out);
    }
  }

  const profiles = new Set<string>();
  for (const p of cfg.trafficProfiles) {
    profiles.add(p.name);
    if (typeof p.pirKbps === 'number' && typeof p.cirKbps === 'number' && p.pirKbps < p.cirKbps) {
      out.push({
        tag: 'operation-failed',
        appTag: 'pir-below-cir',
        path: entryPath(OLT_PATH, tpSpec, p.name),
        message: 'The peak rate must not be below the committed rate.',
      });
    }
  }
  const [tcSpec, gemSpec, vlanSpec] = onuSpec.lists;
  const serials = new Map<string, string>();
  for (const ct of cfg.channelTerminations) {
    const ctPath = entryPath(OLT_PATH, ctSpec, ct.name);
    for (const onu of ct.onus) {
      const other = serials.get(onu.expectedSerial);
      if (other !== undefined) {
        out.push({
          tag: 'operation-failed',
          appTag: 'duplicate-serial',
          path: entryPath(ctPath, onuSpec, onu.onuId),
          message: `An ONT serial may be authorised only once on an OLT (${onu.expectedSerial} also at ${other}).`,
        });
      } else if (onu.expectedSerial !== undefined) serials.set(onu.expectedSerial, `${ct.name}:${onu.onuId}`);
      if (unchanged(onu)) continue;
      const onuPath = entryPath(ctPath, onuSpec, onu.onuId);
      const tconts = new Set<number>();
      for (const t of onu.tconts ?? []) {
        tconts.add(t.id);
        if (t.trafficProfile !== undefined && !profiles.has(t.trafficProfile)) {
          out.push(
            refMissing(
              `${entryPath(onuPath, tcSpec, t.id)}/polt:traffic-profile`,
              'traffic profile',
              t.trafficProfile,
            ),
          );
        }
      }
      const gems = new Set<number>();
      for (const g of onu.gemports ?? []) {
        gems.add(g.id);
        if (g.tcont !== undefined && !tconts.has(g.tcont))
          out.push(refMissing(`${entryPath(onuPath, gemSpec, g.id)}/polt:tcont`, 'tcont', g.tcont));
      }
      for (const v of onu.vlans ?? []) {
        const vPath = entryPath(onuPath, vlanSpec, v.channel);
        if (v.gemport !== undefined && !gems.has(v.gemport))
          out.push(refMissing(`${vPath}/polt:gemport`, 'gemport', v.gemport));
        for (const [leaf, name] of [
          ['downstream-profile', v.downstreamProfile],
          ['upstream-profile', v.upstreamProfile],
        ] as const) {
          if (name !== undefined && !profiles.has(name))
            out.push(refMissing(`${vPath}/polt:${leaf}`, 'traffic profile', name));
        }
        // spec §2: multicast is an IPTV service, the PPPoE-only filter an internet one
        if (v.multicast === true && v.channel !== 'iptv') {
          out.push({
            tag: 'operation-failed',
            appTag: 'multicast-not-iptv',
            path: vPath,
            message: 'Multicast is allowed only on the IPTV channel.',
          });
        }
        if (v.pppoeFilter === true && v.channel !== 'internet') {
          out.push({
            tag: 'operation-failed',
            appTag: 'pppoe-filter-not-internet',
            path: vPath,
            message: 'The PPPoE-only filter is allowed only on the internet channel.',
          });
        }
      }
    }
  }
  return out;
}

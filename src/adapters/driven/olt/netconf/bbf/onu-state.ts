/**
 * ONU state the NMDA way (RFC 8342; docs/bbf-mapping.md §8): `<get-data>` (RFC 8526 §3.1.1) on
 * `ds:operational` with `config-filter false` where the library implements ietf-netconf-nmda,
 * `<get>` (RFC 6241 §7.7) with the same subtree filter otherwise. TR-385 keeps xPON state under
 * `/if:interfaces-state` (bbf-xpon, bbf-xponvani, bbf-xpon-onu-state augment it):
 * - every ONU a channel termination sees: `channel-termination/onus-present-on-local-channel-termination/onu`
 *   (detected serial, presence state, onu-id, `v-ani-ref` when a v-ANI authorises it) — the ONUs
 *   without `v-ani-ref` are the unconfigured ones (ZXA10: `show gpon onu uncfg`);
 * - per v-ANI: `onu-presence-state`, `onu-id`, the detected serial (`onu-present-on-this-olt`),
 *   `active-defects` (bbf-xpon-defects, base `items-detected-at-olt-for-v-ani`: `lobi`, `dgi`, …);
 * - per channel termination: `active-defects` (base `items-detected-at-olt-for-ct`: `los`, …; feature
 *   bbf-xpon:channel-termination-defects);
 * - `interfaces/interface/oper-status` (RFC 8343, NMDA location).
 */
import type { UnconfiguredOnu } from '../../../../../application/ports/olt-driver/olt-driver.ts';
import type { NetconfOperations } from '../operations.ts';
import { replyDataXml } from '../rpc-reply.ts';
import { child, type XNode } from '../olt-config-xnode.ts';
import { scanXml } from '../xml-scan.ts';
import { NS, ponOfInfraName, ponNames } from './bbf-names.ts';
import { getDataRpc } from './yang-library.ts';

/** ponctl's ONT phases (monitoring/ont-state.ts) from the TR-385 presence state (bbf-xpon-onu-types). */
export type OnuPhase = 'working' | 'los' | 'dying-gasp' | 'offline' | 'auth-failed' | 'syncing';

export interface OnuPresence {
  pon: string;
  serial: string;
  onuId?: number;
  /** The v-ANI authorising it (absent: unconfigured). */
  vani?: string;
  /** Presence state identity, without prefix (e.g. `onu-present-and-on-intended-channel-termination`). */
  presence: string;
  phase: OnuPhase;
  firstSeen?: string;
  lastChange?: string;
}

export interface VaniState {
  name: string;
  onuId?: number;
  presence?: string;
  detectedSerial?: string;
  /** Channel termination the ONU is seen on. */
  termination?: string;
  /** `active-defects` identities (bbf-xpon-defects): `lobi`, `dgi`, … */
  defects: string[];
  operStatus?: string;
}

export interface OnuStateSnapshot {
  /** Every ONU the channel terminations see, configured or not. */
  onus: OnuPresence[];
  /** Per PON (`R/S/P`), its channel termination's `active-defects` identities (`los`, …). */
  ponDefects: Map<string, string[]>;
  /** Per v-ANI read. */
  vanis: Map<string, VaniState>;
}

const local = (s: string | undefined) => (s === undefined ? undefined : s.slice(s.indexOf(':') + 1));
const text = (n: XNode | undefined, name: string) => (n ? child(n, name)?.text : undefined);

/**
 * Phase mapping (§8): on the intended termination → working; not present with a v-ANI → by the
 * defects (bbf-xpon-defects): the v-ANI's `dgi` (dying gasp) → dying-gasp; its `lobi` (loss of burst,
 * G.984.3's LOSi) or its channel termination's `los` (nothing received upstream: the PON is cut) →
 * los; else offline; `…o5-failed…` → auth-failed; any other `onu-present…` → syncing.
 */
export function phaseOf(
  presence: string,
  defects: readonly string[] = [],
  ponDefects: readonly string[] = [],
): OnuPhase {
  if (presence === 'onu-present-and-on-intended-channel-termination') return 'working';
  if (presence.startsWith('onu-not-present')) {
    if (defects.includes('dgi')) return 'dying-gasp';
    if (defects.includes('lobi') || ponDefects.includes('los')) return 'los';
    return 'offline';
  }
  if (presence.includes('o5-failed')) return 'auth-failed';
  return 'syncing';
}

/** Subtree filter (RFC 6241 §6) for the ONUs of some PONs and the state of some v-ANIs. */
export function onuStateFilter(pons: readonly string[], vanis: readonly string[]): string {
  const ct = (pon: string) =>
    `<interface><name>${ponNames(pon).termination}</name><channel-termination xmlns="${NS.xpon}">` +
    `<active-defects/><onus-present-on-local-channel-termination xmlns="${NS.onuState}"/>` +
    `</channel-termination></interface>`;
  const va = (name: string) => `<interface><name>${name}</name><v-ani xmlns="${NS.vani}"/></interface>`;
  const all = pons.length === 0 && vanis.length === 0;
  return (
    `<interfaces-state xmlns="${NS.if}">` +
    (all ? '' : pons.map(ct).join('') + vanis.map(va).join('')) +
    '</interfaces-state>' +
    `<interfaces xmlns="${NS.if}">` +
    (all
      ? '<interface><name/><oper-status/></interface>'
      : vanis.map((n) => `<interface><name>${n}</name><oper-status/></interface>`).join('')) +
    '</interfaces>'
  );
}

/** Reads ONU state; `nmda`: the library implements ietf-netconf-nmda (else `<get>`). */
export async function readOnuState(
  ops: NetconfOperations,
  nmda: boolean,
  pons: readonly string[] = [],
  vanis: readonly string[] = [],
): Promise<OnuStateSnapshot> {
  const filter = onuStateFilter(pons, vanis);
  const xml = nmda
    ? replyDataXml(
        (
          await ops.session.rpc(getDataRpc('operational', filter, false), {
            operation: 'get-data operational',
          })
        ).raw,
      )
    : await ops.get({ type: 'subtree', xml: filter });
  return parseOnuState(xml);
}

export function parseOnuState(dataInnerXml: string): OnuStateSnapshot {
  const root = scanXml(dataInnerXml, undefined, 'data');
  const onus: OnuPresence[] = [];
  const ponDefects = new Map<string, string[]>();
  const vanis = new Map<string, VaniState>();
  const oper = new Map<string, string>();
  for (const top of root.children) {
    if (top.ns !== NS.if) continue;
    for (const i of top.children.filter((c) => c.name === 'interface')) {
      const name = text(i, 'name') ?? '';
      const os = text(i, 'oper-status');
      if (os) oper.set(name, os);
      if (top.name !== 'interfaces-state') continue;
      const ct = child(i, 'channel-termination', NS.xpon);
      const present = child(ct ?? i, 'onus-present-on-local-channel-termination');
      const pon = ponOfInfraName(name);
      if (ct && pon) ponDefects.set(pon, identities(ct, 'active-defects'));
      if (present && pon) {
        for (const o of present.children.filter((c) => c.name === 'onu')) {
          const presence = local(text(o, 'onu-presence-state')) ?? '';
          const onuId = text(o, 'onu-id');
          onus.push({
            pon,
            serial: text(o, 'detected-serial-number') ?? '',
            onuId: onuId ? Number(onuId) : undefined,
            vani: text(o, 'v-ani-ref'),
            presence,
            phase: phaseOf(presence),
            firstSeen: text(o, 'onu-detected-datetime'),
            lastChange: text(o, 'onu-state-last-change'),
          });
        }
      }
      const va = child(i, 'v-ani', NS.vani);
      if (va) {
        const here = child(va, 'onu-present-on-this-olt');
        const onuId = text(va, 'onu-id');
        vanis.set(name, {
          name,
          onuId: onuId ? Number(onuId) : undefined,
          presence: local(text(va, 'onu-presence-state')),
          detectedSerial: text(here, 'detected-serial-number'),
          termination: text(here, 'onu-present-on-this-channel-termination'),
          defects: identities(va, 'active-defects'),
        });
      }
    }
  }
  for (const [name, v] of vanis) v.operStatus = oper.get(name);
  return { onus, ponDefects, vanis };
}

/** A leaf-list of identities (one element per value, RFC 7950 §7.7.8), without their prefixes. */
function identities(n: XNode, name: string): string[] {
  return n.children.filter((c) => c.name === name && c.text).map((c) => local(c.text)!);
}

/** The ONUs no v-ANI authorises, as the OltDriver port reports them. */
export function unconfiguredOnus(s: OnuStateSnapshot): UnconfiguredOnu[] {
  return s.onus
    .filter((o) => !o.vani)
    .map((o) => ({
      pon: o.pon,
      serial: o.serial.toUpperCase(),
      ...(o.onuId !== undefined ? { onuIdHint: o.onuId } : {}),
      ...(o.firstSeen ? { firstSeen: o.firstSeen } : {}),
    }));
}

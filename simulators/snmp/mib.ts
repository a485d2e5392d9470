/**
 * The object instances one simulated non-ZXA10 OLT (a profile with an `snmp` section) serves over
 * SNMP: system group, IF-MIB rows for its PON ports, and the ONT columns of its device profile's
 * `snmp` section — ZTE's C3xx tables and encodings (docs/zxa10-dialect.md §9), each column at its own
 * index and instance suffix. Values are read live from the SimOlt, so injected faults show at once
 * (issue 4 §8). The ZXA10 OLTs of the lab have their own agent (simulators/zxa10/snmp).
 */
import type { OntDownCause, OntPhase, SimOlt, SimOnt } from '../core/topology.ts';
import { snmp } from '../../src/protocols/snmp/net-snmp.ts';
import {
  cellInstance,
  ponIfIndexOf,
  type OltSnmpProfile,
  type OntColumn,
  type SnmpColumnDef,
} from '../../src/protocols/snmp/olt-snmp-profile.ts';
import { OidIndex, parseOid, type OidEntry } from './oid-index.ts';

const T = snmp.ObjectType;

/** OntPhase → the phase names of the profiles' enums. */
export const PHASE_NAME: Record<OntPhase, string> = {
  syncing: 'syncMib',
  los: 'los',
  working: 'working',
  'dying-gasp': 'dyingGasp',
  'auth-failed': 'authFailed',
  offline: 'offline',
};
export const DOWN_CAUSE_NAME: Record<OntDownCause, string> = {
  none: 'none',
  los: 'los',
  'dying-gasp': 'dyingGasp',
  reboot: 'reboot',
  deactivated: 'deactivated',
  'auth-failed': 'authFailed',
};

/**
 * A physical value → the column's wire value (undefined = absent cell): enum names to codes, dBm to
 * raw (value − offset) / scale in `signedBits` two's complement, null to the "no value" code,
 * `gpon-serial` to 4 ASCII + 4 binary bytes.
 */
export function encodeCell(def: SnmpColumnDef, v: unknown): unknown {
  if (v === undefined) return undefined;
  if (def.enum) {
    const code = Object.entries(def.enum).find(([, name]) => name === v)?.[0];
    return code === undefined ? undefined : Number(code);
  }
  if (def.encoding === 'gpon-serial' && typeof v === 'string')
    return Buffer.concat([Buffer.from(v.slice(0, 4), 'latin1'), Buffer.from(v.slice(4, 12), 'hex')]);
  if (v === null) return def.noValue?.[0];
  if (typeof v === 'number') {
    const raw = Math.round((v - (def.offset ?? 0)) / (def.scale ?? 1));
    return def.signedBits ? raw & (2 ** def.signedBits - 1) : raw;
  }
  return v;
}

export interface MibContext {
  olt: SimOlt;
  profile: OltSnmpProfile;
  /** ms since epoch when the agent started (sysUpTime origin). */
  startedAt: number;
  /** SNMP engine ID (hex), served in SNMP-FRAMEWORK-MIB snmpEngine. */
  engineID?: string;
  /**
   * The ONU id an ONT's row has, undefined when it has none: a ZXA10 has rows for configured ONUs
   * only, at their configured ids (default: every ONT at its position).
   */
  onuIdOf?: (ont: SimOnt) => number | undefined;
}

export function upTicks(ctx: MibContext, at = Date.now()): number {
  return Math.max(0, Math.floor((at - ctx.startedAt) / 10));
}

/** The physical value of one ONT column (a phase name, dBm or null, text), before encoding. */
export function ontValue(ctx: MibContext, col: OntColumn, ont: SimOnt): unknown {
  const { olt, profile } = ctx;
  switch (col) {
    case 'name':
      return `${profile.ponIfIndex.ifNamePrefix.replace('olt', 'onu')}${ont.pon}:${ont.id}`;
    case 'description':
      return olt.authorised.findOnuBySerial(ont.serial)?.onu.description ?? '';
    case 'serial':
      return ont.serial;
    case 'phaseState':
      return PHASE_NAME[olt.phaseOf(ont)];
    case 'rxPower':
      return olt.rxPowerDbm(ont);
    case 'txPower':
      return olt.txPowerDbm(ont);
    case 'lastDownCause':
      return DOWN_CAUSE_NAME[ont.lastDownCause];
    case 'model':
      return olt.authorised.findOnuBySerial(ont.serial)?.onu.onuType ?? ont.model;
  }
}

/** The wire value of one ONT cell, or undefined when the cell is absent. */
export function ontCell(ctx: MibContext, col: OntColumn, ont: SimOnt): unknown {
  const def = ctx.profile.ontTable.columns[col];
  return def ? encodeCell(def, ontValue(ctx, col, ont)) : undefined;
}

function typeOf(name: string): number {
  const t = T[name];
  if (t === undefined) throw new Error(`unknown SNMP type ${name} in device profile`);
  return t;
}

function entry(oid: string, type: number, get: () => unknown): OidEntry {
  return { oid: parseOid(oid), key: oid, type, get };
}

/**
 * Builds the agent's object instances. The ONT table dominates (8 columns × 4 096 ONTs = 33 k
 * instances on the large OLT), so its OIDs are made from pre-parsed column prefixes instead of being
 * parsed from strings, and the rows are built PON by PON: `onPon` is called after each, which the
 * lab turns into start-up progress (issue 4 §1). Getters read the ONT at its *position* on the PON,
 * not a captured object, because field work (SimOlt.installOnt) puts a new ONT at that position.
 */
export function buildMib(ctx: MibContext, onPon?: (pon: string) => void): OidIndex {
  const { olt, profile } = ctx;
  const entries: OidEntry[] = [];
  const sys = '1.3.6.1.2.1.1';
  entries.push(
    entry(`${sys}.1.0`, T.OctetString, () => profile.system.sysDescr),
    entry(`${sys}.2.0`, T.OID, () => profile.system.sysObjectID),
    entry(`${sys}.3.0`, T.TimeTicks, () => upTicks(ctx)),
    entry(`${sys}.4.0`, T.OctetString, () => 'noc@ponctl.lab'),
    entry(`${sys}.5.0`, T.OctetString, () => olt.name),
    entry(`${sys}.6.0`, T.OctetString, () => 'ponctl simulated lab'),
    entry(`${sys}.7.0`, T.Integer, () => 2),
    entry('1.3.6.1.2.1.2.1.0', T.Integer, () => olt.pons.length),
  );
  const it = profile.ifTable;
  const cols = (Object.entries(profile.ontTable.columns) as [OntColumn, SnmpColumnDef][]).map(
    ([col, def]) => ({ col, def, key: def.oid, oid: parseOid(def.oid), type: typeOf(def.type) }),
  );
  for (const pon of olt.pons) {
    const ix = ponIfIndexOf(profile, pon.name);
    const ifName = profile.ponIfIndex.ifNamePrefix + pon.name;
    entries.push(
      entry(`${it.ifIndex}.${ix}`, T.Integer, () => ix),
      entry(`${it.ifDescr}.${ix}`, T.OctetString, () => ifName),
      entry(`${it.ifType}.${ix}`, T.Integer, () => 250), // IANAifType gpon(250)
      entry(`${it.ifAdminStatus}.${ix}`, T.Integer, () => 1),
      entry(`${it.ifOperStatus}.${ix}`, T.Integer, () => (pon.fibreOk ? 1 : 2)),
      entry(`${it.ifName}.${ix}`, T.OctetString, () => ifName),
    );
    for (const c of cols) {
      pon.onts.forEach((ont, pos) => {
        const inst = cellInstance(profile, c.def, pon.name, ont.id);
        entries.push({
          oid: [...c.oid, ...inst.split('.').map(Number)],
          key: `${c.key}.${inst}`,
          type: c.type,
          get: () => ontCell(ctx, c.col, pon.onts[pos]),
        });
      });
    }
    onPon?.(pon.name);
  }
  if (ctx.engineID) {
    // SNMP-FRAMEWORK-MIB snmpEngine (RFC 3411): served by every v3 agent; also keeps the ONT table
    // from being the end of the MIB view.
    const id = Buffer.from(ctx.engineID, 'hex');
    const eng = '1.3.6.1.6.3.10.2.1';
    entries.push(
      entry(`${eng}.1.0`, T.OctetString, () => id),
      entry(`${eng}.2.0`, T.Integer, () => 1),
      entry(`${eng}.3.0`, T.Integer, () => Math.floor(upTicks(ctx) / 100)),
      entry(`${eng}.4.0`, T.Integer, () => 65507),
    );
  }
  return new OidIndex(entries);
}

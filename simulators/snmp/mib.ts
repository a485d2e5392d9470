/**
 * The object instances one simulated OLT serves over SNMP: system group, IF-MIB rows for its PON
 * ports, and the per-ONT table at the OIDs of its device profile's `snmp` section. Values are read
 * live from the SimOlt, so injected faults show at once (issue 4 §8).
 */
import type { OntDownCause, OntPhase, SimOlt, SimOnt } from '../core/topology.ts';
import { snmp } from '../../src/protocols/snmp/net-snmp.ts';
import {
  ponIfIndexOf,
  type OltSnmpProfile,
  type OntColumn,
} from '../../src/protocols/snmp/olt-snmp-profile.ts';
import { OidIndex, parseOid, type OidEntry } from './oid-index.ts';

const T = snmp.ObjectType;

/** OntPhase → the profile's phaseState enum (ZTE zxAnGponOnuPhaseState numbering). */
export const PHASE_CODE: Record<OntPhase, number> = {
  syncing: 3,
  los: 2,
  working: 4,
  'dying-gasp': 5,
  'auth-failed': 6,
  offline: 7,
};
export const DOWN_CAUSE_CODE: Record<OntDownCause, number> = {
  none: 1,
  los: 2,
  'dying-gasp': 3,
  reboot: 4,
  deactivated: 5,
  'auth-failed': 6,
};

export interface MibContext {
  olt: SimOlt;
  profile: OltSnmpProfile;
  /** ms since epoch when the agent started (sysUpTime origin). */
  startedAt: number;
  /** SNMP engine ID (hex), served in SNMP-FRAMEWORK-MIB snmpEngine. */
  engineID?: string;
}

export function upTicks(ctx: MibContext, at = Date.now()): number {
  return Math.max(0, Math.floor((at - ctx.startedAt) / 10));
}

/** The value of one ONT column, or undefined when the cell is absent (no light). */
export function ontCell(ctx: MibContext, col: OntColumn, ont: SimOnt): unknown {
  const { olt, profile } = ctx;
  switch (col) {
    case 'name':
      return `${profile.ponIfIndex.ifNamePrefix.replace('olt', 'onu')}${ont.pon}:${ont.id}`;
    case 'description':
      return olt.authorised.findOnuBySerial(ont.serial)?.onu.description ?? '';
    case 'onuId':
      return ont.id;
    case 'serial':
      return ont.serial;
    case 'phaseState':
      return PHASE_CODE[olt.phaseOf(ont)];
    case 'rxPower': {
      const v = olt.rxPowerDbm(ont);
      return v === null ? undefined : Math.round(v * 1000);
    }
    case 'txPower': {
      const v = olt.txPowerDbm(ont);
      return v === null ? undefined : Math.round(v * 1000);
    }
    case 'lastDownCause':
      return DOWN_CAUSE_CODE[ont.lastDownCause];
    case 'lastChange':
      return upTicks(ctx, ont.lastChange);
    case 'configured':
      return olt.isAuthorised(ont) ? 1 : 2;
    case 'model':
      return olt.authorised.findOnuBySerial(ont.serial)?.onu.onuType ?? ont.model;
  }
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
 * Builds the agent's object instances. The ONT table dominates (11 columns × 4 096 ONTs = 45 k
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
  const cols = (Object.entries(profile.ontTable.columns) as [OntColumn, { oid: string; type: string }][]).map(
    ([col, def]) => ({ col, key: def.oid, oid: parseOid(def.oid), type: typeOf(def.type) }),
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
        entries.push({
          oid: [...c.oid, ix, ont.id],
          key: `${c.key}.${ix}.${ont.id}`,
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

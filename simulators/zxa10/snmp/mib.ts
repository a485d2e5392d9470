/**
 * The object instances a simulated ZXA10 serves [dialect §9], read live from its configuration
 * (rows exist for configured ONUs only, as on the device) and its physical model:
 *   system group (sysDescr/sysObjectID per family), IF-MIB rows of the PON ports (ifIndex
 *   0x11010000|slot<<8|port; ifName `gpon_1/S/P` on C3xx, `gpon_olt-1/S/P` on TITAN; ifDescr empty,
 *   LibreNMS `empty_ifdescr`), snmpEngine (RFC 3411);
 *   C3xx `.1012` tables indexed by 0x10000000|slot<<16|port<<8 . onuId — ONU type/name/description/
 *   serial (8 bytes: 4 ASCII + 4 binary)/admin, phase (0-based), last online/offline/cause, ONU RX/TX
 *   raw (×0.002−30, 65535 none), ONUs per PON, unconfigured serials — plus the `.1082.500` columns a
 *   C320 V2.1 also serves (go-snmp-olt-zte-c320);
 *   TITAN `.1082.500` tables indexed by PON ifIndex . onuId (snmp/c600-snmp-map-kusumavision.md, live).
 *   Both: zxAnPonRxOpticalPower, the OLT-side RX in 0.001 dBm, −80000 = no signal (ZTE-AN-PON-BASE-MIB).
 */
import type { OntDownCause, OntPhase, SimOnt } from '../../core/topology.ts';
import { snmp } from '../../../src/protocols/snmp/net-snmp.ts';
import { OidIndex, parseOid, type OidEntry } from '../../snmp/oid-index.ts';
import type { OnuEntry } from '../config/model.ts';
import { ifaceText } from '../config/views.ts';
import { ponIfIndex, ponIndex1012 } from '../family.ts';
import { deviceTime } from '../history.ts';
import type { Zxa10Olt } from '../olt.ts';
import { oltRxMilliDbm, onuOpticalRaw, opticalLevels } from '../optics.ts';

const T = snmp.ObjectType;

/** zxGponOntPhaseState (`.1012.3.28.2.1.4`), 0-based [2 sources, raf-bot live vs CLI]. */
export const PHASE_1012: Record<OntPhase, number> = {
  syncing: 2,
  los: 1,
  working: 3,
  'dying-gasp': 4,
  'auth-failed': 5,
  offline: 6,
};
/** zxAnGponSrvOnuPhaseStatus (`.1082.500.10.2.3.8.1.4`), 1-based [C600 live 2/4/5/7, go-snmp]. */
export const PHASE_500: Record<OntPhase, number> = {
  syncing: 3,
  los: 2,
  working: 4,
  'dying-gasp': 5,
  'auth-failed': 6,
  offline: 7,
};
/** `.1012.3.28.2.1.7` last down cause: 1 none, 2 LOS, 9 DyingGasp observed live (raf-bot); others unrecorded → 1. */
const CAUSE_1012: Record<OntDownCause, number> = {
  none: 1,
  los: 2,
  'dying-gasp': 9,
  reboot: 1,
  deactivated: 1,
  'auth-failed': 1,
};
/** `.1082.500.10.2.3.8.1.7` offline reason (go-snmp): 1 unknown, 2 LOS, 8 AuthFail, 9 PowerOff, 10 deactiveSucc, 12 Reboot. */
const CAUSE_500: Record<OntDownCause, number> = {
  none: 1,
  los: 2,
  'dying-gasp': 9,
  reboot: 12,
  deactivated: 10,
  'auth-failed': 8,
};

/** 8-byte serial: the 4 vendor letters, then the 8 hex digits as 4 bytes (`ZTEGD5D42874` → 5a544547d5d42874). */
export function serialBytes(sn: string): Buffer {
  return Buffer.concat([Buffer.from(sn.slice(0, 4), 'latin1'), Buffer.from(sn.slice(4, 12), 'hex')]);
}

const MAX_ONU_ID = 128;

interface Ctx {
  z: Zxa10Olt;
  engineID: Buffer;
  engineTime: () => number;
}

function upTicks(z: Zxa10Olt, at = Date.now()): number {
  return Math.max(0, Math.floor((at - z.startedAt) / 10));
}

/** What a cell getter sees: the configured ONU at that place, its physical ONT, and the time. */
interface Row {
  e: OnuEntry;
  ont: SimOnt | undefined;
  now: number;
}

type Cell = (r: Row, z: Zxa10Olt) => unknown;

function ontOf(z: Zxa10Olt, e: OnuEntry): SimOnt | undefined {
  if (e.auth.kind !== 'sn') return undefined;
  const o = z.olt.ontBySerial(e.auth.value);
  return o && o.pon === e.pon ? o : undefined;
}

const phase = (r: Row, z: Zxa10Olt): OntPhase => (r.ont ? z.olt.phaseOf(r.ont, r.now) : 'offline');
const serialOf = (r: Row) => (r.e.auth.kind === 'sn' ? r.e.auth.value : '');
const working = (r: Row, z: Zxa10Olt) => phase(r, z) === 'working';
const levels = (r: Row, z: Zxa10Olt) => opticalLevels(z.olt, r.ont, r.now);
const description = (r: Row) => ifaceText(r.e, 'description') || `ONU-${r.e.pon.split('/')[1]}:${r.e.id}`;

interface Column {
  oid: string;
  type: number;
  get: Cell;
  /** Index suffix after the ONU id (`.1` on the optical tables). */
  suffix?: number;
  /** PON index of the row: the `.1012` encoding or the IF-MIB ifIndex. */
  index: '1012' | 'if';
}

const C1012 = '1.3.6.1.4.1.3902.1012.3';
const Z500 = '1.3.6.1.4.1.3902.1082.500';

const C300_COLUMNS: Column[] = [
  { oid: `${C1012}.28.1.1.1`, type: T.OctetString, get: (r) => r.e.type, index: '1012' },
  { oid: `${C1012}.28.1.1.2`, type: T.OctetString, get: (r) => ifaceText(r.e, 'name'), index: '1012' },
  { oid: `${C1012}.28.1.1.3`, type: T.OctetString, get: description, index: '1012' },
  { oid: `${C1012}.28.1.1.5`, type: T.OctetString, get: (r) => serialBytes(serialOf(r)), index: '1012' },
  { oid: `${C1012}.28.1.1.17`, type: T.Integer, get: () => 1, index: '1012' },
  { oid: `${C1012}.28.2.1.4`, type: T.Integer, get: (r, z) => PHASE_1012[phase(r, z)], index: '1012' },
  {
    oid: `${C1012}.28.2.1.5`,
    type: T.OctetString,
    get: (r, z) => deviceTime(z.history.lastOnline(serialOf(r))),
    index: '1012',
  },
  {
    oid: `${C1012}.28.2.1.6`,
    type: T.OctetString,
    get: (r, z) => deviceTime(z.history.lastOffline(serialOf(r))),
    index: '1012',
  },
  {
    oid: `${C1012}.28.2.1.7`,
    type: T.Integer,
    get: (r) => CAUSE_1012[r.ont?.lastDownCause ?? 'none'],
    index: '1012',
  },
  // ONU hardware table (vendor, version, type), read over OMCI: present while the ONU works
  {
    oid: `${C1012}.50.11.2.1.1`,
    type: T.OctetString,
    get: (r, z) => (working(r, z) ? serialOf(r).slice(0, 4) : undefined),
    index: '1012',
  },
  {
    oid: `${C1012}.50.11.2.1.2`,
    type: T.OctetString,
    get: (r, z) => (working(r, z) ? 'V1.0' : undefined),
    index: '1012',
  },
  {
    oid: `${C1012}.50.11.2.1.17`,
    type: T.OctetString,
    get: (r, z) => (working(r, z) ? r.e.type : undefined),
    index: '1012',
  },
  {
    oid: `${C1012}.50.12.1.1.10`,
    type: T.Integer,
    get: (r, z) => onuOpticalRaw(levels(r, z).onuRx),
    suffix: 1,
    index: '1012',
  },
  {
    oid: `${C1012}.50.12.1.1.14`,
    type: T.Integer,
    get: (r, z) => onuOpticalRaw(levels(r, z).onuTx),
    suffix: 1,
    index: '1012',
  },
  // the `.1082.500` columns a C320 V2.1 serves too (go-snmp-olt-zte-c320)
  { oid: `${Z500}.10.2.3.3.1.2`, type: T.OctetString, get: (r) => ifaceText(r.e, 'name'), index: 'if' },
  { oid: `${Z500}.10.2.3.3.1.3`, type: T.OctetString, get: description, index: 'if' },
  { oid: `${Z500}.10.2.3.3.1.18`, type: T.OctetString, get: serialOf, index: 'if' },
  { oid: `${Z500}.10.2.3.8.1.4`, type: T.Integer, get: (r, z) => PHASE_500[phase(r, z)], index: 'if' },
  {
    oid: `${Z500}.10.2.3.8.1.5`,
    type: T.OctetString,
    get: (r, z) => deviceTime(z.history.lastOnline(serialOf(r))),
    index: 'if',
  },
  {
    oid: `${Z500}.10.2.3.8.1.6`,
    type: T.OctetString,
    get: (r, z) => deviceTime(z.history.lastOffline(serialOf(r))),
    index: 'if',
  },
  {
    oid: `${Z500}.10.2.3.8.1.7`,
    type: T.Integer,
    get: (r) => CAUSE_500[r.ont?.lastDownCause ?? 'none'],
    index: 'if',
  },
  {
    oid: `${Z500}.20.2.2.2.1.10`,
    type: T.Integer,
    get: (r, z) => onuOpticalRaw(levels(r, z).onuRx),
    suffix: 1,
    index: 'if',
  },
  {
    oid: `${Z500}.1.2.4.2.1.2`,
    type: T.Integer,
    get: (r, z) => oltRxMilliDbm(levels(r, z).oltRx),
    index: 'if',
  },
];

const C600_COLUMNS: Column[] = [
  {
    oid: `${Z500}.1.2.4.2.1.2`,
    type: T.Integer,
    get: (r, z) => oltRxMilliDbm(levels(r, z).oltRx),
    index: 'if',
  },
  { oid: `${Z500}.10.2.3.3.1.2`, type: T.OctetString, get: (r) => ifaceText(r.e, 'name'), index: 'if' },
  {
    oid: `${Z500}.10.2.3.3.1.3`,
    type: T.OctetString,
    get: (r) => ifaceText(r.e, 'description'),
    index: 'if',
  },
  { oid: `${Z500}.10.2.3.8.1.1`, type: T.Integer, get: () => 1, index: 'if' },
  { oid: `${Z500}.10.2.3.8.1.4`, type: T.Integer, get: (r, z) => PHASE_500[phase(r, z)], index: 'if' },
  { oid: `${Z500}.20.2.1.2.1.1`, type: T.OctetString, get: (r) => serialOf(r).slice(0, 4), index: 'if' },
  { oid: `${Z500}.20.2.1.2.1.2`, type: T.OctetString, get: () => 'V1.0', index: 'if' },
  { oid: `${Z500}.20.2.1.2.1.3`, type: T.OctetString, get: (r) => serialBytes(serialOf(r)), index: 'if' },
  { oid: `${Z500}.20.2.1.2.1.7`, type: T.Integer, get: (r, z) => (working(r, z) ? 1 : 2), index: 'if' },
  { oid: `${Z500}.20.2.1.2.1.8`, type: T.OctetString, get: (r) => r.e.type, index: 'if' },
  {
    oid: `${Z500}.20.2.2.2.1.10`,
    type: T.Integer,
    get: (r, z) => onuOpticalRaw(levels(r, z).onuRx),
    suffix: 1,
    index: 'if',
  },
];

function entry(oid: string, type: number, get: () => unknown): OidEntry {
  return { oid: parseOid(oid), key: oid, type, get };
}

/** The agent's instances, and the OIDs of the objects (scalars, columns) they belong to. */
export function buildZxa10Mib(
  ctx: Ctx,
  onPon?: (pon: string) => void,
): { index: OidIndex; objects: string[] } {
  const { z } = ctx;
  const fam = z.fam;
  const entries: OidEntry[] = [];
  const objects = new Set<string>(['1.3.6.1.2.1.31.1.1.1.1']);
  for (let c = 1; c <= 8; c++) objects.add(`1.3.6.1.2.1.2.2.1.${c}`);
  const sys = '1.3.6.1.2.1.1';
  entries.push(
    entry(`${sys}.1.0`, T.OctetString, () => fam.sysDescr),
    entry(`${sys}.2.0`, T.OID, () => fam.sysObjectID),
    entry(`${sys}.3.0`, T.TimeTicks, () => upTicks(z)),
    entry(`${sys}.4.0`, T.OctetString, () => 'noc@ponctl.lab'),
    entry(`${sys}.5.0`, T.OctetString, () => z.cfg.hostname),
    entry(`${sys}.6.0`, T.OctetString, () => 'ponctl lab'),
    entry(`${sys}.7.0`, T.Integer, () => 2),
    entry('1.3.6.1.2.1.2.1.0', T.Integer, () => z.olt.pons.length),
  );
  const cols = fam.id === 'c300' ? C300_COLUMNS : C600_COLUMNS;
  for (const pon of z.olt.pons) {
    const ix = ponIfIndex(pon.name);
    const i1012 = ponIndex1012(pon.name);
    const ifRow = (col: number, type: number, get: () => unknown) =>
      entries.push(entry(`1.3.6.1.2.1.2.2.1.${col}.${ix}`, type, get));
    ifRow(1, T.Integer, () => ix);
    ifRow(2, T.OctetString, () => '');
    // IANAifType gpon(250); the type a real ZXA10 reports for a PON port is NOT RECORDED
    ifRow(3, T.Integer, () => 250);
    ifRow(7, T.Integer, () => 1);
    ifRow(8, T.Integer, () => (pon.fibreOk ? 1 : 2));
    entries.push(entry(`1.3.6.1.2.1.31.1.1.1.1.${ix}`, T.OctetString, () => fam.ponIfName(pon.name)));
    const ponEntry = z.cfg.pons.get(pon.name)!;
    if (fam.id === 'c300') {
      // ONUs per PON (djing2 reads .1012.3.13.1.1.13)
      entries.push(entry(`${C1012}.13.1.1.13.${i1012}`, T.Integer, () => ponEntry.onus.size));
    }
    for (const c of cols) {
      const base = parseOid(c.oid);
      const pix = c.index === '1012' ? i1012 : ix;
      for (let id = 1; id <= MAX_ONU_ID; id++) {
        const tail = c.suffix === undefined ? [pix, id] : [pix, id, c.suffix];
        entries.push({
          oid: [...base, ...tail],
          key: `${c.oid}.${tail.join('.')}`,
          type: c.type,
          get: () => {
            const e = ponEntry.onus.get(id);
            return e ? c.get({ e, ont: ontOf(z, e), now: Date.now() }, z) : undefined;
          },
        });
      }
    }
    addUnconfigured(entries, z, pon.name, fam.id === 'c300' ? i1012 : ix);
    onPon?.(pon.name);
  }
  const eng = '1.3.6.1.6.3.10.2.1';
  entries.push(
    entry(`${eng}.1.0`, T.OctetString, () => ctx.engineID),
    entry(`${eng}.2.0`, T.Integer, () => 1),
    entry(`${eng}.3.0`, T.Integer, () => ctx.engineTime()),
    entry(`${eng}.4.0`, T.Integer, () => 65507),
  );
  for (const e of entries) {
    if (e.key.endsWith('.0')) objects.add(e.key.slice(0, -2));
  }
  for (const c of cols) objects.add(c.oid);
  objects.add(`${C1012}.13.1.1.13`);
  objects.add(`${C1012}.13.3.1.2`);
  objects.add(`${Z500}.2.2.11.2.1.2`);
  objects.add(`${Z500}.2.2.11.2.1.8`);
  return { index: new OidIndex(entries), objects: [...objects] };
}

/** Unconfigured ONUs: C3xx `.1012.3.13.3.1.2` (djing2), TITAN `.1082.500.2.2.11.2.1.{2,8}` (KusumaVision). */
function addUnconfigured(entries: OidEntry[], z: Zxa10Olt, pon: string, pix: number): void {
  const list = () => {
    const p = z.olt.pon(pon);
    return (p?.onts ?? []).filter((o) => !z.cfg.onuBySerial(o.serial) && z.olt.phaseOf(o) === 'working');
  };
  const cols: [string, (o: SimOnt) => unknown][] =
    z.fam.id === 'c300'
      ? [[`${C1012}.13.3.1.2`, (o) => serialBytes(o.serial)]]
      : [
          [`${Z500}.2.2.11.2.1.2`, (o) => serialBytes(o.serial)],
          [`${Z500}.2.2.11.2.1.8`, (o) => o.model],
        ];
  for (const [oid, get] of cols)
    for (let k = 1; k <= MAX_ONU_ID; k++)
      entries.push({
        oid: [...parseOid(oid), pix, k],
        key: `${oid}.${pix}.${k}`,
        type: T.OctetString,
        get: () => {
          const o = list()[k - 1];
          return o ? get(o) : undefined;
        },
      });
}

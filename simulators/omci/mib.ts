/**
 * The OMCI MIB of one simulated ZXHN F601 (G.988 clause 9 MEs), created lazily when an OMCI message
 * or a notification first needs it: a lab may hold 4 096 ONTs, so nothing is stored per ONT until
 * then and even then only what the controller changed (Create/Set/Delete overlays) plus counters.
 *
 * Every read is derived on the spot:
 *  - the MEs the ONU creates come from the F601 template (f601-template.ts, the fixture), with the
 *    live values of the physical model laid over them: serial, states, RX/TX optical levels, uptime,
 *    alloc-ids of the T-CONTs the configuration uses;
 *  - the MEs the OLT creates follow the OLT's running configuration (f601-services.ts).
 */
import type { SimOlt, SimOnt } from '../core/topology.ts';
import type { VAni } from '../../src/domain/olt-config/model.ts';
import type { AttrValues } from '../../src/protocols/omci/attributes.ts';
import { MeClass, meDef } from '../../src/protocols/omci/me-defs.ts';
import { dbmToOpticalLevel } from '../../src/protocols/omci/optics.ts';
import type { AlarmRecord, UploadRecord } from '../../src/protocols/omci/messages.ts';
import { f601ClassOrder, f601OnuCreated, type TemplateMe } from './f601-template.ts';
import { TCONT_BASE, allocId, serviceMes } from './f601-services.ts';

export type MeInstance = TemplateMe;

import type { PonType } from '../../src/protocols/omci/omci-profile.ts';

export type { PonType };

/** ONU2-G OMCC version the lab's ONTs report: the F601's G.988 baseline-only 0xA3 on G-PON; on an
 * XGS-PON channel the lab's ONT reports 0xB4, baseline + extended (docs/omci-transport.md). */
export const OMCC_VERSION: Record<PonType, number> = { gpon: 0xa3, 'xgs-pon': 0xb4 };

const key = (c: number, i: number) => `${c}:${i}`;

/** The template grouped by class, built once. */
let byClass: Map<number, TemplateMe[]> | undefined;
function templateOf(classId: number): TemplateMe[] {
  if (!byClass) {
    byClass = new Map();
    for (const m of f601OnuCreated()) byClass.set(m.classId, [...(byClass.get(m.classId) ?? []), m]);
  }
  return byClass.get(classId) ?? [];
}

function rank(classId: number): number {
  const i = f601ClassOrder().indexOf(classId);
  return i < 0 ? 1000 + classId : i;
}

export class OntMib {
  /** ME instances the controller created (OLT-created classes) since the last MIB reset. */
  private readonly created = new Map<string, MeInstance>();
  private readonly deleted = new Set<string>();
  /** Attribute values the controller set, over the derived ones. */
  private readonly overrides = new Map<string, AttrValues>();
  /** Table rows the controller wrote with Set, after the derived rows. */
  private readonly addedRows = new Map<string, Record<string, Buffer[]>>();
  mibDataSync = 0;
  /** Alarm sequence number of the last alarm notification (1..255, 0 skipped; G.988 §A.1.4). */
  alarmSequence = 0;
  /** Snapshots taken by MIB upload / Get all alarms, read by the "next" commands (G.988 §I.1.2). */
  uploadSnapshot: UploadRecord[][] = [];
  alarmSnapshot: AlarmRecord[] = [];
  /** Alarm bit maps as of the last notification, per ME; kept across MIB reset (alarms are not MIB data). */
  readonly notified = new Map<string, AlarmRecord>();

  constructor(
    readonly olt: SimOlt,
    readonly ont: SimOnt,
    readonly onuId: number,
    readonly ponType: PonType = 'gpon',
  ) {}

  /** MIB reset (G.988 §I.1.1): forget everything the controller changed; the numbering of alarms restarts. */
  reset(): void {
    this.created.clear();
    this.deleted.clear();
    this.overrides.clear();
    this.addedRows.clear();
    this.mibDataSync = 0;
    this.alarmSequence = 0;
    this.uploadSnapshot = [];
    this.alarmSnapshot = [];
  }

  nextAlarmSequence(): number {
    this.alarmSequence = this.alarmSequence >= 255 ? 1 : this.alarmSequence + 1;
    return this.alarmSequence;
  }

  authorised(): VAni | undefined {
    return this.olt.authorised.findOnuBySerial(this.ont.serial)?.onu;
  }

  /** Every ME instance of the MIB now, in the F601's upload order. */
  instances(now = Date.now()): MeInstance[] {
    const all = new Map<string, MeInstance>();
    const classes = new Set([...f601ClassOrder(), ...this.serviceClasses()]);
    for (const c of classes) for (const m of this.derive(c, now)) all.set(key(m.classId, m.instance), m);
    for (const [k, m] of this.created) all.set(k, m);
    for (const k of this.deleted) all.delete(k);
    return [...all.values()]
      .map((m) => this.withOverrides(m))
      .sort((a, b) => rank(a.classId) - rank(b.classId) || a.instance - b.instance);
  }

  private serviceClasses(): number[] {
    const v = this.authorised();
    return v ? [...new Set(serviceMes(v).map((m) => m.classId))] : [];
  }

  /** One ME instance; derives only its class (a Get on a 4 096-ONT poll must stay cheap). */
  find(classId: number, instance: number, now = Date.now()): MeInstance | undefined {
    const k = key(classId, instance);
    if (this.deleted.has(k)) return undefined;
    const m = this.created.get(k) ?? this.derive(classId, now).find((x) => x.instance === instance);
    return m && this.withOverrides(m);
  }

  private withOverrides(m: MeInstance): MeInstance {
    const k = key(m.classId, m.instance);
    const o = this.overrides.get(k);
    const rows = this.addedRows.get(k);
    if (!o && !rows) return m;
    const tables = { ...m.tables };
    for (const [name, r] of Object.entries(rows ?? {})) tables[name] = [...(tables[name] ?? []), ...r];
    return { ...m, values: { ...m.values, ...o }, tables };
  }

  create(m: MeInstance): void {
    const k = key(m.classId, m.instance);
    this.deleted.delete(k);
    this.overrides.delete(k);
    this.addedRows.delete(k);
    this.created.set(k, m);
    this.bumpDataSync();
  }

  delete(classId: number, instance: number): void {
    const k = key(classId, instance);
    this.created.delete(k);
    this.overrides.delete(k);
    this.addedRows.delete(k);
    this.deleted.add(k);
    this.bumpDataSync();
  }

  /** G.988 §9.1.3: MIB data sync counts each Create, Delete and Set the OLT makes, 1..255. */
  private bumpDataSync(): void {
    this.mibDataSync = this.mibDataSync >= 255 ? 1 : this.mibDataSync + 1;
  }

  set(classId: number, instance: number, values: AttrValues): void {
    const k = key(classId, instance);
    if (classId === MeClass.onuData && typeof values.mibDataSync === 'number') {
      this.mibDataSync = values.mibDataSync; // the OLT sets it itself (§9.1.3): no increment
      return;
    }
    const def = meDef(classId);
    const plain: AttrValues = {};
    for (const [name, v] of Object.entries(values)) {
      // a Set of a table attribute writes one row (G.988 §11.2.4); simplified here to appending it
      if (def?.attributes.find((a) => a.name === name)?.type === 'table' && Buffer.isBuffer(v)) {
        const rows = this.addedRows.get(k) ?? {};
        (rows[name] ??= []).push(Buffer.from(v));
        this.addedRows.set(k, rows);
      } else plain[name] = v;
    }
    if (Object.keys(plain).length) this.overrides.set(k, { ...this.overrides.get(k), ...plain });
    this.bumpDataSync();
  }

  /** The first instance of a class (the ANI-G of a single-PON ONU), without deriving the others. */
  first(classId: number, now = Date.now()): MeInstance | undefined {
    const m = this.derive(classId, now).find((x) => !this.deleted.has(key(x.classId, x.instance)));
    return m && this.withOverrides(m);
  }

  /** The instances of one class as the template, the physical model and the configuration make them now. */
  private derive(classId: number, now: number): MeInstance[] {
    const tpl = templateOf(classId);
    if (tpl.length) return tpl.map((m) => this.live(m, now));
    const v = this.authorised();
    return v ? serviceMes(v).filter((m) => m.classId === classId) : [];
  }

  /** A template ME with the live values of this ONT laid over it. */
  private live(m: TemplateMe, now: number): MeInstance {
    const { ont, olt } = this;
    const working = olt.phaseOf(ont, now) === 'working';
    const serial = Buffer.concat([
      Buffer.from(ont.serial.slice(0, 4), 'ascii'),
      Buffer.from(ont.serial.slice(4), 'hex'),
    ]);
    const v: AttrValues = { ...m.values };
    switch (m.classId) {
      case MeClass.onuData:
        v.mibDataSync = this.mibDataSync;
        break;
      case MeClass.onuG:
        Object.assign(v, {
          vendorId: ont.serial.slice(0, 4),
          serialNumber: serial,
          operationalState: working ? 0 : 1,
        });
        break;
      case MeClass.onu2G:
        // sysUpTime counts 10 ms since the ONT last came up
        Object.assign(v, {
          omccVersion: OMCC_VERSION[this.ponType],
          sysUpTime: Math.max(0, Math.floor((now - ont.lastChange) / 10)) % 2 ** 32,
        });
        break;
      case MeClass.circuitPack:
        Object.assign(v, { serialNumber: serial, vendorId: ont.serial.slice(0, 4) });
        break;
      case MeClass.pptpEthernetUni:
        Object.assign(v, {
          operationalState: working ? 0 : 1,
          pppoeFilter: this.authorised()?.vlans.some((x) => x.pppoeFilter) ? 1 : 0,
        });
        break;
      case MeClass.aniG: {
        const rx = olt.rxPowerDbm(ont, now);
        const tx = olt.txPowerDbm(ont, now);
        // a dark receiver reads the bottom of the scale (the ONT would not be answering anyway)
        v.opticalSignalLevel = rx === null ? -32768 : dbmToOpticalLevel(rx);
        v.transmitOpticalLevel = tx === null ? -32768 : dbmToOpticalLevel(tx);
        break;
      }
      case MeClass.tcont: {
        const k = m.instance - TCONT_BASE + 1;
        const used = this.authorised()?.tconts.some((t) => t.id === k);
        // unassigned: 0x00FF on G-PON, 0xFFFF on XG(S)-PON (G.988 §9.2.2)
        v.allocId = used ? allocId(this.onuId, k) : this.ponType === 'gpon' ? 0x00ff : 0xffff;
        break;
      }
    }
    return { ...m, values: v };
  }
}

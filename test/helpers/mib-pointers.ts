/**
 * Walks every pointer of an OMCI MIB in the format of test/fixtures/omci/f601-mib.json, with the
 * fixture's `pointerRules` (each citing its G.988 clause) — the TypeScript twin of
 * test/interop/py/mib_pointers.py, so a test can check a MIB uploaded through the transport both ways.
 */
import { readFileSync } from 'node:fs';
import type { MibInstance } from '../../src/adapters/driven/telemetry/omci/onu-mib.ts';
import { meDef } from '../../src/protocols/omci/me-defs.ts';

type Value = number | string | (string | number)[];
export interface MibDocMe {
  class: number;
  instance: number;
  attributes: Record<string, Value>;
}
interface Rule {
  class: number;
  attr?: string;
  implicit?: 'meId' | 'slot' | 'softwareImageOwner';
  target?: number;
  targetBy?: string;
  map?: Record<string, number | null>;
  null?: number[];
  nullWhen?: Record<string, number[]>;
  high16?: boolean;
  targetByMeIdMsb?: Record<string, number>;
  targetByOnuG?: Record<string, Record<string, number>>;
  gemPortIdInRowBytes?: [number, number];
}
export interface MibDoc {
  attributeDefs: unknown;
  pointerRules: Rule[];
  mes: MibDocMe[];
}

const FIXTURE = new URL('../fixtures/omci/f601-mib.json', import.meta.url);

/** A MIB as uploaded, in the fixture's format (bytes as hex, table rows as hex), with its rules. */
export function mibDoc(instances: readonly MibInstance[]): MibDoc {
  const fixture = JSON.parse(readFileSync(FIXTURE, 'utf8')) as MibDoc;
  const mes = instances.map((m) => {
    const attributes: Record<string, Value> = {};
    for (const [k, v] of Object.entries(m.attributes))
      attributes[k] = Buffer.isBuffer(v) ? v.toString('hex') : v;
    for (const [k, rows] of Object.entries(m.tables)) attributes[k] = rows.map((r) => r.toString('hex'));
    return { class: m.meClass, instance: m.meInstance, attributes };
  });
  return { attributeDefs: fixture.attributeDefs, pointerRules: fixture.pointerRules, mes };
}

/** Every pointer of `doc` checked: the number checked and the dangling ones. */
export function walkPointers(doc: MibDoc): { checked: number; problems: string[] } {
  const index = new Set(doc.mes.map((m) => `${m.class}:${m.instance}`));
  const onuG = doc.mes.find((m) => m.class === 256)?.attributes ?? {};
  const gemPorts = new Set(doc.mes.filter((m) => m.class === 268).map((m) => m.attributes.portId));
  const problems: string[] = [];
  let checked = 0;
  const where = (m: MibDocMe) => `${m.class}/0x${m.instance.toString(16).padStart(4, '0')}`;
  const need = (m: MibDocMe, what: string, cls: number, inst: number) => {
    checked++;
    if (!index.has(`${cls}:${inst}`))
      problems.push(`${where(m)} ${what} -> ${cls}/0x${inst.toString(16)}: no such ME`);
  };
  for (const rule of doc.pointerRules) {
    for (const m of doc.mes.filter((x) => x.class === rule.class)) {
      const a = m.attributes;
      if (rule.implicit === 'meId') {
        const target = rule.targetBy ? rule.map![String(a[rule.targetBy])]! : rule.target!;
        need(m, 'ME id', target, m.instance);
        continue;
      }
      if (rule.implicit === 'slot') {
        need(m, 'slot', 5, 0x0100 | (m.instance >> 8));
        continue;
      }
      if (rule.implicit === 'softwareImageOwner') {
        const owner = m.instance >> 8;
        if (owner === 0) need(m, 'owner', 256, 0);
        else need(m, 'owner', 6, 0x0100 | owner);
        continue;
      }
      const v = a[rule.attr!];
      if (v === undefined) continue; // an optional attribute the ONU does not support
      if (rule.gemPortIdInRowBytes) {
        const [s, e] = rule.gemPortIdInRowBytes;
        for (const row of v as string[]) {
          checked++;
          const port = Number.parseInt(row.slice(2 * s, 2 * e), 16);
          if (!gemPorts.has(port))
            problems.push(`${where(m)} ${rule.attr}: GEM port ${port} has no GEM port network CTP`);
        }
        continue;
      }
      const n = v as number;
      if (rule.null?.includes(n)) continue;
      if (Object.entries(rule.nullWhen ?? {}).some(([k, vals]) => vals.includes(a[k] as number))) continue;
      let target: number | null | undefined;
      let pointer = n;
      if (rule.high16) {
        pointer = Math.floor(n / 0x10000);
        target = rule.targetByMeIdMsb![m.instance & 0x8000 ? '1' : '0'];
      } else if (rule.targetBy) {
        target = rule.map![String(a[rule.targetBy])];
        if (target === null) continue; // e.g. a bridging 802.1p mapper: TP pointer unused
        if (target === undefined) {
          problems.push(`${where(m)} ${rule.attr}: ${rule.targetBy}=${String(a[rule.targetBy])} has no rule`);
          continue;
        }
      } else if (rule.targetByOnuG) {
        const [[k, mapping]] = Object.entries(rule.targetByOnuG);
        target = mapping[String(onuG[k])];
      } else target = rule.target!;
      need(m, rule.attr!, target, pointer);
    }
  }
  // every attribute value fits its G.988 size (the MIB upload decoded them with these sizes)
  for (const m of doc.mes)
    for (const k of Object.keys(m.attributes)) {
      const a = meDef(m.class)?.attributes.find((x) => x.name === k);
      if (!a) problems.push(`${where(m)} ${k}: not a G.988 attribute of class ${m.class}`);
    }
  return { checked, problems };
}

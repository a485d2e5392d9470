/**
 * The ZXHN F601's MIB as the lab's ONTs report it, read from test/fixtures/omci/f601-mib.json (116
 * MEs, 25 classes; constructed from the public F601 facts, real 1-GE SFU dumps and G.988 — each ME
 * names its source there, docs/omci-notes.md §7). What the ONU creates by itself (created by `onu`:
 * ONU data, ONU-G, ONU2-G, OLT-G, cardholders, circuit packs, software images, PPTP, UNI-G, ANI-G,
 * T-CONTs, traffic schedulers, priority queues, OMCI) is taken from there as the template of every
 * simulated F601; live values (serial, states, optics, alloc-ids) are laid over it per ONT (mib.ts).
 * What the OLT creates is not: it follows the OLT's configuration (f601-services.ts), in the same
 * model as the fixture's example subscriber.
 */
import { readFileSync } from 'node:fs';
import type { AttrValues } from '../../src/protocols/omci/attributes.ts';
import { meDef } from '../../src/protocols/omci/me-defs.ts';

export interface TemplateMe {
  classId: number;
  instance: number;
  values: AttrValues;
  /** Rows of table attributes. */
  tables: Record<string, Buffer[]>;
}

interface FixtureMe {
  class: number;
  instance: number;
  createdBy: 'onu' | 'olt';
  attributes: Record<string, unknown>;
}

const FIXTURE = new URL('../../test/fixtures/omci/f601-mib.json', import.meta.url);

/** Fixture value → wire value: hex strings of byte attributes and table rows become bytes (its `valueEncoding`). */
function convert(m: FixtureMe): TemplateMe {
  const def = meDef(m.class);
  if (!def) throw new Error(`f601-mib.json: class ${m.class} has no definition in src/protocols/omci`);
  const values: AttrValues = {};
  const tables: Record<string, Buffer[]> = {};
  for (const [name, v] of Object.entries(m.attributes)) {
    const a = def.attributes.find((x) => x.name === name);
    if (!a) throw new Error(`f601-mib.json: ${def.name} has no attribute ${name}`);
    if (a.type === 'table') {
      tables[name] = (v as (string | number)[]).map((row) => {
        if (typeof row === 'string') return Buffer.from(row, 'hex');
        const b = Buffer.alloc(a.size); // ME 287 rows: class ids (2 bytes) / message types (1 byte)
        b.writeUIntBE(row, 0, a.size);
        return b;
      });
    } else if (a.type === 'bytes') values[name] = Buffer.from(v as string, 'hex');
    else values[name] = v as number | string;
  }
  return { classId: m.class, instance: m.instance, values, tables };
}

let cache: { onuCreated: TemplateMe[]; classOrder: number[] } | undefined;

function load() {
  if (!cache) {
    const doc = JSON.parse(readFileSync(FIXTURE, 'utf8')) as { mes: FixtureMe[] };
    const classOrder: number[] = [];
    for (const m of doc.mes) if (!classOrder.includes(m.class)) classOrder.push(m.class);
    cache = { onuCreated: doc.mes.filter((m) => m.createdBy === 'onu').map(convert), classOrder };
  }
  return cache;
}

/** The MEs an F601 creates by itself, as the fixture has them (copies: callers may change them). */
export function f601OnuCreated(): TemplateMe[] {
  return load().onuCreated.map((m) => ({ ...m, values: { ...m.values }, tables: { ...m.tables } }));
}

/** Classes in the order the F601's MIB upload lists them (the fixture's order). */
export function f601ClassOrder(): readonly number[] {
  return load().classOrder;
}

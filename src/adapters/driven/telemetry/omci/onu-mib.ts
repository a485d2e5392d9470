/**
 * One ONU's MIB as its MIB upload reported it (G.988 §I.1.2): every ME instance with its attributes,
 * table rows collected per attribute. The client takes every instance id it addresses from here —
 * ANI-G, UNIs, T-CONTs, GEM port network CTPs — never from a convention: the lab's F601 has its ANI-G
 * at 0x8001, the Broadband Forum's simulator at 1 (docs/omci-notes.md §2.1).
 */
import type { AttrValues } from '../../../../protocols/omci/attributes.ts';
import { MeClass, meDef } from '../../../../protocols/omci/me-defs.ts';
import type { UploadRecord } from '../../../../protocols/omci/messages.ts';

export interface MibInstance {
  meClass: number;
  meInstance: number;
  /** G.988 name, or `class N` for a class this codec does not know. */
  name: string;
  attributes: AttrValues;
  /** Rows of table attributes, by attribute name, in upload order. */
  tables: Record<string, Buffer[]>;
}

const key = (c: number, i: number) => `${c}:${i}`;

export class OnuMib {
  private readonly byKey = new Map<string, MibInstance>();

  /** Merge upload records: one ME may come in several records (split attributes, table rows). */
  static fromRecords(records: Iterable<UploadRecord>): OnuMib {
    const mib = new OnuMib();
    for (const r of records) mib.add(r);
    return mib;
  }

  private add(r: UploadRecord): void {
    const k = key(r.meClass, r.meInstance);
    let e = this.byKey.get(k);
    if (!e) {
      e = {
        meClass: r.meClass,
        meInstance: r.meInstance,
        name: meDef(r.meClass)?.name ?? `class ${r.meClass}`,
        attributes: {},
        tables: {},
      };
      this.byKey.set(k, e);
    }
    const def = meDef(r.meClass);
    for (const [name, v] of Object.entries(r.attributes)) {
      if (def?.attributes.find((a) => a.name === name)?.type === 'table')
        (e.tables[name] ??= []).push(v as Buffer);
      else e.attributes[name] = v;
    }
  }

  get size(): number {
    return this.byKey.size;
  }

  all(): MibInstance[] {
    return [...this.byKey.values()];
  }

  get(meClass: number, meInstance: number): MibInstance | undefined {
    return this.byKey.get(key(meClass, meInstance));
  }

  /** Instances of one class, in instance order. */
  instances(meClass: number): MibInstance[] {
    return this.all()
      .filter((m) => m.meClass === meClass)
      .sort((a, b) => a.meInstance - b.meInstance);
  }

  /** ONU2-G attribute 2 (G.988 §9.1.2), when uploaded. */
  get omccVersion(): number | undefined {
    const v = this.get(MeClass.onu2G, 0)?.attributes.omccVersion;
    return typeof v === 'number' ? v : undefined;
  }

  /** ONU data attribute 1 at upload time (G.988 §9.1.3): the OLT's audit compares it later. */
  get mibDataSync(): number | undefined {
    const v = this.get(MeClass.onuData, 0)?.attributes.mibDataSync;
    return typeof v === 'number' ? v : undefined;
  }

  /** The PON interface(s): ANI-G instances (one on a single-PON ONU). */
  get aniG(): MibInstance[] {
    return this.instances(MeClass.aniG);
  }

  /** Ethernet UNIs (PPTP Ethernet UNI, G.988 §9.5.1). */
  get unis(): MibInstance[] {
    return this.instances(MeClass.pptpEthernetUni);
  }

  get tconts(): MibInstance[] {
    return this.instances(MeClass.tcont);
  }

  get gemPorts(): MibInstance[] {
    return this.instances(MeClass.gemPortNetworkCtp);
  }
}

/**
 * A sorted index of the agent's object instances, answering GET / GETNEXT / GETBULK by binary search.
 * net-snmp's own MIB tree walks node by node and builds table rows as objects, which is slow and
 * memory-hungry for a 4 096-ONT table (issue 4 §1); the set of instances of a simulated OLT is
 * fixed at start, only their values change, so values are read live through getters and the index
 * is built once. A getter returning undefined makes the instance absent (skipped by GETNEXT).
 */
export type Oid = readonly number[];

export interface OidEntry {
  readonly oid: Oid;
  readonly key: string;
  /** net-snmp ObjectType number. */
  readonly type: number;
  /** Current value, or undefined when the instance does not exist right now. */
  readonly get: () => unknown;
}

export function parseOid(s: string): number[] {
  const t = s.startsWith('.') ? s.slice(1) : s;
  return t === '' ? [] : t.split('.').map(Number);
}

export function compareOid(a: Oid, b: Oid): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return a.length - b.length;
}

export interface Found {
  entry: OidEntry;
  value: unknown;
  pos: number;
}

export class OidIndex {
  private readonly entries: OidEntry[];
  private readonly byKey = new Map<string, OidEntry>();

  constructor(entries: OidEntry[]) {
    this.entries = entries.slice().sort((a, b) => compareOid(a.oid, b.oid));
    for (const e of this.entries) this.byKey.set(e.key, e);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Exact GET: the entry and its value, or undefined (noSuchObject/noSuchInstance). */
  get(oid: string): Found | undefined {
    const entry = this.byKey.get(oid.startsWith('.') ? oid.slice(1) : oid);
    if (!entry) return undefined;
    const value = entry.get();
    return value === undefined ? undefined : { entry, value, pos: -1 };
  }

  /** GETNEXT: the first present instance strictly after `oid`, or undefined at the end of the MIB. */
  next(oid: Oid): Found | undefined {
    let lo = 0;
    let hi = this.entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compareOid(this.entries[mid].oid, oid) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return this.presentFrom(lo);
  }

  /** The first present instance at or after position `pos` (continues a GETBULK column cheaply). */
  presentFrom(pos: number): Found | undefined {
    for (let i = pos; i < this.entries.length; i++) {
      const entry = this.entries[i];
      const value = entry.get();
      if (value !== undefined) return { entry, value, pos: i };
    }
    return undefined;
  }
}

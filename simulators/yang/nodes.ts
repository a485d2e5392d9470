/**
 * The nodes of the lab OLT's data tree (data.ts): `DNode`, a container or list entry, its present
 * children as parallel arrays; `DList`, a YANG list's entries, persistent and sorted by key.
 */
import type { SNode } from './schema.ts';

export type Val = string | string[] | DNode | DList;

/** The values of every filled node without children (never written to: such a node is copied first). */
const NO_VALUES: Val[] = [];
/** Per schema node, the children arrays filled nodes share (at most MAX_SHAPES kept per node). */
const shapes = new WeakMap<SNode, SNode[][]>();
const MAX_SHAPES = 32;

/** The children arrays filled nodes of `s` share (edit-slots.ts keeps it with `s`'s slots: no lookup per node). */
export function shapesOf(s: SNode): SNode[][] {
  let known = shapes.get(s);
  if (!known) shapes.set(s, (known = []));
  return known;
}

/**
 * The shared array of `known` holding the first `n` of `k` (a copy of its own if none is kept). The
 * one found moves to the front: the nodes an edit fills one after the other are mostly of one shape.
 */
function sharedKeys(known: SNode[][], k: SNode[], n: number): SNode[] {
  for (let j = 0; j < known.length; j++) {
    const c = known[j];
    let i = c.length === n ? 0 : -1; // a plain loop: no callback per shape and node
    while (i >= 0 && i < n && c[i] === k[i]) i++;
    if (i === n) {
      if (j > 0) {
        known[j] = known[0];
        known[0] = c;
      }
      return c;
    }
  }
  const own = k.slice(0, n);
  if (known.length < MAX_SHAPES) known.push(own);
  return own;
}

export class DNode {
  /** The edit run that created this copy and may change it in place (0: none; run ids are never reused). */
  owner = 0;
  constructor(
    readonly s: SNode,
    /** Schema nodes of the present children, in insertion order (replaced only by `fill`). */
    public k: SNode[] = [],
    public v: Val[] = [],
  ) {}

  /**
   * Take as children the first `n` of `k` and `v` (an edit's scratch arrays, only read here; see
   * edit-fill.ts), in arrays of exactly them: a frozen node lives on in every later version of the
   * tree. `k` becomes the array of every node of the same schema node with the same children (2 000
   * VLAN tags of an edit have one): the node must not be changed in place any more, only copied.
   * `known`: the shapes of `this.s` (shapesOf), if the caller has them at hand.
   */
  fill(k: SNode[], v: Val[], n: number, known?: SNode[][]): void {
    this.k = n > 15 ? k.slice(0, n) : sharedKeys(known ?? shapesOf(this.s), k, n);
    this.v = n ? v.slice(0, n) : NO_VALUES;
  }

  get(s: SNode): Val | undefined {
    const i = this.k.indexOf(s);
    return i < 0 ? undefined : this.v[i];
  }

  /** A shallow copy to change (copy-on-write). */
  copy(): DNode {
    return new DNode(this.s, this.k.slice(), this.v.slice());
  }

  /** Set (or, with undefined, remove) a child in place: only on a node this writer owns. */
  put(s: SNode, val: Val | undefined): void {
    const i = this.k.indexOf(s);
    if (val === undefined) {
      if (i >= 0) {
        this.k.splice(i, 1);
        this.v.splice(i, 1);
      }
    } else if (i >= 0) this.v[i] = val;
    else {
      this.k.push(s);
      this.v.push(val);
    }
  }

  get empty(): boolean {
    return this.k.length === 0;
  }
}

/**
 * The entries of one YANG list, persistent: a two-level sorted structure (a directory of chunks of
 * at most 256 entries, sorted by key) so that adding an interface to a 50 000-entry list copies one
 * chunk and the directory — a few hundred references — instead of the whole list, and a diff of two
 * versions skips every chunk they share. `ordered-by system` lists (RFC 7950 §7.7.7: the server
 * chooses the order) come out sorted by key; `ordered-by user` lists keep the client's order in one
 * small map.
 */
interface Chunk {
  owner: number;
  keys: string[];
  vals: DNode[];
}

const MAX = 256;
/** Lookups of a list before it gets a hash index (small or rarely read lists keep none). */
const INDEX_AFTER = 64;
const INT_TYPES = new Set(['int8', 'int16', 'int32', 'int64', 'uint8', 'uint16', 'uint32', 'uint64']);
/** The directory of every list without chunks (empty, or in the one-entry form): never written to. */
const NO_DIR: Chunk[] = [];

export class DList {
  /** The edit run that may change this copy in place (0: none; run ids are never reused). */
  owner = 0;
  private dir: Chunk[];
  private user: Map<string, DNode> | undefined;
  private count: number;
  /**
   * The entry of a list that holds one (then `dir` is empty), and its key: nearly every list an edit
   * makes holds one entry (a sub-interface's rule, its tag, its push-tag: ~6 000 of an edit of 256
   * subscribers), and a chunk of one cost four more objects (directory, chunk, keys, values), each
   * copied by the scavenges while the edit runs and marked by every full GC after.
   */
  private one: DNode | undefined;
  private oneKey = '';
  /**
   * Key → entry, once the list is read often: kept up to date by this copy's writes, so it never
   * changes once the list is frozen and shared. With `base`, only this copy's changes (null: removed)
   * over `base`, the index of the list it was copied from: a copy of a 50 000-entry list to which an
   * edit adds 3 000 entries (and looks each up first) rebuilt its index from every entry.
   */
  private index: Map<string, DNode | null> | undefined;
  /** A frozen list's whole index, which `index` holds the changes to (see there). */
  private base: ReadonlyMap<string, DNode | null> | undefined;
  private reads = 0;

  /** Key order: numeric for one integer key, else by code unit (fixed by the schema: chosen once). */
  private readonly numeric: boolean;

  constructor(readonly s: SNode) {
    const k = s.keys;
    this.numeric = k.length === 1 && !!k[0].type && INT_TYPES.has(k[0].type.b);
    this.dir = NO_DIR;
    this.count = 0;
    if (s.userOrdered) this.user = new Map();
  }

  /** The chunks, the one entry as a chunk of its own (made anew: for the walks that read chunks). */
  private chunks(): Chunk[] {
    return this.one ? [{ owner: 0, keys: [this.oneKey], vals: [this.one] }] : this.dir;
  }

  /** Is `k` the key of the one entry (the same comparison as the chunks' search)? */
  private isOne(k: string): boolean {
    return this.numeric ? compareKeys(k, this.oneKey, true) === 0 : k === this.oneKey;
  }

  get size(): number {
    return this.user ? this.user.size : this.count;
  }

  /** A shallow copy to change: shares every chunk until one is written. */
  copy(): DList {
    const c = new DList(this.s);
    c.dir = this.dir.length ? this.dir.slice() : NO_DIR;
    c.count = this.count;
    c.one = this.one;
    c.oneKey = this.oneKey;
    if (this.user) c.user = new Map(this.user);
    else if (this.index) {
      // the index shared (this list is frozen: its index never changes again), the copy's changes beside
      // it; changes of changes are copied while fewer than half the base, else the copy builds its own
      if (!this.base) {
        c.base = this.index;
        c.index = new Map();
      } else if (this.index.size * 2 <= this.base.size) {
        c.base = this.base;
        c.index = new Map(this.index);
      }
    }
    return c;
  }

  get(k: string): DNode | undefined {
    if (this.user) return this.user.get(k);
    if (this.one) return this.isOne(k) ? this.one : undefined;
    if (this.index) {
      const e = this.index.get(k);
      if (e !== undefined) return e ?? undefined;
      return this.base?.get(k) ?? undefined;
    }
    // a list read often (a commit's leafrefs, read-backs, and the edit writing 256 subscribers into its
    // copy, which looks every entry up before it sets it): a hash index, built once
    // (string keys only: an integer key's order compares numbers, a map would compare spellings)
    if (!this.numeric && ++this.reads > INDEX_AFTER) {
      this.index = new Map();
      for (const c of this.dir) for (let i = 0; i < c.keys.length; i++) this.index.set(c.keys[i], c.vals[i]);
      return this.index.get(k) ?? undefined;
    }
    const c = this.dir[this.chunkOf(k)];
    if (!c) return undefined;
    const i = search(c.keys, k, this.numeric);
    return i >= 0 ? c.vals[i] : undefined;
  }

  has(k: string): boolean {
    return this.get(k) !== undefined;
  }

  /** Add or replace an entry (the list must be owned by the caller: `owner` set). */
  set(k: string, v: DNode): void {
    if (this.index) this.index.set(k, v);
    if (this.user) {
      this.user.set(k, v);
      return;
    }
    if (this.one) {
      if (this.isOne(k)) {
        this.one = v;
        return;
      }
      // a second entry: the first goes into a chunk (arrays of exactly one: a push made 17 slots)
      this.dir = [{ owner: this.owner, keys: [this.oneKey], vals: [this.one] }];
      this.one = undefined;
    } else if (!this.dir.length) {
      this.one = v;
      this.oneKey = k;
      this.count = 1;
      return;
    }
    const ci = this.chunkOf(k);
    const c = this.writable(Math.max(ci, 0));
    const i = search(c.keys, k, this.numeric);
    if (i >= 0) {
      c.vals[i] = v;
      return;
    }
    const at = -i - 1;
    c.keys.splice(at, 0, k);
    c.vals.splice(at, 0, v);
    this.count++;
    if (c.keys.length > MAX) {
      const half = c.keys.length >> 1;
      const right: Chunk = { owner: this.owner, keys: c.keys.splice(half), vals: c.vals.splice(half) };
      this.dir.splice(Math.max(ci, 0) + 1, 0, right);
    }
  }

  delete(k: string): void {
    if (this.base) this.index!.set(k, null);
    else if (this.index) this.index.delete(k);
    if (this.user) {
      this.user.delete(k);
      return;
    }
    if (this.one) {
      if (this.isOne(k)) {
        this.one = undefined;
        this.oneKey = '';
        this.count = 0;
      }
      return;
    }
    const ci = this.chunkOf(k);
    if (ci < 0) return;
    const i = search(this.dir[ci].keys, k, this.numeric);
    if (i < 0) return;
    const c = this.writable(ci);
    c.keys.splice(i, 1);
    c.vals.splice(i, 1);
    this.count--;
    if (!c.keys.length) this.dir.splice(ci, 1);
  }

  /** Replace the whole order (ordered-by user only, RFC 7950 §7.8.6 insert). */
  reorder(entries: [string, DNode][]): void {
    this.index = undefined;
    this.base = undefined;
    this.user = new Map(entries);
  }

  *entries(): IterableIterator<[string, DNode]> {
    if (this.user) {
      yield* this.user.entries();
      return;
    }
    for (const c of this.chunks()) for (let i = 0; i < c.keys.length; i++) yield [c.keys[i], c.vals[i]];
  }

  /**
   * The entry of a list in the one-entry form (ordered-by system), else undefined: the validator's walk
   * of a new subscriber meets ~6 000 such lists, and valueArrays made two arrays for each.
   */
  get only(): DNode | undefined {
    return this.user ? undefined : this.one;
  }

  /**
   * The entries in order as arrays to loop over (the chunks' own, read only): the validator, the
   * writer and XPath visit every entry of every list they meet, and a generator made a result object
   * per entry.
   */
  valueArrays(): readonly (readonly DNode[])[] {
    if (this.user) return [[...this.user.values()]];
    if (this.one) return [[this.one]];
    const out: DNode[][] = [];
    for (let i = 0; i < this.dir.length; i++) out.push(this.dir[i].vals);
    return out;
  }

  *values(): IterableIterator<DNode> {
    if (this.user) {
      yield* this.user.values();
      return;
    }
    if (this.one) yield this.one;
    for (const c of this.dir) yield* c.vals;
  }

  /**
   * The keys whose entry differs between `old` and this version (added, removed or replaced),
   * visiting only the chunks the two do not share.
   */
  changedKeys(old: DList | undefined): string[] {
    return this.changes(old).map((c) => c[0]);
  }

  /** As changedKeys, each key with its entry here and in `old` (undefined where absent): no lookups. */
  changes(old: DList | undefined): [string, DNode | undefined, DNode | undefined][] {
    if (!old) return [...this.entries()].map(([k, e]) => [k, e, undefined]);
    const out: [string, DNode | undefined, DNode | undefined][] = [];
    if (this.user || old.user) {
      for (const [k, e] of this.entries()) {
        const o = old.get(k);
        if (o !== e) out.push([k, e, o]);
      }
      for (const [k, o] of old.entries()) if (!this.has(k)) out.push([k, undefined, o]);
      return out;
    }
    // both sides are sorted by key: one merge walk, stepping over the chunks they share, instead of a
    // binary search per key of every chunk that differs (a commit's entries land in most chunks)
    const gone: [string, DNode | undefined, DNode | undefined][] = [];
    const a = this.chunks();
    const b = old.chunks();
    let i = 0;
    let x = 0;
    let j = 0;
    let y = 0;
    while (i < a.length || j < b.length) {
      if (x === 0 && y === 0 && i < a.length && j < b.length && a[i] === b[j]) {
        i++;
        j++;
        continue;
      }
      const ka = i < a.length ? a[i].keys[x] : undefined;
      const kb = j < b.length ? b[j].keys[y] : undefined;
      const c = ka === undefined ? 1 : kb === undefined ? -1 : compareKeys(ka, kb, this.numeric);
      if (c <= 0) {
        if (c < 0) out.push([ka!, a[i].vals[x], undefined]);
        else if (a[i].vals[x] !== b[j].vals[y]) out.push([ka!, a[i].vals[x], b[j].vals[y]]);
        if (++x === a[i].keys.length) {
          i++;
          x = 0;
        }
      } else gone.push([kb!, undefined, b[j].vals[y]]);
      if (c >= 0 && ++y === b[j].keys.length) {
        j++;
        y = 0;
      }
    }
    return gone.length ? out.concat(gone) : out;
  }

  private writable(ci: number): Chunk {
    const c = this.dir[ci];
    if (c.owner === this.owner && this.owner !== 0) return c;
    const w: Chunk = { owner: this.owner, keys: c.keys.slice(), vals: c.vals.slice() };
    this.dir[ci] = w;
    return w;
  }

  /** Index of the chunk that holds (or would hold) `k`: the last whose first key ≤ k; -1 if none. */
  private chunkOf(k: string): number {
    let lo = 0;
    let hi = this.dir.length - 1;
    let best = this.dir.length ? 0 : -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (compareKeys(this.dir[mid].keys[0], k, this.numeric) <= 0) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  }
}

/** Key order (the lists' hottest code: a direct call, no comparator passed around). */
function compareKeys(a: string, b: string, numeric: boolean): number {
  if (numeric) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Binary search: the index of `k`, or -(insertion point) - 1. */
function search(keys: string[], k: string, numeric: boolean): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = compareKeys(keys[mid], k, numeric);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid - 1;
  }
  return -lo - 1;
}

/**
 * Runs of a message's characters for the lab's XML parser (xml.ts): compared where they are in the
 * message, made strings of their own, and shared as leaf texts and namespace scopes by a hash of
 * their characters, so that the ~90 000 elements of a 4 MB edit make few strings and few lookups.
 */
import { W, type Doc, type NsScope } from './xml-doc.ts';

export const SLOT_MASK = 1023;
export const TEXT_MASK = 16383;
/**
 * Words per slot of the attributes read last after a name in a scope (`Tables.regions`): where those
 * characters were, their length, the scope they were read in, the scope and the attribute list
 * (1 + index in Doc.attrLists, 0: none) they gave, 1 if they ended in '/>', epoch (one word spare).
 */
export const REGION_WORDS = 8;

/**
 * The direct-mapped tables of a parse, and the rows it fills, kept from one parse to the next (a
 * parse is synchronous: one at a time). Each slot holds the parse that wrote it (`epoch`): a slot of
 * an earlier parse is empty, so a parse neither allocates nor clears them. Made new for each parse,
 * they were ~300 KB of array buffers a message, however small (and 5 MB for the rows of a 4 MB edit,
 * now a copy of 3.7 MB): V8 scavenges at once whenever the young array buffers reach twice its default
 * semi-space (Heap::AllocateExternalBackingStore), and a scavenge copies everything young still alive
 * (a datastore being built: 30-60 ms each in a replay of a lab OLT's RPCs).
 */
class Tables {
  epoch = 0;
  /** (text hash) → 1 + the text's id, where it is in src, its length, epoch (sharedText). */
  readonly texts = new Int32Array(4 * (TEXT_MASK + 1));
  readonly regions = new Int32Array(REGION_WORDS * (SLOT_MASK + 1));
  /**
   * (parent's name, previous sibling's name) → the tag after them last time (xml.ts): where it was
   * (from its name to its '>'), its length, the parent scope (-1: its name alone is shared), its name,
   * scope, attribute list, 1 if it ended in '/>', namespace, epoch (16 words: a power of two).
   */
  readonly tags = new Int32Array(16 * (SLOT_MASK + 1));
  /** (scope, name) → scope, name, namespace id, epoch: the same name in the same scope has the same namespace. */
  readonly ns = new Int32Array(4 * (SLOT_MASK + 1));
  /** (name hash) → 1 + the name's id, epoch (Names). */
  readonly names = new Int32Array(2 * (SLOT_MASK + 1));
  /** (parent scope, default namespace) → 1 + the scope's id, where the URI is in src, epoch (ScopeCache). */
  readonly defaults = new Int32Array(4 * (SLOT_MASK + 1));
  /** The rows of the message being parsed (`Doc.cols` gets a copy of those it filled); as large as the largest parse needed. */
  rows = new Int32Array(W * 4096);

  /** The epoch of a new parse. */
  next(): number {
    if (this.epoch === 0x3fffffff) {
      for (const t of [this.texts, this.regions, this.tags, this.ns, this.names, this.defaults]) t.fill(0);
      this.epoch = 0;
    }
    return ++this.epoch;
  }

  /** The rows with room for one more than `used` (those filled so far kept). */
  grow(used: number): Int32Array {
    const next = new Int32Array(Math.max(2 * this.rows.length, (used + 1) * W));
    next.set(this.rows.subarray(0, used * W));
    return (this.rows = next);
  }
}
export const tables = new Tables();
/** Longer texts are not shared (sharedText: few repeat, and each would be copied). */
const MAX_SHARED_TEXT = 256;

/**
 * A string of its own with the characters of `s`. A string of 13 characters or more cut out of
 * another is a view of it in V8 (a sliced string): a Map lookup or a comparison with one takes ~3x
 * as long (names and namespaces are looked up in the schema for every element of an edit), and it
 * holds the whole message in memory. Shorter ones are copies already.
 */
export function ownString(s: string): string {
  if (s.length < 13) return s;
  const codes = new Array<number>(s.length);
  for (let i = 0; i < s.length; i++) codes[i] = s.charCodeAt(i);
  return String.fromCharCode.apply(null, codes);
}

/**
 * The index in `doc.texts` of the text src[t0, t1), added if new, or -1 (too long, or with
 * references): one string of its own per distinct text of a parse, found by the hash of its
 * characters in `tables.texts` (1 + index, where the text is in src, its length, epoch). The
 * ~56 000 leaf values of an edit of 256 subscribers have ~7 000 distinct texts, each looked up in
 * the value memo: a new slice per value was hashed each time, and compared slowly (see ownString).
 */
export function sharedText(doc: Doc, bytes: DataView | undefined, refs: Refs, ep: number, t0: number, t1: number): number {
  if (t1 - t0 > MAX_SHARED_TEXT || refs.within(t0, t1)) return -1;
  const src = doc.src;
  const h = hashRun(src, bytes, t0, t1 - t0, 0);
  // a slot's words together (one cache line), and the length there rather than read from the string
  const slots = tables.texts;
  const slot = ((h ^ (h >>> 13)) & TEXT_MASK) << 2;
  let id = slots[slot] - 1;
  if (slots[slot + 3] !== ep || slots[slot + 2] !== t1 - t0 || !sameRun(src, bytes, t0, slots[slot + 1], t1 - t0)) {
    id = doc.texts.length;
    doc.texts.push(ownRun(src, bytes, t0, t1));
    slots[slot] = id + 1;
    slots[slot + 1] = t0;
    slots[slot + 2] = t1 - t0;
    slots[slot + 3] = ep;
  }
  return id;
}

/**
 * ownString(src.slice(t0, t1)), in an ASCII message decoded from its bytes as Latin-1 (the same
 * characters, one byte each): a string of its own without an array of its character codes first
 * (~1 MB of such arrays a parse of a 285 KB read-back filter, one per name it holds).
 */
function ownRun(src: string, bytes: DataView | undefined, t0: number, t1: number): string {
  if (t1 - t0 >= 13 && bytes === scratchView) return scratch.toString('latin1', t0, t1);
  return ownString(src.slice(t0, t1));
}

const encoder = new TextEncoder();
/** The bytes of the last message parsed (kept: a 4 MB edit is not allocated and zeroed again). */
let scratch = Buffer.alloc(0);
let scratchView = new DataView(scratch.buffer);

/**
 * A view of src as one byte per character if it is all ASCII (almost every message), for sameRun;
 * undefined otherwise. UTF-8 of ASCII is ASCII: the encoder's copy is a plain copy.
 */
export function asciiBytes(src: string): DataView | undefined {
  if (scratch.length < src.length) {
    scratch = Buffer.alloc(Math.max(src.length, 2 * scratch.length, 65536));
    scratchView = new DataView(scratch.buffer, scratch.byteOffset, scratch.length);
  }
  const r = encoder.encodeInto(src, scratch);
  return r.read === src.length && r.written === src.length ? scratchView : undefined;
}

/**
 * Whether src[a, a + len) and src[b, b + len) are the same characters. In the bytes of an ASCII
 * message four at a time: compared by charCodeAt (or startsWith), the names, end tags, leaf texts
 * and namespaces an edit compares each took ~35 ns, a third of the parse.
 */
export function sameRun(src: string, bytes: DataView | undefined, a: number, b: number, len: number): boolean {
  if (bytes !== undefined && len >= 4) {
    const last = a + len - 4;
    for (; a < last; a += 4, b += 4) if (bytes.getInt32(a, true) !== bytes.getInt32(b, true)) return false;
    // the last four, overlapping those before if len is not a multiple of 4
    return bytes.getInt32(last, true) === bytes.getInt32(b - a + last, true);
  }
  for (let j = 0; j < len; j++) if (src.charCodeAt(a + j) !== src.charCodeAt(b + j)) return false;
  return true;
}

/**
 * A hash of src[a, a + len) (with `h`): in the bytes of an ASCII message four characters a step, as
 * sameRun compares them; character by character in any other. Only compared within one parse.
 */
function hashRun(src: string, bytes: DataView | undefined, a: number, len: number, h: number): number {
  if (bytes !== undefined && len >= 4) {
    const last = a + len - 4;
    for (; a < last; a += 4) h = Math.imul(h ^ bytes.getInt32(a, true), 0x9e3779b1);
    h = Math.imul(h ^ bytes.getInt32(last, true), 0x9e3779b1);
    return h ^ (h >>> 16);
  }
  for (let j = 0; j < len; j++) h = (Math.imul(h, 31) + src.charCodeAt(a + j)) | 0;
  return h;
}

/**
 * Whether runs of a message have a reference ('&'), asked in the order of the message: the next
 * '&' is found by indexOf once for all the runs before it (an edit of 256 subscribers has none),
 * where each of its ~80 000 texts and namespaces was scanned for one.
 */
export class Refs {
  /** The first '&' at or after `from` (the message's length if none). */
  private next = -1;
  private from = 0;

  constructor(private readonly src: string) {}

  within(a: number, b: number): boolean {
    const src = this.src;
    if (a < this.from) {
      for (let j = a; j < b; j++) if (src.charCodeAt(j) === 38 /* & */) return true;
      return false;
    }
    if (this.next < a) {
      const k = src.indexOf('&', a);
      this.next = k < 0 ? src.length : k;
      this.from = a;
    }
    return this.next < b;
  }
}

/**
 * The scopes of one parse (`doc.scopes`, by id), those adding one declaration to a parent scope
 * shared: an edit of 256 subscribers declares the same default namespace on ~20 000 elements under
 * the same parent scope (scopes are never changed once made; lookups see the same bindings either
 * way).
 */
export class ScopeCache {
  /** parent id → prefix → URI → scope id. */
  private readonly m = new Map<number, Map<string, Map<string, number>>>();
  constructor(
    private readonly doc: Doc,
    private readonly bytes: DataView | undefined,
    private readonly ep: number,
  ) {}

  /** A scope of its own (several declarations): its new id. */
  add(scope: NsScope): number {
    this.doc.scopes.push(scope);
    return this.doc.scopes.length - 1;
  }

  /** The id of the scope declaring `prefix` as `uri` under the scope `parent`. */
  of(parent: number, prefix: string, uri: string): number {
    let byPrefix = this.m.get(parent);
    if (!byPrefix) this.m.set(parent, (byPrefix = new Map()));
    let byUri = byPrefix.get(prefix);
    if (!byUri) byPrefix.set(prefix, (byUri = new Map()));
    let id = byUri.get(uri);
    if (id === undefined) {
      id = this.add({ parent: this.doc.scopes[parent], decls: new Map([[prefix, ownString(uri)]]) });
      byUri.set(uri, id);
    }
    return id;
  }

  /**
   * `of(parent, '', <the text src[x0, x1)>)`, without references in the text: found by the hash of
   * its characters and compared in place, so that the ~20 000 elements whose one attribute is
   * `xmlns="…"` make no string and no map lookup each.
   */
  defaultIn(parent: number, x0: number, x1: number): number {
    const src = this.doc.src;
    const h = hashRun(src, this.bytes, x0, x1 - x0, parent);
    const t = tables.defaults;
    const slot = ((h ^ (h >>> 13)) & SLOT_MASK) << 2;
    const s = t[slot + 2] === this.ep ? this.doc.scopes[t[slot] - 1] : undefined;
    // a slot holds only scopes this made (a default declaration each): a collision is told apart here
    if (
      s &&
      s.parent === this.doc.scopes[parent] &&
      s.decls.get('')!.length === x1 - x0 &&
      sameRun(src, this.bytes, x0, t[slot + 1], x1 - x0)
    )
      return t[slot] - 1;
    const id = this.of(parent, '', src.slice(x0, x1));
    t[slot] = id + 1;
    t[slot + 1] = x0;
    t[slot + 2] = this.ep;
    return id;
  }
}

/**
 * The names of one parse (`doc.names`, by id): found by the hash of their characters, compared in
 * place (no string per element); the map by name string only on a miss of this direct-mapped slot.
 */
export class Names {
  private readonly byName = new Map<string, number>();
  /** Where each name (by id) first occurs in src, and its length: compared there (sameRun). */
  readonly at: number[] = [0];
  readonly len: number[] = [0];
  /** 1 if the name's first and last characters are ASCII (see the end tag in xml.ts). */
  readonly asciiEnds: number[] = [0];

  constructor(
    private readonly doc: Doc,
    private readonly bytes: DataView | undefined,
    private readonly ep: number,
  ) {}

  /** The id of the name src[name0, name1), whose characters hash to `h`. */
  of(h: number, name0: number, name1: number): number {
    const src = this.doc.src;
    const t = tables.names;
    const slot = ((h ^ (h >>> 12)) & SLOT_MASK) << 1;
    let id = t[slot] - 1;
    if (t[slot + 1] === this.ep && this.len[id] === name1 - name0 && sameRun(src, this.bytes, name0, this.at[id], name1 - name0)) return id;
    const qname = src.slice(name0, name1);
    id = this.byName.get(qname) ?? -1;
    if (id < 0) {
      const colon = qname.indexOf(':');
      const q = ownString(qname);
      id = this.doc.names.length;
      this.at.push(name0);
      this.len.push(name1 - name0);
      this.asciiEnds.push(qname.charCodeAt(0) < 128 && qname.charCodeAt(qname.length - 1) < 128 ? 1 : 0);
      this.doc.names.push(colon < 0 ? ['', q, q] : [qname.slice(0, colon), ownString(qname.slice(colon + 1)), q]);
      this.byName.set(qname, id);
    }
    t[slot] = id + 1;
    t[slot + 1] = this.ep;
    return id;
  }
}

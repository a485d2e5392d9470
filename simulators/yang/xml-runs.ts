/**
 * Runs of a message's characters for the lab's XML parser (xml.ts): compared where they are in the
 * message, made strings of their own, and shared as leaf texts and namespace scopes by a hash of
 * their characters, so that the ~90 000 elements of a 4 MB edit make few strings and few lookups.
 */
import { type Doc, type NsScope } from './xml-doc.ts';

export const SLOT_MASK = 1023;
export const TEXT_MASK = 16383;
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
 * characters in `slots` (4 words a hash: 1 + index, where the text is in src, its length). The
 * ~56 000 leaf values of an edit of 256 subscribers have ~7 000 distinct texts, each looked up in
 * the value memo: a new slice per value was hashed each time, and compared slowly (see ownString).
 */
export function sharedText(doc: Doc, bytes: DataView | undefined, refs: Refs, slots: Int32Array, t0: number, t1: number): number {
  if (t1 - t0 > MAX_SHARED_TEXT || refs.within(t0, t1)) return -1;
  const src = doc.src;
  const h = hashRun(src, bytes, t0, t1 - t0, 0);
  // a slot's words together (one cache line), and the length there rather than read from the string
  const slot = ((h ^ (h >>> 13)) & TEXT_MASK) << 2;
  let id = slots[slot] - 1;
  if (id < 0 || slots[slot + 2] !== t1 - t0 || !sameRun(src, bytes, t0, slots[slot + 1], t1 - t0)) {
    id = doc.texts.length;
    doc.texts.push(ownRun(src, bytes, t0, t1));
    slots[slot] = id + 1;
    slots[slot + 1] = t0;
    slots[slot + 2] = t1 - t0;
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
  /** (parent id, default namespace URI) hash → 1 + the scope id, for `defaultIn`; and where the URI is in src. */
  private readonly slots = new Int32Array(SLOT_MASK + 1);
  private readonly at = new Int32Array(SLOT_MASK + 1);

  constructor(
    private readonly doc: Doc,
    private readonly bytes: DataView | undefined,
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
    const slot = (h ^ (h >>> 13)) & SLOT_MASK;
    const known = this.slots[slot] - 1;
    const s = known >= 0 ? this.doc.scopes[known] : undefined;
    // a slot holds only scopes this made (a default declaration each): a collision is told apart here
    if (
      s &&
      s.parent === this.doc.scopes[parent] &&
      s.decls.get('')!.length === x1 - x0 &&
      sameRun(src, this.bytes, x0, this.at[slot], x1 - x0)
    )
      return known;
    const id = this.of(parent, '', src.slice(x0, x1));
    this.slots[slot] = id + 1;
    this.at[slot] = x0;
    return id;
  }
}

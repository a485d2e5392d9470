/**
 * The bytes of a reply as XmlWriter makes them: UTF-8 written straight into blocks of memory. A
 * read-back of 256 subscribers is ~3 MB out of ~70 000 elements; as ~100 000 strings pushed, joined
 * into parts and each part encoded by Buffer.from it cost a join, an encoding and the garbage of
 * every step. Blocks of a fixed size, not one buffer doubled: a 16 MB read in one buffer was copied at
 * every doubling, and each such buffer was fresh memory from the kernel (a page fault per 4 KB);
 * blocks this small come from the allocator's free memory again and again.
 */
import { escapeText } from './xml.ts';

/** Bytes per block (below glibc's 128 KB mmap threshold); each goes out as two SSH packets of 32 KB. */
const BLOCK = 1 << 16;
/** The block of an output nothing was written to yet (a precheck's reply is empty): the first write finishes it. */
const NONE = Buffer.alloc(0);
const NONE_VIEW = new DataView(NONE.buffer, NONE.byteOffset, 0);

export class XmlOut {
  /** Finished blocks, each with the bytes of it used. */
  private readonly blocks: Buffer[] = [];
  private readonly used: number[] = [];
  /** Bytes in the finished blocks. */
  private done = 0;
  /** The block being written, and the bytes of it written. */
  private buf: Buffer = NONE;
  private pos = 0;
  /** A view of `buf` to write four bytes at once (tag). */
  private dv: DataView = NONE_VIEW;

  /** Where the output is now (to cut back to, or to compare with a later mark). */
  mark(): number {
    return this.done + this.pos;
  }

  /** Drop everything written after mark `m`. */
  cut(m: number): void {
    while (m < this.done) {
      this.buf = this.blocks.pop()!;
      this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
      this.pos = this.used.pop()!;
      this.done -= this.pos;
    }
    this.pos = m - this.done;
  }

  /** Everything written, as views of the blocks (left to the caller); the output starts empty again. */
  take(): Buffer[] {
    this.blocks.push(this.buf);
    this.used.push(this.pos);
    const out: Buffer[] = [];
    for (let i = 0; i < this.blocks.length; i++) if (this.used[i]) out.push(this.blocks[i].subarray(0, this.used[i]));
    this.blocks.length = this.used.length = this.done = this.pos = 0;
    this.buf = NONE;
    this.dv = NONE_VIEW;
    return out;
  }

  /** A new block of at least `n` bytes. */
  private finish(n: number): void {
    this.blocks.push(this.buf);
    this.used.push(this.pos);
    this.done += this.pos;
    this.buf = Buffer.allocUnsafe(Math.max(BLOCK, n));
    this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.length);
    this.pos = 0;
  }

  /**
   * A tag (Tag): its bytes copied four at a time (a byte loop over the tags was the writer's hottest
   * line), the first two or three words without a loop (a loop of one to three turns per tag cost ~15%
   * of writing a read-back, measured on the state of the recorded bench run). Up to seven bytes past
   * its end are written too: room is made for them, what follows overwrites them, and take never
   * includes them.
   */
  tag(t: Tag): void {
    const n = t.n;
    if (this.pos + n + 8 > this.buf.length) this.finish(n + 8);
    const dv = this.dv;
    const p = this.pos;
    // most tags are two words or three (`<name>`, `</interface>`): no loop for those
    dv.setUint32(p, t.w0, true);
    dv.setUint32(p + 4, t.w1, true);
    if (n > 8) {
      dv.setUint32(p + 8, t.w2, true);
      if (n > 12) {
        const w = t.w;
        for (let i = 3; i < w.length; i++) dv.setUint32(p + 4 * i, w[i], true);
      }
    }
    this.pos = p + n;
  }

  /**
   * Character data (XML 1.0 §2.4), escaped as escapeText escapes it: copied a character per byte
   * while it is ASCII with nothing to escape (nearly always: names, numbers, identities), else the
   * rest escaped and written as UTF-8.
   */
  text(v: string): void {
    const n = v.length;
    if (this.pos + n > this.buf.length) this.finish(n);
    const buf = this.buf;
    const p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = v.charCodeAt(i);
      // letters are above '>' (one test for them), digits and punctuation below (three)
      if (c > 62 ? c >= 0x80 : c === 38 /* & */ || c === 60 /* < */ || c === 62 /* > */) {
        this.pos = p + i;
        this.utf8(escapeText(v.slice(i)));
        return;
      }
      buf[p + i] = c;
    }
    this.pos = p + n;
  }

  /** A string as UTF-8 (as Buffer.from encodes it), in one block. */
  utf8(s: string): void {
    const n = Buffer.byteLength(s, 'utf8');
    if (this.pos + n > this.buf.length) this.finish(n);
    this.pos += this.buf.write(s, this.pos, n, 'utf8');
  }
}


/** The bytes of a tag as little-endian 32-bit words (the last padded with zeros), and how many. */
export interface Tag {
  readonly w: Uint32Array;
  readonly n: number;
  /** The first three words (0 past the end). */
  readonly w0: number;
  readonly w1: number;
  readonly w2: number;
}

export function tagOf(text: string): Tag {
  const b = Buffer.from(text, 'utf8');
  const padded = Buffer.alloc((b.length + 3) & ~3);
  b.copy(padded);
  const w = new Uint32Array(padded.length >> 2);
  for (let i = 0; i < w.length; i++) w[i] = padded.readUInt32LE(i * 4);
  return { w, n: b.length, w0: w[0] ?? 0, w1: w[1] ?? 0, w2: w[2] ?? 0 };
}

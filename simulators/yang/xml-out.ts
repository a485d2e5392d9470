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
/** Byte strings up to this length are copied by a loop (TypedArray#set costs more than it copies). */
const SHORT = 48;

export class XmlOut {
  /** Finished blocks, each with the bytes of it used. */
  private readonly blocks: Buffer[] = [];
  private readonly used: number[] = [];
  /** Bytes in the finished blocks. */
  private done = 0;
  /** The block being written, and the bytes of it written. */
  private buf: Buffer = Buffer.allocUnsafe(BLOCK);
  private pos = 0;

  /** Where the output is now (to cut back to, or to compare with a later mark). */
  mark(): number {
    return this.done + this.pos;
  }

  /** Drop everything written after mark `m`. */
  cut(m: number): void {
    while (m < this.done) {
      this.buf = this.blocks.pop()!;
      this.pos = this.used.pop()!;
      this.done -= this.pos;
    }
    this.pos = m - this.done;
  }

  /** Everything written, as views of the blocks (left to the caller); the output starts empty again. */
  take(): Buffer[] {
    this.finish(BLOCK);
    const out: Buffer[] = [];
    for (let i = 0; i < this.blocks.length; i++) if (this.used[i]) out.push(this.blocks[i].subarray(0, this.used[i]));
    this.blocks.length = this.used.length = this.done = 0;
    return out;
  }

  /** A new block of at least `n` bytes. */
  private finish(n: number): void {
    this.blocks.push(this.buf);
    this.used.push(this.pos);
    this.done += this.pos;
    this.buf = Buffer.allocUnsafe(Math.max(BLOCK, n));
    this.pos = 0;
  }

  /** Bytes (a tag), in one block. */
  put(b: Uint8Array): void {
    const n = b.length;
    if (this.pos + n > this.buf.length) this.finish(n);
    const buf = this.buf;
    const p = this.pos;
    if (n <= SHORT) for (let i = 0; i < n; i++) buf[p + i] = b[i];
    else buf.set(b, p);
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
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = v.charCodeAt(i);
      if (c >= 0x80 || c === 38 /* & */ || c === 60 /* < */ || c === 62 /* > */) {
        this.pos = p;
        this.utf8(escapeText(v.slice(i)));
        return;
      }
      buf[p++] = c;
    }
    this.pos = p;
  }

  /** A string as UTF-8 (as Buffer.from encodes it), in one block. */
  utf8(s: string): void {
    const n = Buffer.byteLength(s, 'utf8');
    if (this.pos + n > this.buf.length) this.finish(n);
    this.pos += this.buf.write(s, this.pos, n, 'utf8');
  }
}


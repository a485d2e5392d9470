/**
 * Per leaf text of a parsed message (`Doc.texts`: every leaf text but long ones and those with
 * references), the value it gave last in an edit, with the type memo it was read for (values.ts
 * `MemoOfType`) and, for a type with identityrefs, the namespace bindings its prefix was read in
 * (RFC 7950 §9.10.3): the ~58 000 leaf values of an edit of 256 subscribers are ~8 000 texts, and
 * a hit in the value memo hashed the text and compared it character by character with the one kept.
 */
import type { MemoOfType } from './values.ts';
import type { NsScope } from './xml-doc.ts';

export class TextValues {
  private readonly vals: string[];
  private readonly types: (MemoOfType | undefined)[];
  private readonly scopes: (NsScope | undefined)[];

  /** For the `n` texts of a message. */
  constructor(n: number) {
    this.vals = new Array<string>(n).fill('');
    this.types = new Array<MemoOfType | undefined>(n).fill(undefined);
    this.scopes = new Array<NsScope | undefined>(n).fill(undefined);
  }

  /** The value text `id` gave for type memo `m` in `scope`, if it was read so before. */
  get(id: number, m: MemoOfType, scope: NsScope): string | undefined {
    return this.types[id] === m && (m.plain !== undefined || this.scopes[id] === scope) ? this.vals[id] : undefined;
  }

  set(id: number, m: MemoOfType, scope: NsScope, v: string): void {
    this.vals[id] = v;
    this.types[id] = m;
    this.scopes[id] = scope;
  }
}

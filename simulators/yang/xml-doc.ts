/**
 * A parsed XML message as the parser (xml.ts) stores it: one row of numbers per element in typed
 * arrays, read through views (`XNode`); and the types the rest of the lab reads it by.
 */
export interface NsScope {
  readonly parent?: NsScope;
  readonly decls: Map<string, string>;
}

export interface XAttr {
  name: string;
  prefix: string;
  /** Namespace URI ('' for an unprefixed attribute). */
  ns: string;
  value: string;
}

/** A parsed element (read only: a view of the parsed message, see `Doc`). */
export interface XEl {
  readonly name: string;
  readonly prefix: string;
  readonly ns: string;
  readonly attrs: readonly XAttr[];
  /**
   * A new array on each read (the elements are views too): read it once where it is looped over; a
   * walk of a whole message reads its `Doc` by index instead (edit.ts).
   */
  readonly children: XEl[];
  readonly text: string;
  readonly scope: NsScope;
}

export const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const ROOT_SCOPE: NsScope = { decls: new Map([['xml', XML_NS]]) };
export const NO_ATTRS: readonly XAttr[] = [];
/** The children of every element without any: never written to (the parser replaces it first). */
const NO_CHILDREN: XEl[] = [];
const NO_ROWS = new Int32Array(0);

export function lookupNs(scope: NsScope, prefix: string): string | undefined {
  for (let s: NsScope | undefined = scope; s; s = s.parent) {
    const v = s.decls.get(prefix);
    if (v !== undefined) return v;
  }
  return undefined;
}

/** Words per element in `Doc.cols`, and what each holds. */
export const W = 10;
export const NAME = 0; // index in Doc.names
export const NS = 1; // index in Doc.nsList
export const SCOPE = 2; // index in Doc.scopes
export const ATTRS = 3; // 1 + index in Doc.attrLists (0: none; elements with the same attributes share one)
export const FIRST = 4; // first child (0: none; the root is never a child)
export const LAST = 5;
export const NEXT = 6; // next sibling
export const COUNT = 7; // number of children
export const TEXT = 8; // a leaf's text: ~index in Doc.texts, or the start of its run in src
export const TEXT_END = 9;

/**
 * A parsed message in typed arrays: one row of numbers per element (names, namespaces, scopes,
 * attributes and decoded texts in small side tables), no object per element. The elements of a 4 MB
 * edit (~90 000) all live until the edit is applied: as objects, each scavenge that ran meanwhile
 * copied them (twice, until promoted), which cost more than the parsing itself. Elements are read
 * through `XNode` views, made on each access and dropped young, or by index (`first`, `next`, `name`…).
 */
export class Doc {
  /** The rows of its `n` elements, the root first (exactly: the parse fills them elsewhere, see xml-runs.ts Tables). */
  cols = NO_ROWS;
  n = 0;
  readonly names: [prefix: string, name: string, qname: string][] = [['', '', '']];
  readonly nsList: string[] = [''];
  readonly scopes: NsScope[] = [ROOT_SCOPE];
  readonly attrLists: (readonly XAttr[])[] = [];
  readonly texts: string[] = [];
  constructor(readonly src: string) {}

  // Element `i` read by its index, for the walks of a whole message (edit.ts): no view per element,
  // and no array per parent (`XNode.children` makes both on each read: ~10 MB per 256-subscriber edit)
  name(i: number): string {
    return this.names[this.cols[i * W + NAME]][1];
  }
  ns(i: number): string {
    return this.nsList[this.cols[i * W + NS]];
  }
  scope(i: number): NsScope {
    return this.scopes[this.cols[i * W + SCOPE]];
  }
  attrs(i: number): readonly XAttr[] {
    const a = this.cols[i * W + ATTRS];
    return a ? this.attrLists[a - 1] : NO_ATTRS;
  }
  /** The number of element children of `i`. */
  count(i: number): number {
    return this.cols[i * W + COUNT];
  }
  /** The first element child of `i` (0: none). */
  first(i: number): number {
    return this.cols[i * W + FIRST];
  }
  /** The next sibling of `i` (0: none; the root is never a child). */
  next(i: number): number {
    return this.cols[i * W + NEXT];
  }
  text(i: number): string {
    const c = this.cols;
    const b = i * W;
    if (c[b + COUNT]) return '';
    const t = c[b + TEXT];
    return t < 0 ? this.texts[~t] : this.src.slice(t, c[b + TEXT_END]);
  }
}

/** A parsed element, read from its document's rows (`i` of `d`: see the readers of `Doc`). */
export class XNode implements XEl {
  constructor(
    readonly d: Doc,
    readonly i: number,
  ) {}
  get name(): string {
    return this.d.name(this.i);
  }
  get prefix(): string {
    return this.d.names[this.d.cols[this.i * W + NAME]][0];
  }
  get ns(): string {
    return this.d.ns(this.i);
  }
  get scope(): NsScope {
    return this.d.scope(this.i);
  }
  get attrs(): readonly XAttr[] {
    return this.d.attrs(this.i);
  }
  get children(): XEl[] {
    const d = this.d;
    const c = d.cols;
    const b = this.i * W;
    const n = c[b + COUNT];
    if (!n) return NO_CHILDREN;
    const out: XEl[] = [];
    for (let k = 0, j = c[b + FIRST]; k < n; k++, j = c[j * W + NEXT]) out.push(new XNode(d, j));
    return out;
  }
  get text(): string {
    return this.d.text(this.i);
  }
}

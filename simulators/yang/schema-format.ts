/**
 * The shape of `bbf-schema.generated.json`: libyang's compiled schema of the lab OLT's YANG library
 * (RFC 8525 module set), reduced to what a validator needs (RFC 7950 statements named in each field).
 * Written by scripts/gen-bbf-schema.ts, read by schema.ts. Names are `module:name`; XPath
 * expressions use module names as prefixes (RFC 7951 §6.11 style), so no prefix table is needed.
 */
export interface GenModule {
  name: string;
  revision: string;
  namespace: string;
  features?: string[];
  submodules?: { name: string; revision: string }[];
}

/** A must (RFC 7950 §7.5.3), with its error-message / error-app-tag (§7.5.4). */
export interface GenMust {
  x: string;
  msg?: string;
  tag?: string;
}

export interface GenPattern {
  /** The XSD regular expression (RFC 7950 §9.4.5, XML Schema Part 2 Appendix F). */
  re: string;
  inv?: 1;
  msg?: string;
  tag?: string;
}

/** A compiled type: the built-in type with every restriction of its typedef chain (RFC 7950 §9). */
export interface GenType {
  b: string;
  /** range (§9.2.4), `min..max|…` with numbers. */
  rg?: string;
  /** length (§9.4.4). */
  len?: string;
  pt?: GenPattern[];
  /** enumeration (§9.6): [name, value]. */
  en?: [string, number][];
  /** bits (§9.7): [name, position]. */
  bits?: [string, number][];
  /** identityref bases (§9.10), `module:identity`. */
  base?: string[];
  /** leafref path (§9.9.2), canonical; require-instance (§9.9.3); the referred type (index). */
  path?: string;
  req?: boolean;
  real?: number;
  /** union members (§9.12), indexes. */
  un?: number[];
  fd?: number;
}

export type GenKind = 'container' | 'list' | 'leaf' | 'leaf-list' | 'choice' | 'case' | 'anydata' | 'anyxml';

export interface GenNode {
  /** `module:name`. */
  n: string;
  k: GenKind;
  /** config false (§7.21.1). */
  ro?: 1;
  key?: string[];
  /** presence container (§7.5.5). */
  pr?: 1;
  man?: 1;
  min?: number;
  max?: number;
  /** ordered-by user (§7.7.7). */
  ub?: 1;
  /** unique (§7.8.3): per statement, the descendant paths (module:name/…). */
  uq?: string[][];
  /** type index into `types`. */
  t?: number;
  /** default (leaf: string; leaf-list: strings; choice: default case name). */
  d?: string | string[];
  /** when on the node itself: the context node is the node (RFC 7950 §7.21.5, a dummy if absent). */
  w?: string;
  /** when of an augment, uses, choice or case: the context node is the closest data ancestor. */
  wa?: string;
  m?: GenMust[];
  units?: string;
  ch?: GenNode[];
}

export interface GenSchema {
  about: {
    generator: string;
    libyang: string;
    sources: { name: string; detail: string }[];
    licences: { modules: string; text: string }[];
  };
  library: {
    moduleSet: string;
    contentId: string;
    modules: GenModule[];
    importOnly: GenModule[];
  };
  /** identity `module:name` → its direct bases (§7.18.2). */
  identities: Record<string, string[]>;
  types: GenType[];
  /** Top-level data nodes of every implemented module (config and state). */
  roots: GenNode[];
}

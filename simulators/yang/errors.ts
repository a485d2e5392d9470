/**
 * A refusal of the lab OLT's YANG layer, in the terms of an RFC 6241 `<rpc-error>` (§4.3, Appendix A)
 * and of RFC 7950 §15 (which error-tag and error-app-tag a YANG constraint violation carries).
 */
export type ErrorTag =
  | 'in-use'
  | 'invalid-value'
  | 'too-big'
  | 'missing-attribute'
  | 'bad-attribute'
  | 'unknown-attribute'
  | 'missing-element'
  | 'bad-element'
  | 'unknown-element'
  | 'unknown-namespace'
  | 'access-denied'
  | 'lock-denied'
  | 'resource-denied'
  | 'rollback-failed'
  | 'data-exists'
  | 'data-missing'
  | 'operation-not-supported'
  | 'operation-failed'
  | 'partial-operation'
  | 'malformed-message';

export type ErrorType = 'transport' | 'rpc' | 'protocol' | 'application';

export interface YangError {
  type: ErrorType;
  tag: ErrorTag;
  appTag?: string;
  /** Instance path, every step `module:name` (the rpc-error binds each module name as a prefix). */
  path?: string;
  /** The same node as libyang prints it ("Data location" / "Schema location"), for comparisons. */
  libyangPath?: string;
  message: string;
  /** error-info children, e.g. { 'bad-element': 'x' }. */
  info?: Record<string, string>;
}

/** The app-tags RFC 7950 §15 defines, plus the lab OLT's own for the rules TR-385 leaves to the OLT. */
export const APP_TAG = {
  /** §15.5: leafref / instance-identifier target missing (error-tag data-missing). */
  instanceRequired: 'instance-required',
  /** §15.2, §15.3: max/min-elements (error-tag operation-failed). */
  tooMany: 'too-many-elements',
  tooFew: 'too-few-elements',
  /** §15.1: unique (error-tag operation-failed). */
  notUnique: 'data-not-unique',
  /** §15.4: a must without its own error-app-tag (error-tag operation-failed). */
  must: 'must-violation',
  /** §15.6: a mandatory choice without a case (error-tag data-missing). */
  missingChoice: 'missing-choice',
} as const;

/**
 * `<rpc-error>` as RFC 6241 §4.3 and Appendix A define it: error-type, error-tag, error-severity,
 * error-app-tag, error-path, error-message, error-info. Operations throw `RpcError`; the session
 * renders it inside `<rpc-reply>`.
 */
import { escapeAttr, escapeText } from '../../src/adapters/driven/olt/netconf/olt-config-xnode.ts';
import { OLT_NS } from '../../src/adapters/driven/olt/netconf/olt-config-schema.ts';
import type { ConfigViolation } from '../../src/adapters/driven/olt/netconf/olt-config-validate.ts';

export type ErrorType = 'transport' | 'rpc' | 'protocol' | 'application';

/** RFC 6241 Appendix A error-tags. */
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

export interface RpcErrorInfo {
  type: ErrorType;
  tag: ErrorTag;
  severity?: 'error' | 'warning';
  appTag?: string;
  /** Instance identifier using the `polt` prefix for ponctl-olt nodes. */
  path?: string;
  message?: string;
  /** error-info children, e.g. { 'bad-element': 'foo' } or { 'session-id': '3' }. */
  info?: Record<string, string>;
}

export class RpcError extends Error {
  readonly errors: RpcErrorInfo[];
  constructor(errors: RpcErrorInfo | RpcErrorInfo[]) {
    const list = Array.isArray(errors) ? errors : [errors];
    super(list.map((e) => `${e.tag}: ${e.message ?? ''}`).join('; '));
    this.name = 'RpcError';
    this.errors = list;
  }
}

export const rpcError = (
  tag: ErrorTag,
  type: ErrorType,
  message: string,
  extra: Partial<RpcErrorInfo> = {},
): RpcError => new RpcError({ tag, type, message, ...extra });

/** A YANG constraint violation found by validation (RFC 7950 §15 tags). */
export function violationToError(v: ConfigViolation): RpcErrorInfo {
  return { type: 'application', tag: v.tag, appTag: v.appTag, path: v.path, message: v.message };
}

export function renderRpcError(e: RpcErrorInfo): string {
  let s =
    `<rpc-error><error-type>${e.type}</error-type><error-tag>${e.tag}</error-tag>` +
    `<error-severity>${e.severity ?? 'error'}</error-severity>`;
  if (e.appTag) s += `<error-app-tag>${escapeText(e.appTag)}</error-app-tag>`;
  if (e.path) s += `<error-path xmlns:polt="${escapeAttr(OLT_NS)}">${escapeText(e.path)}</error-path>`;
  if (e.message) s += `<error-message xml:lang="en">${escapeText(e.message)}</error-message>`;
  if (e.info && Object.keys(e.info).length) {
    s += '<error-info>';
    for (const [k, v] of Object.entries(e.info)) s += `<${k}>${escapeText(v)}</${k}>`;
    s += '</error-info>';
  }
  return s + '</rpc-error>';
}

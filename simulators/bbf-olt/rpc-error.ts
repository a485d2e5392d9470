/**
 * `<rpc-error>` (RFC 6241 §4.3, Appendix A). The error-path is an instance identifier whose every
 * step is prefixed with its module name; those prefixes are declared on the error-path element, so
 * the path is a valid XPath in the reply's namespace context (RFC 6241 §4.3 "error-path").
 */
import { modulesOfPath } from '../yang/data.ts';
import type { YangError } from '../yang/errors.ts';
import type { Schema } from '../yang/schema.ts';
import { escapeAttr, escapeText } from '../yang/xml.ts';

export class RpcError extends Error {
  readonly errors: YangError[];
  constructor(errors: YangError | YangError[]) {
    const list = Array.isArray(errors) ? errors : [errors];
    super(list.map((e) => `${e.tag}: ${e.message}`).join('; '));
    this.name = 'RpcError';
    this.errors = list;
  }
}

export const rpcError = (
  tag: YangError['tag'],
  type: YangError['type'],
  message: string,
  extra: Partial<YangError> = {},
): RpcError => new RpcError({ tag, type, message, ...extra });

export function renderRpcError(e: YangError, schema: Schema): string {
  let s =
    `<rpc-error><error-type>${e.type}</error-type><error-tag>${e.tag}</error-tag>` +
    `<error-severity>error</error-severity>`;
  if (e.appTag) s += `<error-app-tag>${escapeText(e.appTag)}</error-app-tag>`;
  if (e.path) {
    const decls = modulesOfPath(e.path)
      .map((m) => [m, schema.nsOf.get(m)])
      .filter((x): x is [string, string] => x[1] !== undefined)
      .map(([m, ns]) => ` xmlns:${m}="${escapeAttr(ns)}"`)
      .join('');
    s += `<error-path${decls}>${escapeText(e.path)}</error-path>`;
  }
  s += `<error-message xml:lang="en">${escapeText(e.message)}</error-message>`;
  if (e.info && Object.keys(e.info).length) {
    s += '<error-info>';
    for (const [k, v] of Object.entries(e.info)) s += `<${k}>${escapeText(v)}</${k}>`;
    s += '</error-info>';
  }
  return s + '</rpc-error>';
}

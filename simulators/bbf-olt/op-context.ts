/**
 * What every NETCONF operation of the BBF OLT is given (the OLT, the session) and the checks they
 * share: datastore parameters (RFC 6241 §7), another session's lock (§7.5, in-use), and the lab's
 * injected faults before a configuration change (fail-commit, drop-connection).
 */
import type { XEl } from '../yang/xml.ts';
import { NETCONF_NS } from '../yang/edit.ts';
import { rpcError } from './rpc-error.ts';
import type { Datastore } from './datastores.ts';
import type { BbfOlt } from './olt.ts';

export interface OpContext {
  olt: BbfOlt;
  sessionId: string;
  /** Cut the transport at once (drop-connection fault). */
  drop(): void;
  /** End the session after the reply (close-session). */
  closeAfterReply(): void;
}

/** Reply content: text, or parts written in order. */
export type ReplyBody = string | string[];
export type Operation = (ctx: OpContext, op: XEl) => ReplyBody;

/** Thrown after the transport was cut: no reply must be sent. */
export class DroppedSession extends Error {}

export const bad = (
  el: string,
  message: string,
  tag: 'invalid-value' | 'missing-element' = 'invalid-value',
) => rpcError(tag, 'protocol', message, { info: { 'bad-element': el } });

/**
 * A parameter of a base operation: in the NETCONF namespace, or in none (ncclient writes `<config>`
 * unqualified under a prefixed `<nc:rpc>`; servers accept it, as netconfd does).
 */
export function param(op: XEl, name: string): XEl | undefined {
  return op.children.find((c) => c.name === name && (c.ns === NETCONF_NS || c.ns === ''));
}

export function datastore(op: XEl, param_: 'source' | 'target', allowed: readonly Datastore[]): Datastore {
  const param = param_;
  const p = op.children.find((c) => c.name === param && (c.ns === NETCONF_NS || c.ns === ''));
  if (!p) throw bad(param, `<${param}> is required`, 'missing-element');
  const ds = p.children[0]?.name;
  if (!ds || !(allowed as readonly string[]).includes(ds))
    throw bad(param, `datastore ${ds ?? '(none)'} is not supported here`);
  return ds as Datastore;
}

export function checkNotLockedByOther(ctx: OpContext, ds: Datastore): void {
  const holder = ctx.olt.ds.lockHolder(ds);
  if (holder !== undefined && holder !== ctx.sessionId)
    throw rpcError('in-use', 'protocol', `${ds} is locked by session ${holder}`, {
      info: { 'session-id': holder },
    });
}

/** issue 4 §8 faults: the Nth configuration operation fails, or the connection drops mid-change. */
export function consultFaults(ctx: OpContext): void {
  const verdict = ctx.olt.sim.faults.nextConfigOp();
  if (verdict === 'drop') {
    ctx.drop();
    throw new DroppedSession();
  }
  if (verdict === 'fail')
    throw rpcError('operation-failed', 'application', 'injected fault: configuration operation failed', {
      appTag: 'fail-commit',
    });
}

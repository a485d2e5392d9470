/**
 * `<commit>` and `<cancel-commit>` (RFC 6241 §8.3.4.1, §8.4 confirmed commit 1.1): the candidate is
 * validated incrementally and becomes running; a confirmed commit keeps the previous running as its
 * rollback point and reverts to it when the confirm-timeout (default 600 s) runs out, on
 * cancel-commit, or when the issuing session ends (unless `persist` was given, §8.4.1).
 */
import { rpcError, RpcError } from './rpc-error.ts';
import { checkNotLockedByOther, consultFaults, param, type Operation } from './op-context.ts';

const OK = '<ok/>';

export const commit: Operation = (ctx, op) => {
  const ds = ctx.olt.ds;
  checkNotLockedByOther(ctx, 'running');
  const confirmed = param(op, 'confirmed') !== undefined;
  const timeoutText = param(op, 'confirm-timeout')?.text.trim();
  const persist = param(op, 'persist')?.text.trim();
  const persistId = param(op, 'persist-id')?.text.trim();
  const timeoutS = timeoutText === undefined ? 600 : Number(timeoutText);
  if (!Number.isInteger(timeoutS) || timeoutS < 1)
    throw rpcError('invalid-value', 'protocol', `confirm-timeout ${timeoutText}`, {
      info: { 'bad-element': 'confirm-timeout' },
    });
  const p = ds.pending;
  if (p) {
    // §8.4.1: a persistent confirmed commit is confirmed by any session giving its persist-id;
    // otherwise only the session that issued it may confirm or extend it
    if (p.persist !== undefined) {
      if (persistId !== p.persist)
        throw rpcError(
          'invalid-value',
          'protocol',
          'persist-id does not match the confirmed commit in progress',
          {
            info: { 'bad-element': 'persist-id' },
          },
        );
    } else if (p.sessionId !== ctx.sessionId) {
      throw rpcError('in-use', 'protocol', `a confirmed commit of session ${p.sessionId} is in progress`, {
        info: { 'session-id': p.sessionId },
      });
    }
  } else if (persistId !== undefined) {
    throw rpcError('invalid-value', 'protocol', 'no confirmed commit with this persist-id is in progress', {
      info: { 'bad-element': 'persist-id' },
    });
  }
  consultFaults(ctx);
  const rollback = p ? p.rollback : ds.running;
  const errors = ds.commitCandidate();
  if (errors.length) throw new RpcError(errors);
  if (p) clearTimeout(p.timer);
  if (confirmed) {
    const timer = setTimeout(() => ds.revertPending(), timeoutS * 1000);
    timer.unref();
    ds.pending = { rollback, sessionId: ctx.sessionId, persist: persist ?? p?.persist, timer };
  } else ds.pending = undefined;
  return OK;
};

export const cancelCommit: Operation = (ctx, op) => {
  const ds = ctx.olt.ds;
  const p = ds.pending;
  const persistId = param(op, 'persist-id')?.text.trim();
  if (!p) throw rpcError('operation-failed', 'protocol', 'no confirmed commit is in progress');
  if (p.persist !== undefined ? persistId !== p.persist : p.sessionId !== ctx.sessionId)
    throw rpcError(
      'invalid-value',
      'protocol',
      'this session may not cancel the confirmed commit in progress',
      {
        info: { 'bad-element': 'persist-id' },
      },
    );
  ds.revertPending();
  return OK;
};

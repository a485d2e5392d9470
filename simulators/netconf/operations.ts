/**
 * The NETCONF operations of the simulated OLT (RFC 6241 §7, §8.3 candidate, §8.4 confirmed commit
 * 1.1, §8.6 validate 1.1, RFC 6022 get-schema). Each takes the operation element and returns the
 * content of `<rpc-reply>` (`<ok/>` or `<data>…</data>`), or throws RpcError.
 */
import { readFileSync } from 'node:fs';
import type { Datastore } from '../core/config-store.ts';
import type { OltConfig } from '../../src/domain/olt-config/model.ts';
import {
  OLT_MODULE,
  OLT_NS,
  OLT_REVISION,
  SCHEMA,
} from '../../src/adapters/driven/olt/netconf/olt-config-schema.ts';
import { entryToXml } from '../../src/adapters/driven/olt/netconf/olt-config-xml.ts';
import { validateOltConfig } from '../../src/adapters/driven/olt/netconf/olt-config-validate.ts';
import {
  attr,
  child,
  escapeText,
  type XNode,
} from '../../src/adapters/driven/olt/netconf/olt-config-xnode.ts';
import { applyEditConfig, type ErrorOption } from './edit-config.ts';
import { oltStateEntries, STATE_CT } from './olt-state.ts';
import { rpcError, RpcError, violationToError } from './rpc-error.ts';
import { filterContainer } from './subtree-filter.ts';
import type { OltNetconfState } from './olt-netconf-state.ts';

export const MONITORING_NS = 'urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring';
const OK = '<ok/>';
type Obj = Record<string, unknown>;

export interface OpContext {
  state: OltNetconfState;
  sessionId: string;
  /** Cut the transport at once (drop-connection fault). */
  drop(): void;
  /** End the session after the reply has been sent (close-session). */
  closeAfterReply(): void;
}

/** Reply content: text, or parts written in order (large cached datastores stay as bytes). */
export type ReplyBody = string | (string | Buffer)[];
export type Operation = (ctx: OpContext, op: XNode) => Promise<ReplyBody> | ReplyBody;

function datastore(op: XNode, param: 'source' | 'target', allowed: readonly Datastore[]): Datastore {
  const p = child(op, param);
  if (!p)
    throw rpcError('missing-element', 'protocol', `<${param}> is required`, {
      info: { 'bad-element': param },
    });
  const ds = p.children[0]?.name;
  if (!ds || !(allowed as readonly string[]).includes(ds)) {
    throw rpcError('invalid-value', 'protocol', `datastore ${ds ?? '(none)'} is not supported here`, {
      info: { 'bad-element': param },
    });
  }
  return ds as Datastore;
}

function checkNotLockedByOther(ctx: OpContext, ds: Datastore): void {
  const holder = ctx.state.store.lockHolder(ds);
  if (holder !== undefined && holder !== ctx.sessionId) {
    throw rpcError('in-use', 'protocol', `${ds} is locked by session ${holder}`, {
      info: { 'session-id': holder },
    });
  }
}

/** issue 4 §8: the Nth configuration operation fails, or the connection drops mid-change. */
function consultFaults(ctx: OpContext): void {
  const verdict = ctx.state.olt.faults.nextConfigOp();
  if (verdict === 'drop') {
    ctx.drop();
    throw new DroppedSession();
  }
  if (verdict === 'fail')
    throw rpcError('operation-failed', 'application', 'injected fault: configuration operation failed', {
      appTag: 'fail-commit',
    });
}

/** Thrown after the transport was cut: no reply must be sent. */
export class DroppedSession extends Error {}

function throwViolations(cfg: OltConfig, baseline?: OltConfig): void {
  const v = validateOltConfig(cfg, { baseline });
  if (v.length) throw new RpcError(v.map(violationToError));
}

function readData(ctx: OpContext, op: XNode, ds: Datastore, withState: boolean): ReplyBody {
  const st = ctx.state;
  const filter = child(op, 'filter');
  const stateXml = () =>
    oltStateEntries(st.olt)
      .map((e) => entryToXml(STATE_CT, e))
      .join('');
  const stateOpen = `<olt-state xmlns="${OLT_NS}">`;
  if (!filter) {
    return ['<data>', st.xmlBytes(ds), `${withState ? `${stateOpen}${stateXml()}</olt-state>` : ''}</data>`];
  }
  const type = attr(filter, 'type') ?? 'subtree';
  if (type !== 'subtree')
    throw rpcError(
      'operation-not-supported',
      'protocol',
      `filter type ${type} is not supported (no :xpath)`,
      { info: { 'bad-attribute': 'type', 'bad-element': 'filter' } },
    );
  const tree = st.tree(ds);
  let out = '';
  for (const f of filter.children) {
    if (f.ns !== OLT_NS && f.ns !== '') continue;
    if (f.name === 'olt') {
      out += filterContainer(
        f,
        [
          { spec: SCHEMA.trafficProfile, items: tree.trafficProfiles as unknown as Obj[] },
          { spec: SCHEMA.channelTermination, items: tree.channelTerminations as unknown as Obj[] },
        ],
        `<olt xmlns="${OLT_NS}">`,
        '</olt>',
        () => st.xml(ds),
      );
    } else if (f.name === 'olt-state' && withState) {
      const entries = oltStateEntries(st.olt);
      out += filterContainer(
        f,
        [{ spec: STATE_CT, items: entries }],
        stateOpen,
        '</olt-state>',
        () => `${stateOpen}${entries.map((e) => entryToXml(STATE_CT, e)).join('')}</olt-state>`,
      );
    }
  }
  return `<data>${out}</data>`;
}

const getConfig: Operation = (ctx, op) =>
  readData(ctx, op, datastore(op, 'source', ['running', 'candidate']), false);
const get: Operation = (ctx, op) => readData(ctx, op, 'running', true);

const editConfig: Operation = (ctx, op) => {
  const target = datastore(op, 'target', ['running', 'candidate']);
  const defaultOp = child(op, 'default-operation')?.text ?? 'merge';
  if (!['merge', 'replace', 'none'].includes(defaultOp))
    throw rpcError('invalid-value', 'protocol', `default-operation ${defaultOp}`, {
      info: { 'bad-element': 'default-operation' },
    });
  const errorOption = child(op, 'error-option')?.text ?? 'stop-on-error';
  if (!['stop-on-error', 'continue-on-error', 'rollback-on-error'].includes(errorOption))
    throw rpcError('invalid-value', 'protocol', `error-option ${errorOption}`, {
      info: { 'bad-element': 'error-option' },
    });
  const testOption = child(op, 'test-option')?.text ?? 'test-then-set';
  if (!['test-then-set', 'set', 'test-only'].includes(testOption))
    throw rpcError('invalid-value', 'protocol', `test-option ${testOption}`, {
      info: { 'bad-element': 'test-option' },
    });
  const config = child(op, 'config');
  if (!config) {
    if (child(op, 'url')) throw rpcError('operation-not-supported', 'protocol', ':url is not supported');
    throw rpcError('missing-element', 'protocol', '<config> is required', {
      info: { 'bad-element': 'config' },
    });
  }
  checkNotLockedByOther(ctx, target);
  consultFaults(ctx);
  const st = ctx.state;
  const r = applyEditConfig(st.tree(target), config, defaultOp as 'merge', errorOption as ErrorOption);
  // running is the live configuration: a result violating the YANG constraints never lands there;
  // the candidate may be inconsistent between edits and is validated at <validate>/<commit>
  if (target === 'running' || testOption === 'test-only') {
    const v = validateOltConfig(r.config, { baseline: st.store.running });
    if (v.length) throw new RpcError([...r.errors, ...v.map(violationToError)]);
  }
  if (testOption !== 'test-only' && r.changed) {
    if (target === 'running') st.setRunning(r.config);
    else st.setCandidate(r.config, ctx.sessionId);
  }
  if (r.errors.length) throw new RpcError(r.errors);
  return OK;
};

const validate: Operation = (ctx, op) => {
  const src = child(op, 'source');
  const inline = src && child(src, 'config');
  if (inline) {
    const r = applyEditConfig(
      { trafficProfiles: [], channelTerminations: [] },
      inline,
      'merge',
      'continue-on-error',
    );
    if (r.errors.length) throw new RpcError(r.errors);
    throwViolations(r.config);
    return OK;
  }
  const ds = datastore(op, 'source', ['running', 'candidate']);
  // running is checked in full; the candidate only where it differs from (valid) running
  throwViolations(ctx.state.tree(ds), ds === 'candidate' ? ctx.state.store.running : undefined);
  return OK;
};

const commit: Operation = (ctx, op) => {
  const st = ctx.state;
  checkNotLockedByOther(ctx, 'running');
  const confirmed = child(op, 'confirmed') !== undefined;
  const timeoutText = child(op, 'confirm-timeout')?.text;
  const persist = child(op, 'persist')?.text;
  const persistId = child(op, 'persist-id')?.text;
  const timeoutS = timeoutText === undefined ? 600 : Number(timeoutText);
  if (!Number.isInteger(timeoutS) || timeoutS < 1)
    throw rpcError('invalid-value', 'protocol', `confirm-timeout ${timeoutText}`, {
      info: { 'bad-element': 'confirm-timeout' },
    });
  const p = st.pending;
  if (p) {
    // RFC 6241 §8.4.1: a persistent confirmed commit is confirmed by any session giving its
    // persist-id; otherwise only the session that issued it may confirm or extend it
    if (p.persist !== undefined) {
      if (persistId !== p.persist)
        throw rpcError(
          'invalid-value',
          'protocol',
          'persist-id does not match the confirmed commit in progress',
          { info: { 'bad-element': 'persist-id' } },
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
  throwViolations(st.store.candidate, st.store.running);
  if (confirmed) {
    const rollback = p ? p.rollback : st.store.running;
    if (p) clearTimeout(p.timer);
    const timer = setTimeout(() => st.revertPending(), timeoutS * 1000);
    timer.unref();
    st.commitCandidate();
    st.pending = { rollback, sessionId: ctx.sessionId, persist: persist ?? p?.persist, timer };
  } else {
    st.commitCandidate();
    if (p) {
      clearTimeout(p.timer);
      st.pending = undefined;
    }
  }
  return OK;
};

const cancelCommit: Operation = (ctx, op) => {
  const st = ctx.state;
  const p = st.pending;
  const persistId = child(op, 'persist-id')?.text;
  if (!p) throw rpcError('operation-failed', 'protocol', 'no confirmed commit is in progress');
  if (p.persist !== undefined ? persistId !== p.persist : p.sessionId !== ctx.sessionId) {
    throw rpcError(
      'invalid-value',
      'protocol',
      'this session may not cancel the confirmed commit in progress',
      { info: { 'bad-element': 'persist-id' } },
    );
  }
  st.revertPending();
  return OK;
};

const discardChanges: Operation = (ctx) => {
  checkNotLockedByOther(ctx, 'candidate');
  ctx.state.discardCandidate();
  return OK;
};

const lock: Operation = (ctx, op) => {
  const ds = datastore(op, 'target', ['running', 'candidate']);
  const st = ctx.state;
  const holder = st.store.lockHolder(ds);
  if (holder !== undefined) {
    throw rpcError('lock-denied', 'protocol', `${ds} is locked by session ${holder}`, {
      info: { 'session-id': holder },
    });
  }
  // RFC 6241 §8.3.5.1: no lock on a candidate holding someone else's uncommitted changes
  if (ds === 'candidate' && st.store.candidateDirty && st.candidateEditor !== ctx.sessionId) {
    throw rpcError('lock-denied', 'protocol', 'the candidate has uncommitted changes', {
      info: { 'session-id': st.candidateEditor ?? '0' },
    });
  }
  st.store.locks.set(ds, ctx.sessionId);
  return OK;
};

const unlock: Operation = (ctx, op) => {
  const ds = datastore(op, 'target', ['running', 'candidate']);
  if (ctx.state.store.lockHolder(ds) !== ctx.sessionId)
    throw rpcError('operation-failed', 'protocol', `${ds} is not locked by this session`);
  ctx.state.store.locks.delete(ds);
  return OK;
};

const closeSession: Operation = (ctx) => {
  ctx.closeAfterReply();
  return OK;
};

const killSession: Operation = (ctx, op) => {
  const id = child(op, 'session-id')?.text;
  if (!id)
    throw rpcError('missing-element', 'protocol', '<session-id> is required', {
      info: { 'bad-element': 'session-id' },
    });
  if (id === ctx.sessionId)
    throw rpcError('invalid-value', 'protocol', 'a session cannot kill itself', {
      info: { 'bad-element': 'session-id' },
    });
  const target = ctx.state.sessions.get(id);
  if (!target)
    throw rpcError('invalid-value', 'protocol', `no session ${id}`, {
      info: { 'bad-element': 'session-id' },
    });
  target.kill();
  return OK;
};

let yangText: string | undefined;
const getSchema: Operation = (_ctx, op) => {
  const id = child(op, 'identifier')?.text;
  const version = child(op, 'version')?.text;
  if (id !== OLT_MODULE || (version && version !== OLT_REVISION)) {
    throw rpcError('invalid-value', 'application', `no schema ${id ?? ''}${version ? '@' + version : ''}`, {
      info: { 'bad-element': 'identifier' },
    });
  }
  yangText ??= readFileSync(new URL('../../yang/ponctl-olt.yang', import.meta.url), 'utf8');
  return `<data xmlns="${MONITORING_NS}">${escapeText(yangText)}</data>`;
};

/** Operation element (local name, namespace) → handler. */
export const OPERATIONS: Record<string, { ns: string; run: Operation }> = {
  get: { ns: 'base', run: get },
  'get-config': { ns: 'base', run: getConfig },
  'edit-config': { ns: 'base', run: editConfig },
  validate: { ns: 'base', run: validate },
  commit: { ns: 'base', run: commit },
  'cancel-commit': { ns: 'base', run: cancelCommit },
  'discard-changes': { ns: 'base', run: discardChanges },
  lock: { ns: 'base', run: lock },
  unlock: { ns: 'base', run: unlock },
  'close-session': { ns: 'base', run: closeSession },
  'kill-session': { ns: 'base', run: killSession },
  'get-schema': { ns: MONITORING_NS, run: getSchema },
};
